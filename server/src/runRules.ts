/**
 * The format-neutral half of the pipeline: a built model → analysis → every enabled rule.
 * Each input format's check calls this after building its model.
 */
import { analyse } from './analysis/reachability.js';
import { rules } from './rules/index.js';
import type { NetworkModel } from './model/types.js';
import type { Finding } from './rules/types.js';
import type { CheckOptions } from './engine.js';

export function runRules(model: NetworkModel, options: CheckOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const exposures = analyse(model, { trustedCidrs: options.trustedCidrs });
  for (const rule of rules) {
    if (options.disabledRules?.has(rule.slug)) continue;
    try {
      findings.push(...rule.check(model, { exposures }).filter((f) => !isSuppressed(model, f)));
    } catch (e) {
      // One broken rule must not hide the others' findings.
      options.onRuleError?.(rule.slug, e);
    }
  }
  return findings;
}

/** The author turned this rule off for this resource (Metadata, or an ignore comment). */
function isSuppressed(model: NetworkModel, f: Finding): boolean {
  const s = model.suppressions.get(f.resource);
  return !!s && (s.has(f.ruleId) || s.has('all'));
}

/** Findings in document order, then by rule. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
}
