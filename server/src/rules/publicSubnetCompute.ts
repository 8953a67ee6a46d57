import { Kind } from '../model/types.js';
import { portLabels } from '../analysis/reachability.js';
import { baseFinding, byCompute, computeNoun, exposureFinding, groupWhen, list, mergeRelated, ofEach, routeWords, subnetWords } from './describe.js';
import { DOCS_BASE, type Finding, type Rule } from './types.js';
import { distinct } from '../analysis/distinct.js';

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
    // A compute already reported as reachable gets no second, weaker finding.
    const reachable = new Set(ctx.exposures.filter((e) => e.verdict === 'reachable').map((e) => e.compute));
    const rest = ctx.exposures.filter((e) => !reachable.has(e.compute));
    for (const group of byCompute(rest.filter((e) => e.verdict === 'public-subnet'))) {
      const e = group[0]!;
      const noun = `${computeNoun(e.compute)} ${e.compute.origin.id}`;
      const why = distinct(ofEach(group, (g) => g.reasons));
      const unknowns = distinct(ofEach(group, (g) => g.unknowns));
      const depends = unknowns.length ? ` Reachability also depends on ${list(unknowns, 3)}.` : '';
      const message = `${noun} is in public ${subnetWords(group)}${groupWhen(group)}, whose ${routeWords(e)}. It is not reachable from the internet today because ${list(why.length ? why : ['nothing in the code proves it reachable'], 3)}.${depends} Move it to a private subnet so a later change cannot expose it.`;
      out.push(exposureFinding(publicSubnetCompute, e.compute.origin, message, e.path, [], mergeRelated(group)));
    }
    const publicReported = new Set(out.map((f) => f.resource));
    for (const group of byCompute(rest.filter((e) => e.verdict === 'unknown-subnet'))) {
      const e = group[0]!;
      if (publicReported.has(e.compute.origin.id)) continue;
      const noun = `${computeNoun(e.compute)} ${e.compute.origin.id}`;
      const ports = portLabels(ofEach(group, (g) => g.ports));
      const defaultVpc = group.some((g) => g.placement.defaultVpc);
      const unknowns = distinct(ofEach(group, (g) => g.unknowns));
      const f = baseFinding(
        publicSubnetCompute,
        e.compute.origin,
        defaultVpc
          ? `${noun} names no subnet${groupWhen(group)}, so it launches into the default VPC, whose subnets are public and give instances a public IP; its security groups admit internet traffic on ${list(ports)}. Give it a private subnet.`
          : `${noun} may be reachable from the internet on ${list(ports)}${groupWhen(group)}: its security groups admit internet sources, and whether it is in a public subnet depends on ${list(unknowns, 2)}.`,
      );
      f.severity = defaultVpc ? 'warning' : 'info';
      f.ports = ports;
      f.related = mergeRelated(group);
      out.push(f);
    }
    return out;
  },
};
