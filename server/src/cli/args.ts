/**
 * Command-line parsing for `vpc-lint`. Pure: argv in, a parsed command or a usage error out.
 * Nothing here touches the file system or the process.
 */
import type { Severity } from '../rules/types.js';

export type OutputFormat = 'text' | 'json' | 'sarif';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];

/** The lowest severity that fails the run, or `none` to never fail on findings. */
export type FailOn = Severity | 'none';
export const FAIL_ON_VALUES: readonly FailOn[] = ['error', 'warning', 'info', 'none'];

export interface CheckCommand {
  command: 'check';
  /** Files and folders as the user typed them; `.` when none were given. */
  paths: string[];
  format: OutputFormat;
  failOn: FailOn;
  /**
   * `--jobs N`: check with N worker threads (1: all in this thread). Absent: decided from the
   * size of the input (see cli/parallel.ts).
   */
  jobs?: number;
  /** `--progress` / `--no-progress`. Absent: shown on a terminal for long runs. */
  progress?: boolean;
}

export interface LspCommand {
  command: 'lsp';
}

export interface HelpCommand {
  command: 'help';
}

export interface VersionCommand {
  command: 'version';
}

export interface UsageError {
  command: 'usage-error';
  message: string;
}

export type ParsedArgs = CheckCommand | LspCommand | HelpCommand | VersionCommand | UsageError;

export const USAGE = `Usage: vpc-lint <command> [options]

Commands:
  check [PATH...]   Check CloudFormation templates (files and folders, recursively).
                    PATH defaults to the current folder.
  lsp --stdio       Run the language server over stdin/stdout for any LSP client.

Options for check:
  --format <text|json|sarif>              Output format (default: text).
  --fail-on <error|warning|info|none>     Lowest severity that makes the run fail
                                          (default: error).
  --jobs <n>                              Check with n worker threads; 1 checks
                                          everything in one thread (default: as
                                          many as pay off for the input).
  --progress, --no-progress               Show or hide progress on stderr (default:
                                          shown on a terminal for long runs).

Other options:
  -h, --help        Show this help.
  -v, --version     Print the version.

Exit codes:
  0  no findings at or above --fail-on
  1  findings at or above --fail-on
  2  usage error, or an input that could not be read
`;

const usageError = (message: string): UsageError => ({ command: 'usage-error', message });

/** Splits `--name=value` into its parts; other arguments come back unchanged. */
function splitInline(arg: string): { name: string; inline: string | undefined } {
  const eq = arg.indexOf('=');
  if (arg.startsWith('--') && eq > 2) return { name: arg.slice(0, eq), inline: arg.slice(eq + 1) };
  return { name: arg, inline: undefined };
}

function oneOf<T extends string>(value: string, allowed: readonly T[]): value is T {
  return (allowed as readonly string[]).includes(value);
}

/** Parses the arguments after the program name (`process.argv.slice(2)`). */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0) return { command: 'help' };
  const [first, ...rest] = argv as [string, ...string[]];
  switch (first) {
    case '-h':
    case '--help':
    case 'help':
      return { command: 'help' };
    case '-v':
    case '--version':
      return { command: 'version' };
    case 'check':
      return parseCheck(rest);
    case 'lsp':
      return parseLsp(rest);
    default:
      if (first.startsWith('-')) return usageError(`unknown option '${first}'`);
      return usageError(`unknown command '${first}' (expected 'check' or 'lsp')`);
  }
}

function parseCheck(argv: readonly string[]): ParsedArgs {
  const result: CheckCommand = { command: 'check', paths: [], format: 'text', failOn: 'error' };
  let optionsEnded = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (optionsEnded || !arg.startsWith('-')) {
      result.paths.push(arg);
      continue;
    }
    if (arg === '--') {
      optionsEnded = true;
      continue;
    }
    const { name, inline } = splitInline(arg);
    switch (name) {
      case '-h':
      case '--help':
        return { command: 'help' };
      case '--progress':
      case '--no-progress':
        if (inline !== undefined) return usageError(`option '${name}' takes no value`);
        result.progress = name === '--progress';
        break;
      case '--jobs': {
        const value = inline ?? argv[++i];
        if (value === undefined || value === '') return usageError(`option '${name}' needs a value`);
        if (!/^[1-9][0-9]{0,3}$/.test(value)) return usageError(`invalid value '${value}' for --jobs (expected a whole number from 1 to 9999)`);
        result.jobs = Number(value);
        break;
      }
      case '--format':
      case '--fail-on': {
        const value = inline ?? argv[++i];
        if (value === undefined || value === '') return usageError(`option '${name}' needs a value`);
        if (name === '--format') {
          if (!oneOf(value, OUTPUT_FORMATS)) {
            return usageError(`invalid value '${value}' for --format (expected ${OUTPUT_FORMATS.join(', ')})`);
          }
          result.format = value;
        } else {
          if (!oneOf(value, FAIL_ON_VALUES)) {
            return usageError(`invalid value '${value}' for --fail-on (expected ${FAIL_ON_VALUES.join(', ')})`);
          }
          result.failOn = value;
        }
        break;
      }
      default:
        return usageError(`unknown option '${name}' for 'check'`);
    }
  }
  if (result.paths.length === 0) result.paths.push('.');
  return result;
}

function parseLsp(argv: readonly string[]): ParsedArgs {
  let stdio = false;
  for (const arg of argv) {
    if (arg === '--stdio') stdio = true;
    else if (arg === '-h' || arg === '--help') return { command: 'help' };
    // Some clients append their own flags (for example `--clientProcessId=123`); they are harmless.
    else if (arg.startsWith('--clientProcessId')) continue;
    else return usageError(`unknown argument '${arg}' for 'lsp' (only --stdio is supported)`);
  }
  if (!stdio) return usageError(`'lsp' needs --stdio (the only transport supported)`);
  return { command: 'lsp' };
}
