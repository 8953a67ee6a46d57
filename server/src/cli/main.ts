/**
 * The `vpc-lint` command line: parse, dispatch, return an exit code. `main` is what tests call;
 * `run` binds it to the real process. Bundled as `server/out/cli.js`, started by `bin/vpc-lint.js`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { parseArgs, USAGE } from './args.js';
import { EXIT_OK, EXIT_USAGE, runCheck, type CliIo } from './run.js';

export type { CliIo, OutputStream } from './run.js';

/**
 * The version in the package's `package.json`, found by walking up from this file: the bundle
 * lives in `server/out/`, the sources in `server/src/cli/`.
 */
export function packageVersion(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'package.json');
    try {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'vpc-lint' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // No package.json here (or not ours): keep walking up.
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return '0.0.0';
}

async function startLanguageServer(): Promise<void> {
  // Loaded on demand so `check` never pays for the LSP libraries.
  const { runLanguageServer } = await import('../lsp/server.js');
  runLanguageServer();
}

/** Runs one command and resolves to the process exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv);
  switch (parsed.command) {
    case 'usage-error':
      io.stderr.write(`vpc-lint: ${parsed.message}\nRun 'vpc-lint --help' for usage.\n`);
      return EXIT_USAGE;
    case 'help':
      io.stdout.write(USAGE);
      return EXIT_OK;
    case 'version':
      io.stdout.write(`${packageVersion()}\n`);
      return EXIT_OK;
    case 'lsp':
      // The server owns stdin/stdout from here and ends the process on the client's `exit`.
      await startLanguageServer();
      return EXIT_OK;
    case 'check':
      return runCheck(parsed, io, packageVersion());
  }
}

/** Entry point for the real process. Sets the exit code instead of exiting, so output drains. */
export function run(argv: readonly string[] = process.argv.slice(2)): void {
  // A closed pipe (`vpc-lint check | head`) is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const io: CliIo = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
  main(argv, io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`vpc-lint: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
}

// In a worker thread this module only serves check tasks (see parallel.ts).
if (require.main === module && isMainThread) run();
