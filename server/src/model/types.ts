/**
 * The format-neutral network model. CloudFormation, CDK and Terraform builders all produce this;
 * analysis and rules only ever see it. Links are typed object references, never id lookups.
 */
import type { Range } from '../read/node.js';

export enum Kind {
  Vpc = 'Vpc',
  Subnet = 'Subnet',
  RouteTable = 'RouteTable',
  Route = 'Route',
  InternetGateway = 'InternetGateway',
  NatGateway = 'NatGateway',
  EgressOnlyGateway = 'EgressOnlyGateway',
  NetworkAcl = 'NetworkAcl',
  NetworkAclEntry = 'NetworkAclEntry',
  SecurityGroup = 'SecurityGroup',
  SecurityGroupRule = 'SecurityGroupRule',
  Compute = 'Compute',
  NetworkInterface = 'NetworkInterface',
  ElasticIp = 'ElasticIp',
  LoadBalancer = 'LoadBalancer',
  VpcLink = 'VpcLink',
  ApiMethod = 'ApiMethod',
  FlowLog = 'FlowLog',
}

/** Where an element (or one of its properties) comes from. */
export interface Origin {
  /** File path as given to the engine (relative or URI-derived). */
  file: string;
  range: Range;
  /** CloudFormation logical id or Terraform address. */
  id: string;
  /** `AWS::EC2::Instance`, `aws_instance`, … */
  type: string;
  /** CDK construct path, when the template came from a cloud assembly. */
  cdkPath?: string;
  /** Where in the user's source the construct was created (CDK). */
  source?: { file: string; range: Range };
}

/** A located sub-part of an element (a property, a rule line). */
export interface Site {
  file: string;
  range: Range;
}

/**
 * A three-valued fact: known, or unknown with the reason (a parameter without default,
 * an import, a value only known after apply). Conditional values are expanded into
 * alternatives by the builders (see `Placement.when`), so here unknown means "cannot tell".
 */
export type Tri<T> = { known: true; value: T; site?: Site } | { known: false; reason: string; site?: Site };

export const known = <T>(value: T, site?: Site): Tri<T> => ({ known: true, value, site });
export const unknown = <T = never>(reason: string, site?: Site): Tri<T> => ({ known: false, reason, site });

interface ElementBase {
  origin: Origin;
  /** The element exists only when these conditions hold (CloudFormation `Condition`). */
  when?: string[];
}

export interface Vpc extends ElementBase {
  kind: Kind.Vpc;
  cidrs: Tri<string>[];
  /** The main route table. In CloudFormation it is implicit and holds only the local route. */
  mainRouteTable?: RouteTable;
  /** The default NACL (allows everything) unless a builder knows better. */
  defaultNacl?: NetworkAcl;
  internetGateways: InternetGateway[];
  flowLogs: FlowLog[];
  subnets: Subnet[];
}

export interface Subnet extends ElementBase {
  kind: Kind.Subnet;
  vpc?: Vpc;
  /** Explicit association; undefined means the VPC's main table applies. */
  routeTable?: RouteTable;
  /** Where the explicit association is declared. */
  routeTableAssociation?: Site & { id: string };
  /** Explicit NACL; undefined means the VPC's default NACL (allow all). */
  networkAcl?: NetworkAcl;
  networkAclAssociation?: Site & { id: string };
  mapPublicIpOnLaunch: Tri<boolean>;
  assignIpv6OnCreation: Tri<boolean>;
  flowLogs: FlowLog[];
  /** The subnet's IPv4 block, when the code fixes it. */
  cidr?: Tri<string>;
}

export interface RouteTable extends ElementBase {
  kind: Kind.RouteTable;
  vpc?: Vpc;
  routes: Route[];
  /** True for a VPC's main table when the source models it (Terraform default/main tables). */
  main: boolean;
}

export type RouteTargetKind =
  | 'internet-gateway'
  | 'nat-gateway'
  | 'egress-only-gateway'
  | 'transit-gateway'
  | 'vpc-peering'
  | 'vpc-endpoint'
  | 'network-interface'
  | 'instance'
  | 'local'
  | 'other'
  | 'unknown';

export interface Route extends ElementBase {
  kind: Kind.Route;
  table?: RouteTable;
  /** Destination CIDR (IPv4 or IPv6). */
  destination: Tri<string>;
  target: RouteTargetKind;
  internetGateway?: InternetGateway;
  /** Why the target is unknown, when it is. */
  targetReason?: string;
}

export interface InternetGateway extends ElementBase {
  kind: Kind.InternetGateway;
  vpcs: Vpc[];
  attachmentSites: (Site & { id: string })[];
  /** An attachment whose VPC the code does not fix (a parameter, an import): why. */
  unknownAttachment?: string;
}

export interface NatGateway extends ElementBase {
  kind: Kind.NatGateway;
  subnet?: Subnet;
}

export interface EgressOnlyGateway extends ElementBase {
  kind: Kind.EgressOnlyGateway;
  vpc?: Vpc;
}

export interface NetworkAcl extends ElementBase {
  kind: Kind.NetworkAcl;
  vpc?: Vpc;
  entries: NetworkAclEntry[];
  /** True for the implicit default NACL, which allows everything. */
  implicitDefault: boolean;
}

export interface NetworkAclEntry extends ElementBase {
  kind: Kind.NetworkAclEntry;
  acl?: NetworkAcl;
  ruleNumber: Tri<number>;
  egress: boolean;
  allow: Tri<boolean>;
  /** IANA protocol number as a string, or '-1' for all. */
  protocol: Tri<string>;
  cidr: Tri<string>;
  fromPort: Tri<number>;
  toPort: Tri<number>;
}

export interface SecurityGroup extends ElementBase {
  kind: Kind.SecurityGroup;
  vpc?: Vpc;
  ingress: SecurityGroupRule[];
}

export type RuleSource =
  | { kind: 'cidr'; cidr: string }
  | { kind: 'security-group'; group?: SecurityGroup; id: string }
  | { kind: 'prefix-list'; id: string }
  | { kind: 'unknown'; reason: string };

export interface SecurityGroupRule extends ElementBase {
  kind: Kind.SecurityGroupRule;
  group?: SecurityGroup;
  /** '-1' for all, else 'tcp' | 'udp' | 'icmp' | 'icmpv6' | a protocol number. */
  protocol: Tri<string>;
  fromPort: Tri<number>;
  toPort: Tri<number>;
  source: RuleSource;
  /** Where the rule is written (the ingress list item, or a standalone rule resource). */
  site: Site;
  /** Standalone rule resources have their own id; inline rules borrow the group's. */
  ownId?: string;
}

export interface ElasticIp extends ElementBase {
  kind: Kind.ElasticIp;
  /** Where the association is written (the EIP's InstanceId or an association resource). */
  associationSite?: Site & { id: string };
}

/**
 * One way compute may be placed: a subnet, its security groups and its public addressing.
 * A conditional (Fn::If) or multi-subnet resource has several placements.
 */
export interface Placement {
  subnet: Tri<Subnet>;
  securityGroups: GroupSet;
  /** Public IPv4 requested explicitly (AssociatePublicIpAddress); undefined when not stated. */
  associatePublicIp?: Tri<boolean>;
  associatePublicIpSite?: Site;
  elasticIps: ElasticIp[];
  /** IPv6 addresses requested (Ipv6AddressCount > 0, Ipv6Addresses); undefined when not stated. */
  ipv6?: Tri<boolean>;
  /** Conditions under which this placement applies, in words: "IsProd is true". */
  when: string[];
  /** No subnet given: it launches into the account's default VPC, whose subnets are public. */
  defaultVpc?: boolean;
  /** The network interface this placement is through, if it is an explicit one. */
  networkInterface?: NetworkInterface;
}

/**
 * Security groups of a placement: the ones found in the model, and, when some could not be
 * resolved, why. Rules are a union, so known groups still prove what they admit.
 */
export interface GroupSet {
  groups: SecurityGroup[];
  unresolved?: string;
  /** No group given: the VPC's default group applies (it admits only its own members). */
  defaultGroup: boolean;
  site?: Site;
}

export type ComputeKind = 'instance' | 'auto-scaling-group' | 'network-interface' | 'other';

export interface Compute extends ElementBase {
  kind: Kind.Compute;
  computeKind: ComputeKind;
  placements: Placement[];
}

export interface NetworkInterface extends ElementBase {
  kind: Kind.NetworkInterface;
  subnet: Tri<Subnet>;
  securityGroups: GroupSet;
  elasticIps: ElasticIp[];
  ipv6?: Tri<boolean>;
  /** The compute it is attached to, if any. */
  attachedTo?: Compute;
}

export interface LoadBalancer extends ElementBase {
  kind: Kind.LoadBalancer;
  scheme: Tri<'internet-facing' | 'internal'>;
  lbType: Tri<string>;
  subnets: Tri<Subnet>[];
  /** Compute its listeners forward to through target groups, when the code says so. */
  targets?: LoadBalancerTarget[];
}

/** One compute a load balancer forwards to: listener → target group → compute. */
export interface LoadBalancerTarget {
  compute: Compute;
  /** The target group, where it is declared. */
  targetGroup: Site & { id: string };
  /** The listener's port, when known. */
  listenerPort?: number;
}

export interface VpcLink extends ElementBase {
  kind: Kind.VpcLink;
  /** REST API VPC links target NLBs; HTTP API VPC links sit in subnets. */
  targets: Tri<LoadBalancer>[];
  subnets: Tri<Subnet>[];
  version: 'rest' | 'http';
}

export interface ApiMethod extends ElementBase {
  kind: Kind.ApiMethod;
  httpMethod: Tri<string>;
  authorizationType: Tri<string>;
  apiKeyRequired: Tri<boolean>;
  authorizationSite?: Site;
  /** The VPC link of a private integration (`Integration.ConnectionId`), when it is in the model. */
  vpcLink?: VpcLink;
  /** The API the method belongs to, where it is declared. */
  api?: Site & { id: string; type: string };
}

export interface FlowLog extends ElementBase {
  kind: Kind.FlowLog;
}

export type Element =
  | Vpc
  | Subnet
  | RouteTable
  | Route
  | InternetGateway
  | NatGateway
  | EgressOnlyGateway
  | NetworkAcl
  | NetworkAclEntry
  | SecurityGroup
  | SecurityGroupRule
  | Compute
  | NetworkInterface
  | ElasticIp
  | LoadBalancer
  | VpcLink
  | ApiMethod
  | FlowLog;

/** A whole model: one template, one Terraform module or one CDK assembly. */
export interface NetworkModel {
  vpcs: Vpc[];
  subnets: Subnet[];
  routeTables: RouteTable[];
  internetGateways: InternetGateway[];
  natGateways: NatGateway[];
  networkAcls: NetworkAcl[];
  securityGroups: SecurityGroup[];
  computes: Compute[];
  networkInterfaces: NetworkInterface[];
  elasticIps: ElasticIp[];
  loadBalancers: LoadBalancer[];
  vpcLinks: VpcLink[];
  apiMethods: ApiMethod[];
  flowLogs: FlowLog[];
  /** Problems met while building (unknown types are not problems; broken references are). */
  problems: ModelProblem[];
  /**
   * Rules the author turned off per resource (CloudFormation `Metadata: {vpc-lint: {ignore: [...]}}`,
   * or a `# vpc-lint-ignore rule-slug` comment above it): resource id → slugs ('all' for every rule).
   */
  suppressions: Map<string, Set<string>>;
}

export interface ModelProblem {
  code: string;
  message: string;
  site: Site;
}

export function emptyModel(): NetworkModel {
  return {
    vpcs: [],
    subnets: [],
    routeTables: [],
    internetGateways: [],
    natGateways: [],
    networkAcls: [],
    securityGroups: [],
    computes: [],
    networkInterfaces: [],
    elasticIps: [],
    loadBalancers: [],
    vpcLinks: [],
    apiMethods: [],
    flowLogs: [],
    problems: [],
    suppressions: new Map(),
  };
}
