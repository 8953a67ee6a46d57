/**
 * Plans the front-door fix for one exposed compute, from the model alone: which private subnet,
 * which NAT, which rules to narrow, what to name the new resources. No format knowledge here.
 */
import { AddressSet, INTERNET, parseCidr } from '../analysis/addressSet.js';
import { internetRoutes, type Exposure } from '../analysis/reachability.js';
import type { NetworkModel, Subnet, Vpc } from '../model/types.js';
import { ADMIN_PORTS } from '../rules/worldOpenAdminPort.js';
import type { FrontDoorPlan, FrontDoorVariant, NarrowPlan, PrivateSubnetChoice } from './types.js';

export interface PlanInput {
  model: NetworkModel;
  /** Every exposure of the compute (one per placement). */
  exposures: Exposure[];
  variant: FrontDoorVariant;
  /** Ids already used in the file/module, so new names never collide. */
  takenIds: ReadonlySet<string>;
}

export type PlanResult = { plan: FrontDoorPlan } | { reason: string };

export function planFrontDoor(input: PlanInput): PlanResult {
  const e = input.exposures[0];
  if (!e) return { reason: 'nothing is exposed' };
  const compute = e.compute;
  if (compute.computeKind !== 'instance' && compute.computeKind !== 'auto-scaling-group') return { reason: `a ${compute.computeKind} cannot be moved automatically` };
  const subnet = e.subnet;
  const vpc = subnet?.vpc;
  if (!subnet || !vpc) return { reason: 'its VPC is not declared in this file' };
  const taken = new Set(input.takenIds);
  const name = (suffix: string) => uniqueName(`${compute.origin.id}${suffix}`, taken);
  const vpcCidr = vpc.cidrs[0]?.known ? vpc.cidrs[0].value : undefined;
  const privateSubnet = choosePrivateSubnet(input.model, vpc, subnet, vpcCidr, name);
  if ('reason' in privateSubnet) return privateSubnet;
  const ports = input.exposures.flatMap((x) => x.ports).filter((p) => p.protocol === 'tcp' || p.protocol === '-1');
  const port = choosePort(ports.map((p) => (p.protocol === '-1' ? [0, 65535] : [p.from, p.to]) as [number, number]));
  const eipResources = new Set<string>();
  for (const x of input.exposures) {
    for (const a of x.publicAddresses) {
      if (a.kind !== 'elastic-ip' || !a.eip) continue;
      eipResources.add(a.eip.origin.id);
      const assoc = a.eip.associationSite;
      if (assoc && assoc.id !== a.eip.origin.id) eipResources.add(assoc.id);
    }
  }
  const plan: FrontDoorPlan = {
    variant: input.variant,
    computeId: compute.origin.id,
    computeKind: compute.computeKind,
    vpcId: vpc.origin.id,
    vpcCidr,
    privateSubnet: privateSubnet.choice,
    interfaces: [...new Set(input.exposures.flatMap((x) => (x.placement.networkInterface ? [x.placement.networkInterface.origin.id] : [])))],
    port,
    dropPublicAddress: {
      associatePublicIp: input.exposures.some((x) => x.publicAddresses.some((a) => a.kind === 'associate-public-ip')),
      removeResources: [...eipResources],
    },
    narrow: narrowRules(input.exposures),
    names: {
      nlb: name('Nlb'),
      targetGroup: name('TargetGroup'),
      listener: name('Listener'),
      vpcLink: name('VpcLink'),
      api: name('Api'),
      proxyResource: name('ApiProxyResource'),
      proxyMethod: name('ApiProxyMethod'),
      rootMethod: name('ApiRootMethod'),
      deployment: name('ApiDeployment'),
      stage: name('ApiStage'),
      integration: name('ApiIntegration'),
      route: name('ApiRoute'),
    },
  };
  return { plan };
}

function uniqueName(base: string, taken: Set<string>): string {
  let n = base;
  for (let i = 2; taken.has(n); i++) n = `${base}${i}`;
  taken.add(n);
  return n;
}

function isPrivate(s: Subnet): boolean {
  const r = internetRoutes(s);
  return r.covered[4].isEmpty && r.covered[6].isEmpty && r.unknowns.length === 0;
}

function hasNatEgress(model: NetworkModel, s: Subnet): boolean {
  const table = s.routeTable ?? s.vpc?.mainRouteTable;
  return !!table?.routes.some((r) => r.target === 'nat-gateway');
}

function choosePrivateSubnet(
  model: NetworkModel,
  vpc: Vpc,
  current: Subnet,
  vpcCidr: string | undefined,
  name: (s: string) => string,
): { choice: PrivateSubnetChoice } | { reason: string } {
  const candidates = vpc.subnets.filter((s) => s !== current && !s.when && isPrivate(s));
  // Prefer subnets that already reach the internet through NAT: the compute keeps its egress.
  const withNat = candidates.filter((s) => hasNatEgress(model, s));
  const reuse = withNat.length ? withNat : candidates;
  if (reuse.length) return { choice: { existing: reuse.map((s) => s.origin.id) } };
  if (!vpcCidr) return { reason: "the VPC's CIDR is not known, so a free block for a new private subnet cannot be chosen" };
  const cidr = freeBlock(vpcCidr, vpc.subnets.map((s) => (s.cidr?.known ? s.cidr.value : undefined)));
  if (!cidr) return { reason: `no free /24–/28 block is left in ${vpcCidr}` };
  const nat = model.natGateways.find((n) => n.subnet?.vpc === vpc && !n.when);
  return {
    choice: {
      create: {
        name: name('PrivateSubnet'),
        cidr,
        routeTable: name('PrivateRouteTable'),
        association: name('PrivateSubnetRouteTableAssociation'),
        // It had internet egress through the gateway; keep it through NAT.
        natRoute: {
          route: name('PrivateDefaultRoute'),
          nat: nat
            ? { existing: nat.origin.id }
            : { create: { name: name('NatGateway'), eip: name('NatAddress'), publicSubnet: current.origin.id, attachment: vpc.internetGateways.flatMap((g) => g.attachmentSites.map((a) => a.id))[0] } },
        },
      },
    },
  };
}

/** The highest free block (largest of /24.../28) inside the VPC that overlaps no known subnet. */
export function freeBlock(vpcCidr: string, subnetCidrs: (string | undefined)[]): string | undefined {
  const vpc = parseCidr(vpcCidr);
  if (!vpc || vpc.family !== 4) return undefined;
  const used = AddressSet.fromCidrs(4, subnetCidrs.filter((c): c is string => !!c));
  const vpcLen = Number(vpcCidr.split('/')[1]);
  for (let len = Math.max(24, vpcLen + 1); len <= 28; len++) {
    const size = 1n << BigInt(32 - len);
    for (let lo = vpc.interval.hi + 1n - size; lo >= vpc.interval.lo; lo -= size) {
      const block = AddressSet.fromCidrs(4, [`${fmt4(lo)}/${len}`]);
      if (block.intersect(used).isEmpty) return `${fmt4(lo)}/${len}`;
    }
  }
  return undefined;
}

function fmt4(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');
}

/** 80 if open, else 443, else the lowest open non-admin TCP port, else 80. */
export function choosePort(ranges: [number, number][]): number {
  const open = (p: number) => ranges.some(([a, b]) => a <= p && p <= b);
  if (open(80)) return 80;
  if (open(443)) return 443;
  const candidates = ranges.map(([a]) => a).filter((p) => p > 0 && !ADMIN_PORTS.has(p)).sort((x, y) => x - y);
  return candidates[0] ?? 80;
}

function narrowRules(exposures: Exposure[]): NarrowPlan[] {
  const out: NarrowPlan[] = [];
  const seen = new Set<unknown>();
  for (const e of exposures) {
    for (const g of e.placement.securityGroups.groups) {
      for (const rule of g.ingress) {
        if (seen.has(rule) || rule.source.kind !== 'cidr') continue;
        const p = parseCidr(rule.source.cidr);
        if (!p || AddressSet.fromCidrs(p.family, [rule.source.cidr]).intersect(INTERNET[p.family]).isEmpty) continue;
        seen.add(rule);
        out.push({ group: g.origin.id, ruleResource: rule.ownId, family: p.family, site: rule.site });
      }
    }
  }
  return out;
}
