/**
 * Re-running only what an edit affects (server/src/checkParts.ts) must never change an answer:
 * after any sequence of edits, the findings with the editor's incremental state equal those of a
 * full check of the same text. And it must actually re-run less: an edit inside one part of a
 * template analyses that part only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkDocument, YamlBlockCache } from '../../server/src/engine.js';
import { partCache } from '../../server/src/checkParts.js';
import { looksLikeTemplateText } from '../../server/src/read/cloudformation/index.js';
import { generateTemplate, toYaml } from '../../bench/generate.js';
import { YAML_SAMPLE_DIRS, yamlFiles } from './cfnFixtures.js';
import type { Finding, RuleContext } from '../../server/src/rules/types.js';
import type { NetworkModel } from '../../server/src/model/types.js';
import { rules } from '../../server/src/rules/index.js';


/** Findings as plain data, so that a lazy range and a moved plain one compare by value. */
function plain(text: string, cache?: YamlBlockCache): Finding[] {
  return JSON.parse(JSON.stringify(checkDocument('t.yaml', text, { incremental: cache }).findings)) as Finding[];
}

/** A deterministic generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Resource names and where each resource's key line starts, as a two-space YAML template writes them. */
function resources(text: string): { name: string; line: number; indent: string }[] {
  const lines = text.split('\n');
  const out: { name: string; line: number; indent: string }[] = [];
  let inResources = false;
  let indent: string | undefined;
  lines.forEach((l, i) => {
    if (/^Resources\s*:/.test(l)) inResources = true;
    else if (/^\S/.test(l) && !l.startsWith('#')) inResources = false;
    else if (inResources) {
      const m = /^(\s+)([A-Za-z0-9]+)\s*:\s*$/.exec(l);
      if (m && (indent === undefined || m[1] === indent)) {
        indent ??= m[1]!;
        out.push({ name: m[2]!, line: i, indent: m[1]! });
      }
    }
  });
  return out;
}

/** One random edit of the kinds an author makes: values, lines added and removed, references, comments. */
function edit(text: string, rnd: () => number): string {
  const lines = text.split('\n');
  const res = resources(text);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const kind = Math.floor(rnd() * 8);
  if (res.length === 0 || kind === 0) {
    lines.splice(Math.floor(rnd() * lines.length), 0, rnd() < 0.5 ? '' : '# a note');
  } else if (kind === 1) {
    // A value changed inside one resource: a digit, or a boolean.
    const candidates = lines.map((l, i) => (/[0-9]|true|false/.test(l) && /^\s{4,}\S/.test(l) ? i : -1)).filter((i) => i >= 0);
    if (candidates.length) {
      const i = pick(candidates);
      lines[i] = /true/.test(lines[i]!) ? lines[i]!.replace('true', 'false') : /false/.test(lines[i]!) ? lines[i]!.replace('false', 'true') : lines[i]!.replace(/[0-9]/, (d) => String((Number(d) + 1) % 10));
    }
  } else if (kind === 2) {
    const r = pick(res);
    lines.splice(r.line, 0, `${r.indent}# vpc-lint-ignore${rnd() < 0.5 ? '' : ' public-subnet-compute'}`);
  } else if (kind === 3) {
    // A reference from one resource to another: joins their parts (or names a missing one).
    const r = pick(res);
    const target = rnd() < 0.8 ? pick(res).name : 'NoSuchResource';
    lines.splice(r.line + 1, 0, `${r.indent}${r.indent}DependsOn: ${target}`);
  } else if (kind === 4) {
    // A resource removed.
    const i = Math.floor(rnd() * res.length);
    const end = i + 1 < res.length ? res[i + 1]!.line : lines.findIndex((l, j) => j > res[i]!.line && /^\S/.test(l));
    lines.splice(res[i]!.line, (end < 0 ? lines.length : end) - res[i]!.line);
  } else if (kind === 5) {
    // A resource copied under a new name.
    const i = Math.floor(rnd() * res.length);
    const end = i + 1 < res.length ? res[i + 1]!.line : lines.findIndex((l, j) => j > res[i]!.line && /^\S/.test(l));
    const copy = lines.slice(res[i]!.line, end < 0 ? lines.length : end);
    copy[0] = copy[0]!.replace(res[i]!.name, `${res[i]!.name}Copy${Math.floor(rnd() * 1000)}`);
    lines.splice(res[i]!.line, 0, ...copy);
  } else if (kind === 6) {
    // A resource renamed: references to it break.
    const r = pick(res);
    lines[r.line] = lines[r.line]!.replace(r.name, `${r.name}X`);
  } else {
    // A line removed from a resource's body.
    const body = lines.map((l, i) => (/^\s{4,}\S/.test(l) ? i : -1)).filter((i) => i >= 0);
    if (body.length) lines.splice(pick(body), 1);
  }
  return lines.join('\n');
}

test('after random edits of real templates, incremental findings equal a full check', () => {
  let checks = 0;
  let reused = 0;
  let analysed = 0;
  let files = 0;
  for (const dir of YAML_SAMPLE_DIRS) {
    for (const f of yamlFiles(dir)) {
      const original = readFileSync(f, 'utf8');
      if (!looksLikeTemplateText(original) || original.length > 200_000) continue;
      files++;
      const rnd = random(files);
      const cache = new YamlBlockCache();
      let text = original;
      assert.deepEqual(plain(text, cache), plain(text), `${f}: first check`);
      for (let step = 0; step < 6; step++) {
        text = edit(text, rnd);
        const before = partCache(cache).generation;
        assert.deepEqual(plain(text, cache), plain(text), `${f}: after edit ${step + 1} (seed ${files})\n${text}`);
        const parts = partCache(cache);
        if (parts.byParts && parts.generation === before + 1) {
          reused += parts.reused;
          analysed += parts.analysed;
        }
        checks++;
      }
    }
  }
  assert.ok(files > 300, `only ${files} templates`);
  // Many corpus templates hold one or two resources, so an edit there re-runs all of it; but reuse
  // must be common, or this test tests nothing.
  assert.ok(reused > checks / 3, `${reused} parts reused, ${analysed} analysed over ${checks} edits`);
});

const big = toYaml(generateTemplate(500));

function analysedAfter(cache: YamlBlockCache, text: string): { analysed: number; reused: number } {
  const before = partCache(cache).generation;
  assert.deepEqual(plain(text, cache), plain(text));
  const { analysed, reused, byParts, generation } = partCache(cache);
  assert.ok(byParts && generation === before + 1, 'the check went by parts');
  return { analysed, reused };
}

test('an edit inside one cell of a 500-resource template analyses that cell only', () => {
  const cache = new YamlBlockCache();
  const cold = analysedAfter(cache, big);
  assert.equal(cold.reused, 0);
  // 25 VPC cells of 20 resources; the padding groups sit in cell 0's VPC.
  assert.equal(cold.analysed, 25);
  // A port changed in cell 7's web security group.
  const port = big.replace(/(WebSg7:[\s\S]*?FromPort: )443/, '$18443');
  assert.notEqual(port, big);
  assert.deepEqual(analysedAfter(cache, port), { analysed: 1, reused: 24 });
  // Lines added in cell 3 move every later cell down; their findings are reused, moved.
  const lines = port.replace(/(PublicSubnet3:\n)/, '$1    # a note\n    # and another\n');
  assert.deepEqual(analysedAfter(cache, lines), { analysed: 1, reused: 24 });
  // An ignore comment above a resource changes that resource's part only.
  const ignored = lines.replace(/\n(  Web9:\n)/, '\n  # vpc-lint-ignore\n$1');
  assert.notEqual(ignored, lines);
  assert.deepEqual(analysedAfter(cache, ignored), { analysed: 1, reused: 24 });
  // A reference from cell 5 to cell 6 joins the two parts.
  const joined = ignored.replace(/(\n  Web5:\n    Type: [^\n]*\n)/, '$1    DependsOn: Vpc6\n');
  assert.notEqual(joined, ignored);
  assert.deepEqual(analysedAfter(cache, joined), { analysed: 1, reused: 23 });
});

test('sections the model does not read re-run nothing; a section it reads re-runs every part', () => {
  const cache = new YamlBlockCache();
  analysedAfter(cache, big);
  const described = big.replace(/^Description: .*$/m, 'Description: edited');
  assert.notEqual(described, big);
  assert.deepEqual(analysedAfter(cache, described), { analysed: 0, reused: 25 });
  const param = described.replace('Default: 203.0.113.0/24', 'Default: 198.51.100.0/24');
  assert.notEqual(param, described);
  assert.deepEqual(analysedAfter(cache, param), { analysed: 25, reused: 0 });
});

test('options are part of the key: the same text under other options is analysed again', () => {
  const cache = new YamlBlockCache();
  checkDocument('t.yaml', big, { incremental: cache });
  const trusted = checkDocument('t.yaml', big, { incremental: cache, trustedCidrs: ['0.0.0.0/0'] }).findings;
  assert.deepEqual([partCache(cache).byParts, partCache(cache).reused, partCache(cache).analysed], [true, 0, 25]);
  assert.deepEqual(JSON.parse(JSON.stringify(trusted)), JSON.parse(JSON.stringify(checkDocument('t.yaml', big, { trustedCidrs: ['0.0.0.0/0'] }).findings)));
});

/** An Internet Gateway route for `Subnet`. */
const PUBLIC = [
  '  Igw:\n    Type: AWS::EC2::InternetGateway\n',
  '  Attach:\n    Type: AWS::EC2::VPCGatewayAttachment\n    Properties:\n      VpcId: !Ref Vpc\n      InternetGatewayId: !Ref Igw\n',
  '  Rt:\n    Type: AWS::EC2::RouteTable\n    Properties:\n      VpcId: !Ref Vpc\n',
  '  Default:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref Rt\n      DestinationCidrBlock: 0.0.0.0/0\n      GatewayId: !Ref Igw\n',
  '  Assoc:\n    Type: AWS::EC2::SubnetRouteTableAssociation\n    Properties:\n      SubnetId: !Ref Subnet\n      RouteTableId: !Ref Rt\n',
].join('');

test('templates the parts cannot be trusted on are checked whole, with the same answer', () => {
  const base = 'Parameters:\n  P:\n    Type: String\n    Default: Vpc\nConditions:\n  C: !Equals [!Ref P, x]\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n  Subnet:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Vpc\n      CidrBlock: 10.0.0.0/24\n';
  const variants = [
    // A resource named by a computed GetAtt could be any resource.
    base + '  Other:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !GetAtt [!Ref P, VpcId]\n',
    // A condition that names a resource (CloudFormation rejects it; the answer must not change).
    base.replace('C: !Equals [!Ref P, x]', 'C: !Equals [!Ref Vpc, x]'),
    // A parameter whose default names a resource: a resource that uses the parameter reaches it
    // without naming it (with a Transform, the missing name is not even reported).
    'Transform: AWS::Serverless-2016-10-31\n' + base.replace('Default: Vpc', 'Default: !Ref Subnet').replace('CidrBlock: 10.0.0.0/24', 'CidrBlock: 10.0.0.0/24\n      MapPublicIpOnLaunch: true') + PUBLIC + '  Web:\n    Type: AWS::EC2::Instance\n    Properties:\n      SubnetId: !Ref P\n      ImageId: ami-12345678\n',
    // A cycle among conditions, reported once in Conditions, whichever resource met it first.
    base.replace('C: !Equals [!Ref P, x]', 'C: !Condition D\n  D: !Condition C') + '  A:\n    Type: AWS::EC2::VPC\n    Condition: D\n  B:\n    Type: AWS::EC2::VPC\n    Condition: C\n',
    // Two resources under one name.
    base + '  Vpc:\n    Type: AWS::EC2::VPC\n',
  ];
  assert.ok(plain(variants[2]!).some((f) => f.resource === 'Web'), 'the instance behind the parameter is found in a public subnet');
  for (const text of variants) {
    const cache = new YamlBlockCache();
    assert.deepEqual(plain(text, cache), plain(text), text);
    assert.deepEqual(plain(text + '\n', cache), plain(text + '\n'), text);
  }
});

test('found by review: what only a whole-template check would see gives the same answer by parts', () => {
  const lb = 'Resources:\n  Lb:\n    Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n  Tg:\n    Type: AWS::ElasticLoadBalancingV2::TargetGroup\n  L:\n    Type: AWS::ElasticLoadBalancingV2::Listener\n    Properties:\n      LoadBalancerArn: !Ref Lb\n      DefaultActions: [{TargetGroupArn: !Ref Tg}]\n';
  const asg = '  Asg:\n    Type: AWS::AutoScaling::AutoScalingGroup\n    Properties:\n      TargetGroupARNs: [!Ref MissingTg]\n';
  const big = `Parameters:\n  Big:\n    Type: CommaDelimitedList\n    Default: [${Array.from({ length: 10000 }, (_, i) => `"a${i}"`).join(', ')}]\nResources:\n${Array.from({ length: 21 }, (_, i) => `  Sg${i}:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: x\n      VpcId: !Select [0, !Ref Big]\n      SecurityGroupIngress:\n        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}\n`).join('')}`;
  const variants = [
    // An auto scaling group's target groups are read with or without a listener elsewhere.
    lb + asg,
    asg.replace('  Asg:', 'Resources:\n  Asg:'),
    // The evaluator's step limit is the whole template's.
    big,
    // Names the cycle check reads in a Sub string that the evaluator does not.
    'Resources:\n  A:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Sub "${B."\n  B:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Sub "${A."\n',
    // A list-form GetAtt names its resource as text, whatever its type.
    'Resources:\n  "null":\n    Type: AWS::EC2::VPC\n  S:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !GetAtt [null, VpcId]\n',
    // The evaluator reads `${ !X}` as a name; only `${!X}` is literal.
    'Resources:\n  "!X":\n    Type: AWS::EC2::VPC\n  S:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Sub "${ !X}"\n',
    // A resource named '' owns every finding that names no resource.
    'Resources:\n  # vpc-lint-ignore\n  "":\n    Type: AWS::EC2::VPC\n  S:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Nope\n',
  ];
  for (const text of variants) {
    const cache = new YamlBlockCache();
    assert.deepEqual(plain(text, cache), plain(text), text.slice(0, 400));
    // Findings handed out are shared with later checks: they cannot be changed.
    const f = checkDocument('t.yaml', text, { incremental: cache }).findings[0];
    if (f && partCache(cache).byParts) assert.ok(Object.isFrozen(f) && Object.isFrozen(f.range.start));
    assert.deepEqual(plain(`${text}\n`, cache), plain(`${text}\n`), text.slice(0, 400));
  }
  assert.ok(plain(lb + asg).some((f) => /MissingTg/.test(f.message)));
  assert.ok(plain(asg.replace('  Asg:', 'Resources:\n  Asg:')).some((f) => /MissingTg/.test(f.message)), 'read without a listener too');
});

test('a rule that throws on one part loses its findings everywhere, as in a full check', (t) => {
  const rule = rules.find((r) => r.slug === 'internet-reachable-compute')!;
  assert.ok(plain(big).filter((f) => f.ruleId === rule.slug).length > 1, 'the rule finds something in several parts');
  const original = rule.check.bind(rule);
  // Throws only on a model that holds cell 3's VPC: a whole-template model, or that one part.
  t.mock.method(rule, 'check', (model: NetworkModel, ctx: RuleContext) => {
    if (model.vpcs.some((v) => v.origin.id === 'Vpc3')) throw new Error('broken rule');
    return original(model, ctx);
  });
  const failures: string[] = [];
  const cache = new YamlBlockCache();
  const byParts = checkDocument('t.yaml', big, { incremental: cache, onRuleError: (slug) => failures.push(slug) }).findings;
  const whole = checkDocument('t.yaml', big).findings;
  assert.ok(!whole.some((f) => f.ruleId === rule.slug));
  assert.deepEqual(JSON.parse(JSON.stringify(byParts)), JSON.parse(JSON.stringify(whole)));
  assert.ok(failures.includes(rule.slug));
});
