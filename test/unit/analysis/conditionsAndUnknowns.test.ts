/**
 * Facts the template leaves open must show in the finding: a route that exists under a condition
 * makes the exposure conditional; a gateway attached to an unknown VPC is never taken as unattached.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, except, keyAt } from '../cfnFixtures.js';

test('a conditional route to the Internet Gateway gives a reachable finding that names the condition', () => {
  const r = checkFixture('conditional-route.yaml');
  const f = except(r.findings, 'vpc-flow-logs-missing');
  assert.deepEqual(f.map((x) => `${x.ruleId} ${x.severity} ${x.resource}`), ['internet-reachable-compute error WebServer']);
  assert.match(f[0]!.message, /\(when IsExposed is true\)/);
  assert.deepEqual(f[0]!.range.start, keyAt(r.text, 'WebServer'));
});

test('an Internet Gateway attached to a parameter VPC leaves the subnet undecided, reported as info', () => {
  const r = checkFixture('igw-attachment-unknown-vpc.yaml');
  const f = except(r.findings, 'vpc-flow-logs-missing');
  assert.deepEqual(f.map((x) => `${x.ruleId} ${x.severity} ${x.resource}`), ['public-subnet-compute info WebServer']);
  assert.match(f[0]!.message, /attachment GatewayAttachment \(parameter GatewayVpc has no default\)/);
});
