/**
 * Stands in for the VS Code executable of `@vscode/test-electron`'s `runTests`
 * (`vscodeExecutablePath` points at launcher.sh, which runs this file). It takes the Electron-style
 * arguments runTests passes —
 *
 *   --extensionDevelopmentPath=DIR --extensionTestsPath=FILE --user-data-dir=DIR
 *   --extensions-dir=DIR [other flags, ignored] [FOLDER]
 *
 * — starts code-server on a free loopback port with those folders, opens the workbench in
 * headless Chromium with the test payload, and exits with the code the extension-host test run
 * reported through `window.codeAutomationExit`. Page console output is forwarded to stdout, so
 * the suite's own report (mocha's output, `N passed, N failed`) shows in the test log.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CodeServer, isolatedHome, openBrowser, removeDir } from './codeServer.js';


interface LaunchArgs {
  extensionDevelopmentPath: string[];
  extensionTestsPath?: string;
  userDataDir?: string;
  extensionsDir?: string;
  folder?: string;
}

function parseArgs(argv: string[]): LaunchArgs {
  const parsed: LaunchArgs = { extensionDevelopmentPath: [] };
  // launcher.sh changes into the repository; relative paths are relative to where it was called.
  const base = process.env['VPC_LINT_LAUNCHER_CWD'] ?? process.cwd();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const [name, inline] = arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = (): string => resolve(base, inline ?? argv[++i] ?? '');
    switch (name) {
      case '--extensionDevelopmentPath':
        parsed.extensionDevelopmentPath.push(value());
        break;
      case '--extensionTestsPath':
        parsed.extensionTestsPath = value();
        break;
      case '--user-data-dir':
        parsed.userDataDir = value();
        break;
      case '--extensions-dir':
        parsed.extensionsDir = value();
        break;
      default:
        // Electron flags (--no-sandbox, --disable-updates, …) mean nothing to code-server.
        if (!arg.startsWith('-')) parsed.folder = resolve(base, arg);
    }
  }
  return parsed;
}

/** Time allowed for the whole run, a guard against a hung workbench rather than a wait. */
const RUN_LIMIT_MS = Number(process.env['VPC_LINT_E2E_TIMEOUT_MS'] ?? 240_000);

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.extensionTestsPath === undefined || args.userDataDir === undefined || args.extensionsDir === undefined) {
    console.error('launcher: needs --extensionTestsPath, --user-data-dir and --extensions-dir');
    return 2;
  }
  const home = isolatedHome();
  // The suite writes its results here (test/e2e/suite/index.ts); the extension host inherits
  // code-server's environment.
  const report = join(home.dir, 'e2e-report.txt');
  writeFileSync(report, '');
  const server = await CodeServer.start({
    userDataDir: args.userDataDir,
    extensionsDir: args.extensionsDir,
    env: home.env,
    extraEnv: { VPC_LINT_E2E_REPORT: report },
    onOutput: (line) => {
      if (process.env['VPC_LINT_E2E_VERBOSE'] === '1') console.log(`[code-server] ${line}`);
    },
  });
  const { browser, page } = await openBrowser(home.env);
  try {
    const exit = new Promise<number>((resolveExit) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(code));
    });
    // The workbench's own console is shown only with VPC_LINT_E2E_VERBOSE=1; the suite's results
    // come from its report file.
    page.on('console', (message) => {
      if (process.env['VPC_LINT_E2E_VERBOSE'] === '1') console.log(`[workbench] ${message.text()}`);
    });
    page.on('pageerror', (error) => console.error(`launcher: page error: ${error.message}`));
    const payload: Array<[string, string]> = [
      ...args.extensionDevelopmentPath.map((p): [string, string] => ['extensionDevelopmentPath', server.remoteUri(p)]),
      ['extensionTestsPath', server.remoteUri(args.extensionTestsPath)],
    ];
    await page.goto(server.url(args.folder ?? args.userDataDir, payload));
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<number>((resolveLimit) => {
      timer = setTimeout(() => {
        console.error(`launcher: no result from the extension host after ${RUN_LIMIT_MS / 1000} s`);
        resolveLimit(124);
      }, RUN_LIMIT_MS);
    });
    const code = await Promise.race([exit, limit]);
    clearTimeout(timer);
    process.stdout.write(readFileSync(report, 'utf8'));
    return code;
  } finally {
    await browser.close();
    await server.stop();
    removeDir(home.dir);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`launcher: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
