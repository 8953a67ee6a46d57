/**
 * `checkCdkAssembly` end to end on cloud assemblies that aws-cdk-lib synthesised for real from
 * the apps in test/fixtures/cdk-apps: findings land on the templates and carry the construct path
 * and the app's source line that created the construct.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CdkAssemblyCache, checkCdkAssembly } from '../../../server/src/engine.js';
import { ruleBySlug } from '../../../server/src/rules/index.js';
import { generateCdkAssembly } from '../../../bench/generate.js';
import { readCdkAssembly } from '../../../server/src/read/cdk/assembly.js';
import { CdkSourceMapper } from '../../../server/src/read/cdk/sourceMap.js';
import type { Finding } from '../../../server/src/rules/types.js';
import { removeProject, synthProject, type CdkAppName, type CdkProject } from '../../fixtures/cdk-apps/synth.js';

const REACHABLE = 'internet-reachable-compute';
const EXAMPLE = path.join(__dirname, '..', '..', '..', 'examples', 'cdk', 'web-server', 'cdk.out');

/**
 * Construct paths and source lines worked out the long way: every resource of every template, and
 * a mapper asked about each of them. The check looks up only the resources that have findings.
 */
function assertMappedAsEveryResourceWould(cdkOut: string): void {
  const { findings } = checkCdkAssembly(cdkOut);
  assert.ok(findings.length > 0);
  const templates = readCdkAssembly(cdkOut).value.templates;
  const mapper = new CdkSourceMapper({ projectDir: path.dirname(cdkOut) });
  const expected = new Map<string, { cdkPath?: string; source?: unknown }>();
  for (const t of templates) {
    for (const [id, r] of t.resources) {
      const source = mapper.locate(r.path, r.trace);
      expected.set(`${t.file}#${id}`, { cdkPath: r.path, ...(source ? { source } : {}) });
    }
  }
  for (const f of findings) {
    if (f.resource === '') continue;
    const want = expected.get(`${f.file}#${f.resource}`) ?? {};
    assert.deepEqual({ cdkPath: f.cdkPath, source: f.source }, { cdkPath: want.cdkPath, source: want.source }, `${f.ruleId} on ${f.resource}`);
  }
}
const PUBLIC_SUBNET = 'public-subnet-compute';

/** Zero-based line of the first line of `file` containing `needle`. */
function lineOf(file: string, needle: string): number {
  const line = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `${file} has no line containing ${needle}`);
  return line;
}

function only(findings: Finding[], ruleId: string): Finding {
  const matching = findings.filter((f) => f.ruleId === ruleId);
  assert.equal(matching.length, 1, `expected one ${ruleId}, got ${JSON.stringify(findings.map((f) => [f.ruleId, f.resource]))}`);
  return matching[0]!;
}

describe('checkCdkAssembly', () => {
  const projects = new Map<string, CdkProject>();
  const project = (key: string): CdkProject => projects.get(key)!;

  before(async () => {
    const wanted: [string, CdkAppName, boolean][] = [
      ['public', 'public-instance', true],
      ['private', 'private-instance', true],
      ['nested', 'nested-stack', true],
      ['stage', 'stage', true],
      ['public-untraced', 'public-instance', false],
    ];
    await Promise.all(
      wanted.map(async ([key, app, traces]) => {
        projects.set(key, await synthProject(app, { traces }));
      }),
    );
  });
  after(() => {
    for (const p of projects.values()) removeProject(p);
  });

  it('reports the public instance as reachable, on the template and on the line that creates it', () => {
    const p = project('public');
    const result = checkCdkAssembly(p.cdkOut);
    assert.deepEqual(result.unreadable, []);
    assert.deepEqual(result.files, [path.join(p.cdkOut, 'WebStack.template.json')]);
    const f = only(result.findings, REACHABLE);
    assert.equal(f.file, path.join(p.cdkOut, 'WebStack.template.json'));
    assert.equal(f.resourceType, 'AWS::EC2::Instance');
    assert.match(f.resource, /^WebServer[0-9A-F]{8}$/);
    assert.equal(f.cdkPath, 'WebStack/WebServer/Resource');
    assert.deepEqual(f.ports, ['tcp/22']);
    // The template range is the resource's key.
    const templateLine = fs.readFileSync(f.file, 'utf8').split('\n')[f.range.start.line]!;
    assert.ok(templateLine.includes(`"${f.resource}"`), templateLine);
    // The source range is the `new ec2.Instance(this, 'WebServer', {` line, from `new`.
    const line = lineOf(p.appFile, "new ec2.Instance(this, 'WebServer'");
    assert.equal(f.source?.file, p.appFile);
    assert.deepEqual(f.source?.range, { start: { line, character: 4 }, end: { line, character: "    new ec2.Instance(this, 'WebServer', {".length } });
  });

  it('maps the world-open security group and the VPC to their own lines', () => {
    const p = project('public');
    const { findings } = checkCdkAssembly(p.cdkOut);
    const sg = only(findings, 'world-open-admin-port');
    assert.equal(sg.source?.range.start.line, lineOf(p.appFile, "new ec2.SecurityGroup(this, 'WebServerSg'"));
    const vpc = only(findings, 'vpc-flow-logs-missing');
    assert.equal(vpc.source?.range.start.line, lineOf(p.appFile, "new ec2.Vpc(this, 'Network'"));
  });

  it('finds the same line by construct id when the app was synthesised without creation traces', () => {
    const p = project('public-untraced');
    const f = only(checkCdkAssembly(p.cdkOut).findings, REACHABLE);
    const line = lineOf(p.appFile, "new ec2.Instance(this, 'WebServer'");
    assert.equal(f.source?.file, p.appFile);
    assert.deepEqual(f.source?.range.start, { line, character: 4 });
  });

  it('does not report the instance behind NAT in a private subnet', () => {
    const { findings, unreadable } = checkCdkAssembly(project('private').cdkOut);
    assert.deepEqual(unreadable, []);
    assert.deepEqual(findings.filter((f) => f.ruleId === REACHABLE || f.ruleId === PUBLIC_SUBNET || f.ruleId === 'world-open-admin-port'), []);
    // The VPC still has no flow logs; that finding maps to the Vpc line like any other.
    assert.ok(findings.some((f) => f.ruleId === 'vpc-flow-logs-missing' && f.source !== undefined));
  });

  it('finds the exposure inside a nested stack and maps it to the nested stack class', () => {
    const p = project('nested');
    const result = checkCdkAssembly(p.cdkOut);
    assert.equal(result.files.length, 2);
    const f = only(result.findings, REACHABLE);
    assert.match(path.basename(f.file), /^ShopStackWebTier[0-9A-F]+\.nested\.template\.json$/);
    assert.equal(f.cdkPath, 'ShopStack/WebTier/ShopServer/Resource');
    assert.equal(f.source?.range.start.line, lineOf(p.appFile, "new ec2.Instance(this, 'ShopServer'"));
  });

  it('finds the exposure inside a stage assembly', () => {
    const p = project('stage');
    const f = only(checkCdkAssembly(p.cdkOut).findings, REACHABLE);
    assert.equal(path.relative(p.cdkOut, f.file).split(path.sep)[0], 'assembly-Prod');
    assert.equal(f.cdkPath, 'Prod/Bastion/Bastion/Resource');
    assert.equal(f.source?.range.start.line, lineOf(p.appFile, "new ec2.Instance(this, 'Bastion'"));
  });

  it('keeps every path relative to the working directory when the assembly is given relative', () => {
    const p = project('public-untraced');
    const result = checkCdkAssembly('cdk.out', { cwd: p.dir });
    assert.deepEqual(result.files, [path.join('cdk.out', 'WebStack.template.json')]);
    const f = only(result.findings, REACHABLE);
    assert.equal(f.file, path.join('cdk.out', 'WebStack.template.json'));
    assert.equal(f.source?.file, 'app.ts');
    // Traces hold absolute paths; they come out relative too.
    const traced = project('public');
    const t = only(checkCdkAssembly('cdk.out', { cwd: traced.dir }).findings, REACHABLE);
    assert.equal(t.source?.file, 'app.ts');
  });

  it('maps each finding as a reading of every resource would, on the example and on every fixture app', () => {
    assertMappedAsEveryResourceWould(EXAMPLE);
    for (const p of projects.values()) assertMappedAsEveryResourceWould(p.cdkOut);
  });

  it('honours disabled rules', () => {
    const { findings } = checkCdkAssembly(project('public').cdkOut, { disabledRules: new Set([REACHABLE]) });
    assert.ok(!findings.some((f) => f.ruleId === REACHABLE));
  });
});

describe('checkCdkAssembly with an assembly cache', () => {
  let dir: string;
  let cdkOut: string;
  let templateFile: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vpc-lint-cdk-cache-'));
    cdkOut = path.join(dir, 'cdk.out');
    fs.mkdirSync(cdkOut);
    const assembly = generateCdkAssembly(60);
    for (const [name, text] of Object.entries(assembly.files)) fs.writeFileSync(path.join(cdkOut, name), text);
    templateFile = path.join(cdkOut, assembly.templateFile);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives what a check without it gives, and checks an unchanged template once', () => {
    const cache = new CdkAssemblyCache();
    const plain = checkCdkAssembly(cdkOut);
    assert.ok(plain.findings.some((f) => f.ruleId === REACHABLE));
    assert.deepEqual(checkCdkAssembly(cdkOut, { assemblyCache: cache }), plain);
    assert.deepEqual(checkCdkAssembly(cdkOut, { assemblyCache: cache }), plain);
    assert.equal(cache.checked, 1);
  });

  it('checks a template again when its text or the options change', (t) => {
    const cache = new CdkAssemblyCache();
    const before = checkCdkAssembly(cdkOut, { assemblyCache: cache });
    const original = fs.readFileSync(templateFile, 'utf8');
    t.after(() => fs.writeFileSync(templateFile, original));
    fs.writeFileSync(templateFile, original.replace('"CidrIp": "0.0.0.0/0"', '"CidrIp": "10.0.0.0/8"'));
    const edited = checkCdkAssembly(cdkOut, { assemblyCache: cache });
    assert.deepEqual(edited, checkCdkAssembly(cdkOut));
    assert.notDeepEqual(edited.findings, before.findings, 'the edit changes the findings');
    assert.equal(cache.checked, 2);
    const disabledRules = new Set([REACHABLE]);
    assert.deepEqual(checkCdkAssembly(cdkOut, { assemblyCache: cache, disabledRules }), checkCdkAssembly(cdkOut, { disabledRules }));
    assert.equal(cache.checked, 3);
  });

  it('hands out copies: what a caller does to one result does not reach the next', () => {
    const cache = new CdkAssemblyCache();
    const first = checkCdkAssembly(cdkOut, { assemblyCache: cache });
    first.findings[0]!.message = 'changed by the caller';
    first.findings[0]!.range.start.line = -1;
    assert.deepEqual(checkCdkAssembly(cdkOut, { assemblyCache: cache }), checkCdkAssembly(cdkOut));
  });

  it('reports a rule that throws on every check, the reused ones too', (t) => {
    // The only way to have a rule fail is to break one for the length of this test.
    const rule = ruleBySlug('vpc-flow-logs-missing')!;
    const check = rule.check;
    rule.check = () => {
      throw new Error('broken on purpose');
    };
    t.after(() => (rule.check = check));
    const cache = new CdkAssemblyCache();
    for (let i = 0; i < 2; i++) {
      const failed: string[] = [];
      checkCdkAssembly(cdkOut, { assemblyCache: cache, onRuleError: (slug, error) => failed.push(`${slug}: ${(error as Error).message}`) });
      assert.deepEqual(failed, ['vpc-flow-logs-missing: broken on purpose']);
    }
    assert.equal(cache.checked, 1);
  });
});
