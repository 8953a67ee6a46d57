/**
 * Protocol tests of `vpcLint/trafficPath` and the CodeLens: the real server in process, the
 * examples under examples/cloudformation opened as an editor would open them.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CodeLensRequest, type CodeLens } from 'vscode-languageserver/node';
import {
  SHOW_TRAFFIC_PATH_COMMAND,
  TRAFFIC_PATH_METHOD,
  type TrafficPathParams,
  type TrafficPathResult,
  type TrafficStep,
} from '../../protocol/src/lspExtensions.js';
import { LspTestClient, PULL_CAPABILITIES } from './lspTestClient.js';

const EXAMPLES = join(__dirname, '..', '..', 'examples', 'cloudformation');

function example(name: string): { uri: string; text: string } {
  const path = join(EXAMPLES, name);
  return { uri: pathToFileURL(path).href, text: readFileSync(path, 'utf8') };
}

/** The zero-based line of the first line that is exactly `needle` once trimmed, from `fromLine`. */
function lineOf(text: string, needle: string, fromLine = 0): number {
  const lines = text.split(/\r?\n/);
  for (let line = fromLine; line < lines.length; line++) if (lines[line]!.trim() === needle) return line;
  throw new Error(`example has no line ${JSON.stringify(needle)}`);
}

function kinds(steps: TrafficStep[]): string[] {
  return steps.map((s) => s.kind);
}

function step(steps: TrafficStep[], kind: TrafficStep['kind']): TrafficStep {
  const found = steps.find((s) => s.kind === kind);
  assert.ok(found, `no ${kind} step in ${JSON.stringify(kinds(steps))}`);
  return found;
}

describe('vpcLint/trafficPath', () => {
  let client: LspTestClient;
  const publicWeb = example('public-web-server.yaml');
  const privateTier = example('private-tier-nat.yaml');
  const frontDoor = example('front-door.yaml');

  before(async () => {
    client = new LspTestClient();
    await client.initialize(PULL_CAPABILITIES);
    for (const doc of [publicWeb, privateTier, frontDoor]) await client.open(doc.uri, doc.text);
  });

  after(async () => {
    await client.dispose();
  });

  function trafficPath(params: TrafficPathParams): Promise<TrafficPathResult | null> {
    return client.connection.sendRequest<TrafficPathResult | null>(TRAFFIC_PATH_METHOD, params);
  }

  test('the public web server: reachable, every step of the way in, at its source', async () => {
    const path = await trafficPath({ textDocument: { uri: publicWeb.uri }, resource: 'WebServer' });
    assert.ok(path, 'expected a path');
    assert.equal(path.resource, 'WebServer');
    assert.equal(path.resourceType, 'AWS::EC2::Instance');
    assert.equal(path.reachable, true);
    assert.equal(path.verdict, 'reachable');
    assert.deepEqual(path.ports, ['tcp/22', 'tcp/80']);
    assert.deepEqual(kinds(path.today), [
      'user',
      'public-address',
      'internet-gateway',
      'route',
      'subnet',
      'network-acl',
      'security-group-rule',
      'security-group-rule',
      'compute',
    ]);
    const text = publicWeb.text;
    const expectLine = (kind: TrafficStep['kind'], line: number) => {
      const s = step(path.today, kind);
      assert.equal(s.location?.uri, publicWeb.uri, `${kind} should point into the template`);
      assert.equal(s.location?.range.start.line, line, `${kind} at the wrong line`);
    };
    expectLine('public-address', lineOf(text, 'MapPublicIpOnLaunch: true'));
    expectLine('internet-gateway', lineOf(text, 'InternetGateway:'));
    expectLine('route', lineOf(text, 'DefaultRoute:'));
    expectLine('subnet', lineOf(text, 'PublicSubnet:'));
    expectLine('compute', lineOf(text, 'WebServer:'));
    const rules = path.today.filter((s) => s.kind === 'security-group-rule');
    const ruleLines = rules.map((r) => r.location?.range.start.line);
    const sg = lineOf(text, 'WebServerSecurityGroup:');
    assert.deepEqual(ruleLines, [lineOf(text, '- IpProtocol: tcp', sg), lineOf(text, '- IpProtocol: tcp', lineOf(text, '- IpProtocol: tcp', sg) + 1)]);
    assert.ok(rules.every((r) => r.highlight), 'open rules are what makes it reachable');
    assert.equal(step(path.today, 'network-acl').location, undefined, 'the default NACL is not in the file');
    assert.equal(step(path.today, 'user').highlight, undefined);

    assert.deepEqual(kinds(path.proposed), ['user', 'api-gateway', 'vpc-link', 'load-balancer', 'subnet', 'security-group-rule', 'compute']);
    assert.equal(path.proposedExists, false);
    assert.match(step(path.proposed, 'load-balancer').detail ?? '', /tcp\/80/);
    assert.equal(step(path.proposed, 'compute').location?.range.start.line, lineOf(text, 'WebServer:'));
    assert.ok(path.proposed.every((s) => !s.highlight), 'nothing on the proposed path opens it to the internet');
    assert.ok(path.considerations.notCarried.some((n) => n.startsWith('tcp/22')), 'SSH cannot go through API Gateway');
  });

  test('the cost figures carry their source and the date they were checked', async () => {
    const path = await trafficPath({ textDocument: { uri: publicWeb.uri }, resource: 'WebServer' });
    const cost = path!.considerations.cost;
    assert.equal(cost.restApi[0]?.usdPerMillion, 3.5);
    assert.equal(cost.restApi[0]?.upToRequests, 333_000_000);
    assert.equal(cost.httpApi[0]?.usdPerMillion, 1);
    assert.equal(cost.httpApi[0]?.upToRequests, 300_000_000);
    assert.match(cost.source.url, /^https:\/\/docs\.aws\.amazon\.com\//);
    assert.match(cost.source.checked, /^\d{4}-\d{2}-\d{2}$/);
    assert.deepEqual(
      path!.considerations.monitoring.map((m) => m.name),
      ['VPC Flow Logs', 'API Gateway access logs', 'CloudWatch metrics and alarms'],
    );
    assert.equal(path!.considerations.monitoring[0]!.enabled, false, 'public-web-server.yaml declares no flow log');
  });

  test('a position inside the resource finds it', async () => {
    const line = lineOf(publicWeb.text, 'InstanceType: t3.micro');
    const path = await trafficPath({ textDocument: { uri: publicWeb.uri }, position: { line, character: 6 } });
    assert.equal(path?.resource, 'WebServer');
  });

  test('the private tier: not reachable, stopped by the missing Internet Gateway route', async () => {
    const path = await trafficPath({ textDocument: { uri: privateTier.uri }, resource: 'AppServer' });
    assert.ok(path);
    assert.equal(path.reachable, false);
    assert.equal(path.verdict, 'private');
    assert.deepEqual(path.ports, []);
    assert.deepEqual(kinds(path.today), ['user', 'blocked', 'subnet', 'security-group-rule', 'compute']);
    const blocked = step(path.today, 'blocked');
    assert.equal(blocked.title, 'No route to an Internet Gateway');
    assert.match(blocked.detail ?? '', /NAT gateway/);
    assert.equal(blocked.location?.range.start.line, lineOf(privateTier.text, 'AppDefaultRoute:'));
    assert.equal(step(path.today, 'subnet').location?.range.start.line, lineOf(privateTier.text, 'AppSubnet:'));
    assert.ok(path.today.every((s) => !s.highlight));
    assert.match(step(path.proposed, 'load-balancer').detail ?? '', /tcp\/8080/, 'the proposed listener serves the port the group opens');
    assert.equal(path.considerations.monitoring[0]!.enabled, true, 'the template has a VPC flow log');
    assert.equal(path.considerations.monitoring[0]!.location?.range.start.line, lineOf(privateTier.text, 'VpcFlowLog:'));
  });

  test('the front door: not reachable directly; today is already API Gateway → VPC link → NLB → private subnet', async () => {
    const path = await trafficPath({ textDocument: { uri: frontDoor.uri }, resource: 'WebServer' });
    assert.ok(path);
    assert.equal(path.reachable, false);
    assert.equal(path.verdict, 'behind-api-gateway');
    assert.equal(path.proposedExists, true);
    assert.deepEqual(kinds(path.today), ['user', 'api-gateway', 'vpc-link', 'load-balancer', 'subnet', 'security-group-rule', 'compute']);
    const text = frontDoor.text;
    const api = step(path.today, 'api-gateway');
    assert.match(api.detail ?? '', /AWS_IAM/);
    assert.equal(api.location?.range.start.line, lineOf(text, 'AuthorizationType: AWS_IAM'));
    assert.equal(step(path.today, 'vpc-link').location?.range.start.line, lineOf(text, 'VpcLink:'));
    assert.equal(step(path.today, 'load-balancer').location?.range.start.line, lineOf(text, 'LoadBalancer:'));
    assert.match(step(path.today, 'load-balancer').detail ?? '', /internal.*tcp\/80.*TargetGroup/);
    const subnet = step(path.today, 'subnet');
    assert.equal(subnet.title, 'Private subnet PrivateSubnetA');
    assert.equal(subnet.location?.range.start.line, lineOf(text, 'PrivateSubnetA:'));
    assert.ok(path.today.every((s) => !s.highlight));
  });

  test('resources that are not compute, and unknown documents, answer null', async () => {
    assert.equal(await trafficPath({ textDocument: { uri: publicWeb.uri }, resource: 'PublicSubnet' }), null);
    assert.equal(await trafficPath({ textDocument: { uri: publicWeb.uri }, resource: 'Nope' }), null);
    assert.equal(await trafficPath({ textDocument: { uri: pathToFileURL(join(EXAMPLES, 'not-open.yaml')).href }, resource: 'WebServer' }), null);
  });

  test('the path follows edits', async () => {
    const version = await client.change(publicWeb.uri, [
      { range: { start: { line: lineOf(publicWeb.text, 'MapPublicIpOnLaunch: true'), character: 0 }, end: { line: lineOf(publicWeb.text, 'MapPublicIpOnLaunch: true') + 1, character: 0 } }, text: '' },
    ]);
    assert.equal(version, 2);
    const path = await trafficPath({ textDocument: { uri: publicWeb.uri }, resource: 'WebServer' });
    assert.equal(path?.reachable, false, 'without a public IP the internet cannot reach it');
    assert.equal(path?.verdict, 'public-subnet');
  });
});

describe('CodeLens', () => {
  let client: LspTestClient;

  before(async () => {
    client = new LspTestClient();
    await client.initialize(PULL_CAPABILITIES);
  });

  after(async () => {
    await client.dispose();
  });

  test('an exposed instance gets its ports and a "Show traffic path" lens; a private one gets none', async () => {
    const publicWeb = example('public-web-server.yaml');
    const privateTier = example('private-tier-nat.yaml');
    await client.open(publicWeb.uri, publicWeb.text);
    await client.open(privateTier.uri, privateTier.text);
    const lenses: CodeLens[] = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: publicWeb.uri } })) ?? [];
    assert.equal(lenses.length, 2);
    const line = lineOf(publicWeb.text, 'WebServer:');
    assert.ok(lenses.every((l) => l.range.start.line === line));
    assert.equal(lenses[0]!.command?.title, '⚠ reachable from the internet on tcp/22, tcp/80');
    assert.equal(lenses[1]!.command?.title, 'Show traffic path');
    assert.equal(lenses[1]!.command?.command, SHOW_TRAFFIC_PATH_COMMAND);
    assert.deepEqual(lenses[1]!.command?.arguments, [publicWeb.uri, 'WebServer']);
    assert.deepEqual(await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: privateTier.uri } }), []);
  });
});

describe('the fix preview in the traffic path', () => {
  let client: LspTestClient;

  before(async () => {
    client = new LspTestClient();
    await client.initialize(PULL_CAPABILITIES);
  });

  after(async () => {
    await client.dispose();
  });

  test('a reachable instance carries its preferred quick fix as a unified diff of the template', async () => {
    const publicWeb = example('public-web-server.yaml');
    await client.open(publicWeb.uri, publicWeb.text);
    const path = await client.connection.sendRequest<TrafficPathResult | null>(TRAFFIC_PATH_METHOD, { textDocument: { uri: publicWeb.uri }, resource: 'WebServer' });
    assert.ok(path?.fix, 'expected a fix preview');
    assert.ok(path.fix.title.length > 0);
    const lines = path.fix.diff.split('\n');
    assert.equal(lines[0], '--- a/public-web-server.yaml');
    assert.equal(lines[1], '+++ b/public-web-server.yaml');
    assert.match(lines[2] ?? '', /^@@ -\d+,\d+ \+\d+,\d+ @@$/);
    assert.ok(lines.some((l) => l.startsWith('+') && !l.startsWith('+++')), 'the fix adds lines');
  });

  test('a private instance has nothing to fix', async () => {
    const privateTier = example('private-tier-nat.yaml');
    await client.open(privateTier.uri, privateTier.text);
    const path = await client.connection.sendRequest<TrafficPathResult | null>(TRAFFIC_PATH_METHOD, { textDocument: { uri: privateTier.uri }, resource: 'AppServer' });
    assert.equal(path?.fix, undefined);
  });
});
