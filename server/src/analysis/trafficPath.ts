/**
 * The traffic path of one compute resource, for people: today's way in (the internet → public
 * address → Internet Gateway → route → subnet → NACL → security-group rule → compute, or the
 * API Gateway front door that already exists), and the proposed one (API Gateway → VPC link →
 * internal NLB → private subnet → compute). Pure: model and exposures in, steps with sites out.
 */
import type {
  TrafficStepKind,
  TrafficVerdict,
  PriceSource,
  PriceTier,
} from '../../../protocol/src/lspExtensions.js';
import type {
  ApiMethod,
  Compute,
  LoadBalancer,
  LoadBalancerTarget,
  NetworkModel,
  Route,
  RouteTable,
  SecurityGroup,
  Site,
  Subnet,
  VpcLink,
} from '../model/types.js';
import {
  API_GATEWAY_COST_NOTES,
  API_GATEWAY_PRICE_SOURCE,
  HTTP_API_TIERS,
  REST_API_TIERS,
} from './apiGatewayPricing.js';
import { portLabel, portLabels, type Exposure, type PortExposure } from './reachability.js';

/** One box of a path; `site` is where it is written, when it is. */
export interface TrafficStepInfo {
  kind: TrafficStepKind;
  title: string;
  detail?: string;
  site?: Site;
  highlight?: boolean;
}

export interface MonitoringItem {
  name: string;
  detail: string;
  enabled: boolean;
  site?: Site;
}

export interface TrafficConsiderationsInfo {
  cost: { restApi: PriceTier[]; httpApi: PriceTier[]; source: PriceSource; defaultMonthlyRequests: number; notes: string[] };
  latency: string;
  staticContent: string;
  notCarried: string[];
  monitoring: MonitoringItem[];
}

export interface TrafficPathInfo {
  resource: string;
  resourceType: string;
  reachable: boolean;
  verdict: TrafficVerdict;
  summary: string;
  ports: string[];
  today: TrafficStepInfo[];
  proposed: TrafficStepInfo[];
  proposedExists: boolean;
  considerations: TrafficConsiderationsInfo;
}

/** The request count the cost estimate starts from: one million calls a month. */
export const DEFAULT_MONTHLY_REQUESTS = 1_000_000;

/** Ports that carry shells and remote desktops, which an HTTP front door cannot carry. */
const ADMIN_PORTS: Record<number, string> = { 22: 'SSH', 3389: 'RDP' };

/** A compute resource by logical id (or address). */
export function findCompute(model: NetworkModel, resource: string): Compute | undefined {
  return model.computes.find((c) => c.origin.id === resource);
}

/**
 * The compute resource whose declaration contains `line` in `file`: the last element declared at
 * or above the line, if that element is compute. Declarations are located by their key only.
 */
export function computeAtLine(model: NetworkModel, file: string, line: number): Compute | undefined {
  const origins = allElements(model)
    .map((e) => e.origin)
    .filter((o) => o.file === file && o.range.start.line <= line)
    .sort((a, b) => b.range.start.line - a.range.start.line);
  const nearest = origins[0];
  return nearest ? model.computes.find((c) => c.origin === nearest) : undefined;
}

function allElements(model: NetworkModel): { origin: { file: string; id: string; range: Site['range'] } }[] {
  return [
    ...model.vpcs,
    ...model.subnets,
    ...model.routeTables,
    ...model.routeTables.flatMap((t) => t.routes),
    ...model.internetGateways,
    ...model.natGateways,
    ...model.networkAcls,
    ...model.networkAcls.flatMap((a) => a.entries),
    ...model.securityGroups,
    ...model.computes,
    ...model.networkInterfaces,
    ...model.elasticIps,
    ...model.loadBalancers,
    ...model.vpcLinks,
    ...model.apiMethods,
    ...model.flowLogs,
  ];
}

/** An existing API Gateway → VPC link → NLB → compute chain. */
export interface FrontDoor {
  method: ApiMethod;
  link: VpcLink;
  loadBalancer: LoadBalancer;
  target: LoadBalancerTarget;
}

/** The API Gateway front doors that already lead to `compute` in the model. */
export function frontDoorsOf(model: NetworkModel, compute: Compute): FrontDoor[] {
  const out: FrontDoor[] = [];
  for (const loadBalancer of model.loadBalancers) {
    const target = loadBalancer.targets?.find((t) => t.compute === compute);
    if (!target) continue;
    for (const link of model.vpcLinks) {
      if (!link.targets.some((t) => t.known && t.value === loadBalancer)) continue;
      for (const method of model.apiMethods) if (method.vpcLink === link) out.push({ method, link, loadBalancer, target });
    }
  }
  return out;
}

/** The traffic path of `resource`, or `undefined` when it is not compute in the model. */
export function trafficPath(model: NetworkModel, exposures: Exposure[], resource: string): TrafficPathInfo | undefined {
  const compute = findCompute(model, resource);
  if (!compute) return undefined;
  const own = exposures.filter((e) => e.compute === compute);
  const exposure = own.find((e) => e.verdict === 'reachable') ?? own.find((e) => e.verdict === 'public-subnet') ?? own[0];
  const doors = frontDoorsOf(model, compute);
  const door = doors.find((d) => d.method.authorizationType.known && d.method.authorizationType.value !== 'NONE') ?? doors[0];
  const reachableExposures = own.filter((e) => e.verdict === 'reachable');
  const allPorts = reachableExposures.flatMap((e) => e.ports);
  const ports = portLabels(allPorts);
  const subnet = exposure?.subnet ?? firstSubnet(compute);

  let today: TrafficStepInfo[];
  let verdict: TrafficVerdict;
  let summary: string;
  if (exposure?.verdict === 'reachable') {
    verdict = 'reachable';
    today = directPath(exposure, allPorts);
    const others = reachableExposures.length > 1 ? ` (and ${reachableExposures.length - 1} more placement${reachableExposures.length > 2 ? 's' : ''})` : '';
    summary = `${compute.origin.id} is reachable from the internet on ${ports.join(', ')}${others}.`;
  } else if (door) {
    verdict = 'behind-api-gateway';
    today = frontDoorPath(door, compute, subnet);
    summary = `${compute.origin.id} is not reachable from the internet directly; requests reach it through API Gateway ${door.method.api?.id ?? door.method.origin.id}, VPC link ${door.link.origin.id} and load balancer ${door.loadBalancer.origin.id}.`;
  } else if (exposure?.verdict === 'public-subnet') {
    verdict = 'public-subnet';
    today = blockedPublicPath(exposure);
    summary = `${compute.origin.id} is in a public subnet but not reachable from the internet: ${exposure.reasons[0] ?? 'nothing admits internet traffic'}.`;
  } else if (exposure?.verdict === 'unknown-subnet') {
    verdict = 'unknown';
    today = unknownPath(exposure);
    summary = `Whether ${compute.origin.id} is reachable from the internet cannot be told from the code: ${exposure.reasons[0] ?? 'its placement is unknown'}.`;
  } else {
    verdict = 'private';
    today = privatePath(compute, subnet);
    summary = `${compute.origin.id} is not reachable from the internet: ${noIgwReason(subnet)}.`;
  }

  const proposed = door ? frontDoorPath(door, compute, subnet) : proposedPath(compute, allPorts, subnet);
  return {
    resource: compute.origin.id,
    resourceType: compute.origin.type,
    reachable: verdict === 'reachable',
    verdict,
    summary,
    ports,
    today,
    proposed,
    proposedExists: door !== undefined,
    considerations: considerations(compute, subnet, allPorts),
  };
}

// ── today: reachable ─────────────────────────────────────────────────────────

function directPath(e: Exposure, ports: PortExposure[]): TrafficStepInfo[] {
  const steps: TrafficStepInfo[] = [];
  const first = e.ports[0];
  const everyone = first !== undefined && ports.every((p) => p.rule.source.kind === 'cidr' && /\/0$/.test(p.rule.source.cidr));
  steps.push({ kind: 'user', title: 'Anyone on the internet', detail: everyone ? 'any address' : `from ${[...new Set(ports.map(sourceText))].join(', ')}` });
  const family = first?.family ?? 4;
  const addr = e.publicAddresses.find((a) => a.family === family) ?? e.publicAddresses[0];
  if (addr) {
    const title = addr.kind === 'elastic-ip' ? `Elastic IP ${addr.eip?.origin.id ?? ''}`.trim() : addr.kind === 'ipv6' ? 'Public IPv6 address' : 'Public IP address';
    const why =
      addr.kind === 'elastic-ip'
        ? 'a fixed public IPv4 address associated with the instance'
        : addr.kind === 'ipv6'
          ? 'a globally routable IPv6 address'
          : addr.kind === 'associate-public-ip'
            ? 'AssociatePublicIpAddress: true'
            : `MapPublicIpOnLaunch: true on ${e.subnet?.origin.id ?? 'the subnet'}`;
    steps.push({ kind: 'public-address', title, detail: `${why}; its public DNS name resolves here`, site: addr.site ?? addr.eip?.origin, highlight: true });
  }
  const route = e.internetRoutes[0];
  const igw = route?.internetGateway ?? e.internetGateway;
  if (igw) {
    const attachment = igw.attachmentSites[0];
    steps.push({ kind: 'internet-gateway', title: `Internet Gateway ${igw.origin.id}`, detail: attachment ? `attached to the VPC by ${attachment.id}` : 'attached to the VPC', site: igw.origin, highlight: true });
  } else {
    steps.push({ kind: 'internet-gateway', title: 'Internet Gateway', detail: 'not declared in this file', highlight: true });
  }
  if (route) steps.push(routeStep(e.routeTable, route, true));
  if (e.subnet) {
    const assoc = e.subnet.routeTableAssociation;
    steps.push({ kind: 'subnet', title: `Public subnet ${e.subnet.origin.id}`, detail: e.routeTable ? `uses route table ${e.routeTable.origin.id}${assoc ? ` (${assoc.id})` : ''}` : undefined, site: e.subnet.origin });
  }
  const acl = e.subnet?.networkAcl;
  if (acl && !acl.implicitDefault) {
    const entry = first?.naclEntry;
    const n = entry?.ruleNumber.known ? ` rule ${entry.ruleNumber.value}` : '';
    const cidr = entry?.cidr.known ? ` allows ${entry.cidr.value}` : ' allows the traffic';
    steps.push({ kind: 'network-acl', title: `Network ACL ${acl.origin.id}`, detail: `${entry ? entry.origin.id : 'an entry'}${n}${cidr}`, site: entry?.origin ?? acl.origin, highlight: true });
  } else {
    steps.push({ kind: 'network-acl', title: 'Default network ACL', detail: 'allows all inbound and outbound traffic' });
  }
  const byRule = new Map<PortExposure['rule'], PortExposure[]>();
  for (const p of ports) byRule.set(p.rule, [...(byRule.get(p.rule) ?? []), p]);
  for (const [rule, list] of byRule) {
    const group = rule.group?.origin.id ?? 'security group';
    steps.push({
      kind: 'security-group-rule',
      title: rule.ownId ? `Ingress rule ${rule.ownId}` : `Security group ${group}`,
      detail: `allows ${[...new Set(list.map(portLabel))].join(', ')} from ${sourceText(list[0]!)}`,
      site: rule.site,
      highlight: true,
    });
  }
  steps.push({ kind: 'compute', title: e.compute.origin.id, detail: `${e.compute.origin.type}, open on ${portLabels(ports).join(', ')}`, site: e.compute.origin });
  return steps;
}

function sourceText(p: PortExposure): string {
  return p.rule.source.kind === 'cidr' ? p.rule.source.cidr : 'the internet';
}

function routeStep(table: RouteTable | undefined, route: Route, highlight: boolean): TrafficStepInfo {
  const dest = route.destination.known ? route.destination.value : 'an unknown destination';
  const target = route.target === 'internet-gateway' ? `Internet Gateway ${route.internetGateway?.origin.id ?? ''}`.trim() : targetWords(route);
  return {
    kind: 'route',
    title: `Route table ${table?.origin.id ?? route.table?.origin.id ?? ''}`.trim(),
    detail: `route ${route.origin.id}: ${dest} → ${target}`,
    site: route.origin,
    highlight,
  };
}

function targetWords(route: Route): string {
  switch (route.target) {
    case 'nat-gateway':
      return 'a NAT gateway (outbound only)';
    case 'egress-only-gateway':
      return 'an egress-only Internet Gateway (outbound only)';
    case 'transit-gateway':
      return 'a transit gateway';
    case 'vpc-peering':
      return 'a peered VPC';
    case 'vpc-endpoint':
      return 'a VPC endpoint';
    case 'local':
      return 'the VPC';
    case 'unknown':
      return `a target vpc-lint cannot tell (${route.targetReason ?? 'unknown'})`;
    default:
      return route.target.replace(/-/g, ' ');
  }
}

// ── today: not reachable ─────────────────────────────────────────────────────

function firstSubnet(compute: Compute): Subnet | undefined {
  for (const p of compute.placements) if (p.subnet.known) return p.subnet.value;
  return undefined;
}

function effectiveTable(subnet: Subnet | undefined): RouteTable | undefined {
  return subnet?.routeTable ?? subnet?.vpc?.mainRouteTable;
}

function noIgwReason(subnet: Subnet | undefined): string {
  if (!subnet) return 'it is not placed in a subnet of this template';
  const table = effectiveTable(subnet);
  const def = table?.routes.find((r) => r.destination.known && r.destination.value === '0.0.0.0/0');
  if (def) return `subnet ${subnet.origin.id} has no route to an Internet Gateway (its route table ${table!.origin.id} sends 0.0.0.0/0 to ${targetWords(def)})`;
  return `subnet ${subnet.origin.id} has no route to an Internet Gateway`;
}

function blockedByRoutes(subnet: Subnet | undefined): TrafficStepInfo {
  const table = effectiveTable(subnet);
  const def = table?.routes.find((r) => r.destination.known && (r.destination.value === '0.0.0.0/0' || r.destination.value === '::/0'));
  const detail = !table
    ? 'the subnet is not in this template'
    : def
      ? `route table ${table.origin.id} sends ${(def.destination as { value: string }).value} to ${targetWords(def)}`
      : table.main
        ? 'the VPC main route table holds only the local route'
        : `route table ${table.origin.id} has no route to an Internet Gateway`;
  const site = def?.origin ?? subnet?.routeTableAssociation ?? (table && !table.main && table.origin.id !== subnet?.vpc?.origin.id ? table.origin : undefined);
  return { kind: 'blocked', title: 'No route to an Internet Gateway', detail, site };
}

function groupSteps(compute: Compute): TrafficStepInfo[] {
  const groups = new Set<SecurityGroup>();
  for (const p of compute.placements) for (const g of p.securityGroups.groups) groups.add(g);
  return [...groups].map((g) => ({
    kind: 'security-group-rule' as const,
    title: `Security group ${g.origin.id}`,
    detail: g.ingress.length === 0 ? 'admits nothing' : `allows ${g.ingress.map(ruleText).join('; ')}`,
    site: g.origin,
  }));
}

function ruleText(rule: SecurityGroup['ingress'][number]): string {
  const proto = rule.protocol.known ? rule.protocol.value : '?';
  const from = rule.fromPort.known ? rule.fromPort.value : -1;
  const to = rule.toPort.known ? rule.toPort.value : -1;
  const ports = proto === '-1' ? 'all traffic' : portLabel({ protocol: proto, from: from < 0 ? 0 : from, to: to < 0 ? 65535 : to });
  const src = rule.source;
  const from_ = src.kind === 'cidr' ? src.cidr : src.kind === 'security-group' ? `group ${src.group?.origin.id ?? src.id}` : src.kind === 'prefix-list' ? `prefix list ${src.id}` : 'an unknown source';
  return `${ports} from ${from_}`;
}

function computeStep(compute: Compute, detail?: string): TrafficStepInfo {
  return { kind: 'compute', title: compute.origin.id, detail: detail ?? compute.origin.type, site: compute.origin };
}

function privatePath(compute: Compute, subnet: Subnet | undefined): TrafficStepInfo[] {
  return [
    { kind: 'user', title: 'Anyone on the internet', detail: 'any address' },
    blockedByRoutes(subnet),
    ...(subnet ? [{ kind: 'subnet' as const, title: `Private subnet ${subnet.origin.id}`, detail: 'no route from the internet', site: subnet.origin }] : []),
    ...groupSteps(compute),
    computeStep(compute, `${compute.origin.type}, not reachable from the internet`),
  ];
}

function blockedPublicPath(e: Exposure): TrafficStepInfo[] {
  const steps: TrafficStepInfo[] = [{ kind: 'user', title: 'Anyone on the internet', detail: 'any address' }];
  const route = e.internetRoutes[0];
  const igw = route?.internetGateway ?? e.internetGateway;
  if (igw) steps.push({ kind: 'internet-gateway', title: `Internet Gateway ${igw.origin.id}`, detail: 'attached to the VPC', site: igw.origin });
  if (route) steps.push(routeStep(e.routeTable, route, false));
  if (e.subnet) steps.push({ kind: 'subnet', title: `Public subnet ${e.subnet.origin.id}`, detail: 'routes internet traffic to the Internet Gateway', site: e.subnet.origin });
  steps.push({ kind: 'blocked', title: 'Stopped here', detail: e.reasons[0] ?? 'nothing admits internet traffic' });
  steps.push(...groupSteps(e.compute));
  steps.push(computeStep(e.compute, `${e.compute.origin.type}, not reachable from the internet`));
  return steps;
}

function unknownPath(e: Exposure): TrafficStepInfo[] {
  return [
    { kind: 'user', title: 'Anyone on the internet', detail: 'any address' },
    { kind: 'blocked', title: 'Cannot tell', detail: e.reasons[0] ?? 'its placement is not fixed by the code', site: e.subnet?.origin },
    ...groupSteps(e.compute),
    computeStep(e.compute),
  ];
}

// ── API Gateway paths ────────────────────────────────────────────────────────

function authWords(method: ApiMethod): string {
  const auth = method.authorizationType;
  const key = method.apiKeyRequired.known && method.apiKeyRequired.value ? ' and an API key' : '';
  if (!auth.known) return `authorization ${auth.reason}${key}`;
  if (auth.value === 'NONE') return `no authorization${key ? `, only an API key` : ''}: anyone can call it`;
  return `authorization ${auth.value}${key}`;
}

function frontDoorPath(door: FrontDoor, compute: Compute, subnet: Subnet | undefined): TrafficStepInfo[] {
  const { method, link, loadBalancer, target } = door;
  const verb = method.httpMethod.known ? method.httpMethod.value : 'any method';
  const scheme = loadBalancer.scheme.known ? loadBalancer.scheme.value : 'scheme unknown';
  const lbType = loadBalancer.lbType.known && loadBalancer.lbType.value === 'network' ? 'Network Load Balancer' : 'Load balancer';
  const port = target.listenerPort !== undefined ? `listener tcp/${target.listenerPort} → ` : '';
  return [
    { kind: 'user', title: 'API clients', detail: `callers of API ${method.api?.id ?? ''}`.trim() },
    {
      kind: 'api-gateway',
      title: `API Gateway ${method.api?.id ?? method.origin.id}`,
      detail: `${verb} (${method.origin.id}), ${authWords(method)}`,
      site: method.authorizationSite ?? method.origin,
    },
    { kind: 'vpc-link', title: `VPC link ${link.origin.id}`, detail: link.version === 'rest' ? 'private integration of a REST API' : 'private integration of an HTTP API', site: link.origin },
    { kind: 'load-balancer', title: `${lbType} ${loadBalancer.origin.id}`, detail: `${scheme}, ${port}target group ${target.targetGroup.id}`, site: loadBalancer.origin },
    ...(subnet ? [{ kind: 'subnet' as const, title: `${effectiveTableHasIgw(subnet) ? 'Public' : 'Private'} subnet ${subnet.origin.id}`, detail: effectiveTableHasIgw(subnet) ? 'routes to an Internet Gateway' : 'no route to an Internet Gateway', site: subnet.origin }] : []),
    ...groupSteps(compute),
    computeStep(compute),
  ];
}

function effectiveTableHasIgw(subnet: Subnet): boolean {
  return effectiveTable(subnet)?.routes.some((r) => r.target === 'internet-gateway') === true;
}

/**
 * The ports the load balancer would listen on: the exposed TCP ports an HTTP API can carry, or,
 * for compute not exposed today, the TCP ports its security groups open; tcp/443 when neither says.
 */
function webPorts(ports: PortExposure[], compute: Compute): string[] {
  const carried = (p: { protocol: string; from: number; to: number }) =>
    p.protocol === 'tcp' && p.from >= 0 && !(p.from === p.to && ADMIN_PORTS[p.from] !== undefined) && !(p.from <= 0 && p.to >= 65535);
  let labels = portLabels(ports.filter(carried));
  if (labels.length === 0) {
    const declared: { protocol: string; from: number; to: number }[] = [];
    for (const placement of compute.placements) {
      for (const group of placement.securityGroups.groups) {
        for (const rule of group.ingress) {
          if (rule.protocol.known && rule.fromPort.known && rule.toPort.known) declared.push({ protocol: rule.protocol.value, from: rule.fromPort.value, to: rule.toPort.value });
        }
      }
    }
    labels = [...new Set(declared.filter(carried).sort((a, b) => a.from - b.from).map(portLabel))];
  }
  return labels.length > 0 ? labels : ['tcp/443'];
}

function proposedPath(compute: Compute, ports: PortExposure[], subnet: Subnet | undefined): TrafficStepInfo[] {
  const listeners = webPorts(ports, compute).join(', ');
  const groups = groupSteps(compute);
  const privateAlready = subnet !== undefined && !effectiveTableHasIgw(subnet);
  return [
    { kind: 'user', title: 'API clients', detail: 'call the API over HTTPS' },
    { kind: 'api-gateway', title: 'API Gateway REST API (new)', detail: 'authorization AWS_IAM (or a Cognito or Lambda authorizer), throttling, request validation' },
    { kind: 'vpc-link', title: 'VPC link (new)', detail: 'private integration into the VPC' },
    { kind: 'load-balancer', title: 'Internal Network Load Balancer (new)', detail: `listeners ${listeners}, in private subnets` },
    privateAlready
      ? { kind: 'subnet', title: `Private subnet ${subnet.origin.id}`, detail: 'no route to an Internet Gateway', site: subnet.origin }
      : { kind: 'subnet', title: 'Private subnet (new)', detail: `no route to an Internet Gateway, no public IP${subnet ? `; replaces ${subnet.origin.id}` : ''}` },
    ...(groups.length > 0
      ? groups.map((g) => ({ ...g, detail: `narrowed to ${listeners} from the VPC's addresses (the load balancer)` }))
      : [{ kind: 'security-group-rule' as const, title: 'Security group (new)', detail: `${listeners} from the VPC's addresses (the load balancer)` }]),
    computeStep(compute, `${compute.origin.type}, reachable only through the API`),
  ];
}

// ── considerations ───────────────────────────────────────────────────────────

function considerations(compute: Compute, subnet: Subnet | undefined, ports: PortExposure[]): TrafficConsiderationsInfo {
  const notCarried: string[] = [];
  for (const label of portLabels(ports)) {
    const p = ports.find((q) => portLabel(q) === label)!;
    const admin = p.from === p.to ? ADMIN_PORTS[p.from] : undefined;
    if (p.protocol === 'tcp' && admin) notCarried.push(`${label} (${admin}): API Gateway carries HTTP only. Use AWS Systems Manager Session Manager instead of an open ${admin} port.`);
    else if (p.protocol !== 'tcp') notCarried.push(`${label}: not HTTP, so API Gateway cannot carry it.`);
    else if (p.from <= 0 && p.to >= 65535) notCarried.push(`${label}: only the ports the application serves over HTTP go through the API.`);
  }
  const vpc = subnet?.vpc;
  const flow = subnet?.flowLogs[0] ?? vpc?.flowLogs[0];
  const monitoring: MonitoringItem[] = [
    {
      name: 'VPC Flow Logs',
      detail: flow ? `on, through ${flow.origin.id}: accepted and rejected connections to ${compute.origin.id} are recorded` : `off for ${subnet ? `subnet ${subnet.origin.id}` : 'this subnet'}: add an AWS::EC2::FlowLog for the VPC to see who connects`,
      enabled: flow !== undefined,
      site: flow?.origin,
    },
    {
      name: 'API Gateway access logs',
      detail: "set the stage's AccessLogSetting to a CloudWatch Logs group: caller, identity, status and latency per request",
      enabled: false,
    },
    {
      name: 'CloudWatch metrics and alarms',
      detail: "alarm on the API's 4XXError, 5XXError and Latency, and on the load balancer's UnHealthyHostCount",
      enabled: false,
    },
  ];
  return {
    cost: {
      restApi: [...REST_API_TIERS],
      httpApi: [...HTTP_API_TIERS],
      source: { ...API_GATEWAY_PRICE_SOURCE },
      defaultMonthlyRequests: DEFAULT_MONTHLY_REQUESTS,
      notes: [...API_GATEWAY_COST_NOTES],
    },
    latency:
      'Each request takes extra hops, API Gateway then the VPC link and the Network Load Balancer, before it reaches the instance. ' +
      "Compare the API's Latency and IntegrationLatency metrics in CloudWatch after the change: the difference is API Gateway's own share.",
    staticContent:
      'Every call through the API is billed, images and scripts included. Serve static files from Amazon S3 behind CloudFront, ' +
      'and keep the API for dynamic requests.',
    notCarried,
    monitoring,
  };
}
