/**
 * Builds the format-neutral network model from a CloudFormation template. Elements are created
 * first, one per resource, then linked through evaluated references.
 */
import { get, LineIndex, type Node, type Span, type Spanned } from '../../read/node.js';
import { Intrinsic } from '../../read/cloudformation/intrinsics.js';
import type { CfnSyntax } from '../../read/cloudformation/index.js';
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
  type Placement,
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
import { alternatives, Evaluator, type Val } from './evaluate.js';
import { toTemplate, type CfnResource, type CfnTemplate } from './template.js';
import { ignoredAbove, YAML_COMMENT } from '../suppressionComments.js';
import { CfnType } from './resourceTypes.js';
import { keepShape } from '../../read/keepShape.js';

const PROTOCOL_NAMES: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6', all: '-1' };

export interface BuildResult {
  model: NetworkModel;
  evaluator: Evaluator;
}

/** `syntax`: JSON has no comments, so only YAML is searched for `# vpc-lint-ignore` lines. */
export function buildCloudFormationModel(template: CfnTemplate, file: string, lines: LineIndex, syntax: CfnSyntax): BuildResult {
  return new CfnBuilder(template, file, lines, syntax).build();
}

class CfnBuilder {
  private readonly model = emptyModel();
  private readonly ev: Evaluator;
  /** Each live resource, its element (if pass 1 made one), and where and when it applies. */
  private readonly byId = new Map<string, { res: CfnResource; element: unknown; origin: Origin; when: string[] | undefined }>();
  private readonly instances = new Map<string, Compute>();
  /**
   * An instance's placements through its primary interface (DeviceIndex 0). An Elastic IP given
   * the instance id lands there, whichever Fn::If alternative of the subnet is taken.
   */
  private readonly primaryPlacements = new Map<string, Placement[]>();
  /** Values already reported as the wrong type, so each is reported once. */
  private readonly wrongTypes = new Set<Node>();

  constructor(
    private readonly template: CfnTemplate,
    private readonly file: string,
    private readonly lines: LineIndex,
    private readonly syntax: CfnSyntax,
  ) {
    this.ev = new Evaluator(template);
  }

  build(): BuildResult {
    const live: CfnResource[] = [];
    for (const res of this.template.resources.values()) {
      if (res.condition !== undefined && this.ev.condition(res.condition) === false) continue;
      live.push(res);
    }
    // Pass 1: elements that others link to.
    for (const res of live) {
      this.create(res);
      this.readSuppressions(res);
    }
    // Pass 2: links and dependent elements, in an order where targets exist.
    const order = [
      CfnType.GatewayAttachment,
      CfnType.Subnet,
      CfnType.Route,
      CfnType.SubnetRouteTableAssociation,
      CfnType.NatGateway,
      CfnType.SecurityGroup,
      CfnType.SecurityGroupIngress,
      CfnType.NetworkAclEntry,
      CfnType.SubnetNetworkAclAssociation,
      CfnType.Eip,
      CfnType.NetworkInterface,
      CfnType.Instance,
      CfnType.EipAssociation,
      CfnType.NetworkInterfaceAttachment,
      CfnType.AutoScalingGroup,
      CfnType.FlowLog,
      CfnType.LoadBalancerV2,
      CfnType.RestVpcLink,
      CfnType.HttpVpcLink,
      CfnType.RestMethod,
      CfnType.HttpRoute,
      // Last: listeners reach compute (instances and auto scaling groups) through target groups.
      CfnType.Listener,
    ];
    const byType = new Map<string, CfnResource[]>();
    for (const res of live) {
      const list = byType.get(res.type);
      if (list) list.push(res);
      else byType.set(res.type, [res]);
    }
    for (const type of order) for (const res of byType.get(type) ?? []) this.link(res);
    for (const p of this.ev.problems) this.model.problems.push({ code: p.code, message: p.message, site: this.site(p) });
    return { model: this.model, evaluator: this.ev };
  }

  // ── helpers ────────────────────────────────────────────────────────────────

  /** Where something was read; pass the node rather than its span, which is found only if shown. */
  private site(at: Span | Spanned): Site {
    return { file: this.file, range: this.lines.lazyRange(at) };
  }

  private origin(res: CfnResource): Origin {
    const o: Origin = { file: this.file, range: this.lines.lazyRange(res.key), id: res.id, type: res.type };
    const cdkPath = get(res.metadata, 'aws:cdk:path');
    if (cdkPath?.kind === 'scalar' && typeof cdkPath.value === 'string') o.cdkPath = cdkPath.value;
    return o;
  }

  private when(res: CfnResource): string[] | undefined {
    if (res.condition === undefined) return undefined;
    return this.ev.condition(res.condition) === undefined ? [`${res.condition} is true`] : undefined;
  }

  private prop(res: CfnResource, name: string): Node | undefined {
    return get(res.properties, name);
  }

  private val(node: Node | undefined): Val | undefined {
    return node ? this.ev.eval(node) : undefined;
  }

  /** The element a value refers to, if it is a Ref/GetAtt to a resource of one of `types`. */
  private target<T>(val: Val | undefined, ...types: CfnType[]): Tri<T> {
    if (!val) return unknown('not given');
    if (val.t === 'ref') {
      const hit = this.byId.get(val.id);
      if (hit && types.includes(hit.res.type as CfnType) && hit.element) return known(hit.element as T, val.node ? this.site(val.node) : undefined);
      if (hit && !hit.element) return unknown(`${val.id} is excluded by its condition`);
      return unknown(`${val.id} is a ${hit?.res.type ?? 'resource'} vpc-lint does not model here`);
    }
    const site = 'node' in val && val.node ? this.site(val.node) : undefined;
    if (val.t === 'unknown') return unknown(val.reason, site);
    if (val.t === 'scalar') return unknown(`${String(val.v)} is not declared in this template`, site);
    if (val.t === 'if') return unknown(`it depends on condition ${val.cond}`, site);
    return unknown('the value is not a reference', site);
  }

  private bool(node: Node | undefined): Tri<boolean> | undefined {
    const v = this.val(node);
    if (!v || v.t === 'novalue') return undefined;
    const site = node ? this.site(node) : undefined;
    if (v.t === 'scalar') {
      if (v.v === true || v.v === 'true' || v.v === 'True') return known(true, site);
      if (v.v === false || v.v === 'false' || v.v === 'False') return known(false, site);
      return unknown(`${String(v.v)} is not a boolean`, site);
    }
    return unknown(reasonOf(v), site);
  }

  private num(node: Node | undefined): Tri<number> {
    const v = this.val(node);
    const site = node ? this.site(node) : undefined;
    if (!v) return unknown('not given');
    if (v.t === 'scalar' && v.v !== null && v.v !== '' && !Number.isNaN(Number(v.v))) return known(Number(v.v), site);
    return unknown(reasonOf(v), site);
  }

  private str(node: Node | undefined): Tri<string> {
    const v = this.val(node);
    const site = node ? this.site(node) : undefined;
    if (!v) return unknown('not given');
    if (v.t === 'scalar' && v.v !== null) return known(String(v.v), site);
    return unknown(reasonOf(v), site);
  }

  /** A list property's items (a scalar counts as a one-item list; Fn::If yields both sides). */
  private items(node: Node | undefined): Val[] {
    const v = this.val(node);
    if (!v || v.t === 'novalue') return [];
    if (v.t === 'list') return v.items;
    if (v.t === 'if') return alternatives(v).flatMap((a) => (a.val.t === 'list' ? a.val.items : [a.val]));
    return [v];
  }

  private element<T>(id: string): T | undefined {
    return this.byId.get(id)?.element as T | undefined;
  }

  private refId(val: Val | undefined): string | undefined {
    return val?.t === 'ref' ? val.id : undefined;
  }

  /** `Metadata: {vpc-lint: {ignore: [slug…]}}` and `# vpc-lint-ignore slug…` comments above the resource. */
  private readSuppressions(res: CfnResource): void {
    const slugs = new Set<string>();
    const ignore = get(get(res.metadata, 'vpc-lint'), 'ignore');
    for (const n of ignore?.kind === 'seq' ? ignore.items : ignore ? [ignore] : []) {
      if (n.kind === 'scalar' && typeof n.value === 'string') slugs.add(n.value);
    }
    if (this.syntax === 'yaml') ignoredAbove(this.lines, res.key.span[0], YAML_COMMENT, slugs);
    if (slugs.size) this.model.suppressions.set(res.id, slugs);
  }

  // ── pass 1 ─────────────────────────────────────────────────────────────────

  private create(res: CfnResource): void {
    const origin = this.origin(res);
    const when = this.when(res);
    let element: unknown;
    switch (res.type) {
      case CfnType.Vpc: {
        const vpc: Vpc = {
          kind: Kind.Vpc, origin, when, cidrs: [this.str(this.prop(res, 'CidrBlock'))], internetGateways: [], flowLogs: [], subnets: [],
        };
        // CloudFormation cannot add routes to a VPC's main table: it holds the local route only.
        vpc.mainRouteTable = { kind: Kind.RouteTable, origin, vpc, routes: [], main: true };
        vpc.defaultNacl = { kind: Kind.NetworkAcl, origin, vpc, entries: [], implicitDefault: true };
        this.model.vpcs.push(vpc);
        element = vpc;
        break;
      }
      case CfnType.Subnet: {
        const subnet: Subnet = {
          kind: Kind.Subnet, origin, when,
          mapPublicIpOnLaunch: this.bool(this.prop(res, 'MapPublicIpOnLaunch')) ?? known(false),
          assignIpv6OnCreation: this.bool(this.prop(res, 'AssignIpv6AddressOnCreation')) ?? known(false),
          flowLogs: [],
          cidr: this.str(this.prop(res, 'CidrBlock')),
        };
        this.model.subnets.push(subnet);
        element = subnet;
        break;
      }
      case CfnType.RouteTable: {
        const rt: RouteTable = { kind: Kind.RouteTable, origin, when, routes: [], main: false };
        this.model.routeTables.push(rt);
        element = rt;
        break;
      }
      case CfnType.InternetGateway: {
        const igw: InternetGateway = { kind: Kind.InternetGateway, origin, when, vpcs: [], attachmentSites: [] };
        this.model.internetGateways.push(igw);
        element = igw;
        break;
      }
      case CfnType.EgressOnlyGateway:
        element = { kind: Kind.EgressOnlyGateway, origin, when };
        break;
      case CfnType.NatGateway: {
        const nat = { kind: Kind.NatGateway as const, origin, when };
        this.model.natGateways.push(nat);
        element = nat;
        break;
      }
      case CfnType.SecurityGroup: {
        const sg: SecurityGroup = { kind: Kind.SecurityGroup, origin, when, ingress: [] };
        this.model.securityGroups.push(sg);
        element = sg;
        break;
      }
      case CfnType.NetworkAcl: {
        const acl: NetworkAcl = { kind: Kind.NetworkAcl, origin, when, entries: [], implicitDefault: false };
        this.model.networkAcls.push(acl);
        element = acl;
        break;
      }
      case CfnType.Eip: {
        const eip: ElasticIp = { kind: Kind.ElasticIp, origin, when };
        this.model.elasticIps.push(eip);
        element = eip;
        break;
      }
      case CfnType.LaunchTemplate:
      case CfnType.LaunchConfiguration:
        element = res; // read when an auto scaling group uses it
        break;
      case CfnType.LoadBalancerV2: {
        const lb: LoadBalancer = { kind: Kind.LoadBalancer, origin, when, scheme: known('internet-facing'), lbType: known('application'), subnets: [] };
        this.model.loadBalancers.push(lb);
        element = lb;
        break;
      }
      default:
        element = undefined;
    }
    this.byId.set(res.id, { res, element, origin, when });
  }

  // ── pass 2 ─────────────────────────────────────────────────────────────────

  private link(res: CfnResource): void {
    const { origin, when } = this.byId.get(res.id)!;
    switch (res.type) {
      case CfnType.GatewayAttachment: {
        const vpc = this.target<Vpc>(this.val(this.prop(res, 'VpcId')), CfnType.Vpc);
        const igw = this.target<InternetGateway>(this.val(this.prop(res, 'InternetGatewayId')), CfnType.InternetGateway);
        if (vpc.known && igw.known) {
          igw.value.vpcs.push(vpc.value);
          igw.value.attachmentSites.push({ ...this.site(res.key), id: res.id });
          vpc.value.internetGateways.push(igw.value);
        } else if (igw.known) {
          // Attached to a VPC the template does not fix: it may be this one. Never assume not.
          igw.value.unknownAttachment = `the VPC of attachment ${res.id} (${vpc.known ? 'unknown' : vpc.reason})`;
        }
        return;
      }
      case CfnType.Subnet: {
        const subnet = this.element<Subnet>(res.id)!;
        const vpc = this.target<Vpc>(this.val(this.prop(res, 'VpcId')), CfnType.Vpc);
        if (vpc.known) {
          subnet.vpc = vpc.value;
          vpc.value.subnets.push(subnet);
        }
        return;
      }
      case CfnType.Route:
        return this.linkRoute(res, origin, when);
      case CfnType.SubnetRouteTableAssociation: {
        const subnet = this.target<Subnet>(this.val(this.prop(res, 'SubnetId')), CfnType.Subnet);
        const rt = this.target<RouteTable>(this.val(this.prop(res, 'RouteTableId')), CfnType.RouteTable);
        if (subnet.known && rt.known) {
          subnet.value.routeTable = rt.value;
          subnet.value.routeTableAssociation = { ...this.site(res.key), id: res.id };
        }
        return;
      }
      case CfnType.NatGateway: {
        const subnet = this.target<Subnet>(this.val(this.prop(res, 'SubnetId')), CfnType.Subnet);
        if (subnet.known) this.element<{ subnet?: Subnet }>(res.id)!.subnet = subnet.value;
        return;
      }
      case CfnType.SecurityGroup: {
        const sg = this.element<SecurityGroup>(res.id)!;
        const vpc = this.target<Vpc>(this.val(this.prop(res, 'VpcId')), CfnType.Vpc);
        if (vpc.known) sg.vpc = vpc.value;
        const ingress = this.prop(res, 'SecurityGroupIngress');
        for (const item of this.listNodes(ingress, 'SecurityGroupIngress')) this.addIngress(sg, item, undefined, when);
        return;
      }
      case CfnType.SecurityGroupIngress: {
        const group = this.target<SecurityGroup>(this.val(this.prop(res, 'GroupId')), CfnType.SecurityGroup);
        if (group.known && res.properties) this.addIngress(group.value, res.properties, res, when);
        return;
      }
      case CfnType.NetworkAclEntry: {
        const acl = this.target<NetworkAcl>(this.val(this.prop(res, 'NetworkAclId')), CfnType.NetworkAcl);
        if (!acl.known) return;
        const range = this.prop(res, 'PortRange');
        const action = this.str(this.prop(res, 'RuleAction'));
        const cidr4 = this.prop(res, 'CidrBlock');
        const proto = this.str(this.prop(res, 'Protocol'));
        const entry: NetworkAclEntry = {
          kind: Kind.NetworkAclEntry, origin, when, acl: acl.value,
          ruleNumber: this.num(this.prop(res, 'RuleNumber')),
          egress: isTrue(this.bool(this.prop(res, 'Egress'))),
          allow: action.known ? known(action.value.toLowerCase() === 'allow') : unknown(action.reason),
          protocol: proto.known ? known(normaliseProtocol(proto.value)) : proto,
          cidr: this.str(cidr4 ?? this.prop(res, 'Ipv6CidrBlock')),
          fromPort: range ? this.num(get(range, 'From')) : known(0),
          toPort: range ? this.num(get(range, 'To')) : known(65535),
        };
        acl.value.entries.push(entry);
        return;
      }
      case CfnType.SubnetNetworkAclAssociation: {
        const subnet = this.target<Subnet>(this.val(this.prop(res, 'SubnetId')), CfnType.Subnet);
        const acl = this.target<NetworkAcl>(this.val(this.prop(res, 'NetworkAclId')), CfnType.NetworkAcl);
        if (subnet.known && acl.known) {
          subnet.value.networkAcl = acl.value;
          subnet.value.networkAclAssociation = { ...this.site(res.key), id: res.id };
        }
        return;
      }
      case CfnType.Eip: {
        const inst = this.refId(this.val(this.prop(res, 'InstanceId')));
        const eip = this.element<ElasticIp>(res.id)!;
        if (inst) {
          eip.associationSite = { ...this.site(this.prop(res, 'InstanceId')!), id: res.id };
          const waiting = this.pendingEips.get(inst);
          if (waiting) waiting.push(eip);
          else this.pendingEips.set(inst, [eip]);
        }
        return;
      }
      case CfnType.NetworkInterface: {
        const eni: NetworkInterface = {
          kind: Kind.NetworkInterface, origin, when,
          subnet: this.target<Subnet>(this.val(this.prop(res, 'SubnetId')), CfnType.Subnet),
          securityGroups: this.groups(this.prop(res, 'GroupSet')),
          elasticIps: [],
          ipv6: this.ipv6(res.properties),
        };
        this.model.networkInterfaces.push(eni);
        this.byId.get(res.id)!.element = eni;
        return;
      }
      case CfnType.Instance:
        return this.linkInstance(res, origin, when);
      case CfnType.EipAssociation: {
        const eipRef = this.refId(this.val(this.prop(res, 'AllocationId'))) ?? this.refId(this.val(this.prop(res, 'EIP')));
        const eip = eipRef ? this.element<ElasticIp>(eipRef) : undefined;
        const eipEl: ElasticIp = eip ?? { kind: Kind.ElasticIp, origin, when };
        eipEl.associationSite = { ...this.site(res.key), id: res.id };
        const instId = this.refId(this.val(this.prop(res, 'InstanceId')));
        const eniId = this.refId(this.val(this.prop(res, 'NetworkInterfaceId')));
        if (instId) for (const p of this.primaryPlacements.get(instId) ?? []) p.elasticIps.push(eipEl);
        if (eniId) {
          const eni = this.element<NetworkInterface>(eniId);
          if (eni?.kind === Kind.NetworkInterface) eni.elasticIps.push(eipEl);
        }
        return;
      }
      case CfnType.NetworkInterfaceAttachment: {
        const instId = this.refId(this.val(this.prop(res, 'InstanceId')));
        const eniId = this.refId(this.val(this.prop(res, 'NetworkInterfaceId')));
        const compute = instId ? this.instances.get(instId) : undefined;
        const eni = eniId ? this.element<NetworkInterface>(eniId) : undefined;
        if (compute && eni?.kind === Kind.NetworkInterface) {
          eni.attachedTo = compute;
          compute.placements.push(this.enIPlacement(eni, []));
        }
        return;
      }
      case CfnType.AutoScalingGroup:
        return this.linkAutoScalingGroup(res, origin, when);
      case CfnType.FlowLog: {
        const flow = { kind: Kind.FlowLog as const, origin, when };
        this.model.flowLogs.push(flow);
        const targets = [...this.items(this.prop(res, 'ResourceId')), ...this.items(this.prop(res, 'ResourceIds'))];
        for (const t of targets) {
          const id = this.refId(t);
          const el = id ? this.element<{ kind: Kind; flowLogs?: unknown[] }>(id) : undefined;
          if (el && (el.kind === Kind.Vpc || el.kind === Kind.Subnet)) (el as Vpc | Subnet).flowLogs.push(flow);
        }
        return;
      }
      case CfnType.LoadBalancerV2: {
        const lb = this.element<LoadBalancer>(res.id)!;
        const scheme = this.str(this.prop(res, 'Scheme'));
        if (this.prop(res, 'Scheme')) lb.scheme = scheme.known ? known(scheme.value === 'internal' ? 'internal' : 'internet-facing', scheme.site) : unknown(scheme.reason, scheme.site);
        if (this.prop(res, 'Type')) lb.lbType = this.str(this.prop(res, 'Type'));
        const subnets = [...this.items(this.prop(res, 'Subnets'))];
        for (const m of this.listNodes(this.prop(res, 'SubnetMappings'), 'SubnetMappings')) {
          const s = get(m, 'SubnetId');
          if (s) subnets.push(this.ev.eval(s));
        }
        lb.subnets = subnets.map((s) => this.target<Subnet>(s, CfnType.Subnet));
        return;
      }
      case CfnType.RestVpcLink: {
        const link: VpcLink = {
          kind: Kind.VpcLink, origin, when, version: 'rest', subnets: [],
          targets: this.items(this.prop(res, 'TargetArns')).map((t) => this.target<LoadBalancer>(t, CfnType.LoadBalancerV2)),
        };
        this.model.vpcLinks.push(link);
        this.byId.get(res.id)!.element = link;
        return;
      }
      case CfnType.HttpVpcLink: {
        const link: VpcLink = {
          kind: Kind.VpcLink, origin, when, version: 'http', targets: [],
          subnets: this.items(this.prop(res, 'SubnetIds')).map((t) => this.target<Subnet>(t, CfnType.Subnet)),
        };
        this.model.vpcLinks.push(link);
        this.byId.get(res.id)!.element = link;
        return;
      }
      case CfnType.RestMethod:
      case CfnType.HttpRoute: {
        const authNode = this.prop(res, 'AuthorizationType');
        const method: ApiMethod = {
          kind: Kind.ApiMethod, origin, when,
          httpMethod: res.type === CfnType.RestMethod ? this.str(this.prop(res, 'HttpMethod')) : this.routeMethod(this.prop(res, 'RouteKey')),
          authorizationType: authNode ? this.str(authNode) : known('NONE'),
          apiKeyRequired: this.bool(this.prop(res, 'ApiKeyRequired')) ?? known(false),
          authorizationSite: authNode ? this.site(authNode) : undefined,
        };
        const apiId = this.refId(this.val(this.prop(res, 'RestApiId') ?? this.prop(res, 'ApiId')));
        const api = apiId ? this.byId.get(apiId)?.res : undefined;
        if (api && (api.type === CfnType.RestApi || api.type === CfnType.HttpApi)) method.api = { ...this.site(api.key), id: api.id, type: api.type };
        const linkId = this.refId(this.val(get(this.prop(res, 'Integration'), 'ConnectionId')));
        const link = linkId ? this.element<VpcLink>(linkId) : undefined;
        if (link?.kind === Kind.VpcLink) method.vpcLink = link;
        this.model.apiMethods.push(method);
        return;
      }
      case CfnType.Listener:
        return this.linkListener(res);
      default:
        return;
    }
  }

  /** Elastic IPs by the instance they name, for the instance's pass (one lookup, not a scan of them all). */
  private readonly pendingEips = new Map<string, ElasticIp[]>();

  /** Listener → target groups (default actions) → their instances and auto scaling groups. */
  private linkListener(res: CfnResource): void {
    const lbId = this.refId(this.val(this.prop(res, 'LoadBalancerArn')));
    const lb = lbId ? this.element<LoadBalancer>(lbId) : undefined;
    if (lb?.kind !== Kind.LoadBalancer) return;
    const port = this.num(this.prop(res, 'Port'));
    const groupIds = new Set<string>();
    for (const action of this.listNodes(this.prop(res, 'DefaultActions'), 'DefaultActions')) {
      const direct = this.refId(this.val(get(action, 'TargetGroupArn')));
      if (direct) groupIds.add(direct);
      for (const tg of this.listNodes(get(get(action, 'ForwardConfig'), 'TargetGroups'))) {
        const id = this.refId(this.val(get(tg, 'TargetGroupArn')));
        if (id) groupIds.add(id);
      }
    }
    for (const groupId of groupIds) {
      const group = this.byId.get(groupId)?.res;
      if (group?.type !== CfnType.TargetGroup) continue;
      const targetGroup = { ...this.site(group.key), id: group.id };
      const computes: Compute[] = [];
      for (const t of this.listNodes(this.prop(group, 'Targets'), 'Targets')) {
        const id = this.refId(this.val(get(t, 'Id')));
        const compute = id ? this.instances.get(id) : undefined;
        if (compute) computes.push(compute);
      }
      computes.push(...(this.asgsByTargetGroup.get(groupId) ?? []));
      lb.targets ??= [];
      for (const compute of computes) lb.targets.push({ compute, targetGroup, listenerPort: port.known ? port.value : undefined });
    }
  }

  /**
   * Indexes an auto scaling group under the target groups it names, so that a listener (linked
   * last) finds its groups without scanning every compute element. Read for every group, with or
   * without a listener in the template, so that a wrong reference there is always reported.
   */
  private indexTargetGroups(asg: CfnResource, compute: Compute): void {
    const named = new Set<string>();
    for (const v of this.items(this.prop(asg, 'TargetGroupARNs'))) {
      const id = this.refId(v);
      if (id === undefined || named.has(id)) continue;
      named.add(id);
      const list = this.asgsByTargetGroup.get(id);
      if (list) list.push(compute);
      else this.asgsByTargetGroup.set(id, [compute]);
    }
  }

  /** Auto scaling groups by the target groups they name, in model order. */
  private readonly asgsByTargetGroup = new Map<string, Compute[]>();

  private routeMethod(node: Node | undefined): Tri<string> {
    const key = this.str(node);
    if (!key.known) return key;
    return known(key.value.split(' ')[0] ?? key.value, key.site);
  }

  /**
   * A list property's item nodes. When `name` is given, a value of another type (a string or a
   * plain map where CloudFormation wants a list) is reported once: it is ignored, so whatever it
   * was meant to declare is not checked. An intrinsic (`Fn::If`, `Ref`) may yield a list and is not.
   */
  private listNodes(node: Node | undefined, name?: string): Node[] {
    if (node?.kind === 'seq') return node.items;
    if (name && node && !this.wrongTypes.has(node) && !(node.kind === 'scalar' && node.value === null) && !isIntrinsicNode(node)) {
      this.wrongTypes.add(node);
      const what = node.kind === 'map' ? 'a map' : `the ${typeof (node as { value: unknown }).value} ${JSON.stringify((node as { value: unknown }).value)}`.slice(0, 60);
      this.model.problems.push({ code: 'wrong-type', message: `${name} should be a list, not ${what}; vpc-lint ignored it, so what it declares is not checked.`, site: this.site(node) });
    }
    return [];
  }

  private linkRoute(res: CfnResource, origin: Origin, when: string[] | undefined): void {
    const table = this.target<RouteTable>(this.val(this.prop(res, 'RouteTableId')), CfnType.RouteTable);
    const destNode = this.prop(res, 'DestinationCidrBlock') ?? this.prop(res, 'DestinationIpv6CidrBlock');
    const destination: Tri<string> = destNode
      ? this.str(destNode)
      : this.prop(res, 'DestinationPrefixListId')
        ? unknown('the destination is a managed prefix list')
        : unknown('no destination is given');
    let target: RouteTargetKind = 'unknown';
    let internetGateway: InternetGateway | undefined;
    let targetReason: string | undefined;
    const gw = this.prop(res, 'GatewayId');
    if (gw) {
      const v = this.val(gw)!;
      const id = this.refId(v);
      const hit = id ? this.byId.get(id) : undefined;
      if (hit?.res.type === CfnType.InternetGateway) {
        target = 'internet-gateway';
        internetGateway = hit.element as InternetGateway | undefined;
      } else if (hit) target = 'other'; // a virtual private gateway
      else if (v.t === 'scalar' && String(v.v).startsWith('igw-')) target = 'internet-gateway';
      else if (v.t === 'scalar' && String(v.v).startsWith('vgw-')) target = 'other';
      else targetReason = `GatewayId ${reasonOf(v)}`;
    } else if (this.prop(res, 'NatGatewayId')) target = 'nat-gateway';
    else if (this.prop(res, 'EgressOnlyInternetGatewayId')) target = 'egress-only-gateway';
    else if (this.prop(res, 'TransitGatewayId')) target = 'transit-gateway';
    else if (this.prop(res, 'VpcPeeringConnectionId')) target = 'vpc-peering';
    else if (this.prop(res, 'VpcEndpointId')) target = 'vpc-endpoint';
    else if (this.prop(res, 'NetworkInterfaceId')) target = 'network-interface';
    else if (this.prop(res, 'InstanceId')) target = 'instance';
    else if (this.prop(res, 'CarrierGatewayId') || this.prop(res, 'LocalGatewayId') || this.prop(res, 'CoreNetworkArn')) target = 'other';
    const route: Route = { kind: Kind.Route, origin, when, destination, target, internetGateway, targetReason };
    if (table.known) {
      route.table = table.value;
      table.value.routes.push(route);
    }
  }

  private addIngress(sg: SecurityGroup, node: Node, standalone: CfnResource | undefined, when: string[] | undefined): void {
    const p = (k: string) => get(node, k);
    let source: RuleSource;
    const cidr4 = p('CidrIp');
    const cidr6 = p('CidrIpv6');
    const sgSrc = p('SourceSecurityGroupId') ?? p('SourceSecurityGroupName');
    const prefix = p('SourcePrefixListId');
    if (cidr4 || cidr6) {
      const c = this.str(cidr4 ?? cidr6);
      source = c.known ? { kind: 'cidr', cidr: c.value } : { kind: 'unknown', reason: c.reason };
    } else if (sgSrc) {
      const v = this.val(sgSrc)!;
      const id = this.refId(v);
      source = { kind: 'security-group', id: id ?? (v.t === 'scalar' ? String(v.v) : 'a security group'), group: id ? this.element<SecurityGroup>(id) : undefined };
    } else if (prefix) {
      const v = this.str(prefix);
      source = { kind: 'prefix-list', id: v.known ? v.value : 'a prefix list' };
    } else {
      source = { kind: 'unknown', reason: 'the rule names no source' };
    }
    const proto = this.str(p('IpProtocol'));
    const origin = standalone ? this.origin(standalone) : sg.origin;
    sg.ingress.push({
      kind: Kind.SecurityGroupRule,
      origin,
      when,
      group: sg,
      protocol: proto.known ? known(normaliseProtocol(proto.value), proto.site) : proto,
      fromPort: p('FromPort') ? this.num(p('FromPort')) : known(-1),
      toPort: p('ToPort') ? this.num(p('ToPort')) : known(-1),
      source,
      site: this.site(standalone ? standalone.key : node),
      ownId: standalone?.id,
    });
  }

  private groups(...nodes: (Node | undefined)[]): GroupSet {
    const present = nodes.filter((n): n is Node => n !== undefined);
    const set: GroupSet = { groups: [], defaultGroup: present.length === 0, site: present[0] ? this.site(present[0]) : undefined };
    const reasons: string[] = [];
    for (const n of present) {
      for (const v of this.items(n)) {
        const sg = this.target<SecurityGroup>(v, CfnType.SecurityGroup);
        if (sg.known) set.groups.push(sg.value);
        else reasons.push(sg.reason);
      }
    }
    if (present.length > 0 && set.groups.length === 0 && reasons.length === 0) set.defaultGroup = true;
    if (reasons.length) set.unresolved = reasons[0];
    return set;
  }

  private ipv6(props: Node | undefined): Tri<boolean> | undefined {
    const count = get(props, 'Ipv6AddressCount');
    const addrs = get(props, 'Ipv6Addresses');
    if (count) {
      const n = this.num(count);
      return n.known ? known(n.value > 0, n.site) : unknown(n.reason, n.site);
    }
    if (addrs) return known(this.items(addrs).length > 0, this.site(addrs));
    return undefined;
  }

  private subnetAlternatives(node: Node | undefined, missingReason: string): { subnet: Tri<Subnet>; when: string[] }[] {
    if (!node) return [{ subnet: unknown(missingReason), when: [] }];
    const v = this.ev.eval(node);
    return alternatives(v).map((a) => ({ subnet: this.target<Subnet>(a.val, CfnType.Subnet), when: a.when }));
  }

  private enIPlacement(eni: NetworkInterface, when: string[]): Placement {
    return { subnet: eni.subnet, securityGroups: eni.securityGroups, elasticIps: eni.elasticIps, ipv6: eni.ipv6, when, networkInterface: eni };
  }

  private linkInstance(res: CfnResource, origin: Origin, when: string[] | undefined): void {
    const compute: Compute = { kind: Kind.Compute, origin, when, computeKind: 'instance', placements: [] };
    const nis = this.listNodes(this.prop(res, 'NetworkInterfaces'), 'NetworkInterfaces');
    const primary: Placement[] = [];
    if (nis.length > 0) {
      const primaryNi = nis.find((ni) => {
        const index = this.num(get(ni, 'DeviceIndex'));
        return index.known && index.value === 0;
      }) ?? nis[0];
      for (const ni of nis) {
        const before = compute.placements.length;
        this.addInterfacePlacements(compute, ni);
        if (ni === primaryNi) primary.push(...compute.placements.slice(before));
      }
    } else {
      const subnetNode = this.prop(res, 'SubnetId');
      const sgs = this.groups(this.prop(res, 'SecurityGroupIds'), this.prop(res, 'SecurityGroups'));
      for (const alt of this.subnetAlternatives(subnetNode, 'no SubnetId is given, so it launches into the default VPC, whose subnets are public')) {
        compute.placements.push({ subnet: alt.subnet, securityGroups: sgs, elasticIps: [], ipv6: this.ipv6(res.properties), when: alt.when, defaultVpc: !subnetNode });
      }
      primary.push(...compute.placements);
    }
    for (const eip of this.pendingEips.get(res.id) ?? []) for (const placement of primary) placement.elasticIps.push(eip);
    this.model.computes.push(compute);
    this.instances.set(res.id, compute);
    this.primaryPlacements.set(res.id, primary);
    this.byId.get(res.id)!.element = compute;
  }

  /** The placements of one entry of an instance's NetworkInterfaces list. */
  private addInterfacePlacements(compute: Compute, ni: Node): void {
    const eniRef = get(ni, 'NetworkInterfaceId');
    if (eniRef) {
      const id = this.refId(this.ev.eval(eniRef));
      const eni = id ? this.element<NetworkInterface>(id) : undefined;
      if (eni?.kind === Kind.NetworkInterface) {
        eni.attachedTo = compute;
        compute.placements.push(this.enIPlacement(eni, []));
      } else {
        compute.placements.push({ subnet: unknown('the network interface is not declared in this template'), securityGroups: { groups: [], defaultGroup: false, unresolved: 'the network interface is not declared in this template' }, elasticIps: [], when: [] });
      }
      return;
    }
    const assoc = get(ni, 'AssociatePublicIpAddress');
    for (const alt of this.subnetAlternatives(get(ni, 'SubnetId'), 'the network interface names no subnet')) {
      compute.placements.push({
        subnet: alt.subnet,
        securityGroups: this.groups(get(ni, 'GroupSet')),
        associatePublicIp: this.bool(assoc),
        associatePublicIpSite: assoc ? this.site(assoc) : undefined,
        elasticIps: [],
        ipv6: this.ipv6(ni),
        when: alt.when,
      });
    }
  }

  private linkAutoScalingGroup(res: CfnResource, origin: Origin, when: string[] | undefined): void {
    const compute: Compute = { kind: Kind.Compute, origin, when, computeKind: 'auto-scaling-group', placements: [] };
    // The launch template or configuration says how instances are addressed and grouped.
    let sgs: GroupSet = { groups: [], defaultGroup: true };
    let associate: Tri<boolean> | undefined;
    let associateSite: Site | undefined;
    let ipv6: Tri<boolean> | undefined;
    let niSubnet: Node | undefined;
    const ltNode = this.prop(res, 'LaunchTemplate') ?? get(get(this.prop(res, 'MixedInstancesPolicy'), 'LaunchTemplate'), 'LaunchTemplateSpecification');
    const lcNode = this.prop(res, 'LaunchConfigurationName');
    if (ltNode) {
      const id = this.refId(this.val(get(ltNode, 'LaunchTemplateId') ?? get(ltNode, 'LaunchTemplateName')));
      const lt = id ? this.byId.get(id)?.res : undefined;
      if (lt?.type === CfnType.LaunchTemplate) {
        const data = get(lt.properties, 'LaunchTemplateData');
        const ni = this.listNodes(get(data, 'NetworkInterfaces'))[0];
        const assoc = get(ni, 'AssociatePublicIpAddress');
        associate = this.bool(assoc);
        associateSite = assoc ? this.site(assoc) : undefined;
        sgs = this.groups(get(data, 'SecurityGroupIds'), get(data, 'SecurityGroups'), get(ni, 'Groups'));
        ipv6 = this.ipv6(ni);
        niSubnet = get(ni, 'SubnetId');
      } else {
        sgs = { groups: [], defaultGroup: false, unresolved: 'the launch template is not declared in this template' };
        associate = unknown('the launch template is not declared in this template');
      }
    } else if (lcNode) {
      const id = this.refId(this.val(lcNode));
      const lc = id ? this.byId.get(id)?.res : undefined;
      if (lc?.type === CfnType.LaunchConfiguration) {
        const assoc = get(lc.properties, 'AssociatePublicIpAddress');
        associate = this.bool(assoc);
        associateSite = assoc ? this.site(assoc) : undefined;
        sgs = this.groups(get(lc.properties, 'SecurityGroups'));
      } else {
        sgs = { groups: [], defaultGroup: false, unresolved: 'the launch configuration is not declared in this template' };
        associate = unknown('the launch configuration is not declared in this template');
      }
    }
    const zones = this.items(this.prop(res, 'VPCZoneIdentifier'));
    const subnetVals = zones.length > 0 ? zones : niSubnet ? [this.ev.eval(niSubnet)] : [];
    if (subnetVals.length === 0) {
      compute.placements.push({ subnet: unknown('no VPCZoneIdentifier is given, so it launches into the default VPC, whose subnets are public'), securityGroups: sgs, associatePublicIp: associate, associatePublicIpSite: associateSite, elasticIps: [], ipv6, when: [], defaultVpc: true });
    }
    for (const v of subnetVals) {
      for (const alt of alternatives(v)) {
        compute.placements.push({
          subnet: this.target<Subnet>(alt.val, CfnType.Subnet),
          securityGroups: sgs,
          associatePublicIp: associate,
          associatePublicIpSite: associateSite,
          elasticIps: [],
          ipv6,
          when: alt.when,
        });
      }
    }
    this.indexTargetGroups(res, compute);
    this.model.computes.push(compute);
  }
}

function reasonOf(v: Val): string {
  if (v.t === 'unknown') return v.reason;
  if (v.t === 'if') return `it depends on condition ${v.cond}`;
  if (v.t === 'ref') return `it is ${v.attr ? `${v.id}.${v.attr}` : v.id}, known only at deployment`;
  return 'the value has the wrong type';
}

function isTrue(t: Tri<boolean> | undefined): boolean {
  return t?.known === true && t.value;
}

function normaliseProtocol(p: string): string {
  const s = p.toLowerCase();
  return PROTOCOL_NAMES[s] ?? s;
}

/** A one-entry map naming an intrinsic function (`Ref`, `Condition`, `Fn::…`), whose value is computed. */
function isIntrinsicNode(node: Node): boolean {
  if (node.kind !== 'map' || node.entries.length !== 1) return false;
  const key = String(node.entries[0]!.key.value);
  return key === Intrinsic.Ref || key === Intrinsic.Condition || key.startsWith('Fn::');
}

// The builder holds an evaluator, its template and a line index: all their shapes are kept.
keepShape(new CfnBuilder(toTemplate({ kind: 'map', entries: [], span: [0, 0] })!, '', new LineIndex(''), 'json'));
