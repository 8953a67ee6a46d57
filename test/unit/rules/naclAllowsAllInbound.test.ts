/** nacl-allows-all-inbound: an inbound NACL entry that admits every protocol from anywhere. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, keyAt, only, summary } from '../cfnFixtures.js';

const RULE = 'nacl-allows-all-inbound';

describe('nacl-allows-all-inbound', () => {
  it('flags the allow-all inbound entry, not its outbound twin', () => {
    const r = checkFixture('nacl-allow-all.yaml');
    const found = only(r.findings, RULE);
    assert.deepEqual(summary(found), [`${RULE} info AllowAllInbound`]);
    assert.deepEqual(found[0]!.range.start, keyAt(r.text, 'AllowAllInbound'));
    assert.equal(found[0]!.resourceType, 'AWS::EC2::NetworkAclEntry');
    assert.match(found[0]!.message, /from 0\.0\.0\.0\/0 into AppNetworkAcl/);
  });

  it('accepts a NACL that admits only HTTPS inbound', () => {
    const r = checkFixture('nacl-allows-only-https.yaml');
    assert.deepEqual(only(r.findings, RULE), []);
  });
});
