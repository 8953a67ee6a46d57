/** vpc-link-public-target: a VPC Link whose load balancer can be reached around API Gateway. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, except, keyAt, summary } from '../cfnFixtures.js';

describe('vpc-link-public-target', () => {
  it('accepts a link to an internal NLB in private subnets', () => {
    const r = checkFixture('vpc-link-internal-nlb.yaml');
    assert.deepEqual(summary(except(r.findings, 'vpc-flow-logs-missing')), []);
  });

  it('flags a link to an NLB with no Scheme, which is internet-facing by default', () => {
    const r = checkFixture('vpc-link-default-scheme.yaml');
    const found = except(r.findings, 'vpc-flow-logs-missing');
    assert.deepEqual(summary(found), ['vpc-link-public-target warning BackendVpcLink']);
    assert.deepEqual(found[0]!.range.start, keyAt(r.text, 'BackendVpcLink'));
    assert.equal(found[0]!.resourceType, 'AWS::ApiGateway::VpcLink');
    assert.match(found[0]!.message, /load balancer BackendLoadBalancer is internet-facing/);
  });
});
