import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanJson } from '../../../server/src/read/jsonScan.js';
import { toJs, type Node } from '../../../server/src/read/node.js';

/** A small deterministic generator of JSON values (strings with escapes, numbers, nesting). */
function* values(seed: number, count: number): Generator<unknown> {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const strings = ['', 'a', 'AWS::EC2::Instance', 'quote " and \\ backslash', 'tab\tnew\nline', 'ünïcödé ✓', '\u0001ctl', '${AWS::StackName}'];
  const make = (depth: number): unknown => {
    const r = rnd();
    if (depth > 4 || r < 0.3) return [0, -1.5e-3, 12345678901, 3.25, true, false, null][Math.floor(rnd() * 7)];
    if (r < 0.55) return strings[Math.floor(rnd() * strings.length)];
    if (r < 0.75) return Array.from({ length: Math.floor(rnd() * 4) }, () => make(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 5) }, (_, i) => [`${strings[Math.floor(rnd() * strings.length)]}${i}`, make(depth + 1)]));
  };
  for (let i = 0; i < count; i++) yield make(0);
}

function checkSpans(text: string, n: Node): void {
  // Every node's span covers exactly its own text: re-parsing that slice gives the same value.
  assert.deepEqual(JSON.parse(text.slice(n.span[0], n.span[1])), toJs(n));
  if (n.kind === 'map') for (const e of n.entries) checkSpans(text, e.value);
  if (n.kind === 'seq') for (const i of n.items) checkSpans(text, i);
}

test('scans what JSON.parse reads, to the same value, with exact spans (500 generated documents, two layouts)', () => {
  for (const v of values(7, 500)) {
    for (const text of [JSON.stringify(v), JSON.stringify(v, null, 2)]) {
      const r = scanJson(text);
      assert.equal(r.error, undefined, text);
      assert.deepEqual(toJs(r.root), JSON.parse(text));
      checkSpans(text, r.root!);
    }
  }
});

test('rejects what JSON.parse rejects, at a located offset', () => {
  const bad = ['{', '{"a":}', '{"a" 1}', '[1,]', '{"a":1,}', '01', '1.', '"\\x"', '"unterminated', '{"a":1} x', 'tru', '-', '[1 2]', '{a:1}'];
  for (const text of bad) {
    assert.throws(() => JSON.parse(text));
    const r = scanJson(text);
    assert.ok(r.error, `no error for ${text}`);
    assert.ok(r.error.offset >= 0 && r.error.offset <= text.length, `${text}: offset ${r.error.offset}`);
  }
});

test('reports duplicate keys, which JSON allows but CloudFormation does not', () => {
  const r = scanJson('{"Resources": {"A": 1, "B": 2, "A": 3}}');
  assert.deepEqual(r.duplicates.map((k) => [k.value, k.span]), [['A', [31, 34]]]);
});

test('refuses nesting beyond the limit without overflowing the stack', () => {
  const r = scanJson('['.repeat(100_000) + ']'.repeat(100_000));
  assert.match(r.error?.message ?? '', /Nesting/);
});

test('empty and whitespace-only text has no root and no error', () => {
  assert.deepEqual(scanJson('  \n'), { duplicates: [] });
});
