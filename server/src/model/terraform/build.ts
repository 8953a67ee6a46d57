/**
 * Builds the format-neutral network model from Terraform resources (AWS provider), whichever
 * input they came from. Elements are created first, one per resource, then linked through
 * resolved references or known ids. Semantics follow the CloudFormation builder, except where
 * Terraform differs: a VPC's main route table and default NACL can be managed
 * (`aws_default_route_table`, `aws_main_route_table_association`, `aws_default_network_acl`), so
 * their routes and entries count.
 */
import { spanOf, type Where } from '../../read/node.js';
import { keepShape } from '../../read/keepShape.js';
import {
  emptyModel,
  Kind,
  known,
  unknown,
  type ApiMethod,
  type Compute,
  type ElasticIp,
  type GroupSet,
  type InternetGateway,
  type LoadBalancer,
  type NetworkAcl,
  type NetworkAclEntry,
  type NetworkInterface,
  type NetworkModel,
  type Origin,
  type Route,
  type RouteTable,
  type RouteTargetKind,
  type RuleSource,
  type SecurityGroup,
  type Site,
  type Subnet,
  type Tri,
  type Vpc,
  type VpcLink,
} from '../types.js';
import { isEmptyValue, type TfBody, type TfProblem, type TfResource, type TfTarget, type TfVal } from './source.js';
import { addIgnored, IGNORE_NOTE, ignoredAbove } from '../suppressionComments.js';

export enum TfType {
  Vpc = 'aws_vpc',
  Subnet = 'aws_subnet',
  RouteTable = 'aws_route_table',
  DefaultRouteTable = 'aws_default_route_table',
  Route = 'aws_route',
  RouteTableAssociation = 'aws_route_table_association',
  MainRouteTableAssociation = 'aws_main_route_table_association',
  InternetGateway = 'aws_internet_gateway',
  InternetGatewayAttachment = 'aws_internet_gateway_attachment',
  NatGateway = 'aws_nat_gateway',
  EgressOnlyGateway = 'aws_egress_only_internet_gateway',
  Eip = 'aws_eip',
  EipAssociation = 'aws_eip_association',
  Instance = 'aws_instance',
  NetworkInterface = 'aws_network_interface',
  NetworkInterfaceAttachment = 'aws_network_interface_attachment',
  LaunchTemplate = 'aws_launch_template',
  LaunchConfiguration = 'aws_launch_configuration',
  AutoScalingGroup = 'aws_autoscaling_group',
  SecurityGroup = 'aws_security_group',
  DefaultSecurityGroup = 'aws_default_security_group',
  SecurityGroupRule = 'aws_security_group_rule',
  SecurityGroupIngressRule = 'aws_vpc_security_group_ingress_rule',
  NetworkAcl = 'aws_network_acl',
  DefaultNetworkAcl = 'aws_default_network_acl',
  NetworkAclRule = 'aws_network_acl_rule',
  NetworkAclAssociation = 'aws_network_acl_association',
  FlowLog = 'aws_flow_log',
  Lb = 'aws_lb',
  Alb = 'aws_alb',
  RestVpcLink = 'aws_api_gateway_vpc_link',
  HttpVpcLink = 'aws_apigatewayv2_vpc_link',
  RestMethod = 'aws_api_gateway_method',
  HttpRoute = 'aws_apigatewayv2_route',
}

const PROTOCOL_NAMES: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6', all: '-1' };

/** Marks "the VPC's default security group" when a reference reads `aws_vpc.x.default_security_group_id`. */
const DEFAULT_GROUP = Symbol('default security group');

interface Entry {
  res: TfResource;
  element?: unknown;
  /** The resource as an origin, made once when first needed (see {@link TfBuilder.originOf}). */
  origin?: Origin;
}

/** One candidate a reference may resolve to. */
interface Candidate {
  entry: Entry;
  attr?: string;
}

/** One item of a reference-valued attribute: the resources it may be, or why it cannot be told. */
type Lookup = { ok: true; candidates: Candidate[]; at?: Where } | { ok: false; reason: string; at?: Where };

/** The lookups of an attribute that is not set: shared, never changed. */
const NO_LOOKUPS: readonly Lookup[] = Object.freeze([]);

/** A single-valued link with its alternatives (a reference to a resource with `count` may be any instance). */
interface Alt<T> {
  value: Tri<T>;
  when: string[];
}

/** The origin of an inline rule: its group, pointing at the rule's block. */
function inGroup(sg: SecurityGroup, site: Site): Origin {
  return { file: sg.origin.file, range: site.range, id: sg.origin.id, type: sg.origin.type };
}

export function buildTerraformModel(resources: TfResource[], problems: TfProblem[] = []): NetworkModel {
  return new TfBuilder(resources, problems).build();
}

class TfBuilder {
  private readonly model = emptyModel();
  /** One per resource, in order. */
  private readonly entries: Entry[] = [];
  /** The same entries at their resource's handle, which targets name them by. */
  private readonly byHandle: (Entry | undefined)[] = [];
  /** Elements by their known cloud id (`vpc-0abc…`), for plans of existing infrastructure. */
  private readonly byId = new Map<string, Candidate>();
  private readonly pendingEips: { eip: ElasticIp; target: readonly Lookup[]; eni: boolean }[] = [];
  private readonly managedDefaultAcls = new Set<NetworkAcl>();

  constructor(
    private readonly resources: TfResource[],
    private readonly problems: TfProblem[],
  ) {}

  build(): NetworkModel {
    for (const res of this.resources) {
      const e: Entry = { res };
      this.entries.push(e);
      this.byHandle[res.handle] = e;
    }
    for (const e of this.entries) this.create(e);
    for (const res of this.resources) this.readSuppressions(res);
    for (const entry of this.entries) this.indexIds(entry);
    const order: string[] = [
      TfType.DefaultRouteTable,
      TfType.MainRouteTableAssociation,
      TfType.InternetGateway,
      TfType.InternetGatewayAttachment,
      TfType.Subnet,
      TfType.RouteTable,
      TfType.Route,
      TfType.RouteTableAssociation,
      TfType.NatGateway,
      TfType.EgressOnlyGateway,
      TfType.SecurityGroup,
      TfType.DefaultSecurityGroup,
      TfType.SecurityGroupRule,
      TfType.SecurityGroupIngressRule,
      TfType.NetworkAcl,
      TfType.DefaultNetworkAcl,
      TfType.NetworkAclRule,
      TfType.NetworkAclAssociation,
      TfType.NetworkInterface,
      TfType.Instance,
      TfType.NetworkInterfaceAttachment,
      TfType.Eip,
      TfType.EipAssociation,
      TfType.AutoScalingGroup,
      TfType.FlowLog,
      TfType.Lb,
      TfType.Alb,
      TfType.RestVpcLink,
      TfType.HttpVpcLink,
      TfType.RestMethod,
      TfType.HttpRoute,
    ];
    const byType = new Map<string, Entry[]>();
    for (const e of this.entries) {
      const list = byType.get(e.res.type) ?? [];
      list.push(e);
      byType.set(e.res.type, list);
    }
    for (const type of order) for (const e of byType.get(type) ?? []) this.link(e);
    this.attachPendingEips();
    // Subnets with no NACL association use their VPC's default NACL; when the code manages it,
    // its entries decide.
    for (const acl of this.managedDefaultAcls) {
      for (const s of acl.vpc?.subnets ?? []) s.networkAcl ??= acl;
    }
    for (const p of this.problems) this.model.problems.push({ code: p.code, message: p.message, site: { file: p.file, range: p.lines.range(p.span) } });
    return this.model;
  }

  // ── helpers ────────────────────────────────────────────────────────────────

  /**
   * `# vpc-lint-ignore slug…` (or `//`) comment lines right above the block in HCL, and a
   * `"//": "vpc-lint-ignore slug…"` key in the resource's object in JSON syntax (Terraform ignores
   * `"//"` keys). No slug means every rule.
   */
  private readSuppressions(res: TfResource): void {
    // Made only when there may be some: most resources have none.
    let slugs: Set<string> | undefined;
    if (res.comments) ignoredAbove(res.lines, spanOf(res.at)[0], /^\s*(?:#|\/\/)/, (slugs = new Set()));
    const note = res.body.attr('//');
    if (note.state === 'known' && typeof note.value === 'string') {
      const m = IGNORE_NOTE.exec(note.value);
      if (m) addIgnored(m[1]!, (slugs ??= new Set()));
    }
    if (slugs?.size) this.model.suppressions.set(res.address, slugs);
  }

  /** The resource as a model element's origin; `at` points into it (an inline block) instead of at its header. */
  private origin(res: TfResource, at?: Where): Origin {
    return { file: res.file, range: res.lines.lazyRange(at ?? res.at), id: res.address, type: res.type };
  }

  /** The origin of an entry's elements: one object per resource, made when first needed. */
  private originOf(e: Entry): Origin {
    return (e.origin ??= this.origin(e.res));
  }

  /** A place in the resource, with the resource's address: an association, an attachment. */
  private idSite(res: TfResource, at: Where | undefined): Site & { id: string } {
    return { file: res.file, range: res.lines.lazyRange(at ?? res.at), id: res.address };
  }

  private site(res: TfResource, at: Where | undefined): Site {
    return { file: res.file, range: res.lines.lazyRange(at ?? res.at) };
  }

  private str(res: TfResource, v: TfVal, dflt?: string): Tri<string> {
    if (v.state === 'known') return typeof v.value === 'object' ? unknown('the value is not a string', this.site(res, v.at)) : known(String(v.value), this.site(res, v.at));
    if (v.state === 'unknown') return unknown(v.reason, this.site(res, v.at));
    return dflt === undefined ? unknown('not given') : known(dflt);
  }

  private num(res: TfResource, v: TfVal, dflt?: number): Tri<number> {
    if (v.state === 'known') {
      const n = typeof v.value === 'number' ? v.value : typeof v.value === 'string' && v.value.trim() !== '' ? Number(v.value) : NaN;
      return Number.isNaN(n) ? unknown(`${JSON.stringify(v.value)} is not a number`, this.site(res, v.at)) : known(n, this.site(res, v.at));
    }
    if (v.state === 'unknown') return unknown(v.reason, this.site(res, v.at));
    return dflt === undefined ? unknown('not given') : known(dflt);
  }

  /** A boolean, or undefined when not set (the provider's default applies). */
  private bool(res: TfResource, v: TfVal): Tri<boolean> | undefined {
    if (v.state === 'absent') return undefined;
    const site = this.site(res, v.at);
    if (v.state === 'unknown') return unknown(v.reason, site);
    if (v.value === true || v.value === 'true') return known(true, site);
    if (v.value === false || v.value === 'false') return known(false, site);
    return unknown(`${JSON.stringify(v.value)} is not a boolean`, site);
  }

  /** The items of a list of references or ids, each resolved to the resources it may be. */
  private lookups(v: TfVal): readonly Lookup[] {
    if (v.state !== 'absent' && v.items) {
      if (v.items.length === 1) return this.lookups(v.items[0]!);
      const out: Lookup[] = [];
      for (const i of v.items) for (const l of this.lookups(i)) out.push(l);
      return out;
    }
    if (v.state === 'absent' && v.targets.length === 0) return NO_LOOKUPS;
    if (v.state === 'known') {
      const values = Array.isArray(v.value) ? v.value : [v.value];
      const out: Lookup[] = [];
      let missing: string | undefined;
      for (const item of values) {
        if (isEmptyValue(item)) continue;
        const hit = typeof item === 'string' ? this.byId.get(item) : undefined;
        if (hit) out.push({ ok: true, candidates: [hit], at: v.at });
        else {
          missing ??= `${typeof item === 'string' ? item : JSON.stringify(item)} is not declared here`;
          out.push({ ok: false, reason: missing, at: v.at });
        }
      }
      // An id that matches nothing may still come from a referenced resource (a plan of existing
      // infrastructure whose ids the referenced resources do not show).
      if (missing === undefined || v.targets.length === 0) return out;
    }
    if (v.targets.length > 0) {
      // Lists are made at their size: a push onto an empty list reserves room for seventeen.
      const targets = v.targets;
      const out = new Array<Lookup>(targets.length);
      for (let i = 0; i < targets.length; i++) out[i] = this.lookupOf(targets[i]!, v.at);
      return out;
    }
    if (v.state === 'unknown') return [{ ok: false, reason: v.reason, at: v.at }];
    return [];
  }

  /** The resources one target may be. */
  private lookupOf(t: TfTarget, at: Where | undefined): Lookup {
    const handles = t.handles;
    let candidates: Candidate[];
    if (handles.length === 1) {
      const entry = this.byHandle[handles[0]!];
      candidates = entry !== undefined ? [{ entry, attr: t.attr }] : [];
    } else {
      candidates = [];
      for (const h of handles) {
        const entry = this.byHandle[h];
        if (entry !== undefined) candidates.push({ entry, attr: t.attr });
      }
    }
    return candidates.length > 0 ? { ok: true, candidates, at } : { ok: false, reason: `${t.text} is not declared here`, at };
  }

  /** The model element a candidate stands for, when it is of the wanted kind. */
  private elementOf(c: Candidate, kind: Kind): unknown {
    const el = c.entry.element as { kind?: Kind } | undefined;
    if (!el) return undefined;
    if (el.kind === Kind.Vpc) {
      const vpc = el as Vpc;
      if (kind === Kind.RouteTable && (c.attr === 'main_route_table_id' || c.attr === 'default_route_table_id')) return vpc.mainRouteTable;
      if (kind === Kind.NetworkAcl && c.attr === 'default_network_acl_id') return vpc.defaultNacl;
      if (kind === Kind.SecurityGroup && c.attr === 'default_security_group_id') return DEFAULT_GROUP;
    }
    return el.kind === kind ? el : undefined;
  }

  /** A link to the element a candidate stands for, known when it is of the wanted kind. */
  private linkTo<T>(c: Candidate, kind: Kind, site: Site): Tri<T> {
    const el = this.elementOf(c, kind);
    return el && el !== DEFAULT_GROUP ? known(el as T, site) : unknown(this.describeMismatch(c, kind), site);
  }

  private describeMismatch(c: Candidate, kind: Kind): string {
    return `${c.entry.res.address} is a ${c.entry.res.type}, not a ${kind} vpc-lint models`;
  }

  /** A single-valued link (a subnet id, a route table id) with one alternative per possible target. */
  private one<T>(res: TfResource, v: TfVal, kind: Kind, missing = 'not given'): Alt<T>[] {
    const looks = this.lookups(v);
    if (looks.length === 0) return [{ value: unknown(missing), when: [] }];
    const look = looks[0]!;
    const site = this.site(res, look.at);
    if (!look.ok) return [{ value: unknown(look.reason, site), when: [] }];
    const alts = new Array<Alt<T>>(look.candidates.length);
    for (let i = 0; i < alts.length; i++) {
      const c = look.candidates[i]!;
      const when = alts.length > 1 ? [`it is ${c.entry.res.address}`] : [];
      alts[i] = { value: this.linkTo<T>(c, kind, site), when };
    }
    return alts;
  }

  /** A single-valued link where several candidates cannot be told apart: known only if there is one. */
  private single<T>(res: TfResource, v: TfVal, kind: Kind, missing = 'not given'): Tri<T> {
    // Most links are a reference to one resource declared here: what one() would find, without
    // the lists it makes on the way.
    if (v.state === 'unknown' && v.items === undefined && v.targets.length > 0 && v.targets[0]!.handles.length === 1) {
      const t = v.targets[0]!;
      const entry = this.byHandle[t.handles[0]!];
      if (entry !== undefined) return this.linkTo<T>({ entry, attr: t.attr }, kind, this.site(res, v.at));
    }
    const alts = this.one<T>(res, v, kind, missing);
    if (alts.length === 1) return alts[0]!.value;
    return unknown(`it is one of ${alts.map((a) => (a.when[0] ?? '').replace(/^it is /, '')).join(', ')}`, alts[0]!.value.site);
  }

  private element<T>(e: Entry): T {
    return e.element as T;
  }

  private indexIds(e: Entry): void {
    const el = e.element as { kind?: Kind } | undefined;
    if (!el) return;
    const id = e.res.body.attr('id');
    if (id.state === 'known' && typeof id.value === 'string' && id.value !== '') this.byId.set(id.value, { entry: e });
    if (el.kind === Kind.Vpc) {
      for (const attr of ['main_route_table_id', 'default_route_table_id', 'default_network_acl_id', 'default_security_group_id']) {
        const v = e.res.body.attr(attr);
        if (v.state === 'known' && typeof v.value === 'string' && v.value !== '') this.byId.set(v.value, { entry: e, attr });
      }
    }
    // A launch template is looked up by name as well as by id.
    if (e.res.type === TfType.LaunchTemplate || e.res.type === TfType.LaunchConfiguration) {
      const name = e.res.body.attr('name');
      if (name.state === 'known' && typeof name.value === 'string') this.byId.set(name.value, { entry: e });
    }
  }

  // ── pass 1 ─────────────────────────────────────────────────────────────────

  private create(e: Entry): void {
    const res = e.res;
    const when = res.when;
    const b = res.body;
    switch (res.type) {
      case TfType.Vpc: {
        const vpc: Vpc = { kind: Kind.Vpc, origin: this.originOf(e), when, cidrs: [this.str(res, b.attr('cidr_block'))], internetGateways: [], flowLogs: [], subnets: [] };
        // Until the code manages it, the main table holds the local route only.
        vpc.mainRouteTable = { kind: Kind.RouteTable, origin: this.originOf(e), vpc, routes: [], main: true };
        vpc.defaultNacl = { kind: Kind.NetworkAcl, origin: this.originOf(e), vpc, entries: [], implicitDefault: true };
        this.model.vpcs.push(vpc);
        e.element = vpc;
        return;
      }
      case TfType.Subnet: {
        const subnet: Subnet = {
          kind: Kind.Subnet, origin: this.originOf(e), when,
          mapPublicIpOnLaunch: this.bool(res, b.attr('map_public_ip_on_launch')) ?? known(false),
          assignIpv6OnCreation: this.bool(res, b.attr('assign_ipv6_address_on_creation')) ?? known(false),
          flowLogs: [],
          cidr: this.str(res, b.attr('cidr_block')),
        };
        this.model.subnets.push(subnet);
        e.element = subnet;
        return;
      }
      case TfType.RouteTable:
      case TfType.DefaultRouteTable: {
        const rt: RouteTable = { kind: Kind.RouteTable, origin: this.originOf(e), when, routes: [], main: res.type === TfType.DefaultRouteTable };
        this.model.routeTables.push(rt);
        e.element = rt;
        return;
      }
      case TfType.InternetGateway: {
        const igw: InternetGateway = { kind: Kind.InternetGateway, origin: this.originOf(e), when, vpcs: [], attachmentSites: [] };
        this.model.internetGateways.push(igw);
        e.element = igw;
        return;
      }
      case TfType.EgressOnlyGateway:
        e.element = { kind: Kind.EgressOnlyGateway, origin: this.originOf(e), when };
        return;
      case TfType.NatGateway: {
        const nat = { kind: Kind.NatGateway as const, origin: this.originOf(e), when };
        this.model.natGateways.push(nat);
        e.element = nat;
        return;
      }
      case TfType.SecurityGroup:
      case TfType.DefaultSecurityGroup: {
        const sg: SecurityGroup = { kind: Kind.SecurityGroup, origin: this.originOf(e), when, ingress: [] };
        this.model.securityGroups.push(sg);
        e.element = sg;
        return;
      }
      case TfType.NetworkAcl:
      case TfType.DefaultNetworkAcl: {
        const acl: NetworkAcl = { kind: Kind.NetworkAcl, origin: this.originOf(e), when, entries: [], implicitDefault: false };
        this.model.networkAcls.push(acl);
        e.element = acl;
        return;
      }
      case TfType.Eip: {
        const eip: ElasticIp = { kind: Kind.ElasticIp, origin: this.originOf(e), when };
        this.model.elasticIps.push(eip);
        e.element = eip;
        return;
      }
      case TfType.NetworkInterface: {
        // Linked in pass 2; created now so that instances and EIPs can find it.
        const eni: NetworkInterface = { kind: Kind.NetworkInterface, origin: this.originOf(e), when, subnet: unknown('not linked'), securityGroups: { groups: [], defaultGroup: true }, elasticIps: [] };
        this.model.networkInterfaces.push(eni);
        e.element = eni;
        return;
      }
      case TfType.Instance: {
        const compute: Compute = { kind: Kind.Compute, origin: this.originOf(e), when, computeKind: 'instance', placements: [] };
        this.model.computes.push(compute);
        e.element = compute;
        return;
      }
      case TfType.LaunchTemplate:
      case TfType.LaunchConfiguration:
        e.element = { kind: 'launch', res };
        return;
      case TfType.Lb:
      case TfType.Alb: {
        const lb: LoadBalancer = { kind: Kind.LoadBalancer, origin: this.originOf(e), when, scheme: known('internet-facing'), lbType: known('application'), subnets: [] };
        this.model.loadBalancers.push(lb);
        e.element = lb;
        return;
      }
      default:
        return;
    }
  }

  // ── pass 2 ─────────────────────────────────────────────────────────────────

  private link(e: Entry): void {
    const res = e.res;
    const when = res.when;
    const b = res.body;
    switch (res.type) {
      case TfType.DefaultRouteTable: {
        const rt = this.element<RouteTable>(e);
        this.addInlineRoutes(res, rt, b);
        const vpc = this.single<RouteTable>(res, b.attr('default_route_table_id'), Kind.RouteTable);
        const owner = vpc.known ? vpc.value.vpc : undefined;
        if (owner) this.makeMain(owner, rt);
        return;
      }
      case TfType.MainRouteTableAssociation: {
        const vpc = this.single<Vpc>(res, b.attr('vpc_id'), Kind.Vpc);
        const rt = this.single<RouteTable>(res, b.attr('route_table_id'), Kind.RouteTable);
        if (vpc.known && rt.known) this.makeMain(vpc.value, rt.value);
        return;
      }
      case TfType.InternetGateway: {
        const igw = this.element<InternetGateway>(e);
        const v = b.attr('vpc_id');
        const vpc = this.single<Vpc>(res, v, Kind.Vpc);
        if (vpc.known) this.attach(igw, vpc.value, this.idSite(res, v.at));
        // Attached to a VPC the code does not fix: it may be this one. Never assume not.
        else if (v.state !== 'absent' || v.targets.length > 0) igw.unknownAttachment = `the VPC of ${res.address} (${vpc.reason})`;
        return;
      }
      case TfType.InternetGatewayAttachment: {
        const vpc = this.single<Vpc>(res, b.attr('vpc_id'), Kind.Vpc);
        const igw = this.single<InternetGateway>(res, b.attr('internet_gateway_id'), Kind.InternetGateway);
        if (vpc.known && igw.known) this.attach(igw.value, vpc.value, this.idSite(res, res.at));
        else if (igw.known) igw.value.unknownAttachment = `the VPC of attachment ${res.address} (${vpc.known ? 'unknown' : vpc.reason})`;
        return;
      }
      case TfType.Subnet: {
        const subnet = this.element<Subnet>(e);
        const vpc = this.single<Vpc>(res, b.attr('vpc_id'), Kind.Vpc);
        if (vpc.known) {
          subnet.vpc = vpc.value;
          vpc.value.subnets.push(subnet);
        }
        return;
      }
      case TfType.RouteTable: {
        const rt = this.element<RouteTable>(e);
        const vpc = this.single<Vpc>(res, b.attr('vpc_id'), Kind.Vpc);
        if (vpc.known) rt.vpc = vpc.value;
        this.addInlineRoutes(res, rt, b);
        return;
      }
      case TfType.Route: {
        const tables = this.one<RouteTable>(res, b.attr('route_table_id'), Kind.RouteTable);
        for (const t of tables) {
          const route = this.route(res, b, this.originOf(e), when);
          if (t.value.known) {
            route.table = t.value.value;
            t.value.value.routes.push(route);
          }
        }
        return;
      }
      case TfType.RouteTableAssociation: {
        const subnet = this.single<Subnet>(res, b.attr('subnet_id'), Kind.Subnet);
        const rt = this.single<RouteTable>(res, b.attr('route_table_id'), Kind.RouteTable);
        if (subnet.known && rt.known) {
          subnet.value.routeTable = rt.value;
          subnet.value.routeTableAssociation = this.idSite(res, res.at);
        }
        return;
      }
      case TfType.NatGateway: {
        const subnet = this.single<Subnet>(res, b.attr('subnet_id'), Kind.Subnet);
        if (subnet.known) this.element<{ subnet?: Subnet }>(e).subnet = subnet.value;
        return;
      }
      case TfType.EgressOnlyGateway: {
        const vpc = this.single<Vpc>(res, b.attr('vpc_id'), Kind.Vpc);
        if (vpc.known) this.element<{ vpc?: Vpc }>(e).vpc = vpc.value;
        return;
      }
      case TfType.SecurityGroup:
      case TfType.DefaultSecurityGroup: {
        const sg = this.element<SecurityGroup>(e);
        const vpc = this.single<Vpc>(res, b.attr('vpc_id'), Kind.Vpc);
        if (vpc.known) sg.vpc = vpc.value;
        const ingress = b.blocks('ingress');
        for (const item of ingress.items) this.addIngress(sg, res, item, when, false);
        if (ingress.unknown !== undefined) {
          sg.ingress.push(this.unknownRule(sg, res, ingress.unknown, ingress.at, when, false));
        }
        return;
      }
      case TfType.SecurityGroupRule: {
        const type = b.attr('type');
        if (type.state === 'known' && type.value !== 'ingress') return;
        for (const g of this.one<SecurityGroup>(res, b.attr('security_group_id'), Kind.SecurityGroup)) {
          if (!g.value.known) continue;
          const w = [...(when ?? []), ...g.when];
          if (type.state === 'known') this.addIngress(g.value.value, res, b, w.length ? w : undefined, true);
          else g.value.value.ingress.push(this.unknownRule(g.value.value, res, `whether ${res.address} is an ingress rule (${type.state === 'unknown' ? type.reason : 'no type'})`, type.at, when, true));
        }
        return;
      }
      case TfType.SecurityGroupIngressRule: {
        for (const g of this.one<SecurityGroup>(res, b.attr('security_group_id'), Kind.SecurityGroup)) {
          if (!g.value.known) continue;
          const w = [...(when ?? []), ...g.when];
          this.addVpcIngressRule(g.value.value, res, b, w.length ? w : undefined);
        }
        return;
      }
      case TfType.NetworkAcl:
      case TfType.DefaultNetworkAcl: {
        const acl = this.element<NetworkAcl>(e);
        if (res.type === TfType.DefaultNetworkAcl) {
          const dflt = this.single<NetworkAcl>(res, b.attr('default_network_acl_id'), Kind.NetworkAcl);
          const vpc = dflt.known ? dflt.value.vpc : undefined;
          if (vpc) {
            acl.vpc = vpc;
            vpc.defaultNacl = acl;
            this.managedDefaultAcls.add(acl);
          }
        } else {
          const vpc = this.single<Vpc>(res, b.attr('vpc_id'), Kind.Vpc);
          if (vpc.known) acl.vpc = vpc.value;
        }
        for (const [name, egress] of [['ingress', false], ['egress', true]] as const) {
          const blocks = b.blocks(name);
          for (const item of blocks.items) acl.entries.push(this.aclEntry(res, acl, item, egress, when, true));
          if (blocks.unknown !== undefined) acl.entries.push(this.unknownAclEntry(res, acl, egress, blocks.unknown, blocks.at, when));
        }
        const subnets = b.attr('subnet_ids');
        for (const look of this.lookups(subnets)) {
          if (!look.ok || look.candidates.length !== 1) continue;
          const subnet = this.elementOf(look.candidates[0]!, Kind.Subnet) as Subnet | undefined;
          if (!subnet) continue;
          subnet.networkAcl = acl;
          subnet.networkAclAssociation = this.idSite(res, subnets.at);
        }
        return;
      }
      case TfType.NetworkAclRule: {
        for (const a of this.one<NetworkAcl>(res, b.attr('network_acl_id'), Kind.NetworkAcl)) {
          if (!a.value.known) continue;
          const egress = this.bool(res, b.attr('egress'));
          const w = [...(when ?? []), ...a.when];
          const entry = this.aclEntry(res, a.value.value, b, egress?.known === true && egress.value, w.length ? w : undefined, false);
          a.value.value.entries.push(entry);
        }
        return;
      }
      case TfType.NetworkAclAssociation: {
        const subnet = this.single<Subnet>(res, b.attr('subnet_id'), Kind.Subnet);
        const acl = this.single<NetworkAcl>(res, b.attr('network_acl_id'), Kind.NetworkAcl);
        if (subnet.known && acl.known) {
          subnet.value.networkAcl = acl.value;
          subnet.value.networkAclAssociation = this.idSite(res, res.at);
        }
        return;
      }
      case TfType.NetworkInterface: {
        const eni = this.element<NetworkInterface>(e);
        eni.subnet = this.single<Subnet>(res, b.attr('subnet_id'), Kind.Subnet, 'the network interface names no subnet');
        eni.securityGroups = this.groups(res, [b.attr('security_groups')]);
        eni.ipv6 = this.ipv6(res, b);
        return;
      }
      case TfType.Instance:
        return this.linkInstance(e);
      case TfType.NetworkInterfaceAttachment: {
        const compute = this.single<Compute>(res, b.attr('instance_id'), Kind.Compute);
        const eni = this.single<NetworkInterface>(res, b.attr('network_interface_id'), Kind.NetworkInterface);
        if (compute.known && eni.known) this.attachEni(compute.value, eni.value);
        return;
      }
      case TfType.Eip: {
        const eip = this.element<ElasticIp>(e);
        const inst = b.attr('instance');
        const eni = b.attr('network_interface');
        if (inst.state !== 'absent' || inst.targets.length) {
          eip.associationSite = this.idSite(res, inst.at);
          this.pendingEips.push({ eip, target: this.lookups(inst), eni: false });
        } else if (eni.state !== 'absent' || eni.targets.length) {
          eip.associationSite = this.idSite(res, eni.at);
          this.pendingEips.push({ eip, target: this.lookups(eni), eni: true });
        }
        return;
      }
      case TfType.EipAssociation: {
        const alloc = this.single<ElasticIp>(res, b.attr('allocation_id'), Kind.ElasticIp);
        const eip: ElasticIp = alloc.known ? alloc.value : { kind: Kind.ElasticIp, origin: this.originOf(e), when };
        eip.associationSite = this.idSite(res, res.at);
        const inst = b.attr('instance_id');
        const eni = b.attr('network_interface_id');
        if (inst.state !== 'absent' || inst.targets.length) this.pendingEips.push({ eip, target: this.lookups(inst), eni: false });
        else if (eni.state !== 'absent' || eni.targets.length) this.pendingEips.push({ eip, target: this.lookups(eni), eni: true });
        return;
      }
      case TfType.AutoScalingGroup:
        return this.linkAutoScalingGroup(e);
      case TfType.FlowLog: {
        const flow = { kind: Kind.FlowLog as const, origin: this.originOf(e), when };
        this.model.flowLogs.push(flow);
        for (const attr of ['vpc_id', 'subnet_id', 'resource_id']) {
          for (const look of this.lookups(b.attr(attr))) {
            if (!look.ok) continue;
            // A flow log on one of several possible targets proves nothing about a given one.
            if (look.candidates.length !== 1) continue;
            const el = look.candidates[0]!.entry.element as { kind?: Kind } | undefined;
            if (el?.kind === Kind.Vpc || el?.kind === Kind.Subnet) (el as Vpc | Subnet).flowLogs.push(flow);
          }
        }
        return;
      }
      case TfType.Lb:
      case TfType.Alb: {
        const lb = this.element<LoadBalancer>(e);
        const internal = this.bool(res, b.attr('internal'));
        if (internal) lb.scheme = internal.known ? known(internal.value ? 'internal' : 'internet-facing', internal.site) : unknown(internal.reason, internal.site);
        const type = b.attr('load_balancer_type');
        if (type.state !== 'absent') lb.lbType = this.str(res, type);
        const subnets: Tri<Subnet>[] = [];
        for (const look of this.lookups(b.attr('subnets'))) subnets.push(this.lookTri<Subnet>(res, look, Kind.Subnet));
        for (const m of b.blocks('subnet_mapping').items) subnets.push(this.single<Subnet>(res, m.attr('subnet_id'), Kind.Subnet));
        lb.subnets = subnets;
        return;
      }
      case TfType.RestVpcLink: {
        const link: VpcLink = {
          kind: Kind.VpcLink, origin: this.originOf(e), when, version: 'rest', subnets: [],
          targets: this.lookups(b.attr('target_arns')).map((l) => this.lookTri<LoadBalancer>(res, l, Kind.LoadBalancer)),
        };
        this.model.vpcLinks.push(link);
        return;
      }
      case TfType.HttpVpcLink: {
        const link: VpcLink = {
          kind: Kind.VpcLink, origin: this.originOf(e), when, version: 'http', targets: [],
          subnets: this.lookups(b.attr('subnet_ids')).map((l) => this.lookTri<Subnet>(res, l, Kind.Subnet)),
        };
        this.model.vpcLinks.push(link);
        return;
      }
      case TfType.RestMethod:
      case TfType.HttpRoute: {
        const rest = res.type === TfType.RestMethod;
        const auth = b.attr(rest ? 'authorization' : 'authorization_type');
        const method: ApiMethod = {
          kind: Kind.ApiMethod, origin: this.originOf(e), when,
          httpMethod: rest ? this.str(res, b.attr('http_method')) : this.routeMethod(res, b.attr('route_key')),
          authorizationType: this.str(res, auth, 'NONE'),
          apiKeyRequired: this.bool(res, b.attr('api_key_required')) ?? known(false),
          authorizationSite: auth.state !== 'absent' ? this.site(res, auth.at) : undefined,
        };
        this.model.apiMethods.push(method);
        return;
      }
      default:
        return;
    }
  }

  private lookTri<T>(res: TfResource, look: Lookup, kind: Kind): Tri<T> {
    const site = this.site(res, look.at);
    if (!look.ok) return unknown(look.reason, site);
    if (look.candidates.length !== 1) return unknown(`it is one of ${look.candidates.map((c) => c.entry.res.address).join(', ')}`, site);
    return this.linkTo<T>(look.candidates[0]!, kind, site);
  }

  private routeMethod(res: TfResource, v: TfVal): Tri<string> {
    const key = this.str(res, v);
    if (!key.known) return key;
    return known(key.value.split(' ')[0] ?? key.value, key.site);
  }

  private makeMain(vpc: Vpc, rt: RouteTable): void {
    // Routes already added to the implicit main table (aws_route on main_route_table_id) move with it.
    const previous = vpc.mainRouteTable;
    if (previous && previous !== rt && previous.origin === vpc.origin) {
      for (const r of previous.routes) {
        r.table = rt;
        rt.routes.push(r);
      }
      previous.routes = [];
    }
    rt.main = true;
    rt.vpc ??= vpc;
    vpc.mainRouteTable = rt;
  }

  private attach(igw: InternetGateway, vpc: Vpc, site: Site & { id: string }): void {
    if (!igw.vpcs.includes(vpc)) igw.vpcs.push(vpc);
    igw.attachmentSites.push(site);
    if (!vpc.internetGateways.includes(igw)) vpc.internetGateways.push(igw);
  }

  private addInlineRoutes(res: TfResource, rt: RouteTable, b: TfBody): void {
    const routes = b.blocks('route');
    for (const item of routes.items) {
      const route = this.route(res, item, this.origin(res, item.at), res.when);
      route.table = rt;
      rt.routes.push(route);
    }
    if (routes.unknown !== undefined) {
      rt.routes.push({
        kind: Kind.Route, origin: this.origin(res, routes.at), when: res.when, table: rt,
        destination: unknown(routes.unknown), target: 'unknown', targetReason: routes.unknown,
      });
    }
  }

  /** A route from an `aws_route` resource or an inline `route` block (their attribute names differ). */
  private route(res: TfResource, b: TfBody, origin: Origin, when: string[] | undefined): Route {
    const inline = res.type !== TfType.Route;
    const dest4 = b.attr(inline ? 'cidr_block' : 'destination_cidr_block');
    const dest6 = b.attr(inline ? 'ipv6_cidr_block' : 'destination_ipv6_cidr_block');
    const prefix = b.attr(inline ? 'destination_prefix_list_id' : 'destination_prefix_list_id');
    const set = (v: TfVal) => v.state === 'unknown' || (v.state === 'known' && !isEmptyValue(v.value)) || v.targets.length > 0;
    const destination: Tri<string> = set(dest4)
      ? this.str(res, dest4)
      : set(dest6)
        ? this.str(res, dest6)
        : set(prefix)
          ? unknown('the destination is a managed prefix list')
          : unknown('no destination is given');
    let target: RouteTargetKind = 'unknown';
    let internetGateway: InternetGateway | undefined;
    let targetReason: string | undefined;
    const gw = b.attr('gateway_id');
    if (set(gw)) {
      const v = gw.state === 'known' && typeof gw.value === 'string' ? gw.value : undefined;
      const looks = this.lookups(gw);
      const look = looks[0];
      const kinds = look?.ok ? look.candidates.map((c) => (c.entry.element as { kind?: Kind } | undefined)?.kind) : [];
      if (look?.ok && kinds.every((k) => k === Kind.InternetGateway)) {
        target = 'internet-gateway';
        if (look.candidates.length === 1) internetGateway = look.candidates[0]!.entry.element as InternetGateway;
      } else if (look?.ok && kinds.every((k) => k !== Kind.InternetGateway)) target = 'other'; // a virtual private gateway
      else if (v === 'local') target = 'local';
      else if (v?.startsWith('igw-')) target = 'internet-gateway';
      else if (v?.startsWith('vgw-')) target = 'other';
      else targetReason = `gateway_id: ${look && !look.ok ? look.reason : gw.state === 'unknown' ? gw.reason : 'it may be an Internet Gateway or not'}`;
    } else if (set(b.attr('nat_gateway_id'))) target = 'nat-gateway';
    else if (set(b.attr(inline ? 'egress_only_gateway_id' : 'egress_only_gateway_id'))) target = 'egress-only-gateway';
    else if (set(b.attr('transit_gateway_id'))) target = 'transit-gateway';
    else if (set(b.attr('vpc_peering_connection_id'))) target = 'vpc-peering';
    else if (set(b.attr('vpc_endpoint_id'))) target = 'vpc-endpoint';
    else if (set(b.attr('network_interface_id'))) target = 'network-interface';
    else if (set(b.attr('instance_id'))) target = 'instance';
    else if (set(b.attr('carrier_gateway_id')) || set(b.attr('local_gateway_id')) || set(b.attr('core_network_arn'))) target = 'other';
    else targetReason = 'no target is given';
    return { kind: Kind.Route, origin, when, destination, target, internetGateway, targetReason };
  }

  private protocol(res: TfResource, v: TfVal): Tri<string> {
    const p = this.str(res, v);
    return p.known ? known(PROTOCOL_NAMES[p.value.toLowerCase()] ?? p.value.toLowerCase(), p.site) : p;
  }

  private stringItems(v: TfVal): { values: string[]; unknown?: string } {
    if (v.state !== 'absent' && v.items) {
      const values: string[] = [];
      let unknown: string | undefined;
      for (const i of v.items) {
        const part = this.stringItems(i);
        for (const s of part.values) values.push(s);
        unknown ??= part.unknown;
      }
      return { values, unknown };
    }
    if (v.state === 'unknown') return { values: [], unknown: v.reason };
    if (v.state !== 'known') return { values: [] };
    const items = Array.isArray(v.value) ? v.value : [v.value];
    const out: string[] = [];
    let bad: string | undefined;
    for (const i of items) {
      if (typeof i === 'string' && i !== '') out.push(i);
      else if (i !== null && i !== '') bad = `${JSON.stringify(i)} is not a CIDR`;
    }
    return { values: out, unknown: bad };
  }

  /**
   * Inline `ingress` blocks and `aws_security_group_rule`: one model rule per source (each CIDR,
   * each IPv6 CIDR, each group, each prefix list, `self`).
   */
  private addIngress(sg: SecurityGroup, res: TfResource, b: TfBody, when: string[] | undefined, standalone: boolean): void {
    const sources: RuleSource[] = [];
    const reasons: string[] = [];
    for (const attr of ['cidr_blocks', 'ipv6_cidr_blocks']) {
      const items = this.stringItems(b.attr(attr));
      for (const c of items.values) sources.push({ kind: 'cidr', cidr: c });
      if (items.unknown !== undefined) reasons.push(items.unknown);
    }
    for (const attr of ['prefix_list_ids']) {
      const v = b.attr(attr);
      const items = this.stringItems(v);
      for (const id of items.values) sources.push({ kind: 'prefix-list', id });
      if (items.unknown !== undefined) sources.push({ kind: 'prefix-list', id: v.targets[0]?.text ?? 'a prefix list' });
    }
    for (const attr of standalone ? ['source_security_group_id'] : ['security_groups']) {
      for (const look of this.lookups(b.attr(attr))) {
        const c = look.ok ? look.candidates[0] : undefined;
        const group = c ? (this.elementOf(c, Kind.SecurityGroup) as SecurityGroup | undefined) : undefined;
        sources.push({ kind: 'security-group', id: c?.entry.res.address ?? 'a security group', group: group && (group as unknown) !== DEFAULT_GROUP ? group : undefined });
      }
    }
    const self = this.bool(res, b.attr('self'));
    if (self?.known && self.value) sources.push({ kind: 'security-group', id: sg.origin.id, group: sg });
    for (const r of reasons) sources.push({ kind: 'unknown', reason: r });
    if (sources.length === 0) sources.push({ kind: 'unknown', reason: 'the rule names no source' });
    const site = standalone ? this.site(res, res.at) : this.site(res, b.at);
    const origin = standalone ? this.origin(res) : inGroup(sg, site);
    for (const source of sources) {
      sg.ingress.push({
        kind: Kind.SecurityGroupRule, origin, when, group: sg,
        protocol: this.protocol(res, b.attr('protocol')),
        fromPort: this.num(res, b.attr('from_port'), -1),
        toPort: this.num(res, b.attr('to_port'), -1),
        source, site, ownId: standalone ? res.address : undefined,
      });
    }
  }

  private addVpcIngressRule(sg: SecurityGroup, res: TfResource, b: TfBody, when: string[] | undefined): void {
    let source: RuleSource;
    const c4 = b.attr('cidr_ipv4');
    const c6 = b.attr('cidr_ipv6');
    const ref = b.attr('referenced_security_group_id');
    const prefix = b.attr('prefix_list_id');
    const given = (v: TfVal) => v.state !== 'absent' || v.targets.length > 0;
    if (given(c4) || given(c6)) {
      const c = this.str(res, given(c4) ? c4 : c6);
      source = c.known ? { kind: 'cidr', cidr: c.value } : { kind: 'unknown', reason: c.reason };
    } else if (given(ref)) {
      const look = this.lookups(ref)[0];
      const cand = look?.ok ? look.candidates[0] : undefined;
      const group = cand ? (this.elementOf(cand, Kind.SecurityGroup) as SecurityGroup | undefined) : undefined;
      source = { kind: 'security-group', id: cand?.entry.res.address ?? (ref.state === 'known' ? String(ref.value) : 'a security group'), group: group && (group as unknown) !== DEFAULT_GROUP ? group : undefined };
    } else if (given(prefix)) {
      source = { kind: 'prefix-list', id: prefix.state === 'known' ? String(prefix.value) : (prefix.targets[0]?.text ?? 'a prefix list') };
    } else source = { kind: 'unknown', reason: 'the rule names no source' };
    const proto = this.protocol(res, b.attr('ip_protocol'));
    const all = proto.known && proto.value === '-1';
    sg.ingress.push({
      kind: Kind.SecurityGroupRule, origin: this.origin(res), when, group: sg,
      protocol: proto,
      fromPort: all ? known(-1) : this.num(res, b.attr('from_port'), -1),
      toPort: all ? known(-1) : this.num(res, b.attr('to_port'), -1),
      source, site: this.site(res, res.at), ownId: res.address,
    });
  }

  private unknownRule(sg: SecurityGroup, res: TfResource, reason: string, at: Where | undefined, when: string[] | undefined, standalone: boolean) {
    const site = this.site(res, at);
    return {
      kind: Kind.SecurityGroupRule as const, origin: standalone ? this.origin(res) : inGroup(sg, site), when, group: sg,
      protocol: unknown<string>(reason, site), fromPort: known(-1), toPort: known(-1),
      source: { kind: 'unknown' as const, reason }, site, ownId: standalone ? res.address : undefined,
    };
  }

  private aclEntry(res: TfResource, acl: NetworkAcl, b: TfBody, egress: boolean, when: string[] | undefined, inline: boolean): NetworkAclEntry {
    const action = this.str(res, b.attr(inline ? 'action' : 'rule_action'));
    const c4 = b.attr('cidr_block');
    const c6 = b.attr('ipv6_cidr_block');
    const cidr = c4.state !== 'absent' && !(c4.state === 'known' && c4.value === '') ? this.str(res, c4) : c6.state !== 'absent' && !(c6.state === 'known' && c6.value === '') ? this.str(res, c6) : unknown<string>('no CIDR is given');
    const proto = this.protocol(res, b.attr('protocol'));
    const allPorts = proto.known && proto.value === '-1';
    return {
      kind: Kind.NetworkAclEntry,
      origin: inline ? this.origin(res, b.at) : this.origin(res),
      when, acl,
      ruleNumber: this.num(res, b.attr(inline ? 'rule_no' : 'rule_number')),
      egress,
      allow: action.known ? known(action.value.toLowerCase() === 'allow', action.site) : unknown(action.reason, action.site),
      protocol: proto,
      cidr,
      // Terraform requires ports; with protocol -1 AWS ignores them.
      fromPort: allPorts ? known(0) : this.num(res, b.attr('from_port'), 0),
      toPort: allPorts ? known(65535) : this.num(res, b.attr('to_port'), 65535),
    };
  }

  private unknownAclEntry(res: TfResource, acl: NetworkAcl, egress: boolean, reason: string, at: Where | undefined, when: string[] | undefined): NetworkAclEntry {
    return {
      kind: Kind.NetworkAclEntry, origin: this.origin(res, at), when, acl,
      ruleNumber: known(0), egress, allow: unknown(reason), protocol: known('-1'), cidr: unknown(reason), fromPort: known(0), toPort: known(65535),
    };
  }

  private groups(res: TfResource, vals: TfVal[]): GroupSet {
    const present = vals.filter((v) => v.state !== 'absent' || v.targets.length > 0);
    const set: GroupSet = { groups: [], defaultGroup: present.length === 0, site: present[0] ? this.site(res, present[0].at) : undefined };
    const reasons: string[] = [];
    for (const v of present) {
      for (const look of this.lookups(v)) {
        if (!look.ok) {
          reasons.push(look.reason);
          continue;
        }
        for (const c of look.candidates) {
          const el = this.elementOf(c, Kind.SecurityGroup);
          if (el === DEFAULT_GROUP) set.defaultGroup = true;
          else if (el) {
            if (!set.groups.includes(el as SecurityGroup)) set.groups.push(el as SecurityGroup);
          } else reasons.push(this.describeMismatch(c, Kind.SecurityGroup));
        }
      }
    }
    if (present.length > 0 && set.groups.length === 0 && reasons.length === 0) set.defaultGroup = true;
    if (reasons.length) set.unresolved = reasons[0];
    return set;
  }

  private ipv6(res: TfResource, b: TfBody): Tri<boolean> | undefined {
    const count = b.attr('ipv6_address_count');
    const addrs = b.attr('ipv6_addresses');
    if (count.state !== 'absent') {
      const n = this.num(res, count);
      return n.known ? known(n.value > 0, n.site) : unknown(n.reason, n.site);
    }
    if (addrs.state === 'known') return known(Array.isArray(addrs.value) ? addrs.value.length > 0 : true, this.site(res, addrs.at));
    if (addrs.state === 'unknown') return unknown(addrs.reason, this.site(res, addrs.at));
    return undefined;
  }

  private attachEni(compute: Compute, eni: NetworkInterface): void {
    eni.attachedTo = compute;
    compute.placements.push({ subnet: eni.subnet, securityGroups: eni.securityGroups, elasticIps: eni.elasticIps, ipv6: eni.ipv6, when: [], networkInterface: eni });
  }

  /** The launch template or configuration a reference names, or why it cannot be read. */
  private launchSource(res: TfResource, ...vals: TfVal[]): { res?: TfResource; reason?: string } {
    for (const v of vals) {
      const looks = this.lookups(v);
      if (looks.length === 0) continue;
      const look = looks[0]!;
      if (!look.ok) return { reason: look.reason };
      if (look.candidates.length !== 1) return { reason: `the launch template is one of ${look.candidates.map((c) => c.entry.res.address).join(', ')}` };
      const el = look.candidates[0]!.entry.element as { kind?: string; res?: TfResource } | undefined;
      if (el?.kind === 'launch' && el.res) return { res: el.res };
      return { reason: `${look.candidates[0]!.entry.res.address} is not a launch template` };
    }
    return { reason: `${res.address} names no launch template` };
  }

  private linkInstance(e: Entry): void {
    const res = e.res;
    const b = res.body;
    const compute = this.element<Compute>(e);
    let sub = b;
    let subnetVal = b.attr('subnet_id');
    let sgVals = [b.attr('vpc_security_group_ids'), b.attr('security_groups')];
    let assoc = b.attr('associate_public_ip_address');
    const lt = b.blocks('launch_template').items[0];
    // Settings the instance leaves out come from its launch template's first interface.
    if (lt && subnetVal.state === 'absent' && subnetVal.targets.length === 0) {
      const src = this.launchSource(res, lt.attr('id'), lt.attr('name'));
      const ni = src.res?.body.blocks('network_interfaces').items[0];
      if (src.res && ni) {
        sub = ni;
        subnetVal = ni.attr('subnet_id');
        if (sgVals.every((v) => v.state === 'absent')) sgVals = [ni.attr('security_groups'), src.res.body.attr('vpc_security_group_ids')];
        if (assoc.state === 'absent') assoc = ni.attr('associate_public_ip_address');
      } else if (!src.res) {
        compute.placements.push({ subnet: unknown(src.reason ?? 'the launch template is not declared here'), securityGroups: { groups: [], defaultGroup: false, unresolved: src.reason }, elasticIps: [], when: [] });
        return;
      }
    }
    for (const ni of b.blocks('network_interface').items) {
      const eni = this.single<NetworkInterface>(res, ni.attr('network_interface_id'), Kind.NetworkInterface);
      if (eni.known) this.attachEni(compute, eni.value);
      else compute.placements.push({ subnet: unknown(eni.reason), securityGroups: { groups: [], defaultGroup: false, unresolved: eni.reason }, elasticIps: [], when: [] });
    }
    if (compute.placements.length > 0) return;
    const sgs = this.groups(res, sgVals);
    const associate = this.bool(res, assoc);
    const noSubnet = subnetVal.state === 'absent' && subnetVal.targets.length === 0;
    const alts = noSubnet
      ? [{ value: unknown<Subnet>('no subnet_id is given, so it launches into the default VPC, whose subnets are public'), when: [] as string[] }]
      : this.one<Subnet>(res, subnetVal, Kind.Subnet);
    for (const alt of alts) {
      compute.placements.push({
        subnet: alt.value, securityGroups: sgs, associatePublicIp: associate, associatePublicIpSite: associate?.site,
        elasticIps: [], ipv6: this.ipv6(res, sub === b ? b : sub), when: alt.when, defaultVpc: noSubnet || undefined,
      });
    }
  }

  private attachPendingEips(): void {
    for (const p of this.pendingEips) {
      for (const look of p.target) {
        if (!look.ok || look.candidates.length !== 1) continue;
        const el = look.candidates[0]!.entry.element as { kind?: Kind } | undefined;
        if (el?.kind === Kind.Compute) {
          const c = el as Compute;
          const placement = c.placements.find((pl) => !pl.networkInterface) ?? c.placements[0];
          if (placement && !placement.elasticIps.includes(p.eip)) placement.elasticIps.push(p.eip);
        } else if (el?.kind === Kind.NetworkInterface && !(el as NetworkInterface).elasticIps.includes(p.eip)) {
          (el as NetworkInterface).elasticIps.push(p.eip);
        }
      }
    }
  }

  private linkAutoScalingGroup(e: Entry): void {
    const res = e.res;
    const b = res.body;
    const compute: Compute = { kind: Kind.Compute, origin: this.origin(res), when: res.when, computeKind: 'auto-scaling-group', placements: [] };
    let sgs: GroupSet = { groups: [], defaultGroup: true };
    let associate: Tri<boolean> | undefined;
    let ipv6: Tri<boolean> | undefined;
    let niSubnet: TfVal | undefined;
    const lt =
      b.blocks('launch_template').items[0] ??
      b.blocks('mixed_instances_policy').items[0]?.blocks('launch_template').items[0]?.blocks('launch_template_specification').items[0];
    const lc = b.attr('launch_configuration');
    if (lt) {
      const src = this.launchSource(res, lt.attr('id'), lt.attr('launch_template_id'), lt.attr('name'), lt.attr('launch_template_name'));
      if (src.res) {
        const data = src.res.body;
        const ni = data.blocks('network_interfaces').items[0];
        associate = ni ? this.bool(src.res, ni.attr('associate_public_ip_address')) : undefined;
        sgs = this.groups(src.res, [data.attr('vpc_security_group_ids'), data.attr('security_group_names'), ...(ni ? [ni.attr('security_groups')] : [])]);
        ipv6 = ni ? this.ipv6(src.res, ni) : undefined;
        niSubnet = ni?.attr('subnet_id');
      } else {
        sgs = { groups: [], defaultGroup: false, unresolved: src.reason };
        associate = unknown(src.reason ?? 'the launch template is not declared here');
      }
    } else if (lc.state !== 'absent' || lc.targets.length) {
      const src = this.launchSource(res, lc);
      if (src.res) {
        associate = this.bool(src.res, src.res.body.attr('associate_public_ip_address'));
        sgs = this.groups(src.res, [src.res.body.attr('security_groups')]);
      } else {
        sgs = { groups: [], defaultGroup: false, unresolved: src.reason };
        associate = unknown(src.reason ?? 'the launch configuration is not declared here');
      }
    }
    const zones = b.attr('vpc_zone_identifier');
    let looks = this.lookups(zones);
    if (looks.length === 0 && niSubnet) looks = this.lookups(niSubnet);
    if (looks.length === 0) {
      compute.placements.push({ subnet: unknown('no vpc_zone_identifier is given, so it launches into the default VPC, whose subnets are public'), securityGroups: sgs, associatePublicIp: associate, associatePublicIpSite: associate?.site, elasticIps: [], ipv6, when: [], defaultVpc: true });
    }
    // The group spreads instances over all its subnets: each one is a placement.
    for (const look of looks) {
      const subnets: Tri<Subnet>[] = look.ok ? look.candidates.map((c) => this.lookTri<Subnet>(res, { ok: true, candidates: [c], at: look.at }, Kind.Subnet)) : [unknown(look.reason, this.site(res, look.at))];
      for (const subnet of subnets) {
        compute.placements.push({ subnet, securityGroups: sgs, associatePublicIp: associate, associatePublicIpSite: associate?.site, elasticIps: [], ipv6, when: [] });
      }
    }
    this.model.computes.push(compute);
  }
}

keepShape(new TfBuilder([], []));
