/**
 * The engine's front door: text in, findings out. The LSP adapter and the CLI both call this;
 * neither knows about readers, models or rules directly.
 */
import type { Finding } from './rules/types.js';

export type InputFormat = 'cloudformation-yaml' | 'cloudformation-json';

export interface DocumentCheck {
  /** False when the text is not an input vpc-lint understands (plain YAML/JSON): no findings then. */
  recognized: boolean;
  format?: InputFormat;
  findings: Finding[];
}

export interface CheckOptions {
  /** Rules to skip, by slug. */
  disabledRules?: ReadonlySet<string>;
  /** Files larger than this many bytes are reported, not parsed. */
  maxFileBytes?: number;
  /** Called when a rule throws; the other rules still run. */
  onRuleError?: (ruleSlug: string, error: unknown) => void;
}

export { checkDocument } from './check.js';
