import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main, packageVersion } from '../../../server/src/cli/main.js';
import { assertSarifShape, FIXTURES, memoryIo, REPO_ROOT } from './helpers.js';

/** Fixture paths as a user in the repository root would type them. */
const rel = (...parts: string[]) => path.relative(REPO_ROOT, path.join(FIXTURES, ...parts));
const PUBLIC = rel('public');
const PUBLIC_YAML = rel('public', 'public-web.yaml');
const PUBLIC_JSON = rel('public', 'nested', 'public-web.template');
const CLEAN = rel('clean');
const BROKEN = rel('broken', 'broken.yaml');

interface JsonFinding {
  ruleId: string;
  severity: string;
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  resource: string;
  resourceType: string;
  message: string;
  path?: { kind: string; resource: string; file?: string; range?: unknown }[];
  ports?: string[];
}

async function runJson(...args: string[]): Promise<{ code: number; findings: JsonFinding[]; stderr: string }> {
  const io = memoryIo();
  const code = await main(['check', ...args, '--format', 'json'], io);
  const parsed = JSON.parse(io.out()) as { version: number; findings: JsonFinding[] };
  assert.equal(parsed.version, 1);
  return { code, findings: parsed.findings, stderr: io.err() };
}

describe('vpc-lint check: exit codes', () => {
  it('exits 1 when a finding is at or above --fail-on (default error)', async () => {
    const io = memoryIo();
    assert.equal(await main(['check', PUBLIC], io), 1);
    assert.equal(io.err(), '');
  });

  it('exits 0 with --fail-on none, still printing the findings', async () => {
    const io = memoryIo();
    assert.equal(await main(['check', PUBLIC, '--fail-on', 'none'], io), 0);
    assert.match(io.out(), /internet-reachable-compute/);
  });

  it('exits 0 when nothing is found', async () => {
    const io = memoryIo();
    assert.equal(await main(['check', CLEAN, '--fail-on', 'info'], io), 0);
    assert.equal(io.out(), 'No problems found in 1 file.\n');
  });

  it('exits 2 on a usage error, with the message on stderr and nothing on stdout', async () => {
    const io = memoryIo();
    assert.equal(await main(['check', '--format', 'xml'], io), 2);
    assert.equal(io.out(), '');
    assert.match(io.err(), /^vpc-lint: invalid value 'xml' for --format/);
    assert.match(io.err(), /vpc-lint --help/);
  });

  it('exits 2 when a path cannot be read, after reporting the readable ones', async () => {
    const missing = path.join(CLEAN, 'does-not-exist.yaml');
    const { code, findings, stderr } = await runJson(PUBLIC_YAML, missing);
    assert.equal(code, 2);
    assert.ok(findings.length > 0);
    assert.equal(stderr, `vpc-lint: ${missing}: no such file or directory\n`);
  });

  it('reports a syntax error as a finding for its file, not as a crash', async () => {
    const { code, findings, stderr } = await runJson(BROKEN, '--fail-on', 'none');
    assert.equal(code, 0);
    assert.equal(stderr, '');
    assert.ok(findings.length >= 1);
    assert.ok(findings.every((f) => f.file === BROKEN));
  });
});

describe('vpc-lint check: what is checked', () => {
  it('walks folders, checks CloudFormation in YAML, JSON and .template, silently skips other files', async () => {
    const { findings } = await runJson(PUBLIC);
    const files = [...new Set(findings.map((f) => f.file))].sort();
    assert.deepEqual(files, [PUBLIC_JSON, PUBLIC_YAML].sort());
  });

  it('finds the exposed web server with its ports and traffic path', async () => {
    const { findings } = await runJson(PUBLIC_YAML);
    const exposed = findings.find((f) => f.ruleId === 'internet-reachable-compute');
    assert.ok(exposed, JSON.stringify(findings, null, 2));
    assert.equal(exposed.severity, 'error');
    assert.equal(exposed.resource, 'WebServer');
    assert.equal(exposed.resourceType, 'AWS::EC2::Instance');
    assert.ok(exposed.ports && exposed.ports.length > 0, 'ports');
    assert.ok(exposed.ports.some((p) => p.includes('22')) && exposed.ports.some((p) => p.includes('80')), exposed.ports.join(', '));
    assert.ok(exposed.path && exposed.path.length >= 2, 'path');
    assert.equal(exposed.path.at(-1)!.resource, 'WebServer');
    // The finding points into the instance's declaration.
    const lines = fs.readFileSync(path.join(REPO_ROOT, PUBLIC_YAML), 'utf8').split('\n');
    const declared = lines.findIndex((l) => l === '  WebServer:');
    assert.ok(exposed.range.start.line >= declared, `finding at line ${exposed.range.start.line}, declaration at ${declared}`);
  });

  it('reports absolute paths as given', async () => {
    const abs = path.join(REPO_ROOT, PUBLIC_YAML);
    const { findings } = await runJson(abs);
    assert.ok(findings.length > 0 && findings.every((f) => f.file === abs));
  });
});

describe('vpc-lint check: formats', () => {
  it('json has exactly the DESIGN §4 fields', async () => {
    const { findings } = await runJson(PUBLIC_YAML);
    // DESIGN §4's fields, plus code and docsUrl, plus the CDK construct path and source line.
    const allowed = new Set(['ruleId', 'code', 'severity', 'file', 'range', 'resource', 'resourceType', 'message', 'path', 'ports', 'docsUrl', 'cdkPath', 'source']);
    for (const f of findings) {
      for (const key of ['ruleId', 'severity', 'file', 'range', 'resource', 'resourceType', 'message']) assert.ok(key in f, `missing ${key}`);
      for (const key of Object.keys(f)) assert.ok(allowed.has(key), `unexpected field ${key}`);
      assert.match(f.ruleId, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(['error', 'warning', 'info'].includes(f.severity));
      for (const p of [f.range.start, f.range.end]) assert.ok(Number.isInteger(p.line) && p.line >= 0 && Number.isInteger(p.character) && p.character >= 0);
      for (const step of f.path ?? []) {
        assert.equal(typeof step.kind, 'string');
        assert.equal(typeof step.resource, 'string');
      }
    }
  });

  it('text prints file:line:col  severity  message  slug lines and a summary', async () => {
    const io = memoryIo();
    await main(['check', PUBLIC], io);
    const lines = io.out().trimEnd().split('\n');
    const summary = lines.at(-1)!;
    assert.match(summary, /^\d+ problems? \(\d+ errors?, \d+ warnings?, \d+ infos?\) in 2 files$/);
    const findingLines = lines.slice(0, -1).filter((l) => l !== '');
    assert.ok(findingLines.length > 0);
    for (const line of findingLines) assert.match(line, /^\S+:\d+:\d+ {2}(error|warning|info) {2}.+ {2}[a-z0-9-]+$/);
    assert.ok(findingLines.some((l) => l.startsWith(`${PUBLIC_YAML}:`) && l.endsWith('  internet-reachable-compute')));
    assert.doesNotMatch(io.out(), /\u001b\[/);
  });

  it('text is coloured on a TTY unless NO_COLOR is set', async () => {
    const tty = memoryIo({ tty: true });
    await main(['check', PUBLIC_YAML], tty);
    assert.match(tty.out(), /\u001b\[/);
    const noColor = memoryIo({ tty: true, env: { NO_COLOR: '1' } });
    await main(['check', PUBLIC_YAML], noColor);
    assert.doesNotMatch(noColor.out(), /\u001b\[/);
  });

  it('sarif is structurally valid and lists every rule', async () => {
    const io = memoryIo();
    assert.equal(await main(['check', PUBLIC, '--format', 'sarif'], io), 1);
    const log = assertSarifShape(JSON.parse(io.out())) as {
      runs: { tool: { driver: { version: string; rules: { id: string }[] } }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[] }[];
    };
    const run = log.runs[0]!;
    assert.equal(run.tool.driver.version, packageVersion());
    assert.ok(run.tool.driver.rules.some((r) => r.id === 'internet-reachable-compute'));
    assert.ok(run.results.length > 0);
    for (const r of run.results) {
      const loc = r.locations[0]!.physicalLocation.artifactLocation;
      assert.equal(loc.uriBaseId, '%SRCROOT%');
      assert.ok([PUBLIC_YAML, PUBLIC_JSON].map((p) => p.split(path.sep).join('/')).includes(loc.uri), loc.uri);
    }
  });
});

describe('vpc-lint: other commands', () => {
  it('--version prints the package version', async () => {
    const io = memoryIo();
    assert.equal(await main(['--version'], io), 0);
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(io.out(), `${pkg.version}\n`);
  });

  it('--help prints usage to stdout', async () => {
    const io = memoryIo();
    assert.equal(await main(['--help'], io), 0);
    assert.match(io.out(), /^Usage: vpc-lint/);
    assert.match(io.out(), /--fail-on/);
  });
});

describe('vpc-lint check: progress', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vpc-lint-progress-'));
    const template = fs.readFileSync(path.join(FIXTURES, 'clean', 'bucket-only.yaml'));
    for (let i = 0; i < 51; i++) fs.writeFileSync(path.join(dir, `t${String(i).padStart(2, '0')}.yaml`), template);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('shows progress on a TTY stderr above 50 files, and clears it', async () => {
    const io = memoryIo({ tty: true, cwd: dir });
    assert.equal(await main(['check'], io), 0);
    assert.match(io.err(), /checking 51\/51/);
    assert.ok(io.err().endsWith('\r\u001b[K'));
    assert.match(io.out(), /No problems found in 51 files\./);
  });

  it('stays quiet when stderr is not a TTY', async () => {
    const io = memoryIo({ cwd: dir });
    await main(['check', '.'], io);
    assert.equal(io.err(), '');
  });
});
