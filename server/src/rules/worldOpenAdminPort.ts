import { Kind, type SecurityGroupRule } from '../model/types.js';
import { AddressSet, INTERNET, parseCidr } from '../analysis/addressSet.js';
import { baseFinding, list } from './describe.js';
import { DOCS_BASE, type Finding, type Rule } from './types.js';

/** Remote administration ports that should never face the whole internet. */
export const ADMIN_PORTS: ReadonlyMap<number, string> = new Map([
  [22, 'SSH'],
  [23, 'Telnet'],
  [3389, 'RDP'],
  [5900, 'VNC'],
  [5985, 'WinRM'],
  [5986, 'WinRM over TLS'],
]);

function coveredPorts(rule: SecurityGroupRule): number[] {
  if (!rule.protocol.known) return [];
  const proto = rule.protocol.value;
  if (proto !== '-1' && proto !== 'tcp') return [];
  if (proto === '-1') return [...ADMIN_PORTS.keys()];
  const from = rule.fromPort.known ? rule.fromPort.value : -1;
  const to = rule.toPort.known ? rule.toPort.value : -1;
  const lo = from < 0 ? 0 : from;
  const hi = to < 0 ? 65535 : to;
  return [...ADMIN_PORTS.keys()].filter((p) => p >= lo && p <= hi);
}

/** True when the source is the whole internet (0.0.0.0/0, ::/0, or anything that covers it). */
export function isWorld(cidr: string): boolean {
  const p = parseCidr(cidr);
  if (!p) return false;
  return AddressSet.fromCidrs(p.family, [cidr]).covers(INTERNET[p.family]);
}

export const worldOpenAdminPort: Rule = {
  id: 'W2001',
  slug: 'world-open-admin-port',
  severity: 'warning',
  title: 'Security group opens an administration port to the world',
  description:
    'A security-group rule admits 0.0.0.0/0 or ::/0 on a remote administration port (SSH 22, Telnet 23, RDP 3389, VNC 5900, ' +
    'WinRM 5985/5986). These ports are scanned and brute-forced within minutes of an address going live. Limit the rule to a ' +
    'trusted CIDR, or remove it and use AWS Systems Manager Session Manager.',
  docsUrl: `${DOCS_BASE}world-open-admin-port.md`,
  appliesTo: [Kind.SecurityGroupRule],
  check(model) {
    const out: Finding[] = [];
    for (const sg of model.securityGroups) {
      for (const rule of sg.ingress) {
        if (rule.source.kind !== 'cidr' || !isWorld(rule.source.cidr)) continue;
        const ports = coveredPorts(rule);
        if (ports.length === 0) continue;
        const names = ports.map((p) => `${ADMIN_PORTS.get(p)} (tcp/${p})`);
        const origin = { ...sg.origin, range: rule.site.range, file: rule.site.file, id: rule.ownId ?? sg.origin.id, type: rule.ownId ? 'AWS::EC2::SecurityGroupIngress' : sg.origin.type };
        if (rule.ownId) origin.type = rule.origin.type;
        out.push(
          baseFinding(
            worldOpenAdminPort,
            origin,
            `Security group ${sg.origin.id} admits ${list(names)} from ${rule.source.cidr}. Restrict it to a trusted CIDR or use Session Manager instead of an open port.`,
          ),
        );
      }
    }
    return out;
  },
};
