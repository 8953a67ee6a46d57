/**
 * `vpc-lint check` honours the project's `.vpc-lint.yaml` as the editor does: rule levels (off,
 * or another severity, which also moves the exit code) and trusted source ranges.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../server/src/cli/main.js';
import { memoryIo, REPO_ROOT } from './helpers.js';

const example = readFileSync(join(REPO_ROOT, 'examples', 'cloudformation', 'public-web-server.yaml'), 'utf8');

function project(config: string | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'vpc-lint-config-'));
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'templates', 'web.yaml'), example);
  if (config !== undefined) writeFileSync(join(dir, '.vpc-lint.yaml'), config);
  return dir;
}

async function run(dir: string): Promise<{ code: number; findings: { ruleId: string; severity: string }[] }> {
  const io = memoryIo({ cwd: dir });
  const code = await main(['check', 'templates', '--format', 'json'], io);
  return { code, findings: (JSON.parse(io.out()) as { findings: { ruleId: string; severity: string }[] }).findings };
}

test('without a config file the exposure is an error and fails the run', async () => {
  const r = await run(project(undefined));
  assert.equal(r.code, 1);
  assert.ok(r.findings.some((f) => f.ruleId === 'internet-reachable-compute' && f.severity === 'error'));
});

test('rule levels from the config file found above the input: off drops, a severity replaces', async () => {
  const r = await run(project('rules:\n  internet-reachable-compute: warning\n  vpc-flow-logs-missing: off\n'));
  assert.equal(r.code, 0, 'no error left at the default --fail-on error');
  assert.deepEqual(r.findings.map((f) => `${f.ruleId} ${f.severity}`).sort(), ['internet-reachable-compute warning', 'world-open-admin-port warning']);
});

test('trusted ranges from the config file are not the internet', async () => {
  const office = example.replace('CidrIp: 0.0.0.0/0', 'CidrIp: 198.51.100.0/24').replace('Default: 0.0.0.0/0', 'Default: 198.51.100.0/24');
  const dir = project('trustedCidrs: [198.51.100.0/24]\n');
  writeFileSync(join(dir, 'templates', 'web.yaml'), office);
  const r = await run(dir);
  assert.deepEqual(r.findings.filter((f) => f.ruleId.endsWith('-compute')).map((f) => `${f.ruleId} ${f.severity}`), ['public-subnet-compute warning']);
});
