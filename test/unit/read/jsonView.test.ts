import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { scanJson } from '../../../server/src/read/jsonScan.js';
import { buildInJs, buildInWasm, plainValue, viewJson, type Tape } from '../../../server/src/read/jsonView.js';
import { get, LineIndex, toJs, type Node } from '../../../server/src/read/node.js';

const ROOT = path.join(__dirname, '..', '..', '..');

/** The WebAssembly pass's tape of text it takes whole (ASCII, no repeated key, not too deep). */
function wasmTape(text: string): Tape {
  const built = buildInWasm(text);
  assert.ok(typeof built === 'object', `the WebAssembly pass did not take ${text.slice(0, 80)}: ${String(built)}`);
  return built;
}

/** A small deterministic generator of JSON values: escapes, integer-like and odd keys, nesting. */
function* values(seed: number, count: number): Generator<unknown> {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const keys = ['', 'a', 'Type', '7', '10', '0', '01', '4294967295', '__proto__', 'toString', 'quote "', 'back\\slash', 'ünï', 'tab\t'];
  const strings = ['', 'a', 'AWS::EC2::Instance', 'quote " and \\ backslash', 'tab\tnew\nline', 'ünïcödé ✓', '\u0001ctl', '${AWS::StackName}', '\\', '"'];
  const make = (depth: number): unknown => {
    const r = rnd();
    if (depth > 4 || r < 0.3) return [0, -1.5e-3, 12345678901, 3.25, true, false, null][Math.floor(rnd() * 7)];
    if (r < 0.5) return strings[Math.floor(rnd() * strings.length)];
    if (r < 0.7) return Array.from({ length: Math.floor(rnd() * 4) }, () => make(depth + 1));
    const o: Record<string, unknown> = {};
    const n = Math.floor(rnd() * 6);
    for (let i = 0; i < n; i++) Object.defineProperty(o, keys[Math.floor(rnd() * keys.length)]!, { value: make(depth + 1), enumerable: true, configurable: true, writable: true });
    return o;
  };
  for (let i = 0; i < count; i++) yield make(0);
}

/** A node as plain data: kind, value, span, in document order, the way a reader's caller sees it. */
function shape(n: Node): unknown {
  if (n.kind === 'scalar') return { value: n.value, span: [...n.span] };
  if (n.kind === 'seq') return { items: n.items.map(shape), span: [...n.span] };
  return { entries: n.entries.map((e) => ({ key: shape(e.key), value: shape(e.value) })), span: [...n.span] };
}

test('views give the scanner\'s tree: the same entries in the same order, values and spans (600 documents, three layouts)', () => {
  for (const v of values(21, 600)) {
    for (const text of [JSON.stringify(v), JSON.stringify(v, null, 2), ` \r\n${JSON.stringify(v, null, '\t').replace(/\n/g, '\r\n')}\n`]) {
      const viewed = viewJson(text);
      assert.ok(viewed, text);
      assert.deepEqual(shape(viewed), shape(scanJson(text).root!), text);
    }
  }
});

test('a span asked for before any entry is read is the same as after', () => {
  const text = '{"a": {"b": [1, {"c": "d"}]}, "e": 2}';
  const first = viewJson(text)!;
  const c = get((get(get(first, 'a'), 'b') as Node & { items: Node[] }).items[1], 'c')!;
  assert.equal(text.slice(c.span[0], c.span[1]), '"d"');
  assert.deepEqual(shape(first), shape(scanJson(text).root!));
});

test('keys JavaScript puts first keep their place in the text', () => {
  const text = '{"b": 1, "10": 2, "a": 3, "2": 4}';
  // Looked up before the entries are listed: its span, then the entries holding the same node.
  const early = viewJson(text)!;
  const two = get(early, '2')!;
  assert.equal(text.slice(two.span[0], two.span[1]), '4');
  assert.ok(early.kind === 'map' && early.entries[3]!.value === two);
  const v = viewJson(text)!;
  assert.equal(v.kind, 'map');
  if (v.kind !== 'map') return;
  assert.deepEqual(
    v.entries.map((e) => [e.key.value, text.slice(e.key.span[0], e.key.span[1]), text.slice(e.value.span[0], e.value.span[1])]),
    [['b', '"b"', '1'], ['10', '"10"', '2'], ['a', '"a"', '3'], ['2', '"2"', '4']],
  );
});

test('a lookup finds own members only, and gives the node the entries hold', () => {
  const v = viewJson('{"__proto__": {"x": 1}, "a": [1]}')!;
  assert.deepEqual(toJs(get(v, '__proto__')), { x: 1 });
  assert.equal(get(v, 'toString'), undefined);
  assert.equal(get(v, 'constructor'), undefined);
  assert.equal(get(viewJson('{"a": 1}')!, '__proto__'), undefined);
  const looked = get(v, 'a');
  assert.ok(v.kind === 'map' && v.entries[1]!.value === looked);
  assert.equal(get(v, 'a'), looked);
});

test('repeated keys and deep nesting are left to the scanner, which reports them', () => {
  assert.equal(viewJson('{"Resources": {"A": 1, "B": 2, "A": 3}}'), undefined);
  assert.equal(viewJson('{"a": {"b": 1, "b": {"c": [1, 2]}}}'), undefined);
  assert.ok(viewJson('{"a": {"b": 1}, "c": {"b": 1}}'));
  // The view takes exactly the depths the scanner takes, in lists and in objects, around the limit.
  for (let n = 198; n <= 204; n++) {
    for (const text of ['['.repeat(n) + ']'.repeat(n), '{"a":'.repeat(n) + '1' + '}'.repeat(n), '['.repeat(n) + '1' + ']'.repeat(n)]) {
      const scanned = scanJson(text);
      assert.equal(viewJson(text) !== undefined, scanned.error === undefined, `${n}: ${text.slice(0, 8)}`);
      if (scanned.error) assert.match(scanned.error.message, /Nesting/);
    }
  }
  // Without the duplicate check (a program wrote the text from a map), JSON.parse's reading stands.
  assert.deepEqual(toJs(viewJson('{"a": 1, "a": 2}', { duplicates: false })), { a: 2 });
});

test('text that is not valid JSON is left to the scanner', () => {
  for (const text of ['', '  \n', '{', '{"a":}', '[1,]', '{"a":1} x', '01', '"\\x"']) assert.equal(viewJson(text), undefined, text);
});

test('a view\'s plain value is the parsed value; other nodes have none', () => {
  const v = viewJson('{"a": [1, "x", null], "b": false}')!;
  assert.deepEqual(plainValue(v), { a: [1, 'x', null], b: false });
  assert.equal(plainValue(get(v, 'b')!), false);
  assert.equal(plainValue(get(v, 'a')!), (plainValue(v) as { a: unknown }).a);
  assert.equal(plainValue(scanJson('{"a": 1}').root!), undefined);
});

test('the WebAssembly pass gives the JavaScript pass\'s tape, and leaves non-ASCII text to it', () => {
  let wasm = 0;
  for (const v of values(5, 400)) {
    for (const text of [JSON.stringify(v), JSON.stringify(v, null, 1)]) {
      const js = buildInJs(text);
      if (/^[\x00-\x7f]*$/.test(text)) {
        const fast = wasmTape(text);
        assert.deepEqual([...fast.tape], [...js.tape], text);
        assert.equal(fast.members, js.members);
        wasm++;
      } else assert.equal(buildInWasm(text), undefined, text);
    }
  }
  assert.ok(wasm > 300, `only ${wasm} ASCII documents`);
  // Text denser than the first guess of its size (a value per two characters) is passed again.
  const dense = `[${'0,'.repeat(5000)}0]`;
  assert.deepEqual([...wasmTape(dense).tape], [...buildInJs(dense).tape]);
  // A large text grows the module's memory; a small one after it still reads right.
  const big = JSON.stringify(Array.from({ length: 20000 }, (_, i) => ({ k: i, s: 'x'.repeat(i % 50) })));
  assert.deepEqual([...wasmTape(big).tape], [...buildInJs(big).tape]);
  assert.deepEqual([...wasmTape('{"a": [1, "b"]}').tape], [...buildInJs('{"a": [1, "b"]}').tape]);
});

test('the WebAssembly module is what jsonTape.wat assembles to', () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'wasm.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('the lines the WebAssembly pass finds are the lines LineIndex finds (LF, CRLF, lone CR)', () => {
  let checked = 0;
  for (const v of values(13, 150)) {
    const pretty = JSON.stringify(v, null, 2);
    if (!/^[\x00-\x7f]*$/.test(pretty)) continue;
    for (const text of [pretty, pretty.replace(/\n/g, '\r\n'), pretty.replace(/\n/g, '\r'), `\r\n${pretty}\r`, `${pretty}\n\n`]) {
      const starts = wasmTape(text).lineStarts!;
      const own = new LineIndex(text);
      const adopted = new LineIndex(text);
      adopted.adoptLineStarts(starts);
      assert.equal(adopted.lineCount, own.lineCount, JSON.stringify(text));
      for (let o = 0; o <= text.length; o++) assert.deepEqual(adopted.position(o), own.position(o), `${JSON.stringify(text)} at ${o}`);
      checked++;
    }
  }
  assert.ok(checked > 300, `only ${checked} texts`);
  // More lines than the pass has room for: it finds none, and LineIndex finds them itself.
  const tall = `[${'\n0,'.repeat(4000)}\n0]`;
  assert.equal(wasmTape(tall).lineStarts, undefined);
});

test('the WebAssembly pass finds repeated keys and deep nesting as the scanner does (1,000 documents and their variants)', () => {
  let s = 99;
  const rnd = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  let repeats = 0;
  let unchecked = 0;
  for (const v of values(31, 1000)) {
    const text = JSON.stringify(v);
    if (!/^[\x00-\x7f]*$/.test(text)) continue;
    // Repeat a key in some object: the key of a member, inserted again before the object's end.
    const variants = [text];
    const keyAt = [...text.matchAll(/"((?:[^"\\]|\\.)*)":/g)];
    if (keyAt.length > 0) {
      const m = keyAt[Math.floor(rnd() * keyAt.length)]!;
      variants.push(text.slice(0, m.index) + `${m[0]}0,` + text.slice(m.index));
      variants.push(`{"x": ${text}, "big": {${Array.from({ length: 40 }, (_, i) => `"k${i}": ${i}`).join(', ')}, "k7": 1}}`);
    }
    for (const t of variants) {
      const scanned = scanJson(t);
      const built = buildInWasm(t);
      const hasRepeat = scanned.duplicates.length > 0;
      if (built === 'repeated-key') {
        assert.ok(hasRepeat, `the pass saw a repeat the scanner did not: ${t}`);
        repeats++;
      } else {
        assert.ok(built && typeof built === 'object', t);
        if (built.keys === 'unique') assert.ok(!hasRepeat, `a repeat went unseen: ${t}`);
        else unchecked++;
      }
      // The view takes the text exactly when the scanner finds nothing to report.
      assert.equal(viewJson(t) !== undefined, !hasRepeat && !scanned.error, t);
    }
  }
  assert.ok(repeats > 200, `only ${repeats} repeats found`);
  assert.ok(unchecked > 0, 'no document with escaped keys was left to the key count');
  // Keys with escapes are compared by the key count: "a" and "\u0061" are one key.
  assert.equal(viewJson('{"a": 1, "\\u0061": 2}'), undefined);
  assert.ok(viewJson('{"a": 1, "\\u0062": 2}'));
  // Nesting: what the scanner refuses, the pass refuses.
  assert.equal(buildInWasm('['.repeat(202) + ']'.repeat(202)), 'too-deep');
  assert.ok(typeof buildInWasm('['.repeat(201) + ']'.repeat(201)) === 'object');
});

test('the WebAssembly pass tells keys apart by every byte, at any length, in small and large objects', () => {
  // The pass hashes keys eight bytes at a time: keys that differ in one byte only, at each place of
  // each length across the word boundaries, must not be taken for a repeat, and a true repeat must be found.
  for (let length = 1; length <= 25; length++) {
    const base = 'destination_ipv6_cidr_block'.padEnd(25, 'x').slice(0, length);
    const keys = [base];
    for (let i = 0; i < length; i++) keys.push(base.slice(0, i) + (base[i] === 'Q' ? 'R' : 'Q') + base.slice(i + 1));
    for (const size of [2, 8, keys.length]) {
      const chosen = keys.slice(0, Math.min(size, keys.length));
      if (chosen.length < 2) continue;
      const distinct = `{${chosen.map((k, i) => `"${k}": ${i}`).join(', ')}}`;
      const built = buildInWasm(distinct);
      assert.ok(built && typeof built === 'object' && built.keys === 'unique', `length ${length}, ${chosen.length} keys: ${distinct}`);
      const repeated = `{${[...chosen, chosen[chosen.length - 1]].map((k, i) => `"${k}": ${i}`).join(', ')}}`;
      assert.equal(buildInWasm(repeated), 'repeated-key', `length ${length}, ${chosen.length + 1} keys: ${repeated}`);
    }
  }
});
