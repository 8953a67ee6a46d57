/**
 * Terraform inputs through the pipeline: a plan's JSON (one document), and `.tf.json` / `.tf`
 * files (a folder is one module). Never throws: read errors become located findings.
 */
import { readTerraformPlan } from './read/terraform/plan.js';
import { readTerraformJson } from './read/terraform/tfJson.js';
import { readTerraformHcl } from './read/terraform/hcl.js';
import type { ReadResult } from './read/node.js';
import { planResources } from './model/terraform/plan.js';
import { configResources, type ConfigFile } from './model/terraform/config.js';
import { buildTerraformModel } from './model/terraform/build.js';
import { invalidTemplate } from './rules/invalidTemplate.js';
import { baseFinding } from './rules/describe.js';
import { runRules, sortFindings } from './runRules.js';
import type { Finding } from './rules/types.js';
import type { CheckOptions, DocumentCheck } from './engine.js';
import type { NetworkModel } from './model/types.js';

/** Builds the network model of a plan, with the read errors found on the way. */
export function buildTerraformPlanModel(file: string, text: string): { isPlan: boolean; model?: NetworkModel; readErrors: Finding[] } {
  const read = readTerraformPlan(text);
  if (!read.isPlan) return { isPlan: false, readErrors: [] };
  const readErrors = read.errors.map((e) => baseFinding(invalidTemplate, { file, range: read.lines.range(e.span), id: '', type: '' }, e.message));
  if (!read.root) return { isPlan: true, readErrors };
  // Text that failed strict reading was read leniently, comments included: they may hold suppressions.
  const { resources, problems } = planResources(read.root, file, read.lines, read.errors.length > 0);
  return { isPlan: true, model: buildTerraformModel(resources, problems), readErrors };
}

export function checkTerraformPlan(file: string, text: string, options: CheckOptions = {}): DocumentCheck {
  const built = buildTerraformPlanModel(file, text);
  if (!built.isPlan) return { recognized: false, findings: [] };
  const findings = [...built.readErrors, ...(built.model ? runRules(built.model, options) : [])];
  return { recognized: true, format: 'terraform-plan', findings: sortFindings(findings) };
}

/** One file of a Terraform module, as given to {@link checkTerraformModule}. */
export interface ModuleFile {
  file: string;
  text: string;
}

/** Builds the model of one module (the `.tf.json` files of a folder), with the read errors of each file. */
export function buildTerraformModuleModel(files: ModuleFile[]): { model: NetworkModel; readErrors: Finding[]; recognized: string[] } {
  const reads: { file: string; read: ReadResult }[] = [];
  for (const f of files) {
    const read = readTerraformJson(f.text, f.file);
    if (read.isTerraform) reads.push({ file: f.file, read });
  }
  return buildFromReads(reads);
}

/** Builds the model of a module from files already read (the fixes read them once for editing too). */
export function buildFromReads(reads: readonly { file: string; read: ReadResult }[]): { model: NetworkModel; readErrors: Finding[]; recognized: string[] } {
  const configs: ConfigFile[] = [];
  const readErrors: Finding[] = [];
  for (const { file, read } of reads) {
    for (const e of read.errors) readErrors.push(baseFinding(invalidTemplate, { file, range: read.lines.range(e.span), id: '', type: '' }, e.message));
    // Only HCL has comment lines; JSON syntax writes a suppression as a "//" key. JSON that
    // failed strict reading was read leniently, comments included, so those are looked at too.
    configs.push({ file, lines: read.lines, root: read.root, comments: /\.tf$/i.test(file) || read.errors.length > 0 });
  }
  const { resources, problems } = configResources(configs);
  return { model: buildTerraformModel(resources, problems), readErrors, recognized: reads.map((r) => r.file) };
}

/**
 * A module with HCL files (`*.tf`) as well as `.tf.json`: asynchronous, because the HCL parser
 * is WebAssembly. Files of other kinds are ignored.
 */
export async function buildTerraformModuleModelAsync(files: ModuleFile[]): Promise<{ model: NetworkModel; readErrors: Finding[]; recognized: string[] }> {
  const reads: { file: string; read: ReadResult }[] = [];
  for (const f of files) {
    if (/\.tf$/i.test(f.file)) reads.push({ file: f.file, read: await readTerraformHcl(f.text, f.file) });
    else {
      const read = readTerraformJson(f.text, f.file);
      if (read.isTerraform) reads.push({ file: f.file, read });
    }
  }
  return buildFromReads(reads);
}

/** Checks a module of `.tf` and `.tf.json` files together (see {@link checkTerraformModule}). */
export async function checkTerraformModuleAsync(files: ModuleFile[], options: CheckOptions = {}): Promise<Finding[]> {
  const built = await buildTerraformModuleModelAsync(files);
  if (built.recognized.length === 0) return [];
  return sortFindings([...built.readErrors, ...runRules(built.model, options)]);
}

/** One `.tf` document on its own: a module of one file. */
export async function checkTerraformHcl(file: string, text: string, options: CheckOptions = {}): Promise<DocumentCheck> {
  const built = await buildTerraformModuleModelAsync([{ file, text }]);
  return { recognized: true, format: 'terraform-hcl', findings: sortFindings([...built.readErrors, ...runRules(built.model, options)]) };
}

/**
 * Checks a Terraform module: all its files together, so a route in one file makes a subnet in
 * another public. Findings carry the file they point into.
 */
export function checkTerraformModule(files: ModuleFile[], options: CheckOptions = {}): Finding[] {
  const built = buildTerraformModuleModel(files);
  if (built.recognized.length === 0) return [];
  return sortFindings([...built.readErrors, ...runRules(built.model, options)]);
}

/** One `.tf.json` document on its own: a module of one file (what an editor sees without its folder). */
export function checkTerraformJson(file: string, text: string, options: CheckOptions = {}): DocumentCheck {
  const built = buildTerraformModuleModel([{ file, text }]);
  if (built.recognized.length === 0) return { recognized: false, findings: [] };
  return { recognized: true, format: 'terraform-json', findings: sortFindings([...built.readErrors, ...runRules(built.model, options)]) };
}
