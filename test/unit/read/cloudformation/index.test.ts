/** Recognising CloudFormation: YAML and JSON alike, and nothing else. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture } from '../../cfnFixtures.js';

describe('readCloudFormation through checkDocument', () => {
  it('gives a JSON template the same findings as its YAML twin', () => {
    const yaml = checkFixture('public-web-server.yaml');
    const json = checkFixture('public-web-server.json');
    assert.equal(yaml.format, 'cloudformation-yaml');
    assert.equal(json.format, 'cloudformation-json');
    // Positions and files differ; what is found, where in the template's structure, and why, must not.
    const essence = (r: typeof yaml) => r.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, resource: f.resource, resourceType: f.resourceType, message: f.message, ports: f.ports, path: f.path?.map((s) => `${s.kind}:${s.resource}`) }));
    assert.deepEqual(essence(json), essence(yaml));
    assert.deepEqual(yaml.findings.map((f) => f.ruleId), ['vpc-flow-logs-missing', 'world-open-admin-port', 'internet-reachable-compute']);
  });

  it('puts JSON findings on the JSON text', () => {
    const json = checkFixture('public-web-server.json');
    const f = json.findings.find((x) => x.ruleId === 'internet-reachable-compute')!;
    const line = json.text.split('\n').findIndex((l) => l.trim() === '"WebServer": {');
    assert.equal(f.range.start.line, line);
  });

  it('does not recognise a docker-compose file and reports nothing', () => {
    const r = checkFixture('docker-compose.yaml');
    assert.equal(r.recognized, false);
    assert.deepEqual(r.findings, []);
  });
});
