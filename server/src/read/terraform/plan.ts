/**
 * Terraform plan JSON (`terraform show -json PLAN`). The text is read by the offset-keeping JSON
 * reader; this module says whether the document is a plan, and which parts of it are read.
 */
import { get, LineIndex, type Node, type ReadResult } from '../node.js';
import { readJson } from '../cloudformation/json.js';
import type { ScanShape } from '../jsonScan.js';
import { plainValue } from '../jsonView.js';

export interface PlanRead extends ReadResult {
  /** True when the document is a Terraform plan (or state) in Terraform's JSON format. */
  isPlan: boolean;
}

/**
 * Reads a plan. The root holds only the parts of the plan that vpc-lint reads ({@link PLAN_SHAPE});
 * the rest (prior state, drift, the `before` of every change…) is checked as JSON but gets no nodes,
 * as it would otherwise cost more than all the rest of a check. Text that is not valid JSON is read
 * whole by the error-recovering parser.
 */
export function readTerraformPlan(rawText: string): PlanRead {
  // A BOM becomes a space of the same length so offsets stay those of the editor's text.
  const text = rawText.charCodeAt(0) === 0xfeff ? ' ' + rawText.slice(1) : rawText;
  const lines = new LineIndex(rawText);
  let result = readJson(text, lines, PLAN_SHAPE);
  // Without planned values, the changes stand in for them, and more of each is read (by the
  // scanner, which reads to a shape; a view reads what is asked for anyway).
  if (result.root && get(get(result.root, 'planned_values'), 'root_module') === undefined && plainValue(result.root) === undefined) {
    result = readJson(text, lines, PLAN_SHAPE_WITH_AFTER);
  }
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
  // The plain search first: the pattern is searched for only in text that has the name at all
  // (a CloudFormation JSON template is read whole by the pattern, and never has it).
  return /^\s*\{/.test(text) && text.includes('"format_version"') && /"format_version"\s*:/.test(text) && /"(planned_values|resource_changes|configuration)"\s*:/.test(text);
}

// ── what is read ──────────────────────────────────────────────────────────────────────────────
// Everything that reads a plan's root (model/terraform/plan.ts, terraformSource.ts) reads only
// these members; a member read there must be named here too.

type Members = Record<string, ScanShape | true>;
const members = (m: Members): ScanShape => ({ members: new Map(Object.entries(m)) });
const listOf = (item: ScanShape): ScanShape => ({ items: item });

/** A module of `planned_values`: its resources' values, and its child modules. */
const plannedModule: ScanShape = members({
  address: true,
  resources: listOf(members({ address: true, mode: true, type: true, values: true })),
});
(plannedModule.members as Map<string, ScanShape | true>).set('child_modules', listOf(plannedModule));

/** A module of `configuration`: resource expressions, outputs and module calls (with their modules). */
const configModule: ScanShape = members({
  resources: listOf(members({ address: true, mode: true, expressions: true })),
  outputs: true,
});
(configModule.members as Map<string, ScanShape | true>).set('module_calls', { otherMembers: members({ source: true, expressions: true, module: configModule }) });

function planShape(change: ScanShape): ScanShape {
  return members({
    format_version: true,
    planned_values: members({ root_module: plannedModule }),
    resource_changes: listOf(change),
    configuration: members({ root_module: configModule }),
  });
}

/** The parts of a plan vpc-lint reads when it has planned values: of the changes, only what is unknown. */
export const PLAN_SHAPE = planShape(members({ address: true, mode: true, change: members({ after_unknown: true }) }));
/** The parts read from a plan without planned values, where the changes stand in for them. */
export const PLAN_SHAPE_WITH_AFTER = planShape(
  members({ address: true, mode: true, type: true, module_address: true, change: members({ actions: true, after: true, after_unknown: true }) }),
);
