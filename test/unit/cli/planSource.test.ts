/**
 * `vpc-lint check plan.json` with the configuration in the plan's folder: the JSON output names
 * the `.tf` block that declares each resource (`source`), beside the plan location.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../server/src/cli/main.js';
import { memoryIo, REPO_ROOT } from './helpers.js';

test('a plan checked beside its .tf files reports each finding\'s .tf block as source', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpc-lint-cli-plan-'));
  copyFileSync(join(REPO_ROOT, 'test', 'fixtures', 'terraform', 'plan', 'public-instance.plan.json'), join(dir, 'plan.json'));
  copyFileSync(join(REPO_ROOT, 'test', 'fixtures', 'terraform', 'hcl', 'public-instance.tf'), join(dir, 'main.tf'));
  const io = memoryIo({ cwd: dir });
  await main(['check', 'plan.json', '--format', 'json', '--fail-on', 'none'], io);
  const report = JSON.parse(io.out()) as { findings: { ruleId: string; file: string; resource: string; source?: { file: string; range: { start: { line: number } } } }[] };
  const f = report.findings.find((x) => x.ruleId === 'internet-reachable-compute' && x.resource === 'aws_instance.web');
  assert.ok(f, io.out());
  assert.equal(f.file, 'plan.json');
  assert.equal(f.source?.file, 'main.tf');
  assert.equal(f.source?.range.start.line, 59);
});
