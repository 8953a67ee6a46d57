/**
 * `vpc-lint check` takes a folder of Terraform files as one module, HCL included: a route in one
 * file makes a subnet in another public, and the finding names the file of the instance.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../server/src/cli/main.js';
import { memoryIo, REPO_ROOT } from './helpers.js';

test('a folder of .tf files split across network and instance is checked as one module', async () => {
  const source = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'terraform', 'hcl', 'public-instance.tf'), 'utf8');
  const split = source.indexOf('\nresource "aws_instance" "web"') + 1;
  assert.ok(split > 0);
  const dir = mkdtempSync(join(tmpdir(), 'vpc-lint-cli-tf-'));
  writeFileSync(join(dir, 'network.tf'), source.slice(0, split));
  writeFileSync(join(dir, 'instance.tf'), source.slice(split));
  const io = memoryIo({ cwd: dir });
  const code = await main(['check', '.', '--format', 'json'], io);
  assert.equal(code, 1, io.err());
  const out = JSON.parse(io.out()) as { findings: { ruleId: string; file: string; resource: string; range: { start: { line: number } } }[] };
  const exposure = out.findings.find((f) => f.ruleId === 'internet-reachable-compute');
  assert.ok(exposure, JSON.stringify(out.findings.map((f) => f.ruleId)));
  assert.equal(exposure.file, 'instance.tf');
  assert.equal(exposure.resource, 'aws_instance.web');
  assert.equal(exposure.range.start.line, 0);
});

test('.tf files named on the command line are each read as a module of one file', async () => {
  const io = memoryIo({ cwd: join(REPO_ROOT, 'test', 'fixtures', 'terraform', 'hcl') });
  const code = await main(['check', 'private-nat.tf', 'public-instance.tf'], io);
  assert.equal(code, 1, io.out() + io.err());
  assert.match(io.out(), /public-instance\.tf:\d+:\d+ +error .* internet-reachable-compute/);
  assert.match(io.out(), /in 2 files/);
});
