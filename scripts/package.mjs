#!/usr/bin/env node
// Builds the extension package, offline: bundles, then `vsce package` into vpc-lint.vsix at the
// repository root.
//
//   node scripts/package.mjs [--out FILE]
//
// vsce runs in a staging folder, for two reasons. package.json's `files` (what `npm publish`
// ships for the CLI) and `.vscodeignore` (the extension's allowlist) cannot be combined in one
// folder. And the bundles hold everything except two packages the server loads from
// node_modules at run time (see scripts/bundle.mjs): @cdktf/hcl2json (reads its .wasm from its
// own folder) and @aws-cdk/cloudformation-diff (the fix preview; too large to bundle). Those two
// and the packages they depend on are copied to `server/node_modules/` in the staging folder,
// where Node finds them from server/out/, and where vsce --no-dependencies does not skip them
// (it skips only the top-level node_modules). The list follows package-lock.json by itself.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Packages the server bundles leave external; they ship inside the .vsix. */
const RUNTIME_EXTERNALS = ['@cdktf/hcl2json', '@aws-cdk/cloudformation-diff'];

/** Where Node would find `name` when required from `fromDir`, or undefined. */
function resolvePackageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir || resolve(dir) === resolve(ROOT)) return undefined;
  }
}

/** The package folders `names` need at run time: themselves and their dependencies, transitively. */
export function runtimeClosure(names) {
  const found = new Set();
  const visit = (name, fromDir, optional) => {
    const dir = resolvePackageDir(name, fromDir);
    if (dir === undefined) {
      if (optional) return;
      throw new Error(`package: ${name} is not installed (needed from ${relative(ROOT, fromDir) || '.'}); run npm ci`);
    }
    if (found.has(dir)) return;
    found.add(dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, dir, false);
    for (const dep of Object.keys(manifest.optionalDependencies ?? {})) visit(dep, dir, true);
  };
  for (const name of names) visit(name, ROOT, false);
  return [...found].map((dir) => relative(ROOT, dir).split(sep).join('/')).sort();
}

/** What the staging folder gets from the repository; `.vscodeignore` then filters it. */
const STAGED = ['package.json', '.vscodeignore', 'README.md', 'LICENSE', 'CHANGELOG.md', 'client/out', 'server/out', 'schemas', 'media'];

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`package: ${relative(ROOT, args[0] ?? command)} failed (${result.status ?? result.signal})`);
    process.exit(1);
  }
}

function main() {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const out = resolve(outIndex >= 0 && args[outIndex + 1] ? args[outIndex + 1] : join(ROOT, 'vpc-lint.vsix'));
  const started = Date.now();
  run(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs')], ROOT);

  const folders = runtimeClosure(RUNTIME_EXTERNALS);
  const stage = mkdtempSync(join(tmpdir(), 'vpc-lint-package-'));
  try {
    for (const entry of STAGED) {
      if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(stage, entry), { recursive: true });
    }
    // The manifest as the extension sees it: no npm `files` (see above), no scripts (the bundles
    // are built; vsce would otherwise run `vscode:prepublish` again), no dev dependencies.
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    delete manifest.files;
    delete manifest.scripts;
    delete manifest.devDependencies;
    writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
    for (const folder of folders) {
      // node_modules/a/node_modules/b → server/node_modules/a/node_modules/b: the layout npm chose
      // is kept, so each package resolves the same versions it does in the repository.
      cpSync(join(ROOT, folder), join(stage, 'server', folder), { recursive: true });
    }
    const ignore = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').trimEnd();
    writeFileSync(join(stage, '.vscodeignore'), `${ignore}\n# Runtime packages the server bundle loads (scripts/package.mjs):\n!server/node_modules/**\n`);

    const vsce = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    run(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out, '--allow-missing-repository', '--no-rewrite-relative-links'], stage);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  const kb = Math.round(statSync(out).size / 1024);
  console.log(`package: ${relative(process.cwd(), out) || out} (${kb} KiB, ${folders.length} runtime packages) in ${Date.now() - started} ms`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main();
