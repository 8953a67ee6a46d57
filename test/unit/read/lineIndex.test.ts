/** Line lookups used by the readers and by the suppression comments above a resource. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex, plainRange } from '../../../server/src/read/node.js';
import { checkDocument } from '../../../server/src/engine.js';
import { generateTemplate, toYaml } from '../../../bench/generate.js';
import { ignoredAbove } from '../../../server/src/model/suppressionComments.js';

describe('LineIndex lines', () => {
  it('gives each line without its break, for LF, CRLF and bare CR endings', () => {
    for (const nl of ['\n', '\r\n', '\r']) {
      const lines = new LineIndex(['a', '', 'bc', 'd'].join(nl));
      assert.deepEqual([0, 1, 2, 3].map((l) => lines.lineText(l)), ['a', '', 'bc', 'd'], JSON.stringify(nl));
      assert.equal(lines.lineAt(lines.offset({ line: 2, character: 1 })), 2);
      assert.equal(lines.lineText(9), '');
    }
  });

  it('clamps offsets outside the text', () => {
    const lines = new LineIndex('x\ny');
    assert.equal(lines.lineAt(-5), 0);
    assert.equal(lines.lineAt(99), 1);
  });
});

describe('suppression comments above a line', () => {
  const hash = /^\s*#/;
  it('reads the run of comment lines directly above, stopping at the first other line', () => {
    const text = '# vpc-lint-ignore far\nKey: 1\n  # note\n  # vpc-lint-ignore a, b\n  # vpc-lint-ignore\r\n  Res:\n';
    const slugs = new Set<string>();
    ignoredAbove(new LineIndex(text), text.indexOf('Res:'), hash, slugs);
    assert.deepEqual([...slugs].sort(), ['a', 'all', 'b']);
  });

  it('finds nothing above the first line, or in a one-line JSON text', () => {
    const slugs = new Set<string>();
    ignoredAbove(new LineIndex('Res: 1'), 0, hash, slugs);
    const json = `{${'"x": 1, '.repeat(1000)}"Res": {}}`;
    ignoredAbove(new LineIndex(json), json.indexOf('"Res"'), hash, slugs);
    assert.equal(slugs.size, 0);
  });

  it('accepts // comments only where the comment pattern does (HCL, not YAML)', () => {
    const text = '// vpc-lint-ignore x\nresource "a" "b" {}\n';
    const yaml = new Set<string>();
    ignoredAbove(new LineIndex(text), text.indexOf('resource'), hash, yaml);
    const hcl = new Set<string>();
    ignoredAbove(new LineIndex(text), text.indexOf('resource'), /^\s*(?:#|\/\/)/, hcl);
    assert.deepEqual([yaml.size, [...hcl]], [0, ['x']]);
  });
});

describe('lazy ranges', () => {
  it('give the same positions as eager ones, and serialise as plain ranges', () => {
    const lines = new LineIndex('ab\r\ncd\nef');
    for (const span of [[0, 2], [1, 5], [4, 9], [7, 9]] as const) {
      const lazy = lines.lazyRange(span);
      assert.deepEqual(plainRange(lazy), lines.range(span));
      assert.deepEqual(JSON.parse(JSON.stringify(lazy)), lines.range(span));
    }
  });

  it('never reach a finding: findings survive structured cloning (worker threads) unchanged', () => {
    for (const [file, text] of [
      ['t.json', JSON.stringify(generateTemplate(40), null, 2)],
      ['t.yaml', toYaml(generateTemplate(40))],
    ] as const) {
      const { findings } = checkDocument(file, text);
      assert.ok(findings.some((f) => f.related?.length), file);
      assert.deepStrictEqual(structuredClone(findings), findings, file);
    }
  });
});

describe('linesAt', () => {
  it('gives, for offsets in order, what lineAt gives one by one', () => {
    for (const text of ['ab\r\ncd\nef', 'a\rb\r\nc\n\nd', '', 'one line', '\n\n\n']) {
      const offsets = Array.from({ length: text.length + 3 }, (_, i) => i - 1);
      const lines = new LineIndex(text);
      assert.deepEqual([...lines.linesAt(offsets)], offsets.map((o) => lines.lineAt(o)), JSON.stringify(text));
      // Out of order, it starts over rather than answer wrong.
      const shuffled = [...offsets].reverse();
      assert.deepEqual([...lines.linesAt(shuffled)], shuffled.map((o) => lines.lineAt(o)), JSON.stringify(text));
    }
  });
});
