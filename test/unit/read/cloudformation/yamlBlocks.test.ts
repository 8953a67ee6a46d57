/**
 * The incremental YAML reader must give exactly the tree a full parse gives (values and spans),
 * and after an edit inside one resource must parse that one block only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { readYaml } from '../../../../server/src/read/cloudformation/yaml.js';
import { readYamlBlocks, YamlBlockCache } from '../../../../server/src/read/cloudformation/yamlBlocks.js';
import { checkDocument } from '../../../../server/src/engine.js';
import { generateTemplate } from '../../../../bench/generate.js';
import { modelDocument } from '../../../../server/src/documentModel.js';
import { plainRange } from '../../../../server/src/read/node.js';
import { YAML_SAMPLE_DIRS, yamlFiles } from '../../cfnFixtures.js';


test('block reading equals a full parse, spans included, on the corpus, fixtures and examples', () => {
  let same = 0;
  let fallback = 0;
  for (const dir of YAML_SAMPLE_DIRS) {
    for (const f of yamlFiles(dir)) {
      const text = readFileSync(f, 'utf8');
      const blocks = readYamlBlocks(text, new YamlBlockCache());
      if (!blocks) {
        fallback++;
        continue;
      }
      const full = readYaml(text);
      assert.deepEqual(full.errors, [], `${f}: the block reader must fall back when the text has errors`);
      assert.deepEqual(blocks.root, full.root, f);
      same++;
    }
  }
  // Most real templates take the fast path; the rest fall back, which is always correct.
  assert.ok(same > 300, `only ${same} files read by blocks (${fallback} fell back)`);
});

const big = stringify(generateTemplate(500), { lineWidth: 0 });

test('an edit inside one resource re-parses that block only, and the tree matches a full parse', () => {
  const cache = new YamlBlockCache();
  assert.ok(readYamlBlocks(big, cache));
  assert.ok(cache.lastParsed > 500, `cold read parsed ${cache.lastParsed} blocks`);
  const edited = big.replace('CidrBlock: 10.7.1.0/24', 'CidrBlock: 10.7.1.0/25\n      AssignIpv6AddressOnCreation: false');
  assert.notEqual(edited, big);
  const again = readYamlBlocks(edited, cache);
  assert.equal(cache.lastParsed, 1);
  assert.deepEqual(again?.root, readYaml(edited).root);
});

test('a syntax error makes the block reader step aside, so the full parser reports it', () => {
  const cache = new YamlBlockCache();
  readYamlBlocks(big, cache);
  const broken = big.replace('Type: AWS::EC2::Subnet', 'Type: [AWS::EC2::Subnet');
  assert.equal(readYamlBlocks(broken, cache), undefined);
  assert.ok(readYaml(broken).errors.length > 0);
});

test('findings over a sequence of edits are the same with and without the incremental state', () => {
  const cache = new YamlBlockCache();
  let text = big;
  const edits: [string, string][] = [
    ['CidrIp: 0.0.0.0/0', 'CidrIp: 10.0.0.0/8'],
    ['MapPublicIpOnLaunch: true', 'MapPublicIpOnLaunch: false'],
    ['Type: AWS::EC2::Subnet', 'Type: [oops'],
    ['Type: [oops', 'Type: AWS::EC2::Subnet'],
    ['FromPort: 443', 'FromPort: 22'],
  ];
  for (const [from, to] of edits) {
    text = text.replace(from, to);
    assert.deepEqual(checkDocument('t.yaml', text, { incremental: cache }).findings, checkDocument('t.yaml', text).findings);
  }
});

test('line endings, comments and odd white space between blocks: the same tree as a full parse, or the full parse', () => {
  const body = 'Resources:\n  A:\n    Type: AWS::EC2::VPC\n\n  # a comment\n  B:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref A}\n';
  const variants = [
    body,
    body.replace(/\n/g, '\r\n'),
    body.replace('  # a comment\n', '# at column 0\n'),
    body.replace('  # a comment\n', '  # a comment\r with a CR\n'),
    body.replace('\n\n', '\n   \n'),
    body.replace('\n\n', '\n \u00a0\n'),
    body.replace('  B:', '\u00a0 B:'),
    `Description: x\n${body}# trailing\r`,
    `AWSTemplateFormatVersion: "2010-09-09"\r\n${body}`,
  ];
  for (const text of variants) {
    const blocks = readYamlBlocks(text, new YamlBlockCache());
    if (blocks) assert.deepEqual(blocks.root, readYaml(text).root, JSON.stringify(text));
  }
});

test('two resources under one name make the block reader step aside, so the full parser reports the duplicate', () => {
  const text = 'Resources:\n  A:\n    Type: AWS::EC2::VPC\n  B:\n    Type: AWS::EC2::VPC\n  A:\n    Type: AWS::EC2::Subnet\n';
  assert.equal(readYamlBlocks(text, new YamlBlockCache()), undefined);
  assert.deepEqual(
    checkDocument('t.yaml', text, { incremental: new YamlBlockCache() }).findings.map((f) => f.message),
    checkDocument('t.yaml', text).findings.map((f) => f.message),
  );
  assert.ok(readYaml(text).errors.some((e) => /Duplicate key "A"/.test(e.message)));
});

test('the network model read through the cache after blocks moved equals one read from scratch', () => {
  // What the traffic-path panel and CodeLens draw: every exposure's resources and places.
  const drawn = (text: string, cache?: YamlBlockCache) =>
    modelDocument('t.yaml', text, { incremental: cache })!.exposures.map((e) => ({
      compute: [e.compute.origin.id, plainRange(e.compute.origin.range)],
      subnet: e.subnet && plainRange(e.subnet.origin.range),
      verdict: e.verdict,
      path: e.path?.map((s) => [s.kind, s.resource, s.range && plainRange(s.range)]),
      ports: e.ports.map((p) => [p.from, p.to, plainRange(p.rule.origin.range)]),
    }));
  const cache = new YamlBlockCache();
  let text = big;
  assert.deepEqual(drawn(text, cache), drawn(text));
  const edits: [RegExp, string][] = [
    [/(PublicSubnet3:\n)/, '$1    # a note\n'],
    [/FromPort: 443/, 'FromPort: 8443'],
    [/\n(  Vpc0:\n)/, '\n  # above the first VPC\n$1'],
    [/    # a note\n/, ''],
  ];
  for (const [from, to] of edits) {
    const next = text.replace(from, to);
    assert.notEqual(next, text, String(from));
    text = next;
    const fromCache = drawn(text, cache);
    assert.ok(fromCache.length > 0);
    assert.deepEqual(fromCache, drawn(text), String(from));
  }
});
