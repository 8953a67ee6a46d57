/**
 * Issue 3: findings on a plan's JSON also point at the `.tf` / `.tf.json` block that declares the
 * resource, when the configuration sits next to the plan; in child modules too (local `source`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDocument } from '../../../server/src/check.js';
import { diskConfigReader, locatePlanFindings } from '../../../server/src/terraformSource.js';
import { fixture } from './helpers.js';

test('a root-module plan finding names the .tf block of its resource', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpc-lint-plan-src-'));
  const hcl = readFileSync(join(__dirname, '..', '..', 'fixtures', 'terraform', 'hcl', 'public-instance.tf'), 'utf8');
  writeFileSync(join(dir, 'main.tf'), hcl);
  const { text } = fixture('plan', 'public-instance.plan.json');
  const planFile = join(dir, 'plan.json');
  writeFileSync(planFile, text);
  const { findings } = checkDocument(planFile, text);
  const reachable = findings.find((f) => f.ruleId === 'internet-reachable-compute' && f.resource === 'aws_instance.web');
  assert.ok(reachable);
  locatePlanFindings(findings, planFile, text, diskConfigReader(planFile));
  assert.equal(reachable.source?.file, join(dir, 'main.tf'));
  const line = hcl.split('\n').findIndex((l) => l.startsWith('resource "aws_instance" "web"'));
  assert.equal(reachable.source?.range.start.line, line);
  // Findings on the plan keep their own place; the configuration is a second location.
  assert.equal(reachable.file, planFile);
});

test('module resources are looked up in the module\'s folder, instance keys dropped; no folder, no source', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpc-lint-plan-mod-'));
  mkdirSync(join(dir, 'modules', 'web'), { recursive: true });
  writeFileSync(join(dir, 'modules', 'web', 'main.tf.json'), JSON.stringify({ resource: { aws_instance: { this: { count: 1, ami: 'ami-1' } } } }, null, 2));
  const { text } = fixture('plan', 'modules.plan.json');
  const planFile = join(dir, 'plan.json');
  const { findings } = checkDocument(planFile, text);
  const web = findings.filter((f) => f.resource.startsWith('module.web.aws_instance.this'));
  assert.ok(web.length > 0, JSON.stringify(findings.map((f) => f.resource)));
  locatePlanFindings(findings, planFile, text, diskConfigReader(planFile));
  for (const f of web) assert.equal(f.source?.file, join(dir, 'modules', 'web', 'main.tf.json'));
  assert.ok(findings.filter((f) => f.resource.startsWith('module.network.')).every((f) => f.source === undefined), 'modules/network is not on disk');
});
