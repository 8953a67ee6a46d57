/**
 * Issue 4 acceptance for CloudFormation: every exposure in every fixture and example can be fixed;
 * the fixed template re-checks without the exposure and without new errors, and cfn-lint accepts it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDocument } from '../../../server/src/engine.js';
import { fixesFor } from '../../../server/src/fix/index.js';
import { applyFix, cfnLintErrors } from './applyFix.js';

const root = join(__dirname, '..', '..', '..');
const dirs = [join(root, 'test', 'fixtures', 'cloudformation'), join(root, 'examples', 'cloudformation')];
const EXPOSURE = new Set(['internet-reachable-compute', 'public-subnet-compute']);

interface Case {
  name: string;
  resource: string;
  variant: string;
  before: string;
  after: string;
  file: string;
}

function collect(): Case[] {
  const out: Case[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'vpc-lint-fix-'));
  for (const dir of dirs) {
    for (const name of readdirSync(dir).sort()) {
      if (!/\.(ya?ml|json)$/.test(name)) continue;
      const file = join(dir, name);
      const text = readFileSync(file, 'utf8');
      const { findings } = checkDocument(name, text);
      for (const f of findings.filter((x) => EXPOSURE.has(x.ruleId) && x.severity !== 'info')) {
        for (const fix of fixesFor(name, text, f).filter((x) => x.title.startsWith('Put '))) {
          const variant = fix.title.includes('HTTP API') ? 'http' : 'rest';
          const after = applyFix(text, fix);
          const fixedFile = join(tmp, `${name.replace(/\.\w+$/, '')}.${f.resource}.${variant}${name.match(/\.\w+$/)![0]}`);
          writeFileSync(fixedFile, after);
          out.push({ name, resource: f.resource, variant, before: text, after, file: fixedFile });
        }
      }
    }
  }
  return out;
}

const cases = collect();
const lint = cfnLintErrors(cases.map((c) => c.file));

test('there are exposures to fix in the fixtures (a vacuous pass would prove nothing)', () => {
  assert.ok(cases.length >= 20, `only ${cases.length} fix cases`);
  assert.ok(cases.some((c) => c.name.endsWith('.json')), 'a JSON template is among them');
});

for (const c of cases) {
  test(`${c.name}: ${c.variant} front door for ${c.resource} removes the exposure, adds no error, passes cfn-lint`, () => {
    const before = checkDocument(c.name, c.before).findings;
    const after = checkDocument(c.name, c.after).findings;
    assert.deepEqual(after.filter((f) => EXPOSURE.has(f.ruleId) && f.resource === c.resource).map((f) => f.message), []);
    const errorsBefore = new Set(before.filter((f) => f.severity === 'error').map((f) => `${f.ruleId}:${f.resource}`));
    const newErrors = after.filter((f) => f.severity === 'error' && !errorsBefore.has(`${f.ruleId}:${f.resource}`));
    assert.deepEqual(newErrors.map((f) => f.message), []);
    assert.deepEqual(lint.get(c.file), [], `cfn-lint errors in ${c.file}`);
  });
}

test('every exposure finding in the fixtures is offered both front-door variants', () => {
  for (const dir of dirs) {
    for (const name of readdirSync(dir)) {
      if (!/\.(ya?ml|json)$/.test(name)) continue;
      const text = readFileSync(join(dir, name), 'utf8');
      for (const f of checkDocument(name, text).findings.filter((x) => EXPOSURE.has(x.ruleId) && x.severity !== 'info')) {
        const titles = fixesFor(name, text, f).map((x) => x.title);
        assert.ok(titles.some((t) => t.includes('REST API')) && titles.some((t) => t.includes('HTTP API')), `${name} ${f.resource}: ${titles.join(' | ')}`);
      }
    }
  }
});
