/**
 * Golden tests for the CloudFormation quick fixes: each fix on each template in
 * test/fixtures/fix/ is applied and compared byte for byte with `<case>.<fix>.expected.<ext>`.
 *
 * The templates are written to be awkward: comments at the top, after values, between resources
 * and right above the instance; 4-space YAML; 4-space JSON; CRLF line ends; flow style; keys in
 * no particular order; short-form tags. The expected files were reviewed by eye: outside the
 * edited lines they equal the input, and what is added uses the document's indentation, line ends
 * and short-form tags.
 *
 *   UPDATE_GOLDEN=1 node --import tsx --test test/unit/fix/golden.test.ts
 *
 * rewrites the expected files (and deletes those no fix produces any more); review the diff.
 * A second, generic test needs no expected files: every line that no edit range touches must come
 * out unchanged, at the place the edits before it predict.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDocument } from '../../../server/src/engine.js';
import { fixesFor, type CodeFix } from '../../../server/src/fix/index.js';
import { readCloudFormation } from '../../../server/src/read/cloudformation/index.js';
import type { Finding } from '../../../server/src/rules/types.js';
import { applyFix, assertUntouchedLinesSurvive, cfnLintErrors, fixKind, type GoldenCase as Case } from './applyFix.js';

const GOLDEN = join(__dirname, '..', '..', 'fixtures', 'fix');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const EXPECTED = /\.expected\.(ya?ml|json)$/;

/** One indentation step of each input, as its author writes it (what new YAML must use). */
const UNIT: Record<string, string> = {
  'commented.yaml': '    ',
  'crlf.yaml': '  ',
  'flow-style.yaml': '  ',
  'indented4.json': '    ',
};

/** A short, stable name for a fix, used in the expected file's name. */
function fixSlug(fix: CodeFix, finding: Finding): string {
  return `${fixKind(fix, finding)}-${finding.resource}`;
}

function collect(): Case[] {
  const out: Case[] = [];
  const inputs = readdirSync(GOLDEN).filter((n) => /\.(ya?ml|json)$/.test(n) && !EXPECTED.test(n)).sort();
  for (const input of inputs) {
    const before = readFileSync(join(GOLDEN, input), 'utf8');
    const ext = /\.(\w+)$/.exec(input)![1]!;
    const seen = new Set<string>();
    for (const finding of checkDocument(input, before).findings) {
      for (const fix of fixesFor(input, before, finding)) {
        const expectedName = `${input.replace(/\.\w+$/, '')}.${fixSlug(fix, finding)}.expected.${ext}`;
        assert.ok(!seen.has(expectedName), `two fixes of ${input} would share ${expectedName}`);
        seen.add(expectedName);
        out.push({ input, fix, finding, expectedName, before, after: applyFix(before, fix) });
      }
    }
  }
  return out;
}

const cases = collect();

if (UPDATE) {
  const produced = new Set(cases.map((c) => c.expectedName));
  for (const name of readdirSync(GOLDEN)) if (EXPECTED.test(name) && !produced.has(name)) rmSync(join(GOLDEN, name));
  for (const c of cases) writeFileSync(join(GOLDEN, c.expectedName), c.after);
}

test('the golden inputs cover every kind of fix, in YAML, CRLF YAML and JSON', () => {
  const inputs = new Set(cases.map((c) => c.input));
  for (const name of Object.keys(UNIT)) assert.ok(inputs.has(name), `${name} produced no fix`);
  const kinds = new Set(cases.map((c) => fixSlug(c.fix, c.finding).replace(/-[A-Za-z0-9]+$/, '').replace(/^ignore-.*/, 'ignore')));
  assert.deepEqual([...kinds].sort(), ['front-door-http', 'front-door-rest', 'ignore', 'narrow', 'remove-public-address']);
  for (const input of Object.keys(UNIT)) {
    const kindsHere = cases.filter((c) => c.input === input).map((c) => fixSlug(c.fix, c.finding));
    assert.ok(kindsHere.some((k) => k.startsWith('front-door-rest')), `${input}: ${kindsHere.join(', ')}`);
  }
});

test('every expected file belongs to a fix that is still offered', () => {
  const produced = new Set(cases.map((c) => c.expectedName));
  const stale = readdirSync(GOLDEN).filter((n) => EXPECTED.test(n) && !produced.has(n));
  assert.deepEqual(stale, [], 'fixes no longer offered (UPDATE_GOLDEN=1 removes their files)');
});

for (const c of cases) {
  test(`${c.input}: "${c.fix.title}" gives ${c.expectedName} byte for byte`, () => {
    let expected: string;
    try {
      expected = readFileSync(join(GOLDEN, c.expectedName), 'utf8');
    } catch {
      assert.fail(`${c.expectedName} is missing; run with UPDATE_GOLDEN=1 and review it`);
    }
    assert.equal(c.after, expected);
  });

  test(`${c.input}: "${c.fix.title}" leaves a readable template without the finding`, () => {
    const read = readCloudFormation(c.after);
    assert.deepEqual(read.errors.map((e) => e.message), []);
    const left = checkDocument(c.input, c.after).findings.filter((f) => f.ruleId === c.finding.ruleId && f.resource === c.finding.resource);
    assert.deepEqual(left.map((f) => f.message), []);
  });

  test(`${c.input}: "${c.fix.title}" writes in the document's own style`, () => {
    const inserted = c.fix.edits.map((e) => e.newText).join('\n');
    if (c.before.includes('\r\n')) assert.doesNotMatch(c.after, /(?<!\r)\n/, 'a bare LF in a CRLF document');
    else assert.doesNotMatch(c.after, /\r/, 'a CR in an LF document');
    if (c.input.endsWith('.json')) {
      assert.doesNotThrow(() => JSON.parse(c.after) as unknown);
      return;
    }
    // Short-form tags, never the long form, in new YAML.
    assert.doesNotMatch(inserted, /\bRef:|Fn::/, 'long-form intrinsic in new YAML');
    // New resources sit at one step under Resources and their keys at two, as the author indents.
    const unit = UNIT[c.input]!;
    for (const line of inserted.split(/\r?\n/)) {
      if (/^\s*Type: AWS::/.test(line)) assert.equal(/^ */.exec(line)![0], unit + unit, `indentation of ${JSON.stringify(line)}`);
      // Whole steps; a list item's map continues two columns in, after `- `.
      const width = /^ */.exec(line)![0].length;
      if (/^ *\S/.test(line)) assert.ok(width % unit.length === 0 || (width - 2) % unit.length === 0, `indentation of ${JSON.stringify(line)}`);
    }
  });
}

test('cfn-lint accepts every expected file', () => {
  const files = [...new Set(cases.map((c) => join(GOLDEN, c.expectedName)))];
  const errors = cfnLintErrors(files);
  const failing = [...errors].filter(([, e]) => e.length > 0);
  assert.deepEqual(failing, []);
});

/** Every template the fix engine is tested on: the golden inputs, the rule fixtures, the examples. */
function allTemplates(): { name: string; text: string }[] {
  const root = join(__dirname, '..', '..', '..');
  const dirs = [GOLDEN, join(root, 'test', 'fixtures', 'cloudformation'), join(root, 'examples', 'cloudformation')];
  return dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((n) => /\.(ya?ml|json)$/.test(n) && !EXPECTED.test(n))
      .sort()
      .map((n) => ({ name: n, text: readFileSync(join(dir, n), 'utf8') })),
  );
}

test('every fix on every fixture keeps each line it does not edit, in order', () => {
  let fixes = 0;
  let lines = 0;
  for (const { name, text } of allTemplates()) {
    for (const finding of checkDocument(name, text).findings) {
      for (const fix of fixesFor(name, text, finding)) {
        const after = applyFix(text, fix);
        try {
          lines += assertUntouchedLinesSurvive(text, after, fix);
        } catch (error) {
          throw new Error(`${name}: ${fix.title}: ${(error as Error).message}`);
        }
        fixes++;
      }
    }
  }
  // A vacuous pass would prove nothing.
  assert.ok(fixes >= 60, `only ${fixes} fixes checked`);
  assert.ok(lines >= 2000, `only ${lines} lines checked`);
});
