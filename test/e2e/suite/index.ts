/**
 * The extension-host side of the e2e run: VS Code loads this file (`--extensionTestsPath`) inside
 * its extension host and awaits {@link run}. It runs the mocha suites bundled beside it (TDD UI).
 * Each result is written as a line to the file named by VPC_LINT_E2E_REPORT (the launcher sets
 * it and prints the file; the workbench's console mangles mocha's own output) and to the
 * console, ending with `N passed, N failed`. A failure rejects, so the extension host exits 1.
 */
import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

function out(line: string): void {
  const file = process.env['VPC_LINT_E2E_REPORT'];
  if (file) appendFileSync(file, `${line}\n`);
  console.log(line);
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'dot' });
  for (const file of readdirSync(__dirname).sort()) {
    if (file.endsWith('.e2e.js')) mocha.addFile(join(__dirname, file));
  }
  return new Promise<void>((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    const runner = mocha.run(() => {
      out(`${passed} passed, ${failed} failed`);
      if (failed > 0) reject(new Error(`${failed} e2e test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => {
      passed++;
      out(`  ✔ ${t.fullTitle()} (${t.duration ?? 0} ms)`);
    });
    runner.on('fail', (t, error: unknown) => {
      failed++;
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      out(`  ✖ ${t.fullTitle()}\n${detail.replace(/^/gm, '      ')}`);
    });
  });
}
