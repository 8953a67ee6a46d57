/**
 * The unit of work of a `check` run: one file, or one CDK cloud assembly checked whole. A task
 * runs the same way in the main thread and in a worker (cli/parallel.ts), and its result is plain
 * data, so that it can cross to the main thread unchanged.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkCdkAssembly, checkDocument, diskConfigReader, invalidUtf8Finding, locatePlanFindings, YamlBlockCache, checkTerraformModuleAsync, type TerraformModuleFile } from '../engine.js';
import type { Finding } from '../rules/types.js';
import { ProjectConfigs, type ProjectConfig } from '../projectConfig.js';
import type { RuleLevel } from '../../../protocol/src/settings.js';
import { readInputFile, type InputError, type InputUnit } from './files.js';

/**
 * Above this size a YAML file is read resource by resource (the editor's block reader, with a
 * cache used once): each block's YAML document is garbage as soon as it is converted, instead of
 * the whole file's living until the end. At 5,000 resources (800 KB) that lowers the peak memory
 * from about 160 MB to 110 MB, and is no slower. Below it, one parse is the faster.
 */
export const BLOCKWISE_YAML_CHARS = 256 * 1024;

export type CheckTask =
  | { kind: 'file'; file: string }
  /** `files` are the assembly's templates, for progress and for sizing the run. */
  | { kind: 'cdk-assembly'; dir: string; files: string[] }
  /** The `.tf` and `.tf.json` files of one folder: one Terraform module, checked together. */
  | { kind: 'terraform-module'; dir: string; files: string[] };

/** Tasks that run synchronously (a Terraform module needs the asynchronous HCL parser). */
export type SyncCheckTask = Exclude<CheckTask, { kind: 'terraform-module' }>;

export interface TaskResult {
  findings: Finding[];
  /** Files the engine recognised as input and checked. */
  filesChecked: number;
  errors: InputError[];
}

/** The tasks of the collected units, in their order. */
export function tasksOf(units: readonly InputUnit[]): CheckTask[] {
  const tasks: CheckTask[] = [];
  for (const unit of units) {
    if (unit.kind === 'cdk-assembly') tasks.push({ kind: 'cdk-assembly', dir: unit.dir, files: unit.files });
    else if (unit.kind === 'terraform-module') tasks.push({ kind: 'terraform-module', dir: unit.dir, files: unit.files });
    else tasks.push({ kind: 'file', file: unit.path });
  }
  return tasks;
}

/** The files a task reads (one, or an assembly's templates). */
export function taskFiles(task: CheckTask): string[] {
  return task.kind === 'file' ? [task.file] : task.files;
}

/** Bytes a task will read, to size the run; 0 for what cannot be read (the task reports it). */
export function taskBytes(task: CheckTask, cwd: string): number {
  let bytes = 0;
  for (const file of taskFiles(task)) {
    try {
      bytes += fs.statSync(path.resolve(cwd, file)).size;
    } catch {
      // Reported when the task runs.
    }
  }
  return bytes;
}

function internalError(where: string, err: unknown): InputError {
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return { path: where, message: `internal error while checking: ${detail}` };
}

/** Runs one task. Never throws: problems land in the result's `errors`. */
export function runTask(task: SyncCheckTask, cwd: string): TaskResult {
  if (task.kind === 'file') {
    const read = readInputFile(task.file, cwd);
    if (!read.ok) return { findings: [], filesChecked: 0, errors: [{ path: task.file, message: read.message }] };
    try {
      // JSON ignores the block cache; YAML with anchors or errors falls back to a full parse.
      const options = { ...projectOptions(task, cwd), ...(read.text.length > BLOCKWISE_YAML_CHARS ? { incremental: new YamlBlockCache() } : {}) };
      const result = checkDocument(task.file, read.text, options);
      if (!result.recognized) return { findings: [], filesChecked: 0, errors: [] };
      // A plan next to its configuration: findings also name the .tf block (`source`).
      if (result.format === 'terraform-plan') locatePlanFindings(result.findings, task.file, read.text, diskConfigReader(task.file, cwd));
      const encoding = read.invalidUtf8 ? [invalidUtf8Finding(task.file, read.text, read.invalidUtf8.byte, read.invalidUtf8.offset)] : [];
      return { findings: [...encoding, ...result.findings], filesChecked: 1, errors: [] };
    } catch (err) {
      return { findings: [], filesChecked: 0, errors: [internalError(task.file, err)] };
    }
  }
  // A cloud assembly is checked as one: the manifest says which templates belong to it, and
  // its metadata maps each finding back to the app's source line.
  try {
    const result = checkCdkAssembly(task.dir, { cwd, ...projectOptions(task, cwd) });
    return { findings: result.findings, filesChecked: result.files.length, errors: result.unreadable.map((u) => ({ path: u.file, message: u.message })) };
  } catch (err) {
    return { findings: [], filesChecked: 0, errors: [internalError(task.dir, err)] };
  }
}

/** Runs any task, Terraform modules included. Never rejects: problems land in the result's `errors`. */
export async function runTaskAsync(task: CheckTask, cwd: string): Promise<TaskResult> {
  const result = task.kind === 'terraform-module' ? await runModule(task, cwd) : runTask(task, cwd);
  return { ...result, findings: applyLevels(result.findings, projectConfig(task, cwd)?.rules ?? {}) };
}

/** The nearest `.vpc-lint.yaml` above a task's input, as the editor finds it. */
const configs = new ProjectConfigs();

function projectConfig(task: CheckTask, cwd: string): ProjectConfig | undefined {
  return configs.forFolder(task.kind === 'file' ? path.dirname(path.resolve(cwd, task.file)) : path.resolve(cwd, task.dir));
}

function projectOptions(task: CheckTask, cwd: string): { trustedCidrs?: string[] } {
  const trusted = projectConfig(task, cwd)?.trustedCidrs ?? [];
  return trusted.length ? { trustedCidrs: trusted } : {};
}

/** The config's rule levels: `off` drops a rule's findings, a severity replaces the default. */
function applyLevels(findings: Finding[], levels: Record<string, RuleLevel>): Finding[] {
  if (Object.keys(levels).length === 0) return findings;
  const out: Finding[] = [];
  for (const f of findings) {
    const level = levels[f.ruleId];
    if (level === undefined) out.push(f);
    else if (level !== 'off') out.push({ ...f, severity: level === 'hint' ? 'info' : level });
  }
  return out;
}

async function runModule(task: Extract<CheckTask, { kind: 'terraform-module' }>, cwd: string): Promise<TaskResult> {
  // A folder's Terraform files form one module: a route in one file makes a subnet in another public.
  const files: TerraformModuleFile[] = [];
  const errors: InputError[] = [];
  for (const file of task.files) {
    const read = readInputFile(file, cwd);
    if (read.ok) files.push({ file, text: read.text });
    else errors.push({ path: file, message: read.message });
  }
  try {
    const findings = await checkTerraformModuleAsync(files, projectOptions(task, cwd));
    return { findings, filesChecked: files.length, errors };
  } catch (err) {
    return { findings: [], filesChecked: 0, errors: [...errors, internalError(task.dir, err)] };
  }
}
