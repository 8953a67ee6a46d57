/**
 * Checks tasks on a pool of worker threads, when that pays: starting a worker costs about as much
 * as checking a few hundred kilobytes of templates, so small runs stay in the main thread.
 * Results come back by task index, so the output does not depend on which worker finished first.
 *
 * The worker runs this same module: the bundled CLI (`server/out/cli.js`) when installed, the
 * TypeScript source under tsx in tests. On load in a worker it serves tasks instead of running
 * the command line (main.ts checks `isMainThread`).
 */
import * as os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { runTaskAsync, type CheckTask, type TaskResult } from './tasks.js';

/** Work that is not worth a worker: below this many bytes (apart from the largest task), stay in one thread. */
export const PARALLEL_MIN_BYTES = 1024 * 1024;
/** So many files are worth workers whatever their size (each has a fixed cost of its own). */
export const PARALLEL_MIN_FILES = 200;
/** Idle cores (cores less the load average) needed before a second thread can run beside the first. */
export const MIN_IDLE_CORES = 1.5;

const WORKER_FLAG = 'vpcLintCheckWorker';

interface WorkerData {
  [WORKER_FLAG]: true;
  cwd: string;
}

interface TaskMessage {
  index: number;
  task: CheckTask;
}

interface ResultMessage {
  index: number;
  result: TaskResult;
}

/**
 * How many threads to check with. `requested` is `--jobs`, which is obeyed (1 = none). Otherwise
 * one worker per core (`os.availableParallelism()`) when the run is big enough and at least
 * {@link MIN_IDLE_CORES} cores are idle: on a machine that other processes keep busy (`load`,
 * the one-minute load average), workers only add their start-up and memory to the same CPU time.
 */
export function chooseJobs(taskSizes: readonly number[], requested: number | undefined, cores = os.availableParallelism(), load = os.loadavg()[0] ?? 0): number {
  if (requested !== undefined) return Math.max(1, Math.min(requested, taskSizes.length));
  if (cores - load < MIN_IDLE_CORES || taskSizes.length < 2) return 1;
  const total = taskSizes.reduce((a, b) => a + b, 0);
  // One huge file cannot be split; only the rest can run beside it.
  const spreadable = total - Math.max(...taskSizes);
  if (spreadable < PARALLEL_MIN_BYTES && taskSizes.length < PARALLEL_MIN_FILES) return 1;
  return Math.min(cores, taskSizes.length);
}

/** Starts a worker on this module (or its bundle). */
function startWorker(cwd: string): Worker {
  const data: WorkerData = { [WORKER_FLAG]: true, cwd };
  // Under tsx (tests, `node --import tsx`) the worker must register the TypeScript loader itself.
  if (__filename.endsWith('.ts')) {
    const here = JSON.stringify(__dirname);
    const self = JSON.stringify(__filename);
    return new Worker(`require(require.resolve('tsx/cjs', { paths: [${here}] })); require(${self});`, { eval: true, workerData: data });
  }
  return new Worker(__filename, { workerData: data });
}

/**
 * Runs `tasks` on `jobs` workers, biggest first, and resolves with their results in task order.
 * `onDone` is called in the main thread as each task finishes. A worker that dies (out of memory,
 * say) hands its task and the rest of its share to the main thread, so the run still completes.
 */
export async function runTasksInWorkers(
  tasks: readonly CheckTask[],
  sizes: readonly number[],
  cwd: string,
  jobs: number,
  onDone: (task: CheckTask) => void,
): Promise<TaskResult[]> {
  const results: TaskResult[] = new Array<TaskResult>(tasks.length);
  const order = tasks.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  let next = 0;
  const finish = (index: number, result: TaskResult) => {
    results[index] = result;
    onDone(tasks[index]!);
  };
  const runRestHere = async () => {
    while (next < order.length) {
      const index = order[next++]!;
      finish(index, await runTaskAsync(tasks[index]!, cwd));
    }
  };
  const lane = () =>
    new Promise<void>((resolve) => {
      const worker = startWorker(cwd);
      let current: number | undefined;
      let settled = false;
      const done = () => {
        if (settled) return;
        settled = true;
        void worker.terminate();
        resolve();
      };
      const feed = () => {
        if (next >= order.length) {
          current = undefined;
          done();
          return;
        }
        current = order[next++]!;
        const message: TaskMessage = { index: current, task: tasks[current]! };
        worker.postMessage(message);
      };
      worker.on('message', (m: ResultMessage) => {
        finish(m.index, m.result);
        feed();
      });
      const fail = async () => {
        if (settled) return;
        settled = true;
        void worker.terminate();
        const lost = current;
        current = undefined;
        if (lost !== undefined) finish(lost, await runTaskAsync(tasks[lost]!, cwd));
        await runRestHere();
        resolve();
      };
      worker.on('error', () => void fail());
      worker.on('exit', () => void fail());
      feed();
    });
  await Promise.all(Array.from({ length: jobs }, lane));
  return results;
}

/** In a worker started by {@link startWorker}: answer each task with its result. */
function serveTasks(data: WorkerData): void {
  parentPort!.on('message', (m: TaskMessage) => {
    void runTaskAsync(m.task, data.cwd).then((result) => {
      const reply: ResultMessage = { index: m.index, result };
      parentPort!.postMessage(reply);
    });
  });
}

function isWorkerData(value: unknown): value is WorkerData {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)[WORKER_FLAG] === true;
}

if (!isMainThread && isWorkerData(workerData)) serveTasks(workerData);
