/**
 * The format-neutral end of a CloudFormation check: model, cycle check, analysis and rules.
 */
import { buildCloudFormationModel } from './model/cloudformation/build.js';
import { findCycles } from './model/cloudformation/cycles.js';
import { runRules } from './runRules.js';
import type { CfnTemplate } from './model/cloudformation/template.js';
import type { CfnSyntax } from './read/cloudformation/index.js';
import type { LineIndex } from './read/node.js';
import type { CheckOptions } from './engine.js';
import type { Finding } from './rules/types.js';

/**
 * Model, cycle check, analysis and rules over a template (or, from {@link checkByParts}, over
 * some of its resources). `sharedNodes`: YAML aliases may make one node appear in several places.
 * `spent` is given the evaluation steps the model took.
 */
export function analyseTemplate(template: CfnTemplate, file: string, lines: LineIndex, syntax: CfnSyntax, sharedNodes: boolean, options: CheckOptions, spent?: { steps: number }): Finding[] {
  const { model, evaluator } = buildCloudFormationModel(template, file, lines, syntax);
  if (spent) spent.steps = evaluator.stepsTaken;
  for (const c of findCycles(template, { sharedNodes })) {
    model.problems.push({ code: 'reference-cycle', message: `Circular dependency: ${[...c.ids, c.ids[0]].join(' → ')}. CloudFormation cannot create these resources.`, site: { file, range: lines.range(c.span) } });
  }
  return runRules(model, options);
}
