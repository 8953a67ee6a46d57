/**
 * Valid JSON read by the engine's own parser, with positions found only when asked for.
 *
 * `JSON.parse` checks and decodes a document natively, faster than any scanner written in
 * JavaScript can walk it, but keeps no positions. The nodes here are views over its values: a
 * map's entries and a list's items are made when first read, and a node's span is found when first
 * asked for, from a tape of every value's offsets that one pass over the text builds on the first
 * such request. Most of a template is never read by the model, and a clean one needs no position
 * at all. Models keep nodes rather than spans for that reason (see `Spanned`).
 *
 * The views hold the parser's values: a walk that needs values only (reference cycles, a plan's
 * attribute values) reads them through {@link plainValue} without making nodes.
 *
 * What JSON.parse accepts but a strict reading reports is sent back to the scanner (the caller
 * then uses `scanJson`): keys repeated in one object, which JSON.parse silently collapses, and
 * nesting deeper than the readers' limit.
 */
import type { Entry, MapNode, Node, ScalarNode, ScalarValue, SeqNode, Span } from './node.js';
import { READ_LIMITS } from './limits.js';
import { keepShape } from './keepShape.js';
import { JSON_TAPE_WASM } from './jsonTapeWasm.js';
import { stringEnd } from './jsonString.js';

export interface ViewOptions {
  /**
   * Find keys repeated in one object (the scanner then reads the text, to report them). This
   * needs the tape at once. Documents that a program serialised from a map (Terraform's plans)
   * cannot repeat a key, and skip it.
   */
  duplicates?: boolean;
}

/**
 * The root of `text` as a view, or undefined when the text must be read by the scanner instead:
 * it is not valid JSON, is empty, nests deeper than the limit, or (with `duplicates`) repeats a
 * key in an object.
 */
export function viewJson(text: string, { duplicates = true }: ViewOptions = {}): Node | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const doc = new JsonText(text);
  if (duplicates) {
    // The WebAssembly pass compares the keys of every object and minds the depth on its way;
    // where it could not (other text, keys with escapes), the members the text has are held to
    // the keys the parsed value has: fewer keys means a key was repeated.
    const found = doc.build();
    if (found === 'too-deep' || found === 'repeated-key') return undefined;
    if (found === 'unchecked') {
      const keys = countKeys(value, 0);
      if (keys < 0 || doc.members !== keys) return undefined;
    }
  } else if (countKeys(value, 0) < 0) return undefined;
  return view(doc, undefined, 0, value);
}

/**
 * The line starts of a view's text, when the structural pass has run and found them (it runs
 * when a span is first asked for, or at once to look for repeated keys).
 */
export function viewLineStarts(node: Node): Int32Array | undefined {
  return node instanceof JsonView ? node.doc.lineStarts : undefined;
}

/**
 * The plain value of a node, when the reader has it at hand without building anything (a view's
 * parsed value; never to be changed), else undefined.
 */
export function plainValue(node: Node): unknown {
  if (node instanceof JsonContainer) return node.plain;
  if (node instanceof JsonScalarView) return node.value;
  return undefined;
}

/** Members in all objects of `v`, or -1 when some value nests deeper than the readers' limit. */
function countKeys(v: unknown, depth: number): number {
  if (depth > READ_LIMITS.maxDepth) return -1;
  if (typeof v !== 'object' || v === null) return 0;
  // Children that are not containers are looked at here rather than in a call of their own.
  const deepest = depth + 1 > READ_LIMITS.maxDepth;
  let n = 0;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      if (typeof item !== 'object' || item === null) {
        if (deepest) return -1;
        continue;
      }
      const c = countKeys(item, depth + 1);
      if (c < 0) return -1;
      n += c;
    }
    return n;
  }
  const map = v as Record<string, unknown>;
  for (const k in map) {
    n++;
    const member = map[k];
    if (typeof member !== 'object' || member === null) {
      if (deepest) return -1;
      continue;
    }
    const c = countKeys(member, depth + 1);
    if (c < 0) return -1;
    n += c;
  }
  return n;
}

// ── the tape ──────────────────────────────────────────────────────────────────────────────────

/** Ints per value on the tape: start, end, the index after its subtree, and its key's start (-1 if none). */
const WIDTH = 4;
const END = 1;
const NEXT = 2;
const KEY = 3;

/** A document's text and, once built, its tape: every value in document order (pre-order). */
class JsonText {
  private data: Int32Array | undefined;
  private memberCount = -1;

  constructor(readonly text: string) {}

  get tape(): Int32Array {
    if (this.data === undefined) this.build();
    return this.data!;
  }

  /** Object members in the text, repeats included. */
  get members(): number {
    if (this.data === undefined) this.build();
    return this.memberCount;
  }

  /** Line starts the structural pass found on its way, if it did. */
  lineStarts: Int32Array | undefined;

  /**
   * Builds the tape, and says what the pass found out about the keys: none repeats (`unique`),
   * or it did not compare them all (`unchecked`); or that the text has a repeated key or nests
   * too deep, when it stopped there (the view is then not to be used).
   */
  build(): Tape['keys'] | 'too-deep' | 'repeated-key' {
    const built = buildInWasm(this.text) ?? buildInJs(this.text);
    if (typeof built === 'string') return built;
    this.data = built.tape;
    this.memberCount = built.members;
    this.lineStarts = built.lineStarts;
    return built.keys;
  }
}

/** A tape, and the object members its text has (repeats included). */
export interface Tape {
  tape: Int32Array;
  members: number;
  /** Where each line starts, as `LineIndex` counts lines, when the pass found them. */
  lineStarts?: Int32Array;
  /** `unique` when the pass compared every object's keys and none repeats. */
  keys: 'unique' | 'unchecked';
}

/**
 * One pass over text that JSON.parse has accepted, so only structure is looked at: strings are
 * skipped with `indexOf`, and nothing is checked. For any text; {@link buildInWasm} is faster.
 */
export function buildInJs(t: string): Tape {
  const len = t.length;
  let tape = new Int32Array(Math.max(64, len >> 3) & ~(WIDTH - 1));
  /** Open containers' tape indexes; `inObject` says which are objects. */
  const open: number[] = [];
  const inObject: boolean[] = [];
  let count = 0;
  let members = 0;
  let key = -1;
  let p = 0;
  for (;;) {
    let c = t.charCodeAt(p);
    // Blanks and commas separate tokens and are otherwise of no interest.
    while (c === 32 || c === 10 || c === 13 || c === 9 || c === 44) c = t.charCodeAt(++p);
    if (p >= len) break;
    if (c === 125 || c === 93) {
      const i = open.pop()! * WIDTH;
      inObject.pop();
      tape[i + END] = p + 1;
      tape[i + NEXT] = count;
      p++;
      continue;
    }
    if (c === 34 && key < 0 && inObject.length > 0 && inObject[inObject.length - 1]) {
      // A member's key: its value comes after the colon.
      key = p;
      members++;
      p = t.indexOf(':', stringEnd(t, p)) + 1;
      continue;
    }
    if ((count + 1) * WIDTH > tape.length) {
      const grown = new Int32Array(tape.length * 2);
      grown.set(tape);
      tape = grown;
    }
    const o = count * WIDTH;
    tape[o] = p;
    tape[o + KEY] = key;
    key = -1;
    if (c === 123 || c === 91) {
      open.push(count);
      inObject.push(c === 123);
      count++;
      p++;
      continue;
    }
    let q: number;
    if (c === 34) q = stringEnd(t, p);
    else {
      q = p + 1;
      for (;;) {
        const d = t.charCodeAt(q);
        if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9 || q >= len) break;
        q++;
      }
    }
    tape[o + END] = q;
    tape[o + NEXT] = ++count;
    p = q;
  }
  return { tape: tape.subarray(0, count * WIDTH), members, keys: 'unchecked' };
}

/** The assembled jsonTape.wat, instantiated on first use; null when WebAssembly is unavailable. */
let wasm:
  | {
      tape(len: number, tape: number, cap: number, stack: number, depth: number, lines: number, lineCap: number, maxDepth: number, scratch: number): number;
      memory: WebAssembly.Memory;
      members: WebAssembly.Global;
      lineCount: WebAssembly.Global;
      keys: WebAssembly.Global;
    }
  | null
  | undefined;
const encoder = new TextEncoder();
/** Open containers the WebAssembly pass can hold: more than the readers' nesting limit. */
const WASM_STACK = READ_LIMITS.maxDepth + 8;

/**
 * {@link buildInJs} in WebAssembly, for text of ASCII characters only (its UTF-8 bytes are then its
 * UTF-16 offsets); undefined for other text. It also compares the keys of each object and minds
 * the nesting limit, and stops at a repeated key or a value nested too deep.
 */
export function buildInWasm(t: string): Tape | 'too-deep' | 'repeated-key' | undefined {
  if (wasm === undefined) {
    try {
      const instance = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(JSON_TAPE_WASM, 'base64')));
      wasm = instance.exports as unknown as NonNullable<typeof wasm>;
    } catch {
      wasm = null;
    }
  }
  if (wasm === null) return undefined;
  const len = t.length;
  // Memory: the text, then the stack, then the line starts, then the tape. Most JSON has a value
  // per 20 to 40 characters; text denser than one per 8 is passed again with room for the most it
  // can have. Lines past their room are left to LineIndex to find.
  const stack = (len + 7) & ~7;
  const lines = stack + WASM_STACK * 8;
  const lineCap = (len >> 4) + 64;
  const tapeAt = lines + lineCap * 4;
  for (const cap of [Math.max(64, len >> 3), (len >> 1) + 2]) {
    const need = tapeAt + cap * WIDTH * 4;
    const memory = wasm.memory;
    if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
    // Every character fits in one byte only when all are ASCII.
    if (encoder.encodeInto(t, new Uint8Array(memory.buffer, 0, len)).read !== len) return undefined;
    // Past the tape, the room the key comparison works in (the module grows its memory for it).
    const count = wasm.tape(len, tapeAt, cap, stack, WASM_STACK, lines, lineCap, READ_LIMITS.maxDepth, tapeAt + cap * WIDTH * 4);
    if (count === -1) continue;
    if (count === -2) return 'too-deep';
    if (count === -3) return 'repeated-key';
    if (count < 0) return undefined;
    const lineCount = wasm.lineCount.value as number;
    const buffer = wasm.memory.buffer;
    return {
      tape: new Int32Array(buffer, tapeAt, count * WIDTH).slice(),
      members: wasm.members.value as number,
      ...(lineCount > 0 ? { lineStarts: new Int32Array(buffer, lines, lineCount).slice() } : {}),
      keys: wasm.keys.value === 0 ? 'unique' : 'unchecked',
    };
  }
  return undefined;
}

// ── the views ─────────────────────────────────────────────────────────────────────────────────

/*
 * `kind` lives on each class's prototype, as for the scanner's nodes: views must not be spread
 * (see `NodeBase` in node.ts).
 */
abstract class JsonView {
  /** This value's index on the tape, found when first needed. */
  private at = -1;

  constructor(
    readonly doc: JsonText,
    private readonly parent: JsonContainer | undefined,
    /** Its place in the parent: an index, or (looked up in a map) its key. */
    readonly slot: number | string,
  ) {}

  get tapeIndex(): number {
    if (this.at < 0) {
      const parent = this.parent;
      if (parent === undefined) this.at = 0;
      else this.at = parent.childAt(typeof this.slot === 'number' ? this.slot : (parent as JsonMapView).ordinalOf(this.slot));
    }
    return this.at;
  }

  get span(): Span {
    const tape = this.doc.tape;
    const i = this.tapeIndex * WIDTH;
    return [tape[i]!, tape[i + END]!];
  }
}

/** Below this many children a child's tape index is found by hopping; above, all are indexed once. */
const HOPS = 8;

abstract class JsonContainer extends JsonView {
  /**
   * The tape indexes of the children, in document order, for containers with many. A plain
   * array: a typed array costs several times more to make, and most of these are short.
   */
  private children: number[] | undefined;

  /** The parsed value. */
  abstract readonly plain: object;

  abstract get size(): number;

  childAt(ordinal: number): number {
    const tape = this.doc.tape;
    if (this.children === undefined && ordinal < HOPS) {
      let j = this.tapeIndex + 1;
      for (let k = 0; k < ordinal; k++) j = tape[j * WIDTH + NEXT]!;
      return j;
    }
    if (this.children === undefined) this.children = this.childIndexes();
    return this.children[ordinal]!;
  }

  /** The tape indexes of every child, in document order. */
  protected childIndexes(): number[] {
    const tape = this.doc.tape;
    const size = this.size;
    // Pushed, not preallocated: a very long preallocated array would be kept as a dictionary.
    const out: number[] = [];
    let j = this.tapeIndex + 1;
    for (let k = 0; k < size; k++) {
      out.push(j);
      j = tape[j * WIDTH + NEXT]!;
    }
    return out;
  }
}

class JsonMapView extends JsonContainer implements MapNode {
  declare readonly kind: 'map';
  /** The keys in the text's order, once needed, and the views of their values, by the same index. */
  private order: string[] | undefined;
  private values: (JsonNodeView | undefined)[] | undefined;
  /** Views made by {@link lookup} before the keys were listed; usually a few. */
  private looked: JsonNodeView[] | undefined;
  private list: Entry[] | undefined;

  constructor(
    doc: JsonText,
    parent: JsonContainer | undefined,
    slot: number | string,
    readonly plain: Record<string, unknown>,
  ) {
    super(doc, parent, slot);
  }

  get size(): number {
    return this.keys.length;
  }

  get entries(): Entry[] {
    if (this.list === undefined) {
      const keys = this.keys;
      const out = new Array<Entry>(keys.length);
      for (let i = 0; i < keys.length; i++) {
        const value = this.valueAt(i, keys[i]!);
        out[i] = new JsonEntry(new JsonKeyView(keys[i]!, value), value);
      }
      this.list = out;
    }
    return this.list;
  }

  /**
   * The value of `key`, without listing the keys or making the other members' nodes (a plan
   * resource has dozens): the view knows its key, and finds its place in the text if asked.
   */
  lookup(key: string): Node | undefined {
    const plain = this.plain;
    const v = plain[key];
    // Parsed values are never functions: a function is Object.prototype's, and so is a `__proto__` the text does not have.
    if (v === undefined || typeof v === 'function' || (key === '__proto__' && !Object.hasOwn(plain, key))) return undefined;
    if (this.order !== undefined) return this.valueAt(this.order.indexOf(key), key);
    const looked = (this.looked ??= []);
    for (let i = 0; i < looked.length; i++) if (looked[i]!.slot === key) return looked[i];
    const made = view(this.doc, this, key, v);
    looked.push(made);
    return made;
  }

  /** The place of `key` among the members, in the text's order. */
  ordinalOf(key: string): number {
    return this.keys.indexOf(key);
  }

  private get keys(): string[] {
    if (this.order === undefined) {
      const keys = Object.keys(this.plain);
      // Integer-like keys come first in a JavaScript object, whatever their place in the text.
      this.order = keys.length > 1 && isArrayIndex(keys[0]!) ? this.keysInTextOrder(keys.length) : keys;
    }
    return this.order;
  }

  private valueAt(i: number, key: string): JsonNodeView {
    const values = (this.values ??= new Array<JsonNodeView | undefined>(this.keys.length));
    let made = values[i];
    if (made === undefined) {
      made = this.looked?.find((v) => v.slot === key) ?? view(this.doc, this, i, this.plain[key]);
      values[i] = made;
    }
    return made;
  }

  private keysInTextOrder(count: number): string[] {
    const tape = this.doc.tape;
    const t = this.doc.text;
    const keys: string[] = [];
    let j = this.tapeIndex + 1;
    for (let k = 0; k < count; k++) {
      const s = tape[j * WIDTH + KEY]!;
      keys.push(JSON.parse(t.slice(s, stringEnd(t, s))) as string);
      j = tape[j * WIDTH + NEXT]!;
    }
    return keys;
  }
}
(JsonMapView.prototype as { kind: string }).kind = 'map';

class JsonSeqView extends JsonContainer implements SeqNode {
  declare readonly kind: 'seq';
  private list: Node[] | undefined;

  constructor(
    doc: JsonText,
    parent: JsonContainer | undefined,
    slot: number | string,
    readonly plain: unknown[],
  ) {
    super(doc, parent, slot);
  }

  get size(): number {
    return this.plain.length;
  }

  get items(): Node[] {
    if (this.list === undefined) {
      const values = this.plain;
      const out = new Array<Node>(values.length);
      for (let i = 0; i < values.length; i++) out[i] = view(this.doc, this, i, values[i]);
      this.list = out;
    }
    return this.list;
  }
}
(JsonSeqView.prototype as { kind: string }).kind = 'seq';

class JsonScalarView extends JsonView implements ScalarNode {
  declare readonly kind: 'scalar';

  constructor(
    doc: JsonText,
    parent: JsonContainer | undefined,
    slot: number | string,
    readonly value: ScalarValue,
  ) {
    super(doc, parent, slot);
  }
}
(JsonScalarView.prototype as { kind: string }).kind = 'scalar';

/** A member's key: its span is found from the tape entry of the member's value. */
class JsonKeyView implements ScalarNode {
  declare readonly kind: 'scalar';

  constructor(
    readonly value: string,
    private readonly member: JsonView,
  ) {}

  get span(): Span {
    const doc = this.member.doc;
    const s = doc.tape[this.member.tapeIndex * WIDTH + KEY]!;
    return [s, stringEnd(doc.text, s)];
  }
}
(JsonKeyView.prototype as { kind: string }).kind = 'scalar';

class JsonEntry implements Entry {
  constructor(
    readonly key: ScalarNode,
    readonly value: Node,
  ) {}
}

type JsonNodeView = JsonMapView | JsonSeqView | JsonScalarView;

function view(doc: JsonText, parent: JsonContainer | undefined, slot: number | string, v: unknown): JsonNodeView {
  if (typeof v !== 'object' || v === null) return new JsonScalarView(doc, parent, slot, v as ScalarValue);
  if (Array.isArray(v)) return new JsonSeqView(doc, parent, slot, v);
  return new JsonMapView(doc, parent, slot, v as Record<string, unknown>);
}

/** A key JavaScript orders first: a canonical integer below 2^32 - 1. */
function isArrayIndex(k: string): boolean {
  const c = k.charCodeAt(0);
  if (c < 48 || c > 57) return false;
  const n = Number(k);
  return String(n) === k && n < 4294967295;
}

keepShape(new JsonText(''));
{
  const doc = new JsonText('{"k":[0]}');
  const map = new JsonMapView(doc, undefined, 0, { k: [0] });
  // Kept with everything it has made: an entry, a key, a list view and a scalar view.
  void (map.entries[0]!.value as JsonSeqView).items[0]!.span;
  keepShape(map);
  const looked = new JsonMapView(doc, undefined, 0, { k: [0] });
  void looked.lookup('k')!.span;
  keepShape(looked);
}
