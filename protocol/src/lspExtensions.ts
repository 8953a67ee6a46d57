/**
 * What vpc-lint adds on top of plain LSP, shared by the server (which produces it) and the client
 * (which consumes it). Custom requests are declared here once, with their direction.
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


/** A position in a document, as in LSP (zero-based line and UTF-16 character). */
export interface LspPosition {
  line: number;
  character: number;
}

/** A range in a document, as in LSP. */
export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

/** Where a step of a traffic path is written in the user's files. */
export interface SourceLocation {
  uri: string;
  range: LspRange;
}

/**
 * `vpcLint/trafficPath` (client → server request): the traffic path of one compute resource,
 * as it is today and as the API Gateway front door would make it. The client sends it when the
 * traffic-path panel opens and again, debounced, while the document changes.
 */
export const TRAFFIC_PATH_METHOD = 'vpcLint/trafficPath';

/** Parameters of {@link TRAFFIC_PATH_METHOD}. Give `resource`, or `position` inside it. */
export interface TrafficPathParams {
  textDocument: { uri: string };
  /** A CloudFormation logical id (or Terraform address) of a compute resource. */
  resource?: string;
  /** A position inside the resource's declaration, used when `resource` is absent. */
  position?: LspPosition;
}

/** What a step stands for; the panel picks its icon and wording by kind. */
export type TrafficStepKind =
  | 'user'
  | 'public-address'
  | 'internet-gateway'
  | 'route'
  | 'subnet'
  | 'network-acl'
  | 'security-group-rule'
  | 'compute'
  | 'api-gateway'
  | 'vpc-link'
  | 'load-balancer'
  | 'blocked';

/** One box of a traffic path, ordered from the user to the compute. */
export interface TrafficStep {
  kind: TrafficStepKind;
  title: string;
  detail?: string;
  /** Where the step is declared; absent for the user, AWS defaults and what the fix would add. */
  location?: SourceLocation;
  /** True for what makes the compute reachable from the internet today. */
  highlight?: boolean;
}

/** One price band of a per-request API Gateway rate. */
export interface PriceTier {
  /** Requests per month covered by this band; `null` for the last, open band. */
  upToRequests: number | null;
  /** US dollars per million requests in this band. */
  usdPerMillion: number;
}

/** A published price list and where it was read. */
export interface PriceSource {
  title: string;
  url: string;
  /** The date (YYYY-MM-DD) the figures were checked against the source. */
  checked: string;
  region: string;
}

/** The front door's trade-offs, shown beside the paths. */
export interface TrafficConsiderations {
  cost: {
    restApi: PriceTier[];
    httpApi: PriceTier[];
    source: PriceSource;
    /** Requests per month the panel starts with until the user enters their own figure. */
    defaultMonthlyRequests: number;
    notes: string[];
  };
  latency: string;
  staticContent: string;
  /** Ports the front door cannot carry (for example SSH), with what to use instead. */
  notCarried: string[];
  monitoring: { name: string; detail: string; enabled: boolean; location?: SourceLocation }[];
}

/** How the compute is reached today. */
export type TrafficVerdict = 'reachable' | 'behind-api-gateway' | 'private' | 'public-subnet' | 'unknown';

/** The result of {@link TRAFFIC_PATH_METHOD}; `null` when the resource is not compute vpc-lint models. */
export interface TrafficPathResult {
  resource: string;
  resourceType: string;
  /** True when the internet reaches the compute directly (not through API Gateway). */
  reachable: boolean;
  verdict: TrafficVerdict;
  /** One sentence saying why. */
  summary: string;
  /** Open ports as labels, `tcp/22`, `tcp/80`; empty unless reachable. */
  ports: string[];
  today: TrafficStep[];
  proposed: TrafficStep[];
  /** True when `proposed` describes resources that already exist in the template. */
  proposedExists: boolean;
  considerations: TrafficConsiderations;
  /** The preferred quick fix and its template change as a unified diff, when a fix applies. */
  fix?: { title: string; diff: string };
}

/** The VS Code command that opens the traffic-path panel: arguments `[uri, resource, options?]`. */
export const SHOW_TRAFFIC_PATH_COMMAND = 'vpcLint.showTrafficPath';

/** The optional third argument of {@link SHOW_TRAFFIC_PATH_COMMAND}. */
export interface ShowTrafficPathOptions {
  /** A unified diff of the template change the quick fix makes, shown in the panel. */
  diff?: string;
}

/**
 * The monthly cost in US dollars of `requests` calls under a tiered price list (band sizes in
 * order, the last open). Free tiers are not subtracted.
 */
export function monthlyCostUsd(requests: number, tiers: readonly PriceTier[]): number {
  let left = Math.max(0, requests);
  let cost = 0;
  for (const tier of tiers) {
    if (left <= 0) break;
    const inBand = tier.upToRequests === null ? left : Math.min(left, tier.upToRequests);
    cost += (inBand / 1_000_000) * tier.usdPerMillion;
    left -= inBand;
  }
  return cost;
}
