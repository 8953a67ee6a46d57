/**
 * Rule and finding types. Rules are pure: a model in, findings out. No LSP or CLI types here.
 */
import type { Range } from '../read/node.js';
import type { Kind, NetworkModel } from '../model/types.js';
import type { Exposure, PathStep } from '../analysis/reachability.js';

export type { PathStep };

export type Severity = 'error' | 'warning' | 'info';

export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

export interface Finding {
  /** The rule's slug, e.g. `internet-reachable-compute`. */
  ruleId: string;
  /** The rule's short id, e.g. `E1001`. */
  code: string;
  severity: Severity;
  file: string;
  range: Range;
  resource: string;
  resourceType: string;
  message: string;
  path?: PathStep[];
  ports?: string[];
  related?: RelatedLocation[];
  /**
   * Where the user declares the resource, when that is not `file`: the CDK app line that created
   * the construct, or the `.tf` / `.tf.json` block of a plan's resource.
   */
  source?: { file: string; range: Range };
  /** CDK construct path of the resource (`WebStack/WebServer/Resource`), for CDK assemblies. */
  cdkPath?: string;
  docsUrl?: string;
}

export interface RuleContext {
  exposures: Exposure[];
}

export interface Rule {
  id: string;
  slug: string;
  severity: Severity;
  title: string;
  /** A paragraph for the generated docs: what, why, how to fix. */
  description: string;
  docsUrl: string;
  appliesTo: Kind[];
  check(model: NetworkModel, ctx: RuleContext): Finding[];
}

export const DOCS_BASE = 'https://github.com/vpc-lint/vpc-lint/blob/main/docs/rules/';
