/** Shared wording for findings: resource names, port lists, conditions, related locations. */
import type { Compute, Origin, Site } from '../model/types.js';
import { plainRange } from '../read/node.js';
import { propertyName } from '../model/propertyNames.js';
import { portLabels, type Exposure, type PathStep, type PortExposure } from '../analysis/reachability.js';
import { INTERNET } from '../analysis/addressSet.js';
import type { Finding, RelatedLocation, Rule } from './types.js';
import { distinct } from '../analysis/distinct.js';

export function computeNoun(c: Compute): string {
  switch (c.computeKind) {
    case 'instance':
      return 'EC2 instance';
    case 'auto-scaling-group':
      return 'Auto Scaling group';
    case 'network-interface':
      return 'Network interface';
    default:
      return 'Compute';
  }
}

export function list(items: readonly string[], max = 6): string {
  // Most lists are of one item.
  if (items.length === 1 && max >= 1) return items[0]!;
  const shown = items.slice(0, max);
  const more = items.length - shown.length;
  const head = shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : head;
}

export function whenClause(when: string[]): string {
  return when.length ? ` (when ${when.join(' and ')})` : '';
}

export function related(at: Site | Origin | undefined, message: string): RelatedLocation[] {
  return at ? [{ file: at.file, range: plainRange(at.range), message }] : [];
}

/** Related locations for an exposure: the address, route, gateway, NACL entry and SG rules. */
export function exposureRelated(e: Exposure): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  for (const a of e.publicAddresses) {
    const what = a.kind === 'elastic-ip' ? `Elastic IP ${a.eip?.origin.id ?? ''}`.trim() : a.kind === 'ipv6' ? 'IPv6 address' : a.kind === 'associate-public-ip' ? `${propertyName(e.compute.origin, 'associatePublicIp')}: true` : `${propertyName(e.subnet?.origin, 'mapPublicIp')} on subnet ${e.subnet?.origin.id ?? ''}`;
    out.push(...related(a.site, `Public address: ${what}`));
  }
  for (const r of e.internetRoutes) {
    out.push(...related(r.origin, `Route ${r.destination.known ? r.destination.value : ''} → Internet Gateway ${r.internetGateway?.origin.id ?? ''}`.trim()));
  }
  const igw = e.internetGateway;
  if (igw) {
    out.push(...related(igw.origin, `Internet Gateway ${igw.origin.id}`));
    const att = igw.attachmentSites[0];
    if (att) out.push(...related(att, `Attaches ${igw.origin.id} to the VPC`));
  }
  if (e.subnet?.routeTableAssociation) out.push(...related(e.subnet.routeTableAssociation, `Associates subnet ${e.subnet.origin.id} with route table ${e.routeTable?.origin.id ?? ''}`.trim()));
  const seenRules = new Set<unknown>();
  for (const p of e.ports) {
    if (seenRules.has(p.rule)) continue;
    seenRules.add(p.rule);
    const labels = portLabels(e.ports.filter((q) => q.rule === p.rule));
    out.push(...related(p.rule.site, `Security group ${p.rule.group?.origin.id ?? ''} admits ${list(labels)} from ${sourceWords(p)}`));
    if (p.naclEntry) out.push(...related(p.naclEntry.origin, `Network ACL entry ${p.naclEntry.origin.id} allows it`));
  }
  // Inline rules share their group's site.
  return distinctLocations(out);
}

/**
 * The locations in order, each once: a repeat has the same file, start and message. Grouped by
 * line number, so no key string is built and hashed for each location.
 */
function distinctLocations(locations: readonly RelatedLocation[]): RelatedLocation[] {
  const byLine = new Map<number, RelatedLocation[]>();
  const out: RelatedLocation[] = [];
  for (const r of locations) {
    const start = r.range.start;
    const same = byLine.get(start.line);
    if (same === undefined) byLine.set(start.line, [r]);
    else if (same.some((o) => o.range.start.character === start.character && o.message === r.message && o.file === r.file)) continue;
    else same.push(r);
    out.push(r);
  }
  return out;
}

/** What each exposure of a group lists, together; for a group of one, its own list (not to be changed). */
export function ofEach<T>(group: readonly Exposure[], pick: (e: Exposure) => readonly T[]): readonly T[] {
  if (group.length === 1) return pick(group[0]!);
  const out: T[] = [];
  for (const e of group) for (const x of pick(e)) out.push(x);
  return out;
}

/** The route and gateway of an exposure, in words: "route table RT sends 0.0.0.0/0 to Internet Gateway IGW (route R)". */
export function routeWords(e: Exposure): string {
  const r = e.internetRoutes[0];
  if (!r) return 'its route table sends internet traffic to an Internet Gateway';
  const dests = e.internetRoutes.map((x) => (x.destination.known ? x.destination.value : '?'));
  const igw = r.internetGateway ? `Internet Gateway ${r.internetGateway.origin.id}` : 'an Internet Gateway';
  const table = e.routeTable ? `route table ${e.routeTable.origin.id}` : 'its route table';
  const routes = e.internetRoutes.map((x) => x.origin.id);
  return `${table} sends ${list(dests)} to ${igw} (${routes.length > 1 ? 'routes' : 'route'} ${list(routes)})`;
}

export function baseFinding(rule: Rule, origin: Origin, message: string): Finding {
  return {
    ruleId: rule.slug,
    code: rule.id,
    severity: rule.severity,
    file: origin.file,
    range: plainRange(origin.range),
    resource: origin.id,
    resourceType: origin.type,
    message,
    docsUrl: rule.docsUrl,
    ...(origin.source ? { source: { file: origin.source.file, range: plainRange(origin.source.range) } } : {}),
  };
}

/**
 * A finding about an exposure: {@link baseFinding} with its traffic path, ports and related
 * locations. The three are set on the finding rather than spread into a new object: copying a
 * finding by spread cost more than building its message.
 */
export function exposureFinding(rule: Rule, origin: Origin, message: string, path: PathStep[], ports: string[], related: RelatedLocation[]): Finding {
  const f = baseFinding(rule, origin, message);
  f.path = path;
  f.ports = ports;
  f.related = related;
  return f;
}

/** The internet sources a port admits: the rule's own CIDR when all of the internet gets through. */
export function sourceWords(p: PortExposure): string {
  if (p.sources.covers(INTERNET[p.family]) && p.rule.source.kind === 'cidr') return p.rule.source.cidr;
  return list(p.sources.toCidrs(3), 3);
}

/** Groups exposures of one compute (several subnets, or Fn::If alternatives) so each gets one finding. */
export function byCompute(exposures: Exposure[]): Exposure[][] {
  const groups = new Map<unknown, Exposure[]>();
  for (const e of exposures) {
    const g = groups.get(e.compute);
    if (g) g.push(e);
    else groups.set(e.compute, [e]);
  }
  return [...groups.values()];
}

/** "subnet A" or "subnets A and B" — each named once. */
export function subnetWords(group: Exposure[]): string {
  const ids = distinct(group.map((e) => e.subnet?.origin.id ?? '?'));
  return `${ids.length > 1 ? 'subnets' : 'subnet'} ${list(ids)}`;
}

/** Conditions shared by every exposure in the group; if they differ, each alternative's. */
export function groupWhen(group: Exposure[]): string {
  if (group.some((e) => e.when.length === 0) || coversEveryCase(group.map((e) => e.when))) return '';
  const alts = distinct(group.map((e) => e.when.join(' and ')));
  return ` (when ${alts.join(', or when ')})`;
}

const MAX_CONDITIONS_TO_ENUMERATE = 10;

/**
 * True when, however the conditions turn out, one of the alternatives holds: both branches of
 * an Fn::If expose the compute, so it is exposed unconditionally. Each alternative is a list of
 * "<Condition> is true|false" literals, all of which must hold.
 */
function coversEveryCase(alternatives: string[][]): boolean {
  const parsed = alternatives.map((alt) =>
    alt.map((literal) => {
      const m = /^(.*) is (true|false)$/.exec(literal);
      return m ? { cond: m[1]!, value: m[2] === 'true' } : undefined;
    }),
  );
  if (parsed.some((alt) => alt.some((l) => l === undefined))) return false;
  const names = distinct(parsed.flatMap((alt) => alt.map((l) => l!.cond)));
  if (names.length > MAX_CONDITIONS_TO_ENUMERATE) return false;
  for (let mask = 0; mask < 1 << names.length; mask++) {
    const truth = (cond: string) => (mask & (1 << names.indexOf(cond))) !== 0;
    if (!parsed.some((alt) => alt.every((l) => truth(l!.cond) === l!.value))) return false;
  }
  return true;
}

export function mergeRelated(group: Exposure[]): RelatedLocation[] {
  if (group.length === 1) return exposureRelated(group[0]!);
  return distinctLocations(ofEach(group, exposureRelated));
}
