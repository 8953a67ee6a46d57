import { Kind } from '../model/types.js';
import { propertyName } from '../model/propertyNames.js';
import { portLabels } from '../analysis/reachability.js';
import { byCompute, exposureFinding, computeNoun, groupWhen, list, mergeRelated, ofEach, routeWords, sourceWords, subnetWords } from './describe.js';
import { DOCS_BASE, type Rule } from './types.js';
import { distinct } from '../analysis/distinct.js';

export const internetReachableCompute: Rule = {
  id: 'E1001',
  slug: 'internet-reachable-compute',
  severity: 'error',
  title: 'Compute is reachable from the internet',
  description:
    'The compute sits in a public subnet (its route table sends internet traffic to an attached Internet Gateway), ' +
    'has a public address (a public IP, an Elastic IP or an IPv6 address routed to ::/0), and its security groups and ' +
    'network ACL admit internet sources. Anyone on the internet can open connections to the listed ports. ' +
    'Put it in a private subnet behind API Gateway, a VPC Link and an internal Network Load Balancer, so requests are ' +
    'authenticated, validated and throttled before they reach it; or at least drop the public address and narrow the rules.',
  docsUrl: `${DOCS_BASE}internet-reachable-compute.md`,
  appliesTo: [Kind.Compute],
  check(_model, ctx) {
    return byCompute(ctx.exposures.filter((e) => e.verdict === 'reachable')).map((group) => {
      const e = group[0]!;
      const allPorts = ofEach(group, (g) => g.ports);
      const ports = portLabels(allPorts);
      const addr = distinct(ofEach(group, (g) => g.publicAddresses).map((a) => (a.kind === 'elastic-ip' ? `Elastic IP ${a.eip?.origin.id ?? ''}`.trim() : a.kind === 'ipv6' ? 'an IPv6 address' : a.kind === 'associate-public-ip' ? `a public IP (${propertyName(e.compute.origin, 'associatePublicIp')})` : `a public IP (the subnet sets ${propertyName(e.subnet?.origin, 'mapPublicIp')})`)));
      const groups = distinct(allPorts.map((p) => p.rule.group?.origin.id ?? '?'));
      const sources = distinct(allPorts.map(sourceWords));
      const message =
        `${computeNoun(e.compute)} ${e.compute.origin.id} is reachable from the internet on ${list(ports)}${groupWhen(group)}: ` +
        `it has ${list(addr)} in ${subnetWords(group)}, whose ${routeWords(e)}, ` +
        `and security group ${list(groups)} admits ${list(sources)}. ` +
        'Move it to a private subnet behind API Gateway with a VPC Link and an internal NLB, or remove the public address.';
      return exposureFinding(internetReachableCompute, e.compute.origin, message, e.path, ports, mergeRelated(group));
    });
  },
};
