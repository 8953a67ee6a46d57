/**
 * Golden tests for the Terraform quick fixes: each fix on each module in test/fixtures/fix/terraform/
 * (one file each) is applied and compared byte for byte with `<case>.<fix>.expected.<ext>`.
 *
 * The inputs are written to be awkward: comments above, after and inside blocks, a heredoc whose
 * text looks like an attribute, four-space HCL, CRLF line ends, four-space JSON with one-line
 * objects beside multi-line ones. Outside the edited spans the expected files equal the input.
 *
 *   UPDATE_GOLDEN=1 node --import tsx --test test/unit/fix/terraformGolden.test.ts
 *
 * rewrites the expected files (and deletes those no fix produces any more); review the diff.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkTerraformModuleAsync } from '../../../server/src/checkTerraform.js';
import { fixesForAsync, type CodeFix } from '../../../server/src/fix/index.js';
import { readTerraformHcl } from '../../../server/src/read/terraform/hcl.js';
import type { Finding } from '../../../server/src/rules/types.js';
import { applyFix, assertUntouchedLinesSurvive, fixKind, type GoldenCase as Case } from './applyFix.js';

const GOLDEN = join(__dirname, '..', '..', 'fixtures', 'fix', 'terraform');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const EXPECTED = /\.expected\.tf(\.json)?$/;

function fixSlug(fix: CodeFix, finding: Finding): string {
  return `${fixKind(fix, finding)}-${finding.resource.replace(/\./g, '-')}`;
}

async function collect(): Promise<Case[]> {
  const out: Case[] = [];
  const inputs = readdirSync(GOLDEN).filter((n) => /\.tf(\.json)?$/.test(n) && !EXPECTED.test(n)).sort();
  for (const input of inputs) {
    const file = join(GOLDEN, input);
    const before = readFileSync(file, 'utf8');
    const ext = input.endsWith('.tf.json') ? 'tf.json' : 'tf';
    for (const finding of await checkTerraformModuleAsync([{ file, text: before }])) {
      for (const fix of await fixesForAsync(file, before, finding)) {
        assert.equal(fix.moreEdits, undefined, 'a one-file module has no other files to edit');
        const expectedName = `${input.slice(0, -ext.length - 1)}.${fixSlug(fix, finding)}.expected.${ext}`;
        out.push({ input, fix, finding, expectedName, before, after: applyFix(before, fix) });
      }
    }
  }
  return out;
}

const collected = collect().then((cases) => {
  if (UPDATE) {
    const produced = new Set(cases.map((c) => c.expectedName));
    for (const name of readdirSync(GOLDEN)) if (EXPECTED.test(name) && !produced.has(name)) rmSync(join(GOLDEN, name));
    for (const c of cases) writeFileSync(join(GOLDEN, c.expectedName), c.after);
  }
  return cases;
});

test('the Terraform golden inputs cover every kind of fix, in HCL, CRLF HCL and JSON', async () => {
  const cases = await collected;
  for (const input of ['commented.tf', 'crlf.tf', 'indented4.tf.json']) {
    const kinds = new Set(cases.filter((c) => c.input === input).map((c) => fixSlug(c.fix, c.finding).replace(/-aws_.*$/, '').replace(/^ignore-.*/, 'ignore')));
    assert.deepEqual([...kinds].sort(), ['front-door-http', 'front-door-rest', 'ignore', 'narrow', 'remove-public-address'], input);
  }
});

test('every Terraform expected file belongs to a fix that is still offered', async () => {
  const produced = new Set((await collected).map((c) => c.expectedName));
  assert.deepEqual(readdirSync(GOLDEN).filter((n) => EXPECTED.test(n) && !produced.has(n)), [], 'UPDATE_GOLDEN=1 removes them');
});

test('each Terraform fix gives its expected file byte for byte', async () => {
  for (const c of await collected) {
    let expected: string;
    try {
      expected = readFileSync(join(GOLDEN, c.expectedName), 'utf8');
    } catch {
      assert.fail(`${c.expectedName} is missing; run with UPDATE_GOLDEN=1 and review it`);
    }
    assert.equal(c.after, expected, c.expectedName);
  }
});

test('each Terraform fix keeps every line it does not edit, in the file\'s line ends, and parses', async () => {
  let lines = 0;
  for (const c of await collected) {
    lines += assertUntouchedLinesSurvive(c.before, c.after, c.fix);
    if (c.before.includes('\r\n')) assert.doesNotMatch(c.after, /(?<!\r)\n/, `${c.expectedName}: a bare LF in a CRLF file`);
    else assert.doesNotMatch(c.after, /\r/, `${c.expectedName}: a CR in an LF file`);
    if (c.input.endsWith('.json')) assert.doesNotThrow(() => JSON.parse(c.after) as unknown, c.expectedName);
    else assert.deepEqual((await readTerraformHcl(c.after, c.input)).errors.map((e) => e.message), [], c.expectedName);
  }
  assert.ok(lines >= 500, `only ${lines} lines checked`);
});

test('new HCL follows the file\'s indentation step', async () => {
  for (const c of (await collected).filter((x) => x.input === 'commented.tf' && x.fix.title.startsWith('Put '))) {
    const added = c.after.slice(c.after.indexOf('# Added by vpc-lint'));
    for (const line of added.split('\n')) if (/^ +\S/.test(line)) assert.equal(/^ */.exec(line)![0].length % 4, 0, JSON.stringify(line));
  }
});
