import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderAll } from '../../../scripts/genDocs.js';
import { rules } from '../../../server/src/rules/index.js';

const docsDir = join(__dirname, '..', '..', '..', 'docs', 'rules');

test('docs/rules matches the rule metadata (run `npm run docs` after changing a rule)', () => {
  for (const [name, expected] of renderAll()) {
    assert.equal(readFileSync(join(docsDir, name), 'utf8'), expected, `docs/rules/${name} is stale`);
  }
});

test('every rule has a unique id and slug, a docs link to its page, and an id whose letter matches its severity', () => {
  const ids = new Set(rules.map((r) => r.id));
  const slugs = new Set(rules.map((r) => r.slug));
  assert.equal(ids.size, rules.length);
  assert.equal(slugs.size, rules.length);
  for (const r of rules) {
    assert.match(r.slug, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(r.docsUrl.endsWith(`/docs/rules/${r.slug}.md`), r.docsUrl);
    assert.equal(r.id[0], { error: 'E', warning: 'W', info: 'I' }[r.severity]);
  }
});
