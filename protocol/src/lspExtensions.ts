/**
 * What vpc-lint adds on top of plain LSP, shared by the server (which produces it) and the client
 * (which consumes it). There are no custom requests yet; add them here, with their direction,
 * when a handler implements them.
 */

/** `Diagnostic.source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'vpc-lint';

/** The pull-diagnostics provider's `identifier` (server → client, in the initialize result). */
export const DIAGNOSTIC_PROVIDER_ID = 'vpc-lint';

/**
 * `Diagnostic.data` of every vpc-lint diagnostic (server → client). Code actions look fixes up by
 * `ruleId` and `resource`, never by message text.
 */
export interface VpcLintDiagnosticData {
  /** The rule's slug, e.g. `internet-reachable-compute`; equal to `Diagnostic.code`. */
  ruleId: string;
  /** The flagged resource: a CloudFormation logical id or a Terraform address. */
  resource: string;
}

