import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanJson, type ScanShape } from '../../../server/src/read/jsonScan.js';
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

// ── reading to a shape ────────────────────────────────────────────────────────────────────────

/** The full tree cut down to a shape, the way the shape's documentation says: the reference for a shaped scan. */
function prune(n: Node, shape: ScanShape | true): Node {
  if (shape === true || n.kind === 'scalar') return n;
  if (n.kind === 'seq') return { kind: 'seq', items: shape.items === undefined ? [] : n.items.map((i) => prune(i, shape.items!)), span: n.span };
  const entries = [];
  for (const e of n.entries) {
    const s = shape.members?.get(e.key.value as string) ?? shape.otherMembers;
    if (s !== undefined) entries.push({ key: e.key, value: prune(e.value, s) });
  }
  return { kind: 'map', entries, span: n.span };
}

/** A random shape for a value: some members and items kept (whole or shaped), the rest left out. */
function shapeFor(v: unknown, rnd: () => number, depth = 0): ScanShape | true {
  if (depth > 3 || rnd() < 0.15) return true;
  if (Array.isArray(v)) return rnd() < 0.2 ? {} : { items: v.length > 0 ? shapeFor(v[0], rnd, depth + 1) : true };
  if (typeof v !== 'object' || v === null) return {};
  const members = new Map<string, ScanShape | true>();
  for (const [k, child] of Object.entries(v)) if (rnd() < 0.6) members.set(k, shapeFor(child, rnd, depth + 1));
  return rnd() < 0.2 ? { members, otherMembers: true } : { members };
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

test('a shaped scan gives the full tree cut down to the shape, with the same duplicates (500 documents)', () => {
  const rnd = seeded(11);
  for (const v of values(3, 500)) {
    const text = JSON.stringify(v, null, 1);
    const full = scanJson(text);
    const shape = shapeFor(v, rnd);
    const shaped = scanJson(text, shape);
    assert.equal(shaped.error, undefined, text);
    assert.deepEqual(shaped.root, prune(full.root!, shape), text);
    assert.deepEqual(shaped.duplicates, full.duplicates);
  }
});

test('a shaped scan checks what it skips: the same first error as a full scan, at the same offset', () => {
  const rnd = seeded(5);
  const inserts = ['"', '\\', '{', '}', '[', ']', ',', ':', ' ', 'u', '0', '-', '.', 'e', 't', '\u0001', '\n', 'x'];
  let errors = 0;
  for (const v of values(9, 300)) {
    const text = JSON.stringify({ keep: v, skip: v });
    const shape: ScanShape = { members: new Map([['keep', true]]) };
    for (let i = 0; i < 8; i++) {
      const at = Math.floor(rnd() * text.length);
      const cut = rnd() < 0.5 ? 1 : 0;
      const broken = text.slice(0, at) + inserts[Math.floor(rnd() * inserts.length)] + text.slice(at + cut);
      const full = scanJson(broken);
      const shaped = scanJson(broken, shape);
      assert.deepEqual(shaped.error, full.error, broken);
      if (full.error) errors++;
      else assert.deepEqual(shaped.duplicates, full.duplicates, broken);
    }
  }
  assert.ok(errors > 1000, `only ${errors} of the mutations broke the JSON`);
});

test('errors in a skipped member are found and located', () => {
  const shape: ScanShape = { members: new Map([['a', true]]) };
  const cases: [string, number][] = [
    ['{"a": 1, "b": [1, 2,]}', 20],
    ['{"a": 1, "b": {"c" 1}}', 19],
    ['{"a": 1, "b": "\\q"}', 15],
    ['{"a": 1, "b": "\\u12g4"}', 15],
    ['{"a": 1, "b": 012}', 14],
    ['{"a": 1, "b": "open', 19],
  ];
  for (const [text, offset] of cases) {
    assert.equal(scanJson(text, shape).error?.offset, offset, text);
    assert.equal(scanJson(text, shape).root, undefined);
  }
});

test('duplicate keys in a skipped member are reported at their own span', () => {
  const text = '{"keep": {"x": 1}, "skip": {"a": 1, "b": {"c": 2, "c": 3}, "a": 4}}';
  const r = scanJson(text, { members: new Map([['keep', true]]) });
  assert.deepEqual(r.duplicates.map((k) => [k.value, text.slice(k.span[0], k.span[1])]), [['c', '"c"'], ['a', '"a"']]);
  assert.deepEqual(toJs(r.root), { keep: { x: 1 } });
});

test('the nesting limit holds in skipped members too', () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  const r = scanJson(`{"a": 1, "b": ${deep}}`, { members: new Map([['a', true]]) });
  assert.equal(r.error?.tooDeep, true);
  assert.deepEqual(r.error, scanJson(`{"a": 1, "b": ${deep}}`).error);
});
