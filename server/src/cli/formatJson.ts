/**
 * `--format json`: the contract of DESIGN §4. One object, `{"version":1,"findings":[…]}`, with
 * zero-based LSP-style ranges. Fields are copied explicitly so the engine's internal fields
 * never leak into a published format by accident.
 */
import type { Range } from '../read/node.js';
import type { Finding, PathStep } from '../rules/types.js';
import type { CheckReport } from './report.js';

export const JSON_FORMAT_VERSION = 1;

export interface JsonPathStep {
  kind: string;
  resource: string;
  file?: string;
  range?: Range;
  label?: string;
}

export interface JsonFinding {
  ruleId: string;
  code: string;
  severity: Finding['severity'];
  file: string;
  range: Range;
  resource: string;
  resourceType: string;
  message: string;
  path?: JsonPathStep[];
  ports?: string[];
  docsUrl?: string;
  /** CDK: the construct path of the resource. */
  cdkPath?: string;
  /** CDK: the line of the app's source that created the construct; for a plan, the .tf block that declares the resource. */
  source?: { file: string; range: Range };
}

export interface JsonReport {
  version: typeof JSON_FORMAT_VERSION;
  findings: JsonFinding[];
}

function copyRange(r: Range): Range {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

function toJsonStep(step: PathStep): JsonPathStep {
  const out: JsonPathStep = { kind: step.kind, resource: step.resource };
  if (step.file !== undefined) out.file = step.file;
  if (step.range !== undefined) out.range = copyRange(step.range);
  if (step.label !== undefined) out.label = step.label;
  return out;
}

export function toJsonFinding(f: Finding): JsonFinding {
  const out: JsonFinding = {
    ruleId: f.ruleId,
    code: f.code,
    severity: f.severity,
    file: f.file,
    range: copyRange(f.range),
    resource: f.resource,
    resourceType: f.resourceType,
    message: f.message,
  };
  if (f.path !== undefined) out.path = f.path.map(toJsonStep);
  if (f.ports !== undefined) out.ports = [...f.ports];
  if (f.docsUrl !== undefined) out.docsUrl = f.docsUrl;
  if (f.cdkPath !== undefined) out.cdkPath = f.cdkPath;
  if (f.source !== undefined) out.source = { file: f.source.file, range: copyRange(f.source.range) };
  return out;
}

export function toJsonReport(report: CheckReport): JsonReport {
  return { version: JSON_FORMAT_VERSION, findings: report.findings.map(toJsonFinding) };
}

export function formatJson(report: CheckReport): string {
  return JSON.stringify(toJsonReport(report), null, 2) + '\n';
}
