#!/usr/bin/env node
// Runs the node:test suites under test/ with tsx.
//
//   node scripts/test.mjs                  every test/**/*.test.ts, the e2e suite included
//   node scripts/test.mjs cli/args lsp     only files whose path contains one of the filters
//   VPC_LINT_SKIP_E2E=1 node scripts/test.mjs   everything but test/e2e/ (no code-server)
//
// The e2e suite (test/e2e/) installs what it needs on first use (scripts/e2e-setup.mjs: Node 24
// and code-server into .vscode-test/, a few minutes once), packages the .vsix and runs it in
// code-server with headless Chromium.
//
// Node 20's --test takes no globs, so the files are listed here. The spec reporter goes to the
// terminal; a TAP copy goes to a temporary file so the totals can be printed as a last line,
// `N passed, N failed`, that scripts and CI logs can grep.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const testRoot = join(root, 'test');
const filters = process.argv.slice(2);
/**
 * Folders under test/ that hold no node:test files: fixture data, and the e2e suite's pieces that
 * run inside VS Code (test/e2e/suite) are reached through test/e2e/vscode.test.ts. With
 * VPC_LINT_SKIP_E2E=1, test/e2e is left out unless a filter names it.
 */
const skipE2e = process.env.VPC_LINT_SKIP_E2E === '1' && !filters.some((f) => f.includes('e2e'));
const EXCLUDED = new Set(['fixtures', 'node_modules', ...(skipE2e ? ['e2e'] : [])]);

function findTests(dir, top = true) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const files = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!(top && EXCLUDED.has(entry.name))) files.push(...findTests(p, false));
    } else if (entry.isFile() && entry.name.endsWith('.test.ts')) {
      files.push(p);
    }
  }
  return files;
}

const toPosix = (p) => p.split(sep).join('/');
const files = findTests(testRoot)
  .map((f) => toPosix(relative(root, f)))
  .filter((f) => filters.length === 0 || filters.some((flt) => f.includes(toPosix(flt).replace(/^\.\//, ''))));

if (files.length === 0) {
  console.log(filters.length > 0 ? `No test files match: ${filters.join(' ')}` : 'No test files under test/.');
  console.log('0 passed, 0 failed');
  process.exit(filters.length > 0 ? 1 : 0);
}

const tmp = mkdtempSync(join(tmpdir(), 'vpc-lint-test-'));
// A backstop so that one hung test fails the run instead of stalling CI; tests that need longer
// set their own `timeout`. Override with VPC_LINT_TEST_TIMEOUT_MS. Node's runner holds each test
// file as a whole to the same limit, and the e2e file installs code-server on a fresh machine
// before its tests start (three to five minutes on 2 cores busy with the other files): it runs
// in a runner of its own, beside the rest, with room for that.
const timeoutMs = Number(process.env.VPC_LINT_TEST_TIMEOUT_MS) || 300_000;
const E2E_FILE_TIMEOUT_MS = Math.max(timeoutMs, 1_500_000);
const isE2e = (f) => f.startsWith('test/e2e/');
const groups = [
  { files: files.filter((f) => !isE2e(f)), timeout: timeoutMs },
  { files: files.filter(isE2e), timeout: E2E_FILE_TIMEOUT_MS },
].filter((g) => g.files.length > 0);

const signals = ['SIGINT', 'SIGTERM'];
const children = groups.map((group, i) => {
  const tapFile = join(tmp, `report-${i}.tap`);
  const nodeArgs = [
    '--import',
    'tsx',
    '--test',
    `--test-timeout=${group.timeout}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    ...group.files,
  ];
  const child = spawn(process.execPath, nodeArgs, { cwd: root, stdio: 'inherit' });
  return { tapFile, done: new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal }))), child };
});
const forward = (signal) => {
  for (const c of children) c.child.kill(signal);
};
for (const s of signals) process.on(s, forward);

const results = await Promise.all(children.map((c) => c.done));
for (const s of signals) process.off(s, forward);
let passed = 0;
let failed = 0;
for (const c of children) {
  let tap = '';
  try {
    tap = readFileSync(c.tapFile, 'utf8');
  } catch {
    // The runner died before writing its report; its counts stay at zero.
  }
  const count = (name) => {
    const m = new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap);
    return m ? Number(m[1]) : 0;
  };
  passed += count('pass');
  // Cancelled tests (a file that crashed or timed out) count as failures.
  failed += count('fail') + count('cancelled');
}
rmSync(tmp, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
const bad = results.find((r) => r.signal || r.code !== 0);
process.exitCode = bad || failed > 0 ? (bad?.code || 1) : 0;
