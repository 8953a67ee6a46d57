/**
 * Turning a rule off for one Terraform resource: `# vpc-lint-ignore <slug>` (or `//`) above the
 * block in HCL, `"//": "vpc-lint-ignore <slug>"` in the resource's object in JSON syntax. The
 * engine drops the finding, so the CLI and the editor both honour it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTerraformHcl, checkTerraformJson } from '../../../server/src/checkTerraform.js';
import { checkDocument } from '../../../server/src/check.js';
import { fixture, by } from './helpers.js';

const REACHABLE = 'internet-reachable-compute';

test('an ignore comment above an HCL block drops that rule for that resource only', async () => {
  const { file, text } = fixture('hcl', 'public-instance.tf');
  const before = (await checkTerraformHcl(file, text)).findings;
  assert.equal(by(before, REACHABLE, 'aws_instance.web').length, 1);
  const marked = text.replace('resource "aws_instance" "web" {', '# The web server.\n# vpc-lint-ignore internet-reachable-compute, vpc-flow-logs-missing\nresource "aws_instance" "web" {');
  const after = (await checkTerraformHcl(file, marked)).findings;
  assert.deepEqual(by(after, REACHABLE, 'aws_instance.web'), []);
  assert.equal(by(after, 'world-open-admin-port').length, by(before, 'world-open-admin-port').length, 'other resources keep their findings');
});

test('a bare ignore comment turns every rule off; a comment separated by code does nothing', async () => {
  const { file, text } = fixture('hcl', 'public-instance.tf');
  const all = text.replace('resource "aws_security_group" "web" {', '// vpc-lint-ignore\nresource "aws_security_group" "web" {');
  assert.deepEqual(by((await checkTerraformHcl(file, all)).findings, 'world-open-admin-port'), []);
  const detached = text.replace('resource "aws_instance" "web" {', '# vpc-lint-ignore internet-reachable-compute\nlocals {}\nresource "aws_instance" "web" {');
  assert.equal(by((await checkTerraformHcl(file, detached)).findings, REACHABLE, 'aws_instance.web').length, 1);
});

test('a "//" key in a .tf.json resource drops the rule for it', () => {
  const { file, text } = fixture('json', 'public-instance.tf.json');
  const before = checkTerraformJson(file, text).findings;
  const computes = [...new Set(by(before, REACHABLE).map((f) => f.resource))];
  assert.ok(computes.length > 0);
  const [type, name] = computes[0]!.split('.') as [string, string];
  const at = text.indexOf(`"${name}": {`, text.indexOf(`"${type}": {`));
  const open = at + `"${name}": {`.length;
  const marked = `${text.slice(0, open)}\n        "//": "vpc-lint-ignore ${REACHABLE}",${text.slice(open)}`;
  assert.notEqual(marked, text);
  assert.deepEqual(by(checkTerraformJson(file, marked).findings, REACHABLE, computes[0]), []);
});

test('a .tf.json with comments is read leniently, and an ignore comment above a resource still counts', () => {
  // Terraform refuses comments in JSON, and so does the strict reader (an invalid-template error);
  // the lenient reading that follows keeps the comment lines, and a suppression among them holds.
  const { file, text } = fixture('json', 'public-instance.tf.json');
  const before = checkTerraformJson(file, text).findings;
  const computes = [...new Set(by(before, REACHABLE).map((f) => f.resource))];
  const [type, name] = computes[0]!.split('.') as [string, string];
  const at = text.indexOf(`"${name}": {`, text.indexOf(`"${type}": {`));
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const marked = `${text.slice(0, lineStart)}        // vpc-lint-ignore ${REACHABLE}\n${text.slice(lineStart)}`;
  const after = checkTerraformJson(file, marked).findings;
  assert.ok(by(after, 'invalid-template').length > 0, 'the comment is reported');
  assert.deepEqual(by(after, REACHABLE, computes[0]), []);
  // Without the comment's slug, the same lenient reading keeps the finding.
  const other = `${text.slice(0, lineStart)}        // a note\n${text.slice(lineStart)}`;
  assert.equal(by(checkTerraformJson(file, other).findings, REACHABLE, computes[0]).length, 1);
});

test('a plan read leniently after a comment keeps the suppression the comment holds', () => {
  const { file, text } = fixture('plan', 'public-instance.plan.json');
  const before = checkDocument(file, text).findings;
  const computes = [...new Set(by(before, REACHABLE).map((f) => f.resource))];
  assert.ok(computes.length > 0);
  const at = text.indexOf(`"address": "${computes[0]}"`);
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const marked = `${text.slice(0, lineStart)}          // vpc-lint-ignore ${REACHABLE}\n${text.slice(lineStart)}`;
  const after = checkDocument(file, marked).findings;
  assert.ok(by(after, 'invalid-template').length > 0, 'the comment is reported');
  assert.deepEqual(by(after, REACHABLE, computes[0]), []);
});
