import { Kind } from '../model/types.js';
import { portLabels } from '../analysis/reachability.js';
import { baseFinding, computeNoun, exposureRelated, list, routeWords, whenClause } from './describe.js';
import { DOCS_BASE, type Finding, type Rule } from './types.js';

export const publicSubnetCompute: Rule = {
  id: 'W1002',
  slug: 'public-subnet-compute',
  severity: 'warning',
  title: 'Compute is in a public subnet',
  description:
    'The compute sits in a public subnet but the code does not prove that the internet can reach it: it may lack a public ' +
    'address, or its security groups or network ACL may keep internet traffic out, or that depends on a value only known at ' +
    'deployment (a parameter without default, an imported value). One change to any of those exposes it. ' +
    'Compute that serves the internet belongs in a private subnet behind a load balancer or API Gateway. ' +
    'When the subnet itself is not fixed by the code, the finding is informational and says what it depends on.',
  docsUrl: `${DOCS_BASE}public-subnet-compute.md`,
  appliesTo: [Kind.Compute],
  check(_model, ctx) {
    const out: Finding[] = [];
    for (const e of ctx.exposures) {
      const noun = `${computeNoun(e.compute)} ${e.compute.origin.id}`;
      if (e.verdict === 'public-subnet') {
        const why = e.reasons.length ? e.reasons : ['nothing in the code proves it reachable'];
        const depends = e.unknowns.length ? ` Reachability also depends on ${list(e.unknowns, 3)}.` : '';
        out.push({
          ...baseFinding(publicSubnetCompute, e.compute.origin, `${noun} is in public subnet ${e.subnet?.origin.id ?? '?'}${whenClause(e.when)}, whose ${routeWords(e)}. It is not reachable from the internet today because ${list(why, 3)}.${depends} Move it to a private subnet so a later change cannot expose it.`),
          path: e.path,
          ports: [],
          related: exposureRelated(e),
        });
      } else if (e.verdict === 'unknown-subnet') {
        const ports = portLabels(e.ports);
        const f = baseFinding(
          publicSubnetCompute,
          e.compute.origin,
          e.placement.defaultVpc
            ? `${noun} names no subnet${whenClause(e.when)}, so it launches into the default VPC, whose subnets are public and give instances a public IP; its security groups admit internet traffic on ${list(ports)}. Give it a private subnet.`
            : `${noun} may be reachable from the internet on ${list(ports)}${whenClause(e.when)}: its security groups admit internet sources, and whether it is in a public subnet depends on ${list(e.unknowns, 2)}.`,
        );
        out.push({ ...f, severity: e.placement.defaultVpc ? 'warning' : 'info', ports, related: exposureRelated(e) });
      }
    }
    return out;
  },
};
