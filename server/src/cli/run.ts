/**
 * The `check` command: collect inputs, run the engine on each, format, pick the exit code.
 * Everything process-specific (streams, cwd, environment) comes in through {@link CliIo}.
 */
import { rules } from '../rules/index.js';
import type { Finding } from '../rules/types.js';
import type { CheckCommand } from './args.js';
import { collectInputs, type InputError } from './files.js';
import { chooseJobs, runTasksInWorkers } from './parallel.js';
import { runTaskAsync, taskBytes, taskFiles, tasksOf, type CheckTask, type TaskResult } from './tasks.js';
import { formatJson } from './formatJson.js';
import { formatSarif } from './formatSarif.js';
import { formatText } from './formatText.js';
import { compareFindings, meetsThreshold, type CheckReport } from './report.js';

/** A writable text stream; `process.stdout` and test doubles both fit. */
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean | undefined;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export const INFORMATION_URI = 'https://github.com/vpc-lint/vpc-lint';

/** Above this many files, a TTY on stderr shows progress. */
export const PROGRESS_THRESHOLD = 50;

/** Colours follow https://no-color.org: any non-empty `NO_COLOR` turns them off. */
export function useColor(stream: OutputStream, env: CliIo['env']): boolean {
  return stream.isTTY === true && !env['NO_COLOR'];
}

/** Above this many bytes of input, a TTY on stderr shows progress too (a few big files take a while). */
export const PROGRESS_MIN_BYTES = 8 * 1024 * 1024;

/**
 * Progress on stderr: redrawn in place on a terminal; on a pipe or file (`--progress`), a line
 * at every tenth of the work.
 */
class Progress {
  private lastDrawn = 0;
  private shown = false;

  constructor(
    private readonly stream: OutputStream,
    private readonly total: number,
    private readonly enabled: boolean,
  ) {}

  update(done: number, file: string): void {
    if (!this.enabled) return;
    const redraw = this.stream.isTTY === true;
    // Redraw at most every 1% of the work so a fast run does not spend its time on the terminal;
    // a log gets a line per 10%.
    const step = Math.max(1, Math.floor(this.total / (redraw ? 100 : 10)));
    if (done !== this.total && done - this.lastDrawn < step) return;
    this.lastDrawn = done;
    if (!redraw) {
      this.stream.write(`vpc-lint: checked ${done}/${this.total} files\n`);
      return;
    }
    this.shown = true;
    const name = file.length > 60 ? `…${file.slice(-59)}` : file;
    this.stream.write(`\r\u001b[Kvpc-lint: checking ${done}/${this.total} ${name}`);
  }

  clear(): void {
    if (this.shown) this.stream.write('\r\u001b[K');
  }
}

export interface CheckRunResult {
  report: CheckReport;
  errors: InputError[];
}

/** How a run is carried out; the CLI's `--jobs` and `--progress`. */
export interface CheckRunOptions {
  /** Threads to check with (1: this one only); absent: decided from the input's size. */
  jobs?: number;
  /** Force progress on or off; absent: on for long runs on a terminal. */
  progress?: boolean;
}

interface PlannedRun {
  tasks: CheckTask[];
  sizes: number[];
  errors: InputError[];
  progress: Progress;
}

function planRun(paths: readonly string[], io: CliIo, options: CheckRunOptions): PlannedRun {
  const { units, errors } = collectInputs(paths, io.cwd);
  const tasks = tasksOf(units);
  const sizes = tasks.map((t) => taskBytes(t, io.cwd));
  const files = tasks.reduce((n, t) => n + taskFiles(t).length, 0);
  const bytes = sizes.reduce((a, b) => a + b, 0);
  const long = files > PROGRESS_THRESHOLD || bytes > PROGRESS_MIN_BYTES;
  const show = options.progress ?? (long && io.stderr.isTTY === true);
  return { tasks, sizes, errors, progress: new Progress(io.stderr, files, show) };
}

/** Puts the tasks' results together, in task order, whichever order they finished in. */
function assemble(plan: PlannedRun, results: readonly TaskResult[]): CheckRunResult {
  const findings: Finding[] = [];
  const errors = [...plan.errors];
  let filesChecked = 0;
  for (const r of results) {
    findings.push(...r.findings);
    errors.push(...r.errors);
    filesChecked += r.filesChecked;
  }
  plan.progress.clear();
  findings.sort(compareFindings);
  return { report: { findings, filesChecked }, errors };
}

/** Runs the planned tasks one after the other in this thread. */
async function runHere(plan: PlannedRun, cwd: string): Promise<TaskResult[]> {
  let done = 0;
  const results: TaskResult[] = [];
  for (const task of plan.tasks) {
    for (const file of taskFiles(task)) plan.progress.update(++done, file);
    results.push(await runTaskAsync(task, cwd));
  }
  return results;
}

/** Runs the engine over every input in this thread. Never throws for bad input; problems land in `errors`. */
export async function checkPaths(paths: readonly string[], io: CliIo, options: CheckRunOptions = {}): Promise<CheckRunResult> {
  const plan = planRun(paths, io, options);
  return assemble(plan, await runHere(plan, io.cwd));
}

/**
 * Runs the engine over every input, on worker threads when the input is big enough to pay for
 * them (or `--jobs` asks). The result is the same as {@link checkPaths}'s.
 */
export async function checkPathsParallel(paths: readonly string[], io: CliIo, options: CheckRunOptions = {}): Promise<CheckRunResult> {
  const plan = planRun(paths, io, options);
  const jobs = chooseJobs(plan.sizes, options.jobs);
  if (jobs <= 1) return assemble(plan, await runHere(plan, io.cwd));
  let done = 0;
  const results = await runTasksInWorkers(plan.tasks, plan.sizes, io.cwd, jobs, (task) => {
    for (const file of taskFiles(task)) plan.progress.update(++done, file);
  });
  return assemble(plan, results);
}

export function formatReport(report: CheckReport, command: CheckCommand, io: CliIo, toolVersion: string): string {
  switch (command.format) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report, rules, { cwd: io.cwd, toolVersion, informationUri: INFORMATION_URI });
    case 'text':
      return formatText(report, { color: useColor(io.stdout, io.env) });
  }
}

export async function runCheck(command: CheckCommand, io: CliIo, toolVersion: string): Promise<number> {
  const { report, errors } = await checkPathsParallel(command.paths, io, { jobs: command.jobs, progress: command.progress });
  io.stdout.write(formatReport(report, command, io, toolVersion));
  for (const e of errors) io.stderr.write(`vpc-lint: ${e.path}: ${e.message}\n`);
  if (errors.length > 0) return EXIT_USAGE;
  return report.findings.some((f) => meetsThreshold(f.severity, command.failOn)) ? EXIT_FINDINGS : EXIT_OK;
}
