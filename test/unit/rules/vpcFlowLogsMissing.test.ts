/** vpc-flow-logs-missing: a VPC that no flow log records. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, keyAt, summary } from '../cfnFixtures.js';

describe('vpc-flow-logs-missing', () => {
  it('accepts a VPC with a flow log whose ResourceId is !Ref the VPC', () => {
    const r = checkFixture('flow-logs-present.yaml');
    assert.deepEqual(summary(r.findings), []);
  });

  it('reports a VPC without a flow log, at its logical id', () => {
    const r = checkFixture('flow-logs-missing.yaml');
    assert.deepEqual(summary(r.findings), ['vpc-flow-logs-missing info Vpc']);
    assert.deepEqual(r.findings[0]!.range.start, keyAt(r.text, 'Vpc'));
    assert.equal(r.findings[0]!.resourceType, 'AWS::EC2::VPC');
  });
});
