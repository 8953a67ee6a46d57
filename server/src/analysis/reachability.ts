/**
 * Decides, for each placement of each compute resource, whether it sits in a public subnet and
 * whether the internet can reach it: routes to an attached Internet Gateway, a public address,
 * security-group rules and the subnet's NACL, intersected as address sets per port range.
 * Unknown facts are carried as reasons; they never count as safe or as exposed.
 */
import { plainRange, type Range } from '../read/node.js';
import type {
  Compute,
  ElasticIp,
  InternetGateway,
  NetworkAcl,
  NetworkAclEntry,
  NetworkModel,
  Placement,
  Route,
  RouteTable,
  SecurityGroupRule,
  Site,
  Subnet,
} from '../model/types.js';
import { AddressSet, cidrMemo, INTERNET, parseCidr, type Family } from './addressSet.js';
import { propertyName } from '../model/propertyNames.js';
import { distinct } from './distinct.js';

/** One step of a traffic path, ordered from the internet to the compute. */
export interface PathStep {
  kind:
    | 'internet'
    | 'public-ip'
    | 'elastic-ip'
    | 'ipv6-address'
    | 'internet-gateway'
    | 'route'
    | 'route-table'
    | 'subnet'
    | 'network-acl'
    | 'security-group-rule'
    | 'compute';
  resource: string;
  file?: string;
  range?: Range;
  label?: string;
}

export type Verdict = 'reachable' | 'public-subnet' | 'unknown-subnet';

export interface PortExposure {
  family: Family;
  /** 'tcp', 'udp', 'icmp', 'icmpv6', a protocol number, or '-1' for all traffic. */
  protocol: string;
  from: number;
  to: number;
  sources: AddressSet;
  rule: SecurityGroupRule;
  naclEntry?: NetworkAclEntry;
}

export interface PublicAddress {
  kind: 'associate-public-ip' | 'map-public-ip' | 'elastic-ip' | 'ipv6';
  family: Family;
  site?: Site;
  eip?: ElasticIp;
}

export interface Exposure {
  compute: Compute;
  placement: Placement;
  subnet?: Subnet;
  verdict: Verdict;
  routeTable?: RouteTable;
  /** Routes that send internet-bound traffic to an Internet Gateway. */
  internetRoutes: Route[];
  internetGateway?: InternetGateway;
  publicAddresses: PublicAddress[];
  ports: PortExposure[];
  /** Why it is not provably reachable (verdict other than 'reachable'). */
  reasons: string[];
  /** Facts the verdict depends on that the code does not fix. */
  unknowns: string[];
  /** Conditions under which this placement applies. */
  when: string[];
  path: PathStep[];
}

const EPHEMERAL: [number, number] = [1024, 65535];

export interface AnalysisOptions {
  /**
   * Source ranges the user trusts (an office, a VPN egress): traffic from them is not "from the
   * internet". Routes are unaffected: a subnet routed to an Internet Gateway is still public.
   */
  trustedCidrs?: readonly string[];
}

export function analyse(model: NetworkModel, options: AnalysisOptions = {}): Exposure[] {
  const out: Exposure[] = [];
  const trusted = { 4: AddressSet.fromCidrs(4, options.trustedCidrs ?? []), 6: AddressSet.fromCidrs(6, options.trustedCidrs ?? []) };
  const run: Run = {
    trusted,
    untrustedInternet: { 4: INTERNET[4].minus(trusted[4]), 6: INTERNET[6].minus(trusted[6]) },
    routes: new Map(),
  };
  for (const compute of model.computes) {
    for (const placement of compute.placements) {
      const e = analysePlacement(compute, placement, run);
      if (e) out.push(e);
    }
  }
  return out;
}

/** What one analysis computes once and every placement shares. */
interface Run {
  trusted: Record<Family, AddressSet>;
  /** The internet less the trusted ranges. */
  untrustedInternet: Record<Family, AddressSet>;
  /** Per subnet: many computes share a subnet. */
  routes: Map<Subnet, InternetRoutes>;
}

interface InternetRoutes {
  table?: RouteTable;
  routes: Route[];
  covered: Record<Family, AddressSet>;
  unknowns: string[];
  gateway?: InternetGateway;
}

/** The internet addresses a subnet's effective route table sends to an attached Internet Gateway. */
export function internetRoutes(subnet: Subnet): InternetRoutes {
  const table = subnet.routeTable ?? subnet.vpc?.mainRouteTable;
  const result: InternetRoutes = { table, routes: [], covered: { 4: AddressSet.empty(4), 6: AddressSet.empty(6) }, unknowns: [] };
  if (!table) return result;
  // Longest prefix wins: a more specific route elsewhere takes its addresses away from the IGW.
  const parsed = table.routes.map((r) => ({ r, p: r.destination.known ? parseCidr(r.destination.value) : undefined }));
  for (const { r, p } of parsed) {
    if (r.target === 'unknown') {
      result.unknowns.push(`the target of route ${r.origin.id} (${r.targetReason ?? 'unknown'})`);
      continue;
    }
    if (r.target !== 'internet-gateway') continue;
    if (r.internetGateway && subnet.vpc && !r.internetGateway.vpcs.includes(subnet.vpc)) {
      // Not attached to this VPC, the route cannot carry traffic; unless an attachment is unknown.
      if (r.internetGateway.unknownAttachment) result.unknowns.push(r.internetGateway.unknownAttachment);
      continue;
    }
    if (!r.destination.known) {
      result.unknowns.push(`the destination of route ${r.origin.id} (${r.destination.reason})`);
      continue;
    }
    if (!p) continue;
    const len = prefixLength(r.destination.value);
    let set = AddressSet.fromCidrs(p.family, [r.destination.value]).intersect(INTERNET[p.family]);
    for (const o of parsed) {
      if (o.r === r || !o.p || o.p.family !== p.family || o.r.target === 'internet-gateway') continue;
      if (prefixLength((o.r.destination as { value: string }).value) > len) set = set.minus(AddressSet.fromCidrs(p.family, [(o.r.destination as { value: string }).value]));
    }
    if (set.isEmpty) continue;
    result.covered[p.family] = result.covered[p.family].union(set);
    result.routes.push(r);
    result.gateway ??= r.internetGateway;
  }
  return result;
}

function prefixLength(cidr: string): number {
  // What follows the first slash, up to a second one if any (as split('/')[1], without the list).
  const slash = cidr.indexOf('/');
  const next = slash < 0 ? -1 : cidr.indexOf('/', slash + 1);
  const n = slash < 0 ? NaN : Number(cidr.slice(slash + 1, next < 0 ? cidr.length : next));
  return Number.isFinite(n) ? n : cidr.includes(':') ? 128 : 32;
}

function analysePlacement(compute: Compute, placement: Placement, run: Run): Exposure | undefined {
  const trusted = run.trusted;
  const when = [...(compute.when ?? []), ...placement.when];
  const base = { compute, placement, publicAddresses: [] as PublicAddress[], ports: [] as PortExposure[], reasons: [] as string[], unknowns: [] as string[], when, internetRoutes: [] as Route[], path: [] as PathStep[] };
  if (!placement.subnet.known) {
    // Where it lands is not fixed by the code; say what it would take, if the rest is open.
    const ports = admittedPorts(placement, undefined, run.untrustedInternet, [], base.unknowns);
    const addr = addressesFor(placement, undefined);
    if (ports.length === 0 || addr.v4 === false) return undefined;
    // Unknowns are noun phrases ("depends on its subnet (…)"); the reason alone is a clause.
    return { ...base, verdict: 'unknown-subnet', ports, publicAddresses: addr.list, reasons: [placement.subnet.reason], unknowns: [`its subnet (${placement.subnet.reason})`, ...base.unknowns] };
  }
  const subnet = placement.subnet.value;
  let routes = run.routes.get(subnet);
  if (!routes) run.routes.set(subnet, (routes = internetRoutes(subnet)));
  const isPublic = !routes.covered[4].isEmpty || !routes.covered[6].isEmpty;
  if (!isPublic) {
    if (routes.unknowns.length === 0) return undefined;
    const ports = admittedPorts(placement, subnet, run.untrustedInternet, [], []);
    if (ports.length === 0) return undefined;
    return { ...base, subnet, routeTable: routes.table, verdict: 'unknown-subnet', ports, reasons: [`whether subnet ${subnet.origin.id} is public depends on ${routes.unknowns[0]}`], unknowns: routes.unknowns };
  }
  const unknowns = [...routes.unknowns];
  const addr = addressesFor(placement, subnet);
  unknowns.push(...addr.unknowns);
  const reachableFrom: Record<Family, AddressSet> = {
    4: addr.v4 === true ? routes.covered[4].minus(trusted[4]) : AddressSet.empty(4),
    6: addr.v6 === true ? routes.covered[6].minus(trusted[6]) : AddressSet.empty(6),
  };
  const reasons: string[] = [];
  const ports = admittedPorts(placement, subnet, reachableFrom, reasons, unknowns);
  // Written out rather than spread from `base`: one shape for every exposure, built in one step.
  const exposure: Exposure = {
    compute,
    placement,
    when,
    path: [],
    subnet,
    routeTable: routes.table,
    internetRoutes: routes.routes,
    internetGateway: routes.gateway,
    publicAddresses: addr.list,
    ports,
    unknowns,
    reasons,
    verdict: ports.length > 0 ? 'reachable' : 'public-subnet',
  };
  if (exposure.verdict === 'reachable') {
    // A link of the chain that exists only under a condition makes the whole exposure conditional.
    const extra = [
      ...requiredWhen(routes.routes),
      ...requiredWhen(routes.gateway ? [routes.gateway] : []),
      ...requiredWhen(ports.map((p) => p.rule)),
      ...requiredWhen(addr.list.map((a) => a.eip ?? {})),
    ];
    for (const c of extra) if (!exposure.when.includes(c)) exposure.when.push(c);
  }
  if (exposure.verdict !== 'reachable') {
    if (addr.v4 !== true && addr.v6 !== true) {
      // Without a public address nothing is routed to it, so what the security groups say is beside the point.
      reasons.length = 0;
      reasons.push(addr.v4 === undefined ? `whether it gets a public IPv4 address depends on ${addr.unknowns[0] ?? 'deployment'}` : 'it has no public IPv4 or reachable IPv6 address');
    } else if (reasons.length === 0) {
      reasons.push('no security-group rule admits internet sources');
    }
  }
  exposure.path = buildPath(exposure);
  return exposure;
}

/** Conditions every one of `items` depends on (empty when any of them is unconditional). */
function requiredWhen(items: { when?: string[] }[]): string[] {
  if (items.length === 0 || items.some((i) => !i.when?.length)) return [];
  return items[0]!.when!.filter((c) => items.every((i) => i.when!.includes(c)));
}

interface Addressing {
  /** true: has a public IPv4; false: has none; undefined: cannot tell. */
  v4: boolean | undefined;
  v6: boolean | undefined;
  list: PublicAddress[];
  unknowns: string[];
}

function addressesFor(p: Placement, subnet: Subnet | undefined): Addressing {
  const a: Addressing = { v4: false, v6: false, list: [], unknowns: [] };
  for (const eip of p.elasticIps) a.list.push({ kind: 'elastic-ip', family: 4, eip, site: eip.associationSite ?? eip.origin });
  if (p.elasticIps.length > 0) a.v4 = true;
  else if (p.associatePublicIp) {
    if (p.associatePublicIp.known) {
      a.v4 = p.associatePublicIp.value;
      if (a.v4) a.list.push({ kind: 'associate-public-ip', family: 4, site: p.associatePublicIpSite });
    } else {
      a.v4 = undefined;
      a.unknowns.push(`${propertyName(subnet?.origin, 'associatePublicIp')} (${p.associatePublicIp.reason})`);
    }
  } else if (!p.networkInterface && subnet) {
    // Interfaces created at launch take the subnet's default; attached interfaces never do.
    const m = subnet.mapPublicIpOnLaunch;
    if (m.known) {
      a.v4 = m.value;
      if (m.value) a.list.push({ kind: 'map-public-ip', family: 4, site: m.site ?? subnet.origin });
    } else {
      a.v4 = undefined;
      a.unknowns.push(`${propertyName(subnet.origin, 'mapPublicIp')} of subnet ${subnet.origin.id} (${m.reason})`);
    }
  } else if (!subnet) a.v4 = undefined;
  const v6 = p.ipv6 ?? (p.networkInterface || !subnet ? undefined : subnet.assignIpv6OnCreation);
  if (v6?.known) {
    a.v6 = v6.value;
    if (v6.value) a.list.push({ kind: 'ipv6', family: 6, site: v6.site });
  } else if (v6) {
    a.v6 = undefined;
    a.unknowns.push(`IPv6 addressing (${v6.reason})`);
  }
  return a;
}

function ruleRange(rule: SecurityGroupRule): [number, number] {
  const proto = rule.protocol.known ? rule.protocol.value : '-1';
  if (proto === '-1') return [0, 65535];
  const from = rule.fromPort.known ? rule.fromPort.value : -1;
  const to = rule.toPort.known ? rule.toPort.value : -1;
  if (proto === 'icmp' || proto === 'icmpv6') return [from, to];
  if (from < 0 || to < 0) return [0, 65535];
  return [from, to];
}

/** Ports whose security-group rules and NACL admit some of `from`. */
function admittedPorts(p: Placement, subnet: Subnet | undefined, from: Record<Family, AddressSet>, reasons: string[], unknowns: string[]): PortExposure[] {
  const out: PortExposure[] = [];
  if (p.securityGroups.unresolved) unknowns.push(`security groups (${p.securityGroups.unresolved})`);
  let sawWorldRule = false;
  for (const group of p.securityGroups.groups) {
    for (const rule of group.ingress) {
      if (!rule.protocol.known) {
        unknowns.push(`the protocol of a rule in ${group.origin.id} (${rule.protocol.reason})`);
        continue;
      }
      const src = rule.source;
      if (src.kind === 'unknown') {
        unknowns.push(`the source of a rule in ${group.origin.id} (${src.reason})`);
        continue;
      }
      if (src.kind === 'prefix-list') {
        unknowns.push(`prefix list ${src.id} in ${group.origin.id}`);
        continue;
      }
      if (src.kind !== 'cidr') continue; // another group: not the internet
      const parsed = parseCidr(src.cidr);
      if (!parsed) continue;
      const family = parsed.family;
      const world = internetPart(src.cidr);
      if (world.isEmpty) continue;
      sawWorldRule = true;
      const sources = world.intersect(from[family]);
      if (sources.isEmpty) continue;
      const [lo, hi] = ruleRange(rule);
      const acl = subnet?.networkAcl;
      if (!acl || acl.implicitDefault) {
        out.push({ family, protocol: rule.protocol.value, from: lo, to: hi, sources, rule });
        continue;
      }
      out.push(...throughAcl(acl, family, rule, lo, hi, sources, unknowns));
    }
  }
  if (out.length === 0 && p.securityGroups.groups.length > 0) {
    reasons.push(sawWorldRule ? (subnet?.networkAcl && !subnet.networkAcl.implicitDefault ? `network ACL ${subnet.networkAcl.origin.id} blocks the traffic its security groups admit` : 'no security-group rule admits the addresses the subnet routes to the internet') : `its security groups (${p.securityGroups.groups.map((g) => g.origin.id).join(', ')}) admit no internet sources`);
  } else if (out.length === 0 && p.securityGroups.defaultGroup) {
    reasons.push("it uses the VPC's default security group, which admits only its own members");
  }
  return mergePorts(out);
}

/** The internet addresses in one CIDR (a parsed one: its family is known). */
const internetPart = cidrMemo((cidr) => {
  const family = parseCidr(cidr)!.family;
  return AddressSet.fromCidrs(family, [cidr]).intersect(INTERNET[family]);
});

/** Stateless NACL evaluation: first matching rule by number wins, inbound then the replies outbound. */
function throughAcl(acl: NetworkAcl, family: Family, rule: SecurityGroupRule, lo: number, hi: number, sources: AddressSet, unknowns: string[]): PortExposure[] {
  const proto = (rule.protocol as { value: string }).value;
  const protocols = proto === '-1' ? ['tcp', 'udp', 'icmp'] : [proto];
  const inbound = sortedEntries(acl, false, unknowns);
  const outbound = sortedEntries(acl, true, unknowns);
  const out: PortExposure[] = [];
  for (const pr of protocols) {
    for (const [a, b] of segments(inbound, pr, lo, hi)) {
      const inb = firstMatch(inbound, family, pr, a, b, sources, unknowns);
      if (inb.allowed.isEmpty) continue;
      const back = firstMatch(outbound, family, pr, EPHEMERAL[0], EPHEMERAL[1], inb.allowed, unknowns, true);
      if (back.allowed.isEmpty) continue;
      out.push({ family, protocol: proto === '-1' && protocols.length > 1 ? pr : proto, from: a, to: b, sources: back.allowed, rule, naclEntry: inb.entry });
    }
  }
  return out;
}

function sortedEntries(acl: NetworkAcl, egress: boolean, unknowns: string[]): NetworkAclEntry[] {
  const list = acl.entries.filter((e) => e.egress === egress);
  for (const e of list) if (!e.ruleNumber.known) unknowns.push(`the rule number of ${e.origin.id}`);
  return list.filter((e) => e.ruleNumber.known).sort((x, y) => (x.ruleNumber as { value: number }).value - (y.ruleNumber as { value: number }).value);
}

function protoMatches(entry: NetworkAclEntry, proto: string): boolean {
  if (!entry.protocol.known) return false;
  return entry.protocol.value === '-1' || entry.protocol.value === proto;
}

/** Splits [lo, hi] at the NACL's port boundaries so each piece meets one rule at a time. */
function segments(entries: NetworkAclEntry[], proto: string, lo: number, hi: number): [number, number][] {
  if (proto !== 'tcp' && proto !== 'udp') return [[lo, hi]];
  const cuts = new Set<number>([lo, hi + 1]);
  for (const e of entries) {
    if (!protoMatches(e, proto) || e.protocol.known && e.protocol.value === '-1') continue;
    if (e.fromPort.known && e.fromPort.value > lo && e.fromPort.value <= hi) cuts.add(e.fromPort.value);
    if (e.toPort.known && e.toPort.value + 1 > lo && e.toPort.value + 1 <= hi) cuts.add(e.toPort.value + 1);
  }
  const sorted = [...cuts].sort((x, y) => x - y);
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < sorted.length; i++) out.push([sorted[i]!, sorted[i + 1]! - 1]);
  return out;
}

function firstMatch(
  entries: NetworkAclEntry[],
  family: Family,
  proto: string,
  a: number,
  b: number,
  sources: AddressSet,
  unknowns: string[],
  anyPortOverlap = false,
): { allowed: AddressSet; entry?: NetworkAclEntry } {
  let remaining = sources;
  let allowed = AddressSet.empty(family);
  let entry: NetworkAclEntry | undefined;
  for (const e of entries) {
    if (remaining.isEmpty) break;
    if (!protoMatches(e, proto)) continue;
    if ((proto === 'tcp' || proto === 'udp') && e.protocol.known && e.protocol.value !== '-1') {
      const f = e.fromPort.known ? e.fromPort.value : 0;
      const t = e.toPort.known ? e.toPort.value : 65535;
      const overlaps = f <= b && t >= a;
      const contains = f <= a && t >= b;
      if (!(anyPortOverlap ? overlaps : contains)) continue;
    }
    if (!e.cidr.known || !e.allow.known) {
      unknowns.push(`network ACL entry ${e.origin.id} (${!e.cidr.known ? e.cidr.reason : (e.allow as { reason: string }).reason})`);
      return { allowed, entry };
    }
    const parsed = parseCidr(e.cidr.value);
    if (!parsed || parsed.family !== family) continue;
    const matched = remaining.intersect(AddressSet.fromCidrs(family, [e.cidr.value]));
    if (matched.isEmpty) continue;
    if (e.allow.value) {
      allowed = allowed.union(matched);
      entry ??= e;
    }
    remaining = remaining.minus(matched);
  }
  return { allowed, entry };
}

/** Joins adjacent ranges of the same protocol and rule, so messages say tcp/1024-65535 once. */
function mergePorts(ports: PortExposure[]): PortExposure[] {
  const out: PortExposure[] = [];
  for (const p of ports) {
    const last = out.find((o) => o.protocol === p.protocol && o.family === p.family && o.rule === p.rule && o.to + 1 === p.from && o.sources.equals(p.sources));
    if (last) last.to = p.to;
    else out.push({ ...p });
  }
  return out;
}

/** "tcp/22", "tcp/1024-65535", "udp/all", "icmp", "all traffic". */
export function portLabel(p: { protocol: string; from: number; to: number }): string {
  if (p.protocol === '-1') return 'all traffic';
  if (p.protocol === 'icmp' || p.protocol === 'icmpv6') return p.protocol;
  if (!/^(tcp|udp)$/.test(p.protocol)) return `protocol ${p.protocol}`;
  if (p.from <= 0 && p.to >= 65535) return `${p.protocol}/all`;
  return p.from === p.to ? `${p.protocol}/${p.from}` : `${p.protocol}/${p.from}-${p.to}`;
}

/** Unique port labels in a stable order (numeric by port). */
export function portLabels(ports: readonly PortExposure[]): string[] {
  const sorted = [...ports].sort((x, y) => (x.protocol === y.protocol ? x.from - y.from : x.protocol < y.protocol ? -1 : 1));
  return distinct(sorted.map(portLabel));
}

function step(kind: PathStep['kind'], resource: string, at: Site | undefined, label?: string): PathStep {
  return { kind, resource, file: at?.file, range: at && plainRange(at.range), label };
}

function buildPath(e: Exposure): PathStep[] {
  const path: PathStep[] = [];
  const first = e.ports[0];
  const family: Family = first?.family ?? (e.publicAddresses.some((a) => a.family === 4) ? 4 : 6);
  const everyone = first && first.sources.covers(INTERNET[first.family]);
  path.push(step('internet', 'internet', undefined, first && !everyone ? first.sources.toCidrs(2).join(', ') : family === 4 ? 'any IPv4 address' : 'any IPv6 address'));
  const addr = e.publicAddresses.find((a) => a.family === family) ?? e.publicAddresses[0];
  if (addr) {
    const kind = addr.kind === 'elastic-ip' ? 'elastic-ip' : addr.kind === 'ipv6' ? 'ipv6-address' : 'public-ip';
    const label = addr.kind === 'elastic-ip' ? 'Elastic IP' : addr.kind === 'ipv6' ? 'IPv6 address' : addr.kind === 'associate-public-ip' ? `public IP (${propertyName(e.compute.origin, 'associatePublicIp')})` : `public IP (subnet ${propertyName(e.subnet?.origin, 'mapPublicIp')})`;
    path.push(step(kind, addr.eip?.origin.id ?? e.compute.origin.id, addr.site, label));
  }
  const route = e.internetRoutes.find((r) => r.destination.known && parseCidr(r.destination.value)?.family === family) ?? e.internetRoutes[0];
  const igw = route?.internetGateway ?? e.internetGateway;
  if (igw) path.push(step('internet-gateway', igw.origin.id, igw.origin, 'Internet Gateway'));
  else if (route) path.push(step('internet-gateway', 'internet gateway', undefined, 'Internet Gateway'));
  if (route) path.push(step('route', route.origin.id, route.origin, `${route.destination.known ? route.destination.value : '?'} → Internet Gateway`));
  if (e.routeTable) path.push(step('route-table', e.routeTable.origin.id, e.subnet?.routeTableAssociation ?? e.routeTable.origin, 'route table'));
  if (e.subnet) path.push(step('subnet', e.subnet.origin.id, e.subnet.origin, 'public subnet'));
  const acl = e.subnet?.networkAcl;
  if (acl && !acl.implicitDefault) path.push(step('network-acl', first?.naclEntry?.origin.id ?? acl.origin.id, first?.naclEntry?.origin ?? acl.origin, 'network ACL'));
  else path.push(step('network-acl', 'default network ACL', undefined, 'default network ACL (allows all)'));
  if (first) path.push(step('security-group-rule', first.rule.ownId ?? first.rule.group?.origin.id ?? 'security group', first.rule.site, `${portLabel(first)} from ${first.rule.source.kind === 'cidr' ? first.rule.source.cidr : 'the internet'}`));
  path.push(step('compute', e.compute.origin.id, e.compute.origin, e.compute.origin.type));
  return path;
}
