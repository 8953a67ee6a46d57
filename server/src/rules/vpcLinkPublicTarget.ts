import { Kind, type Subnet } from '../model/types.js';
import { internetRoutes } from '../analysis/reachability.js';
import { baseFinding, list } from './describe.js';
import { DOCS_BASE, type Finding, type Rule } from './types.js';

function isPublic(s: Subnet): boolean {
  const r = internetRoutes(s);
  return !r.covered[4].isEmpty || !r.covered[6].isEmpty;
}

export const vpcLinkPublicTarget: Rule = {
  id: 'W3002',
  slug: 'vpc-link-public-target',
  severity: 'warning',
  title: 'VPC Link leads to an internet-facing load balancer or public subnets',
  description:
    'A VPC Link exists so that API Gateway can reach private targets. When its Network Load Balancer is internet-facing, or ' +
    'the load balancer or link sits in public subnets, the backend can be reached around API Gateway, skipping its ' +
    'authorization and throttling. Make the NLB internal and place it, and the link, in private subnets.',
  docsUrl: `${DOCS_BASE}vpc-link-public-target.md`,
  appliesTo: [Kind.VpcLink],
  check(model) {
    const out: Finding[] = [];
    for (const link of model.vpcLinks) {
      const problems: string[] = [];
      for (const t of link.targets) {
        if (!t.known) continue;
        const lb = t.value;
        if (lb.scheme.known && lb.scheme.value === 'internet-facing') problems.push(`load balancer ${lb.origin.id} is internet-facing`);
        const pub = lb.subnets.filter((s) => s.known && isPublic(s.value)).map((s) => (s as { value: Subnet }).value.origin.id);
        if (pub.length) problems.push(`load balancer ${lb.origin.id} is in public subnet ${list(pub)}`);
      }
      const pubLinkSubnets = link.subnets.filter((s) => s.known && isPublic(s.value)).map((s) => (s as { value: Subnet }).value.origin.id);
      if (pubLinkSubnets.length) problems.push(`the link is in public subnet ${list(pubLinkSubnets)}`);
      if (problems.length === 0) continue;
      out.push(
        baseFinding(
          vpcLinkPublicTarget,
          link.origin,
          `VPC Link ${link.origin.id} defeats its purpose: ${list(problems)}. Clients can reach the backend without passing API Gateway; use an internal NLB in private subnets.`,
        ),
      );
    }
    return out;
  },
};
