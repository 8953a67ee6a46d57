/**
 * internet-reachable-compute: compute the internet can provably reach. Each fixture is a
 * realistic template (cfn-lint accepts it) that reaches the compute one particular way.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { caret, checkFixture, except, keyAt, only, pathKinds, summary } from '../cfnFixtures.js';

const RULE = 'internet-reachable-compute';

/** The one exposure finding of a fixture, with its position checked against the logical id. */
function exposure(fixture: string, resource: string) {
  const r = checkFixture(fixture);
  assert.equal(r.recognized, true);
  const found = only(r.findings, RULE);
  assert.deepEqual(summary(found), [`${RULE} error ${resource}`]);
  const f = found[0]!;
  assert.deepEqual(f.range.start, keyAt(r.text, resource));
  return { r, f };
}

describe('internet-reachable-compute', () => {
  it('reports an instance reachable over IPv6 only: ::/0 to the IGW, an IPv6 address, an SG open to ::/0', () => {
    const { r, f } = exposure('ipv6-only-exposure.yaml', 'WebServer');
    assert.deepEqual(except(r.findings, 'vpc-flow-logs-missing'), [f]);
    assert.equal(f.resourceType, 'AWS::EC2::Instance');
    assert.deepEqual(f.ports, ['tcp/443']);
    assert.deepEqual(pathKinds(f), ['internet', 'ipv6-address', 'internet-gateway', 'route', 'route-table', 'subnet', 'network-acl', 'security-group-rule', 'compute']);
    assert.equal(f.path![0]!.label, 'any IPv6 address');
    assert.equal(f.path!.find((s) => s.kind === 'route')!.resource, 'Ipv6DefaultRoute');
    assert.match(f.message, /an IPv6 address/);
    assert.match(f.message, /sends ::\/0 to Internet Gateway InternetGateway/);
    assert.doesNotMatch(f.message, /public IP/);
  });

  it('counts a standalone AWS::EC2::SecurityGroupIngress rule, and flags the open SSH port too', () => {
    const { r, f } = exposure('standalone-ingress-ssh.yaml', 'Bastion');
    assert.deepEqual(summary(except(r.findings, 'vpc-flow-logs-missing')), ['world-open-admin-port warning SshIngress', `${RULE} error Bastion`]);
    assert.deepEqual(f.ports, ['tcp/22']);
    assert.deepEqual(pathKinds(f), ['internet', 'public-ip', 'internet-gateway', 'route', 'route-table', 'subnet', 'network-acl', 'security-group-rule', 'compute']);
    const rule = f.path!.find((s) => s.kind === 'security-group-rule')!;
    assert.equal(rule.resource, 'SshIngress');
    assert.deepEqual(rule.range?.start, keyAt(r.text, 'SshIngress'));
    const admin = only(r.findings, 'world-open-admin-port')[0]!;
    assert.deepEqual(admin.range.start, keyAt(r.text, 'SshIngress'));
    assert.equal(admin.resourceType, 'AWS::EC2::SecurityGroupIngress');
  });

  it('follows an Elastic IP associated with a separately declared network interface', () => {
    const { r, f } = exposure('eni-elastic-ip.yaml', 'WebServer');
    assert.deepEqual(except(r.findings, 'vpc-flow-logs-missing'), [f]);
    assert.deepEqual(f.ports, ['tcp/443']);
    assert.deepEqual(pathKinds(f), ['internet', 'elastic-ip', 'internet-gateway', 'route', 'route-table', 'subnet', 'network-acl', 'security-group-rule', 'compute']);
    assert.equal(f.path![1]!.resource, 'WebServerEip');
    assert.match(f.message, /Elastic IP WebServerEip/);
    assert.ok(f.related?.some((l) => l.range.start.line === keyAt(r.text, 'WebServerEipAssociation').line), 'the EIP association is a related location');
  });

  it('reports only the ports the network ACL lets through when the security group opens everything', () => {
    const { r, f } = exposure('nacl-allows-only-https.yaml', 'WebServer');
    // The group opens 0-65535, so it opens every admin port to the world as well.
    assert.deepEqual(summary(except(r.findings, 'vpc-flow-logs-missing')), ['world-open-admin-port warning WebServerSecurityGroup', `${RULE} error WebServer`]);
    assert.deepEqual(f.ports, ['tcp/443']);
    const acl = f.path!.find((s) => s.kind === 'network-acl')!;
    assert.equal(acl.resource, 'InboundHttps');
    assert.deepEqual(acl.range?.start, keyAt(r.text, 'InboundHttps'));
  });

  it('treats 0.0.0.0/1 plus 128.0.0.0/1 to the IGW like 0.0.0.0/0', () => {
    const { r, f } = exposure('split-default-route.yaml', 'WebServer');
    assert.deepEqual(except(r.findings, 'vpc-flow-logs-missing'), [f]);
    assert.deepEqual(f.ports, ['tcp/80']);
    assert.equal(f.path![0]!.label, 'any IPv4 address');
    assert.match(f.message, /0\.0\.0\.0\/1 and 128\.0\.0\.0\/1/);
    assert.match(f.message, /routes LowerHalfRoute and UpperHalfRoute/);
  });

  it('reports an Auto Scaling group whose launch template associates a public IP', () => {
    const { r, f } = exposure('asg-launch-template.yaml', 'WebAutoScalingGroup');
    assert.deepEqual(except(r.findings, 'vpc-flow-logs-missing'), [f]);
    assert.equal(f.resourceType, 'AWS::AutoScaling::AutoScalingGroup');
    assert.deepEqual(f.ports, ['tcp/80']);
    assert.deepEqual(pathKinds(f), ['internet', 'public-ip', 'internet-gateway', 'route', 'route-table', 'subnet', 'network-acl', 'security-group-rule', 'compute']);
    // The public-ip step points at the `true` that asks for the address.
    const flag = caret(r.text, 'AssociatePublicIpAddress: true');
    assert.deepEqual(f.path![1]!.range?.start, { line: flag.line, character: flag.character + 'AssociatePublicIpAddress: '.length });
    assert.match(f.message, /^Auto Scaling group WebAutoScalingGroup is reachable from the internet on tcp\/80/);
  });

  it('reports an Auto Scaling group whose launch configuration associates a public IP', () => {
    const { r, f } = exposure('asg-launch-configuration.yaml', 'WebAutoScalingGroup');
    assert.deepEqual(except(r.findings, 'vpc-flow-logs-missing'), [f]);
    assert.equal(f.resourceType, 'AWS::AutoScaling::AutoScalingGroup');
    assert.deepEqual(f.ports, ['tcp/80']);
    assert.equal(f.path![1]!.kind, 'public-ip');
    assert.match(f.message, /AssociatePublicIpAddress/);
  });

  describe('Fn::If choosing the subnet', () => {
    it('decides the condition from the parameter default and reports the branch taken, unconditionally', () => {
      const { r, f } = exposure('fn-if-subnet-default.yaml', 'WebServer');
      assert.deepEqual(except(r.findings, 'vpc-flow-logs-missing'), [f]);
      assert.match(f.message, /in subnet PublicSubnet,/);
      assert.doesNotMatch(f.message, /when /);
    });

    it('keeps both alternatives when the parameter has no default, and says under which condition it is exposed', () => {
      const { r, f } = exposure('fn-if-subnet-no-default.yaml', 'WebServer');
      // The other branch (PrivateSubnet) is not public: no second finding of any kind.
      assert.deepEqual(except(r.findings, 'vpc-flow-logs-missing'), [f]);
      assert.deepEqual(f.ports, ['tcp/80']);
      assert.match(f.message, /\(when UsePublicSubnet is true\)/);
      assert.doesNotMatch(f.message, /PrivateSubnet/);
    });

    it('gives the instance its Elastic IP in every alternative, and drops a condition both of whose branches expose it', () => {
      const { r, f } = exposure('fn-if-subnet-elastic-ip.yaml', 'WebServer');
      assert.deepEqual(except(r.findings, 'vpc-flow-logs-missing'), [f]);
      assert.deepEqual(f.ports, ['tcp/443']);
      assert.equal(f.path![1]!.kind, 'elastic-ip');
      assert.match(f.message, /subnets PublicSubnetA and PublicSubnetB/);
      assert.doesNotMatch(f.message, /when /);
    });
  });
});
