import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { formatJson } from '../../../server/src/cli/formatJson.js';
import { artifactLocation, FINGERPRINT_KEY, formatSarif, ruleName, toSarif } from '../../../server/src/cli/formatSarif.js';
import { formatText } from '../../../server/src/cli/formatText.js';
import { compareFindings, meetsThreshold, type CheckReport } from '../../../server/src/cli/report.js';
import { assertSarifShape, exposureFinding, finding, RULES } from './helpers.js';

const CWD = path.resolve('/project');
const SARIF_OPTIONS = { cwd: CWD, toolVersion: '1.2.3', informationUri: 'https://example.invalid/vpc-lint' };

function report(findings = [exposureFinding()], filesChecked = 1): CheckReport {
  return { findings: [...findings].sort(compareFindings), filesChecked };
}

describe('text format', () => {
  it('prints file:line:col (1-based), severity, message and slug, then the summary', () => {
    const text = formatText(report(), { color: false });
    assert.equal(
      text,
      'templates/web.yaml:10:3  error  WebServer is reachable from the internet on tcp/22, tcp/80  internet-reachable-compute\n' +
        '\n' +
        '1 problem (1 error, 0 warnings, 0 infos) in 1 file\n',
    );
  });

  it('groups findings by file with a blank line between files', () => {
    const findings = [
      finding({ file: 'b.yaml', severity: 'warning', ruleId: 'public-subnet-compute', message: 'in a public subnet' }),
      finding({ file: 'a.yaml' }),
      finding({ file: 'a.yaml', severity: 'info', ruleId: 'vpc-flow-logs', message: 'no flow logs', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } } }),
    ];
    const lines = formatText(report(findings, 3), { color: false }).split('\n');
    assert.deepEqual(lines, [
      'a.yaml:1:1  info  no flow logs  vpc-flow-logs',
      'a.yaml:10:3  error  WebServer is reachable from the internet on tcp/22, tcp/80  internet-reachable-compute',
      '',
      'b.yaml:10:3  warning  in a public subnet  public-subnet-compute',
      '',
      '3 problems (1 error, 1 warning, 1 info) in 3 files',
      '',
    ]);
  });

  it('says so when there is nothing to report', () => {
    assert.equal(formatText(report([], 2), { color: false }), 'No problems found in 2 files.\n');
    assert.equal(formatText(report([], 1), { color: false }), 'No problems found in 1 file.\n');
  });

  it('keeps each finding on one line', () => {
    const text = formatText(report([finding({ message: 'first line\n  second line' })]), { color: false });
    assert.match(text, /^templates\/web\.yaml:10:3 {2}error {2}first line second line {2}internet-reachable-compute$/m);
  });

  it('colours only when asked', () => {
    assert.doesNotMatch(formatText(report(), { color: false }), /\u001b\[/);
    const coloured = formatText(report(), { color: true });
    assert.match(coloured, /\u001b\[31merror\u001b\[0m/);
  });
});

describe('json format', () => {
  it('is {"version":1,"findings":[…]} with the DESIGN §4 fields', () => {
    const parsed = JSON.parse(formatJson(report())) as { version: number; findings: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(parsed), ['version', 'findings']);
    assert.equal(parsed.version, 1);
    assert.equal(parsed.findings.length, 1);
    const f = parsed.findings[0]!;
    assert.deepEqual(Object.keys(f).sort(), ['code', 'docsUrl', 'file', 'message', 'path', 'ports', 'range', 'resource', 'resourceType', 'ruleId', 'severity'].sort());
    assert.equal(f['ruleId'], 'internet-reachable-compute');
    assert.equal(f['severity'], 'error');
    assert.equal(f['file'], 'templates/web.yaml');
    assert.deepEqual(f['range'], { start: { line: 9, character: 2 }, end: { line: 9, character: 11 } });
    assert.deepEqual(f['ports'], ['tcp/22', 'tcp/80']);
    const steps = f['path'] as Record<string, unknown>[];
    assert.deepEqual(steps.map((s) => s['kind']), ['internet-gateway', 'route', 'compute']);
    assert.deepEqual(Object.keys(steps[1]!).sort(), ['file', 'kind', 'range', 'resource']);
    assert.deepEqual(Object.keys(steps[2]!).sort(), ['kind', 'resource']);
  });

  it('leaves out optional fields the finding does not have, and never leaks related', () => {
    const parsed = JSON.parse(formatJson(report([finding({ related: exposureFinding().related! })]))) as {
      findings: Record<string, unknown>[];
    };
    const keys = Object.keys(parsed.findings[0]!);
    for (const absent of ['path', 'ports', 'related', 'source', 'cdkPath']) assert.ok(!keys.includes(absent), absent);
  });

  it('adds the CDK source location when the engine knows it', () => {
    const source = { file: 'lib/web-stack.ts', range: { start: { line: 11, character: 4 }, end: { line: 11, character: 30 } } };
    const parsed = JSON.parse(formatJson(report([finding({ source })]))) as { findings: Record<string, unknown>[] };
    assert.deepEqual(parsed.findings[0]!['source'], source);
  });

  it('prints an empty list when there are no findings', () => {
    assert.deepEqual(JSON.parse(formatJson(report([], 0))), { version: 1, findings: [] });
  });
});

describe('sarif format', () => {
  it('is structurally valid SARIF 2.1.0', () => {
    assertSarifShape(JSON.parse(formatSarif(report(), RULES, SARIF_OPTIONS)));
  });

  it('lists every rule with slug ids and levels', () => {
    const log = toSarif(report(), RULES, SARIF_OPTIONS);
    const driver = log.runs[0]!.tool.driver;
    assert.equal(driver.version, '1.2.3');
    assert.deepEqual(driver.rules.map((r) => [r.id, r.name, r.defaultConfiguration.level]), [
      ['internet-reachable-compute', 'InternetReachableCompute', 'error'],
      ['public-subnet-compute', 'PublicSubnetCompute', 'warning'],
    ]);
    assert.equal(driver.rules[0]!.helpUri, RULES[0]!.docsUrl);
    assert.equal(driver.rules[0]!.shortDescription.text, RULES[0]!.title);
  });

  it('maps a finding to a result with a 1-based region relative to %SRCROOT%', () => {
    const result = toSarif(report(), RULES, SARIF_OPTIONS).runs[0]!.results[0]!;
    assert.equal(result.ruleId, 'internet-reachable-compute');
    assert.equal(result.ruleIndex, 0);
    assert.equal(result.level, 'error');
    assert.deepEqual(result.locations[0]!.physicalLocation, {
      artifactLocation: { uri: 'templates/web.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 10, startColumn: 3, endLine: 10, endColumn: 12 },
    });
    assert.equal(result.relatedLocations?.length, 1);
    assert.equal(result.relatedLocations![0]!.message?.text, 'route 0.0.0.0/0 → InternetGateway');
    // Only located steps become code-flow locations.
    assert.equal(result.codeFlows![0]!.threadFlows[0]!.locations.length, 2);
  });

  it('maps severities to SARIF levels', () => {
    const findings = [finding({ severity: 'warning', ruleId: 'public-subnet-compute' }), finding({ severity: 'info', ruleId: 'unknown-rule', code: 'I9' })];
    const log = toSarif(report(findings), RULES, SARIF_OPTIONS);
    assert.deepEqual(log.runs[0]!.results.map((r) => r.level).sort(), ['note', 'warning']);
    // A finding whose rule is not listed gets a rule entry of its own, so ruleIndex stays valid.
    assertSarifShape(log);
    assert.ok(log.runs[0]!.tool.driver.rules.some((r) => r.id === 'unknown-rule'));
  });

  it('fingerprints by rule, resource and file: stable, and distinct for repeats', () => {
    const a = toSarif(report(), RULES, SARIF_OPTIONS).runs[0]!.results[0]!.partialFingerprints[FINGERPRINT_KEY];
    const b = toSarif(report([finding({ range: { start: { line: 40, character: 0 }, end: { line: 40, character: 1 } } })]), RULES, SARIF_OPTIONS)
      .runs[0]!.results[0]!.partialFingerprints[FINGERPRINT_KEY];
    assert.ok(a && /^[0-9a-f]{32}$/.test(a));
    assert.equal(a, b, 'moving a finding within the file keeps its fingerprint');
    const twice = toSarif(report([finding(), finding({ message: 'again' })]), RULES, SARIF_OPTIONS).runs[0]!.results;
    assert.notEqual(twice[0]!.partialFingerprints[FINGERPRINT_KEY], twice[1]!.partialFingerprints[FINGERPRINT_KEY]);
  });

  it('uses forward slashes and percent-encoding in URIs, and file: URIs outside the root', () => {
    assert.deepEqual(artifactLocation(path.join('dir with space', 'a#b.yaml'), CWD), { uri: 'dir%20with%20space/a%23b.yaml', uriBaseId: '%SRCROOT%' });
    const outside = artifactLocation(path.resolve(CWD, '..', 'elsewhere.yaml'), CWD);
    assert.equal(outside.uriBaseId, undefined);
    assert.match(outside.uri, /^file:\/\/.*elsewhere\.yaml$/);
  });

  it('turns slugs into rule names', () => {
    assert.equal(ruleName('vpc-link-public-nlb'), 'VpcLinkPublicNlb');
  });
});

describe('--fail-on threshold', () => {
  it('compares severities', () => {
    assert.equal(meetsThreshold('error', 'error'), true);
    assert.equal(meetsThreshold('warning', 'error'), false);
    assert.equal(meetsThreshold('warning', 'warning'), true);
    assert.equal(meetsThreshold('info', 'warning'), false);
    assert.equal(meetsThreshold('info', 'info'), true);
    assert.equal(meetsThreshold('error', 'none'), false);
  });
});
