/**
 * Terraform plan JSON (`terraform show -json PLAN`). The text is read by the offset-keeping JSON
 * reader; this module only says whether the document is a plan.
 */
import { get, LineIndex, type Node, type ReadResult } from '../node.js';
import { readJson } from '../cloudformation/json.js';

export interface PlanRead extends ReadResult {
  /** True when the document is a Terraform plan (or state) in Terraform's JSON format. */
  isPlan: boolean;
}

export function readTerraformPlan(rawText: string): PlanRead {
  // A BOM becomes a space of the same length so offsets stay those of the editor's text.
  const text = rawText.charCodeAt(0) === 0xfeff ? ' ' + rawText.slice(1) : rawText;
  const lines = new LineIndex(rawText);
  const result = readJson(text, lines);
  const isPlan = result.root ? looksLikePlan(result.root) : looksLikePlanText(text);
  return { ...result, lines, isPlan: isPlan || (result.errors.length > 0 && looksLikePlanText(text)) };
}

/** DESIGN §2: a top-level `format_version` with `planned_values`, `resource_changes` or `configuration`. */
export function looksLikePlan(root: Node): boolean {
  if (root.kind !== 'map' || get(root, 'format_version')?.kind !== 'scalar') return false;
  return ['planned_values', 'resource_changes', 'configuration'].some((k) => get(root, k)?.kind === 'map' || get(root, k)?.kind === 'seq');
}

/** The same test by pattern, for text the parser could not read (or only the head of a large file). */
export function looksLikePlanText(text: string): boolean {
  return /^\s*\{/.test(text) && /"format_version"\s*:/.test(text) && /"(planned_values|resource_changes|configuration)"\s*:/.test(text);
}
