/**
 * Test doubles and builders shared by the CLI tests: an in-memory `CliIo`, synthetic findings,
 * and a structural SARIF 2.1.0 check (the fields GitHub code scanning requires).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { CliIo } from '../../../server/src/cli/run.js';
import type { Finding } from '../../../server/src/rules/types.js';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'cli');

export interface MemoryIo extends CliIo {
  out(): string;
  err(): string;
}

export function memoryIo(options: { cwd?: string; tty?: boolean; env?: Record<string, string | undefined> } = {}): MemoryIo {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s), isTTY: options.tty ?? false },
    stderr: { write: (s: string) => (err += s), isTTY: options.tty ?? false },
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? {},
    out: () => out,
    err: () => err,
  };
}

const range = (line: number, character: number, endCharacter: number) => ({
  start: { line, character },
  end: { line, character: endCharacter },
});

export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'internet-reachable-compute',
    code: 'E1001',
    severity: 'error',
    file: 'templates/web.yaml',
    range: range(9, 2, 11),
    resource: 'WebServer',
    resourceType: 'AWS::EC2::Instance',
    message: 'WebServer is reachable from the internet on tcp/22, tcp/80',
    ...overrides,
  };
}

export function exposureFinding(): Finding {
  return finding({
    ports: ['tcp/22', 'tcp/80'],
    path: [
      { kind: 'internet-gateway', resource: 'InternetGateway', file: 'templates/web.yaml', range: range(3, 2, 17), label: 'internet gateway' },
      { kind: 'route', resource: 'DefaultRoute', file: 'templates/web.yaml', range: range(5, 2, 14) },
      { kind: 'compute', resource: 'WebServer' },
    ],
    related: [{ file: 'templates/web.yaml', range: range(5, 2, 14), message: 'route 0.0.0.0/0 → InternetGateway' }],
    docsUrl: 'https://example.invalid/docs/rules/internet-reachable-compute.md',
  });
}

export const RULES = [
  {
    id: 'E1001',
    slug: 'internet-reachable-compute',
    severity: 'error' as const,
    title: 'Compute reachable from the internet',
    description: 'An instance in a public subnet with a public address and an open security group.',
    docsUrl: 'https://example.invalid/docs/rules/internet-reachable-compute.md',
  },
  {
    id: 'W1002',
    slug: 'public-subnet-compute',
    severity: 'warning' as const,
    title: 'Compute in a public subnet',
    description: 'An instance in a subnet routed to an internet gateway.',
    docsUrl: 'https://example.invalid/docs/rules/public-subnet-compute.md',
  },
];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function assertString(v: unknown, where: string): asserts v is string {
  assert.equal(typeof v, 'string', `${where} must be a string`);
}

function assertPositiveInt(v: unknown, where: string): void {
  assert.ok(Number.isInteger(v) && (v as number) >= 1, `${where} must be an integer >= 1, got ${String(v)}`);
}

function assertPhysicalLocation(loc: unknown, where: string): void {
  assert.ok(isObject(loc), `${where} must be an object`);
  const artifact = loc['artifactLocation'];
  assert.ok(isObject(artifact), `${where}.artifactLocation must be an object`);
  assertString(artifact['uri'], `${where}.artifactLocation.uri`);
  assert.ok(!artifact['uri'].includes('\\'), `${where}.artifactLocation.uri must use forward slashes`);
  if (artifact['uriBaseId'] !== undefined) {
    assert.equal(artifact['uriBaseId'], '%SRCROOT%');
    assert.ok(!artifact['uri'].startsWith('/'), `${where}: a uri with a base id must be relative`);
  }
  const region = loc['region'];
  assert.ok(isObject(region), `${where}.region must be an object`);
  for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn']) assertPositiveInt(region[key], `${where}.region.${key}`);
  assert.ok((region['endLine'] as number) >= (region['startLine'] as number), `${where}: endLine before startLine`);
}

/** Asserts the parts of SARIF 2.1.0 that GitHub code scanning reads; returns the log for more checks. */
export function assertSarifShape(log: unknown): Record<string, unknown> {
  assert.ok(isObject(log), 'the log must be an object');
  assertString(log['$schema'], '$schema');
  assert.equal(log['version'], '2.1.0');
  const runs = log['runs'];
  assert.ok(Array.isArray(runs) && runs.length === 1, 'exactly one run');
  const run = runs[0] as unknown;
  assert.ok(isObject(run));
  const tool = run['tool'];
  assert.ok(isObject(tool) && isObject(tool['driver']), 'runs[0].tool.driver');
  const driver = tool['driver'];
  assert.equal(driver['name'], 'vpc-lint');
  assertString(driver['version'], 'driver.version');
  assertString(driver['informationUri'], 'driver.informationUri');
  assert.ok(/^https?:\/\//.test(driver['informationUri']), 'driver.informationUri must be an absolute URL');
  const rules = driver['rules'];
  assert.ok(Array.isArray(rules), 'driver.rules must be an array');
  const ids = new Set<string>();
  rules.forEach((rule: unknown, i) => {
    const where = `driver.rules[${i}]`;
    assert.ok(isObject(rule), where);
    assertString(rule['id'], `${where}.id`);
    assert.ok(!ids.has(rule['id']), `${where}.id is duplicated`);
    ids.add(rule['id']);
    assertString(rule['name'], `${where}.name`);
    for (const key of ['shortDescription', 'fullDescription']) {
      const d = rule[key];
      assert.ok(isObject(d), `${where}.${key}`);
      assertString(d['text'], `${where}.${key}.text`);
    }
    assertString(rule['helpUri'], `${where}.helpUri`);
    const config = rule['defaultConfiguration'];
    assert.ok(isObject(config) && ['error', 'warning', 'note', 'none'].includes(config['level'] as string), `${where}.defaultConfiguration.level`);
    const props = rule['properties'];
    assert.ok(isObject(props) && Array.isArray(props['tags']), `${where}.properties.tags`);
  });
  const results = run['results'];
  assert.ok(Array.isArray(results), 'runs[0].results must be an array');
  results.forEach((result: unknown, i) => {
    const where = `results[${i}]`;
    assert.ok(isObject(result), where);
    assertString(result['ruleId'], `${where}.ruleId`);
    const index = result['ruleIndex'];
    assert.ok(Number.isInteger(index) && (index as number) >= 0 && (index as number) < rules.length, `${where}.ruleIndex in range`);
    assert.equal((rules[index as number] as Record<string, unknown>)['id'], result['ruleId'], `${where}.ruleIndex points at its rule`);
    assert.ok(['error', 'warning', 'note', 'none'].includes(result['level'] as string), `${where}.level`);
    const message = result['message'];
    assert.ok(isObject(message), `${where}.message`);
    assertString(message['text'], `${where}.message.text`);
    const locations = result['locations'];
    assert.ok(Array.isArray(locations) && locations.length >= 1, `${where}.locations`);
    locations.forEach((l: unknown, j) => {
      assert.ok(isObject(l));
      assertPhysicalLocation(l['physicalLocation'], `${where}.locations[${j}].physicalLocation`);
    });
    const related = result['relatedLocations'];
    if (related !== undefined) {
      assert.ok(Array.isArray(related));
      related.forEach((l: unknown, j) => {
        assert.ok(isObject(l));
        assertPhysicalLocation(l['physicalLocation'], `${where}.relatedLocations[${j}].physicalLocation`);
      });
    }
    const fingerprints = result['partialFingerprints'];
    assert.ok(isObject(fingerprints) && Object.keys(fingerprints).length > 0, `${where}.partialFingerprints`);
    for (const v of Object.values(fingerprints)) assertString(v, `${where}.partialFingerprints value`);
  });
  return log;
}
