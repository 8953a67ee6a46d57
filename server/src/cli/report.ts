/**
 * What a `check` run produced, independent of the output format, plus the helpers every
 * formatter shares (ordering, severity ranks).
 */
import type { Finding, Severity } from '../rules/types.js';
import type { FailOn } from './args.js';

export interface CheckReport {
  /** Every finding, in {@link compareFindings} order. */
  findings: Finding[];
  /** Files the engine recognised as input and checked. */
  filesChecked: number;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** True when a finding of `severity` makes a run with `--fail-on failOn` fail. */
export function meetsThreshold(severity: Severity, failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[failOn];
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** File, then position, then rule, then resource: stable output for diffs and snapshots. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareStrings(a.file, b.file) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.resource, b.resource) ||
    compareStrings(a.message, b.message)
  );
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
