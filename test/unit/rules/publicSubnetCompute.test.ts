/**
 * public-subnet-compute, and the cases where a subnet only looks public. The "no finding"
 * fixtures all have an instance whose security group admits the internet, so only the routing
 * (or the address) keeps it private; the assertion is that no exposure rule fires at all.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, except, keyAt, only, summary } from '../cfnFixtures.js';

const RULE = 'public-subnet-compute';

function exposureFindings(fixture: string) {
  const r = checkFixture(fixture);
  assert.equal(r.recognized, true);
  return { r, found: except(r.findings, 'vpc-flow-logs-missing') };
}

describe('public-subnet-compute', () => {
  describe('subnets that are not public', () => {
    const cases: [string, string][] = [
      ['subnet-without-route-table-association.yaml', 'a subnet with no route table association uses the main table (local route only)'],
      ['nat-only-private-subnet.yaml', 'a private subnet whose 0.0.0.0/0 goes to a NAT gateway'],
      ['egress-only-ipv6.yaml', 'an IPv6 instance whose ::/0 goes to an egress-only internet gateway'],
      ['eip-private-subnet.yaml', 'an Elastic IP on an instance in a private subnet'],
      ['transit-gateway-route.yaml', 'a subnet whose 0.0.0.0/0 goes to a transit gateway'],
      ['igw-attached-elsewhere.yaml', 'a route to an Internet Gateway attached to another VPC'],
    ];
    for (const [fixture, what] of cases) {
      it(`reports nothing for ${what}`, () => {
        const { found } = exposureFindings(fixture);
        assert.deepEqual(summary(found), []);
      });
    }
  });

  it('warns (not errors) when a custom network ACL has no inbound allow for the port the security group opens', () => {
    const { r, found } = exposureFindings('nacl-blocks-port.yaml');
    assert.deepEqual(summary(found), [`${RULE} warning WebServer`]);
    const f = found[0]!;
    assert.deepEqual(f.range.start, keyAt(r.text, 'WebServer'));
    assert.deepEqual(f.ports, []);
    assert.match(f.message, /is in public subnet PublicSubnet/);
    assert.match(f.message, /network ACL PublicNetworkAcl blocks the traffic its security groups admit/);
    assert.ok(f.path?.some((s) => s.kind === 'network-acl' && s.resource === 'PublicNetworkAcl'));
  });

  it('warns when a network ACL denies the port explicitly before a catch-all allow', () => {
    const { r, found } = exposureFindings('nacl-denies-port.yaml');
    assert.deepEqual(summary(found), ['nacl-allows-all-inbound info AllowAllInbound', `${RULE} warning WebServer`]);
    assert.deepEqual(found[1]!.range.start, keyAt(r.text, 'WebServer'));
    assert.match(found[1]!.message, /network ACL PublicNetworkAcl blocks/);
  });

  it('warns when AssociatePublicIpAddress: false overrides the subnet\'s MapPublicIpOnLaunch', () => {
    const { r, found } = exposureFindings('associate-public-ip-false.yaml');
    assert.deepEqual(summary(found), [`${RULE} warning WebServer`]);
    const f = found[0]!;
    assert.deepEqual(f.range.start, keyAt(r.text, 'WebServer'));
    assert.equal(f.resourceType, 'AWS::EC2::Instance');
    assert.match(f.message, /because it has no public IPv4 or reachable IPv6 address\./);
    // Its security group does admit the internet; the message must not claim otherwise.
    assert.doesNotMatch(f.message, /security-group rule/);
    assert.ok(!f.path?.some((s) => s.kind === 'public-ip'), 'no public address step');
  });

  describe('parameters without defaults', () => {
    it('is informational and names the parameter when the subnet is unknown and the group is open', () => {
      const { r, found } = exposureFindings('parameter-subnet-open.yaml');
      assert.deepEqual(summary(found), [`${RULE} info WebServer`]);
      const f = found[0]!;
      assert.deepEqual(f.range.start, keyAt(r.text, 'WebServer'));
      assert.deepEqual(f.ports, ['tcp/80']);
      assert.match(f.message, /may be reachable from the internet on tcp\/80/);
      assert.match(f.message, /depends on its subnet \(parameter SubnetParam has no default\)/);
      assert.equal(only(r.findings, 'internet-reachable-compute').length, 0);
    });

    it('reports nothing when the subnet is unknown but the security group admits no internet source', () => {
      const r = checkFixture('parameter-subnet-closed.yaml');
      assert.equal(r.recognized, true);
      assert.deepEqual(summary(r.findings), []);
    });
  });
});
