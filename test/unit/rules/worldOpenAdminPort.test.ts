/** world-open-admin-port: administration ports open to the whole internet, IPv4 or IPv6. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { caret, checkFixture, only, summary } from '../cfnFixtures.js';

const RULE = 'world-open-admin-port';

describe('world-open-admin-port', () => {
  it('flags RDP open to ::/0, at the rule, and not the HTTPS rule beside it', () => {
    const r = checkFixture('admin-port-rdp-ipv6.yaml');
    const found = only(r.findings, RULE);
    assert.deepEqual(summary(found), [`${RULE} warning JumpHostSecurityGroup`]);
    const f = found[0]!;
    // The range is the offending ingress item, which starts at its `IpProtocol` after the dash.
    const item = caret(r.text, '- IpProtocol: tcp\n          FromPort: 3389');
    assert.deepEqual(f.range.start, { line: item.line, character: item.character + 2 });
    assert.equal(f.resourceType, 'AWS::EC2::SecurityGroup');
    assert.match(f.message, /RDP \(tcp\/3389\) from ::\/0/);
    assert.doesNotMatch(f.message, /443/);
  });

  it('accepts SSH from a private range', () => {
    const r = checkFixture('admin-port-ssh-private.yaml');
    assert.deepEqual(only(r.findings, RULE), []);
  });

  it('flags protocol -1 from 0.0.0.0/0, naming every admin port it opens', () => {
    const r = checkFixture('admin-port-all-protocols.yaml');
    const found = only(r.findings, RULE);
    assert.deepEqual(summary(found), [`${RULE} warning WideOpenSecurityGroup`]);
    const item = caret(r.text, '- IpProtocol: "-1"');
    assert.deepEqual(found[0]!.range.start, { line: item.line, character: item.character + 2 });
    for (const port of ['SSH (tcp/22)', 'RDP (tcp/3389)', 'VNC (tcp/5900)']) assert.ok(found[0]!.message.includes(port), port);
  });
});
