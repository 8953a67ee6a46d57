/**
 * The limits that keep reading bounded, and the awkward inputs real files have: each ends in a
 * clear, located finding (or in none, where there is nothing wrong), never in an exception, a
 * hang or a range outside the document. Time is never asserted: a blow-up shows as a hang.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkDocument } from '../../../server/src/engine.js';
import { READ_LIMITS } from '../../../server/src/read/limits.js';
import { LineIndex, type Node } from '../../../server/src/read/node.js';
import { readCloudFormation } from '../../../server/src/read/cloudformation/index.js';
import { fixesFor } from '../../../server/src/fix/index.js';
import { readInputFile } from '../../../server/src/cli/files.js';
import { runTask } from '../../../server/src/cli/tasks.js';
import type { Finding } from '../../../server/src/rules/types.js';
import { findingProblems } from '../../fuzz/fuzzSupport.js';
import { checkFixture, REPO_ROOT } from '../cfnFixtures.js';

const HEAD = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n';

/** Checks a document and asserts that every finding lies inside it. */
function check(file: string, text: string, options = {}): ReturnType<typeof checkDocument> {
  const result = checkDocument(file, text, options);
  assert.deepEqual(findingProblems(file, text, result.findings), []);
  return result;
}

function invalid(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.ruleId === 'invalid-template');
}

/** The zero-based line and character where `needle` first occurs. */
function at(text: string, needle: string, from = 0): { line: number; character: number } {
  const offset = text.indexOf(needle, from);
  assert.ok(offset >= 0, `no ${JSON.stringify(needle)}`);
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

describe('file size', () => {
  it('reports a template over maxFileBytes with its size and the limit, and reads no further', () => {
    const text = `${HEAD}  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n# ${'x'.repeat(3000)}\n`;
    const result = check('big.yaml', text, { maxFileBytes: 1000 });
    assert.equal(result.recognized, true);
    assert.equal(result.findings.length, 1);
    assert.match(result.findings[0]!.message, /The file is 3\.\d KB, over vpc-lint's 1000 bytes limit \(maxFileBytes\); it was not checked/);
  });

  it('counts bytes, not characters', () => {
    const text = `${HEAD}  Vpc:\n    Type: AWS::EC2::VPC\n# ${'é'.repeat(600)}\n`;
    assert.ok(text.length < 1000 && Buffer.byteLength(text) > 1000);
    assert.match(check('big.yaml', text, { maxFileBytes: 1000 }).findings[0]!.message, /over vpc-lint's 1000 bytes limit/);
  });

  it('says JSON for a JSON template, and ignores a large file that is no template at all', () => {
    const json = `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}, "Description": "${'x'.repeat(2000)}"}`;
    assert.equal(check('big.json', json, { maxFileBytes: 1000 }).format, 'cloudformation-json');
    assert.deepEqual(check('data.json', `{"data": "${'x'.repeat(2000)}"}`, { maxFileBytes: 1000 }), { recognized: false, findings: [] });
  });

  it('defaults to 10 MB', () => {
    assert.equal(READ_LIMITS.maxFileBytes, 10 * 1024 * 1024);
  });
});

describe('nesting depth', () => {
  const resource = '  R:\n    Type: AWS::EC2::Instance\n    Properties:\n      Tags: ';
  for (const levels of [READ_LIMITS.maxDepth + 50, 100_000]) {
    it(`stops YAML nested ${levels} levels deep with a located finding`, () => {
      const text = `${HEAD}${resource}${'['.repeat(levels)}${']'.repeat(levels)}\n`;
      const deep = invalid(check('deep.yaml', text).findings);
      assert.ok(deep.length > 0);
      assert.match(deep[0]!.message, new RegExp(`Nesting (far )?deeper than ${READ_LIMITS.maxDepth} levels`));
      assert.equal(deep[0]!.range.start.line, at(text, '[').line);
    });

    it(`stops JSON nested ${levels} levels deep with a located finding`, () => {
      const text = `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"R": {"Type": "AWS::EC2::Instance", "Properties": {"Tags": ${'['.repeat(levels)}${']'.repeat(levels)}}}}}`;
      const deep = invalid(check('deep.json', text).findings);
      assert.equal(deep.length, 1);
      assert.match(deep[0]!.message, new RegExp(`Nesting (far )?deeper than ${READ_LIMITS.maxDepth} levels`));
      // At a bracket past the limit, not at the start of the file.
      assert.equal(deep[0]!.range.start.line, 0);
      assert.equal(text[deep[0]!.range.start.character], '[');
      assert.ok(deep[0]!.range.start.character > text.indexOf('[') + READ_LIMITS.maxDepth - 10);
    });
  }
});

describe('YAML anchors and aliases', () => {
  /** `levels` anchors, each a list of `fan` aliases of the one before: fan^levels nodes if expanded. */
  function laughs(levels: number, fan: number, use: (last: string) => string): string {
    let text = 'AWSTemplateFormatVersion: "2010-09-09"\nMappings:\n  M:\n    a0: &a0 {Ref: Vpc}\n';
    for (let i = 1; i < levels; i++) text += `    a${i}: &a${i} [${Array(fan).fill(`*a${i - 1}`).join(', ')}]\n`;
    return `${text}Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n${use(`*a${levels - 1}`)}`;
  }

  it('reads a billion laughs (10 levels of 10 aliases) as shared nodes, through model, cycles and rules', () => {
    const text = laughs(10, 10, (x) => `  Web:\n    Type: AWS::EC2::Instance\n    DependsOn: Vpc\n    Properties:\n      Tags: ${x}\n      SubnetId: {"Fn::Join": ["", ${x}]}\n      SecurityGroupIds: {"Fn::Select": [0, ${x}]}\n`);
    const read = readCloudFormation(text);
    assert.deepEqual(read.errors, []);
    // Nine anchors of ten aliases each, and three uses of the last.
    assert.equal(read.aliases, 93);
    const result = check('laughs.yaml', text);
    assert.equal(result.recognized, true);
  });

  it('judges conditions built from aliases once per node', () => {
    let text = 'AWSTemplateFormatVersion: "2010-09-09"\nConditions:\n  C0: &c0 {"Fn::Equals": [a, {Ref: "AWS::Region"}]}\n';
    for (let i = 1; i < 12; i++) text += `  C${i}: &c${i} {"Fn::And": [${Array(10).fill(`*c${i - 1}`).join(', ')}]}\n`;
    text += 'Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Condition: C11\n';
    assert.equal(check('conditions.yaml', text).recognized, true);
  });

  it(`caps the number of aliases at ${READ_LIMITS.maxAliases}, with one finding`, () => {
    const text = laughs(2, READ_LIMITS.maxAliases + 10, (x) => `  Web:\n    Type: AWS::EC2::Instance\n    Properties:\n      Tags: ${x}\n`);
    const bombs = invalid(check('aliases.yaml', text).findings).filter((f) => /aliases/.test(f.message));
    assert.equal(bombs.length, 1);
    assert.match(bombs[0]!.message, new RegExp(`More than ${READ_LIMITS.maxAliases} YAML aliases; the rest are ignored \\(alias bomb\\?\\)`));
  });

  it('offers no edits on a document with aliases (an aliased node has its anchor\'s range)', () => {
    const { text, findings } = checkFixture('public-web-server.yaml');
    let n = 0;
    const aliased = text.replace(/^(\s*SubnetId: )(.+)$/gm, (_, head: string, value: string) => (n++ === 0 ? `${head}&subnet ${value}` : `${head}*subnet`));
    assert.ok(findings.some((f) => fixesFor('t.yaml', text, f).length > 0), 'the fixture has fixes');
    for (const f of check('t.yaml', aliased).findings) assert.deepEqual(fixesFor('t.yaml', aliased, f), []);
  });
});

describe('reference cycles', () => {
  it('reports a DependsOn / Ref cycle between resources', () => {
    const cycle = invalid(checkFixture('cycle-depends-on.yaml').findings).filter((f) => /Circular dependency/.test(f.message));
    assert.equal(cycle.length, 1);
    assert.match(cycle[0]!.message, /FrontSecurityGroup → BackSecurityGroup → FrontSecurityGroup|BackSecurityGroup → FrontSecurityGroup → BackSecurityGroup/);
  });

  it('reports a condition that refers to itself', () => {
    assert.ok(invalid(checkFixture('condition-self-reference.yaml').findings).some((f) => /Condition "IsProd" refers to itself/.test(f.message)));
  });

  it('reports a Ref to itself', () => {
    const text = `${HEAD}  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: !Ref Sg\n`;
    assert.ok(invalid(check('self.yaml', text).findings).some((f) => /Circular dependency: Sg → Sg/.test(f.message)));
  });

  it('reports a VPC whose CidrBlock is its own attribute', () => {
    const text = `${HEAD}  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !GetAtt Vpc.CidrBlock\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      VpcId: !Ref Vpc\n      SecurityGroupIngress:\n        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !GetAtt Vpc.CidrBlock}\n`;
    assert.ok(invalid(check('cidr.yaml', text).findings).some((f) => /Vpc\.CidrBlock depends on itself|Circular dependency: Vpc → Vpc/.test(f.message)));
  });
});

describe('resource types and property types', () => {
  it('ignores unknown resource types without a finding', () => {
    const text = `${HEAD}  Bucket:\n    Type: AWS::S3::Bucket\n  Thing:\n    Type: AWS::Made::Up\n    Properties: {SubnetId: 42}\n  Custom:\n    Type: Custom::Anything\n    Properties: [1, 2]\n`;
    assert.deepEqual(check('unknown.yaml', text), { recognized: true, format: 'cloudformation-yaml', findings: [] });
  });

  it('reports a string or map where a list property belongs, at the value', () => {
    const text = `${HEAD}  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: g\n      SecurityGroupIngress: all\n  Web:\n    Type: AWS::EC2::Instance\n    Properties:\n      NetworkInterfaces: {DeviceIndex: 0}\n`;
    const wrong = invalid(check('types.yaml', text).findings);
    assert.deepEqual(wrong.map((f) => [f.message, f.range.start]), [
      ['SecurityGroupIngress should be a list, not the string "all"; vpc-lint ignored it, so what it declares is not checked.', at(text, 'all')],
      ['NetworkInterfaces should be a list, not a map; vpc-lint ignored it, so what it declares is not checked.', at(text, '{DeviceIndex')],
    ]);
  });

  it('reads numbers, lists and maps where strings belong as unknown values, without a guess or a crash', () => {
    const text = `${HEAD}  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: [10]}\n  Subnet:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: 7, MapPublicIpOnLaunch: {a: b}, CidrBlock: {Ref: [x]}}\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      VpcId: [a]\n      SecurityGroupIngress:\n        - {IpProtocol: [tcp], FromPort: {x: 1}, ToPort: "twenty", CidrIp: 0}\n        - 42\n        - null\n`;
    const result = check('types.yaml', text);
    assert.equal(result.recognized, true);
    assert.deepEqual(result.findings.filter((f) => f.ruleId === 'world-open-admin-port' || f.ruleId === 'internet-reachable-compute'), []);
  });

  it('treats an intrinsic where a list belongs as a computed list, not a wrong type', () => {
    const text = `${HEAD}  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: g\n      SecurityGroupIngress: !If [Never, [], !Ref AWS::NoValue]\n`;
    assert.deepEqual(invalid(check('if.yaml', text).findings).filter((f) => /should be a list/.test(f.message)), []);
  });
});

describe('encodings and layout', () => {
  const lf = checkFixture('public-web-server.yaml');
  const summary = (fs: Finding[]) => fs.map((f) => `${f.ruleId} ${f.resource} ${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`);

  it('reads a YAML template with a byte-order mark like one without', () => {
    const result = check('bom.yaml', `\uFEFF${lf.text}`);
    assert.deepEqual(summary(result.findings), summary(lf.findings));
  });

  it('reads a JSON template with a byte-order mark like one without', () => {
    const json = checkFixture('public-web-server.json');
    const result = check('bom.json', `\uFEFF${json.text}`);
    assert.equal(result.format, 'cloudformation-json');
    assert.deepEqual(summary(result.findings), summary(json.findings));
  });

  it('gives CRLF files the same ranges as LF files', () => {
    const crlf = lf.text.replace(/\n/g, '\r\n');
    assert.deepEqual(summary(check('crlf.yaml', crlf).findings), summary(lf.findings));
    assert.deepEqual(summary(check('cr.yaml', lf.text.replace(/\n/g, '\r')).findings), summary(lf.findings));
  });

  it('never places a position between the CR and the LF of a line ending', () => {
    const text = 'ab\r\ncd\r\n';
    const lines = new LineIndex(text);
    assert.deepEqual(lines.position(3), { line: 0, character: 2 });
    assert.deepEqual(lines.range([0, 3]), { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } });
    assert.deepEqual(lines.position(4), { line: 1, character: 0 });
    // Tab-indented CRLF YAML: its errors end at line ends, which must stay inside their lines.
    const tabbed = `${HEAD}\tVpc:\n\t\tType: AWS::EC2::VPC\n\tVpc:\n\t\tType: AWS::EC2::VPC\n`.replace(/\n/g, '\r\n');
    assert.ok(invalid(check('tabs.yaml', tabbed).findings).length > 0);
  });

  it('reports tab indentation in YAML where it is', () => {
    const text = `${HEAD}\tVpc:\n\t\tType: AWS::EC2::VPC\n`;
    const tabs = invalid(check('tabs.yaml', text).findings);
    assert.ok(tabs.length > 0);
    assert.equal(tabs[0]!.message, 'A tab is used for indentation; YAML allows only spaces there.');
    assert.deepEqual(tabs[0]!.range.start, at(text, '\tVpc'));
  });

  it('reports duplicate keys in YAML and JSON at the second key', () => {
    const yaml = `${HEAD}  Vpc:\n    Type: AWS::EC2::VPC\n  Vpc:\n    Type: AWS::EC2::VPC\n`;
    const y = invalid(check('dup.yaml', yaml).findings);
    assert.deepEqual(y.map((f) => [f.message, f.range.start]), [['Duplicate key "Vpc".', at(yaml, 'Vpc:', yaml.indexOf('Vpc:') + 1)]]);
    const json = '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Vpc": {"Type": "AWS::EC2::VPC"}, "Vpc": {"Type": "AWS::EC2::VPC"}}}';
    const j = invalid(check('dup.json', json).findings);
    assert.deepEqual(j.map((f) => [f.message, f.range.start]), [['Duplicate key "Vpc".', at(json, '"Vpc"', json.indexOf('"Vpc"') + 1)]]);
  });

  for (const [name, text] of [['empty', ''], ['a newline', '\n'], ['CRLF', '\r\n'], ['spaces', '   '], ['a BOM', '\uFEFF'], ['a comment', '# nothing\n'], ['a document marker', '---\n'], ['an empty map', '{}'], ['null', 'null']] as const) {
    it(`does not recognise ${name} as a template`, () => {
      assert.deepEqual(check('empty.yaml', text), { recognized: false, findings: [] });
      assert.deepEqual(check('empty.json', text), { recognized: false, findings: [] });
    });
  }

  it('takes an empty .tf.json as an empty Terraform file: recognised by its name, nothing to report', () => {
    assert.deepEqual(check('main.tf.json', ''), { recognized: true, format: 'terraform-json', findings: [] });
  });
});

describe('files that are not UTF-8 (CLI)', () => {
  it('reads them with U+FFFD and reports the first bad byte where it is', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vpc-lint-utf8-'));
    try {
      const head = Buffer.from(`${HEAD}  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n      Tags: [{Key: Name, Value: caf`, 'utf8');
      // Latin-1 "é" (0xE9), then a valid UTF-8 "é" and a genuine U+FFFD that must not be reported.
      const bytes = Buffer.concat([Buffer.from('# \u00e9 \uFFFD\n', 'utf8'), head, Buffer.from([0xe9]), Buffer.from('}]\n', 'utf8')]);
      writeFileSync(path.join(dir, 'latin1.yaml'), bytes);
      const read = readInputFile('latin1.yaml', dir);
      assert.ok(read.ok);
      const bad = bytes.indexOf(0xe9, 5);
      assert.equal(read.invalidUtf8?.byte, bad);
      assert.equal(read.text[read.invalidUtf8!.offset], '\uFFFD');

      const result = runTask({ kind: 'file', file: 'latin1.yaml' }, dir);
      assert.deepEqual(result.errors, []);
      const encoding = result.findings.filter((f) => /UTF-8/.test(f.message));
      assert.equal(encoding.length, 1);
      assert.match(encoding[0]!.message, new RegExp(`^The file is not valid UTF-8 at byte ${bad};`));
      assert.deepEqual(encoding[0]!.range.start, at(read.text, 'caf\uFFFD', 0) && { line: at(read.text, 'caf\uFFFD').line, character: at(read.text, 'caf\uFFFD').character + 3 });
      // The rest of the template is still checked.
      assert.ok(result.findings.some((f) => f.ruleId === 'vpc-flow-logs-missing'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads valid UTF-8 (with or without a BOM) unchanged', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vpc-lint-utf8-'));
    try {
      writeFileSync(path.join(dir, 'ok.yaml'), '\uFEFFa: é\n', 'utf8');
      assert.deepEqual(readInputFile('ok.yaml', dir), { ok: true, text: '\uFEFFa: é\n' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('broken JSON read by the error-recovering parser', () => {
  it('keeps every span inside the text (a fuzz counterexample: "[" before a CRLF corpus template)', () => {
    const corpus = path.join(REPO_ROOT, '..', 'shared', 'corpus', 'checkov', 'cloudformation', 'example_cloudfrontDistribution', 'CloudfrontDistributionEncryption-FAILED-2.yaml');
    const text = `[${readFileSync(corpus, 'utf8').replace(/\r?\n/g, '\r\n')}`;
    const read = readCloudFormation(text);
    assert.ok(read.errors.length > 0);
    const outside: string[] = [];
    const walk = (n: Node) => {
      if (n.span[0] < 0 || n.span[1] > text.length || n.span[0] > n.span[1]) outside.push(`${n.kind} ${JSON.stringify(n.span)}`);
      if (n.kind === 'seq') n.items.forEach(walk);
      if (n.kind === 'map') {
        for (const e of n.entries) {
          walk(e.key);
          walk(e.value);
        }
      }
    };
    if (read.root) walk(read.root);
    assert.deepEqual(outside, [], `text length ${text.length}`);
  });
});
