import { Kind } from '../model/types.js';
import { baseFinding } from './describe.js';
import { isWorld } from './worldOpenAdminPort.js';
import { DOCS_BASE, type Finding, type Rule } from './types.js';

export const naclAllowsAllInbound: Rule = {
  id: 'I2002',
  slug: 'nacl-allows-all-inbound',
  severity: 'info',
  title: 'Network ACL allows all inbound traffic from anywhere',
  description:
    'An inbound network ACL entry allows every protocol and port from 0.0.0.0/0 or ::/0. The ACL then adds no layer beyond ' +
    'the security groups: one over-broad security-group rule is enough to expose what sits in the subnet. Allow only the ports ' +
    'the subnet serves, plus the ephemeral range for replies.',
  docsUrl: `${DOCS_BASE}nacl-allows-all-inbound.md`,
  appliesTo: [Kind.NetworkAclEntry],
  check(model) {
    const out: Finding[] = [];
    for (const acl of model.networkAcls) {
      for (const e of acl.entries) {
        if (e.egress || !e.allow.known || !e.allow.value) continue;
        if (!e.protocol.known || e.protocol.value !== '-1') continue;
        if (!e.cidr.known || !isWorld(e.cidr.value)) continue;
        out.push(
          baseFinding(
            naclAllowsAllInbound,
            e.origin,
            `Network ACL entry ${e.origin.id} allows all inbound traffic from ${e.cidr.value} into ${acl.origin.id}, so the ACL adds nothing to the security groups. Allow only the ports the subnet serves.`,
          ),
        );
      }
    }
    return out;
  },
};
