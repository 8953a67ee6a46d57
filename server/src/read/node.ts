/**
 * Positioned document nodes shared by every reader. Offsets are UTF-16 code-unit offsets into the
 * document text (what JavaScript strings and LSP use), so a node's range is exact in the editor.
 */
import { keepShape } from './keepShape.js';

/** Zero-based position, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

/** Zero-based, end-exclusive range, as in LSP. */
export interface Range {
  start: Position;
  end: Position;
}

/** [start, end) offsets into the document text. */
export type Span = readonly [number, number];

/**
 * Something whose span can be asked for: a node. Models keep these rather than spans where the
 * span may never be needed: a JSON view finds its span only when asked.
 */
export interface Spanned {
  readonly span: Span;
}

/** Where something is written: its span, or a node that finds its span when asked. */
export type Where = Span | Spanned;

/** The span of `at`, asking the node for it if need be. */
export function spanOf(at: Where): Span {
  return isSpan(at) ? at : at.span;
}

/**
 * Readers may build nodes as class instances whose `span` and `kind` live on the prototype (the
 * JSON scanner does, to keep its trees small): never spread a node (`{ ...node }` drops them);
 * build a new one, as `withEntries` does.
 */
interface NodeBase {
  readonly span: Span;
}

export interface MapNode extends NodeBase {
  kind: 'map';
  entries: Entry[];
  /** The value of a key, found by the reader's own means (a JSON view looks it up without making the other entries); {@link get} uses it. */
  lookup?(key: string): Node | undefined;
}

export interface Entry {
  key: ScalarNode;
  value: Node;
}

export interface SeqNode extends NodeBase {
  kind: 'seq';
  items: Node[];
}

export type ScalarValue = string | number | boolean | null;

export interface ScalarNode extends NodeBase {
  kind: 'scalar';
  value: ScalarValue;
}

export type Node = MapNode | SeqNode | ScalarNode;

/** A problem found while reading: always located, never thrown. */
export interface ReadError {
  message: string;
  span: Span;
  /** Stable machine-readable code, e.g. `yaml-syntax`, `duplicate-key`, `too-large`. */
  code: string;
}

/** What every reader returns. `root` is absent only when nothing could be read at all. */
export interface ReadResult {
  root: Node | undefined;
  errors: ReadError[];
  lines: LineIndex;
  /**
   * YAML aliases read (`*name`). An aliased node is its anchor's node, with the anchor's span, so
   * an edit addressed by it would land at the anchor.
   */
  aliases?: number;
}

/** A map node like `map`, at its span, with other entries. */
export function withEntries(map: MapNode, entries: Entry[]): MapNode {
  return { kind: 'map', span: map.span, entries };
}

export function getEntry(map: MapNode, key: string): Entry | undefined {
  for (const e of map.entries) if (e.key.value === key) return e;
  return undefined;
}

export function get(node: Node | undefined, key: string): Node | undefined {
  if (node?.kind !== 'map') return undefined;
  if (node.lookup !== undefined) return node.lookup(key);
  return getEntry(node, key)?.value;
}

/**
 * Maps offsets to line/character positions. Built once per text; lookups are a binary search.
 */
export class LineIndex {
  /** Line start offsets, found on first use: a clean document may never need a position. */
  private lineStarts: ArrayLike<number> | undefined;
  /** The line of the last lookup: callers mostly ask in document order, close to the last. */
  private hint = 0;

  constructor(readonly text: string) {}

  private get starts(): ArrayLike<number> {
    return (this.lineStarts ??= lineStarts(this.text));
  }

  /**
   * Takes line starts a reader found on its way through the text (exactly what this index would
   * find), unless it has its own already.
   */
  adoptLineStarts(starts: ArrayLike<number>): void {
    this.lineStarts ??= starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    let o = Math.max(0, Math.min(offset, this.text.length));
    // Between the CR and the LF of a CRLF is not a position an editor has: use the line's end.
    if (o > 0 && this.text.charCodeAt(o) === 10 && this.text.charCodeAt(o - 1) === 13) o--;
    const line = this.lineOf(o);
    return { line, character: o - this.starts[line]! };
  }

  /** The line holding `offset` (0-based). */
  lineAt(offset: number): number {
    return this.lineOf(Math.max(0, Math.min(offset, this.text.length)));
  }

  /** The lines of ascending offsets, in one walk over the line starts. */
  linesAt(offsets: readonly number[]): Int32Array {
    const starts = this.starts;
    const out = new Int32Array(offsets.length);
    let line = 0;
    for (let i = 0; i < offsets.length; i++) {
      const o = Math.max(0, Math.min(offsets[i]!, this.text.length));
      if (i > 0 && o < offsets[i - 1]!) line = 0;
      while (line + 1 < starts.length && starts[line + 1]! <= o) line++;
      out[i] = line;
    }
    return out;
  }

  /** The text of line `line`, without its line break. */
  lineText(line: number): string {
    const start = this.starts[line] ?? this.text.length;
    const next = this.starts[line + 1];
    let end = next === undefined ? this.text.length : next - 1;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return this.text.slice(start, end);
  }

  private lineOf(o: number): number {
    const starts = this.starts;
    const last = starts.length - 1;
    // A few steps forward from the last line found, before a binary search over the whole text.
    let h = this.hint;
    if (starts[h]! <= o) {
      for (let i = 0; i < 4 && h < last && starts[h + 1]! <= o; i++) h++;
      if (h === last || starts[h + 1]! > o) return (this.hint = h);
    }
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return (this.hint = lo);
  }

  offset(pos: Position): number {
    if (pos.line >= this.starts.length) return this.text.length;
    return Math.min(this.starts[Math.max(0, pos.line)]! + pos.character, this.text.length);
  }

  range(span: Span): Range {
    return { start: this.position(span[0]), end: this.position(span[1]) };
  }

  /**
   * The range of `at` (a span, or a node whose span is asked for then), with its positions
   * computed on first use. Models hold a range for every element and property they read, and
   * most are never shown: a finding's ranges are made plain (`plainRange`) where it is created.
   */
  lazyRange(at: Span | Spanned): Range {
    return new SpanRange(this, at);
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  // indexOf runs natively; only texts with a bare CR (old Mac endings) need the slow scan.
  if (text.indexOf('\r') < 0) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  } else {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
  }
  return starts;
}

class SpanRange implements Range {
  private s: Position | undefined;
  private e: Position | undefined;

  constructor(
    private readonly lines: LineIndex,
    private at: Span | Spanned,
  ) {}

  private get span(): Span {
    const at = this.at;
    if (!isSpan(at)) this.at = at.span;
    return this.at as Span;
  }

  get start(): Position {
    return (this.s ??= this.lines.position(this.span[0]));
  }

  get end(): Position {
    return (this.e ??= this.lines.position(this.span[1]));
  }

  /** What JSON (and so LSP) sees: a plain range. */
  toJSON(): Range {
    return plainRange(this);
  }
}

function isSpan(at: Span | Spanned): at is Span {
  return Array.isArray(at);
}

/**
 * A plain-data copy of a range (a lazy one holds its text's line index): for findings, which are
 * compared, serialised and posted between threads.
 */
export function plainRange(r: Range): Range {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

/** Plain JavaScript value of a node (for consumers that want data, not positions). */
export function toJs(node: Node | undefined, depth = 0): unknown {
  if (!node || depth > 250) return null;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map((i) => toJs(i, depth + 1));
  const out: Record<string, unknown> = {};
  for (const e of node.entries) out[String(e.key.value)] = toJs(e.value, depth + 1);
  return out;
}

// A lazy range holds a line index: both shapes are kept.
keepShape(new LineIndex('').lazyRange([0, 0]));
keepShape(new LineIndex('').lazyRange({ span: [0, 0] }));
