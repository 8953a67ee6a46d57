/**
 * Incremental YAML reading for the editor. A CloudFormation template is, in practice, a list of
 * top-level sections and a long list of resources. Each section, and each resource, is parsed as
 * its own small document and cached by its text; after an edit only the changed block is parsed
 * again, and the others are reused (shifted to their new offsets). The result is the same tree a
 * full parse gives, spans included; anything unusual (anchors, directives, flow-style roots,
 * syntax errors) falls back to the full parse, so the fast path never changes an answer.
 */
import type { Entry, MapNode, Node, ReadError, ScalarNode } from '../node.js';
import { LineIndex } from '../node.js';
import { readYaml } from './yaml.js';

interface CachedBlock {
  /** Names this text while it stays in the cache: equal ids mean equal text. */
  id: number;
  /** The nodes as parsed, and the offset they were built for. */
  base: Entry[];
  baseOffset: number;
  /** The nodes at `offset`, where the block stood in the last text read. */
  entries: Entry[];
  offset: number;
  generation: number;
}

/** Per-document cache of parsed blocks; keep one per open document. */
export class YamlBlockCache {
  readonly blocks = new Map<string, CachedBlock>();
  generation = 0;
  /** Blocks parsed (not reused) by the last read, for tests and benchmarks. */
  lastParsed = 0;
  /** The id the next parsed block gets. */
  nextId = 1;
}

/** A block of the text as the last read split it: its text's id and where it starts. */
export interface BlockPlace {
  id: number;
  /** Offset of the block's first line. */
  start: number;
  /** Offset after its last line: the next block's start, or the end of the text. */
  end: number;
}

/**
 * How the text was split, for work that is redone per block: what one read found, valid for
 * that text only. A block always starts at a line start and ends after a line break (or at the
 * end of the text), so a block whose id is unchanged holds the same lines, perhaps moved.
 */
export interface BlockLayout {
  /** The top-level sections other than `Resources`, by key. */
  sections: Map<string, BlockPlace>;
  /** One per entry of `Resources`, in order; a block also holds the lines after its resource. */
  resources: BlockPlace[];
}

/** Characters that make a text unsafe to split: anchors and aliases tie blocks together. */
const UNSAFE = /(^|[\s[{,])[&*][^\s,\]}]|^(%|---|\.\.\.)|\t/m;

/**
 * The positioned tree of `text`, from cached blocks where possible. Undefined means "use the full
 * parser": the text has syntax errors or a shape this reader does not split.
 */
export function readYamlBlocks(text: string, cache: YamlBlockCache): { root: MapNode; errors: ReadError[]; layout: BlockLayout } | undefined {
  if (UNSAFE.test(text)) return undefined;
  // A comment after the last content line belongs to the enclosing maps' ranges in a full parse.
  if (lastNonBlankLine(text).startsWith('#')) return undefined;
  const gen = ++cache.generation;
  cache.lastParsed = 0;
  const tops = topLevelStarts(text);
  if (!tops) return undefined;
  const entries: Entry[] = [];
  const keys = new Set<string>();
  const layout: BlockLayout = { sections: new Map(), resources: [] };
  for (let i = 0; i < tops.length; i++) {
    const start = tops[i]!;
    const end = i + 1 < tops.length ? tops[i + 1]! : text.length;
    const header = /^Resources[ \t]*:[ \t]*(#.*)?\r?\n/.exec(text.slice(start, Math.min(end, start + 200)));
    let entry: Entry | undefined;
    if (header) entry = resourcesEntry(text, start, start + header[0].length, end, cache, gen, layout);
    else {
      const block = parseBlock(text, start, end, cache, gen);
      if (!block || block.entries.length !== 1) return undefined;
      entry = block.entries[0];
      if (entry) layout.sections.set(String(entry.key.value), { id: block.id, start, end });
    }
    if (!entry) return undefined;
    const k = String(entry.key.value);
    if (keys.has(k)) return undefined; // the full parser reports duplicates
    keys.add(k);
    entries.push(entry);
  }
  for (const [k, b] of cache.blocks) if (b.generation !== gen) cache.blocks.delete(k);
  if (entries.length === 0) return undefined;
  const last = entries[entries.length - 1]!;
  return { root: { kind: 'map', entries, span: [entries[0]!.key.span[0], last.value.span[1]] }, errors: [], layout };
}

function lastNonBlankLine(text: string): string {
  let end = text.length;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end).trim();
    if (line) return line;
    end = start - 1;
  }
  return '';
}

/** Blank or a comment only: what a line holds when it holds no YAML content. */
const BLANK_LINE = /^\s*(#.*)?$/;

/**
 * The line [p, end), without its line break: -1 when it is blank or only a comment (as
 * {@link BLANK_LINE} says), else its indentation (as `trimStart` counts it). Lines of spaces and
 * content are read by character; anything else (a comment, other white space) by those two.
 */
function lineIndent(text: string, p: number, end: number): number {
  let contentEnd = end;
  // As `/\r?\n$/` strips it: a CR counts only before the LF.
  if (contentEnd > p && text.charCodeAt(contentEnd - 1) === 10) {
    contentEnd--;
    if (contentEnd > p && text.charCodeAt(contentEnd - 1) === 13) contentEnd--;
  }
  let i = p;
  while (i < contentEnd && text.charCodeAt(i) === 32) i++;
  if (i === contentEnd) return -1;
  const c = text.charCodeAt(i);
  if (c !== 35 && c > 32 && c < 127) return i - p;
  const line = text.slice(p, contentEnd);
  return BLANK_LINE.test(line) ? -1 : line.length - line.trimStart().length;
}

/** Offsets of lines that start a top-level key; undefined if other content sits at column 0. */
function topLevelStarts(text: string): number[] | undefined {
  const starts: number[] = [];
  let sawContent = false;
  for (let p = 0; p < text.length; ) {
    const nl = text.indexOf('\n', p);
    const end = nl < 0 ? text.length : nl + 1;
    const c = text.charCodeAt(p);
    const blank = lineIndent(text, p, end) < 0;
    if (!blank) {
      if (c !== 32) {
        if (c === 45 || c === 123 || c === 91 || c === 35) return undefined; // '-', '{', '[': not a block mapping
        starts.push(p);
      } else if (starts.length === 0) return undefined; // indented content before any key
      sawContent = true;
    }
    p = end;
  }
  return sawContent ? starts : undefined;
}

function resourcesEntry(text: string, start: number, bodyStart: number, end: number, cache: YamlBlockCache, gen: number, layout: BlockLayout): Entry | undefined {
  const starts: number[] = [];
  let indent = -1;
  for (let p = bodyStart; p < end; ) {
    const nl = text.indexOf('\n', p);
    const lineEnd = nl < 0 ? end : Math.min(end, nl + 1);
    const n = lineIndent(text, p, lineEnd);
    if (n >= 0) {
      if (indent < 0) indent = n;
      if (n < indent || n === 0) return undefined;
      if (n === indent) {
        const ch = text.charCodeAt(p + n);
        if (ch === 45 || ch === 123 || ch === 91 || ch === 63) return undefined; // a list, flow or complex key
        starts.push(p);
      }
    }
    p = lineEnd;
  }
  if (starts.length === 0) return undefined;
  const entries: Entry[] = [];
  const names = new Set<string>();
  layout.resources = [];
  for (let i = 0; i < starts.length; i++) {
    const blockEnd = i + 1 < starts.length ? starts[i + 1]! : end;
    const block = parseBlock(text, starts[i]!, blockEnd, cache, gen);
    if (!block || block.entries.length !== 1) return undefined;
    const k = String(block.entries[0]!.key.value);
    if (names.has(k)) return undefined; // the full parser reports duplicates
    names.add(k);
    entries.push(block.entries[0]!);
    layout.resources.push({ id: block.id, start: starts[i]!, end: blockEnd });
  }
  const key: ScalarNode = { kind: 'scalar', value: 'Resources', span: [start, start + 'Resources'.length] };
  const first = entries[0]!.key.span[0];
  const value: MapNode = { kind: 'map', entries, span: [first, entries[entries.length - 1]!.value.span[1]] };
  return { key, value };
}

function parseBlock(text: string, start: number, end: number, cache: YamlBlockCache, gen: number): CachedBlock | undefined {
  const slice = text.slice(start, end);
  const hit = cache.blocks.get(slice);
  if (hit) {
    hit.generation = gen;
    if (hit.offset !== start) {
      const d = start - hit.baseOffset;
      hit.entries = d === 0 ? hit.base : hit.base.map((e) => movedEntry(e, d));
      hit.offset = start;
    }
    return hit;
  }
  cache.lastParsed++;
  // A slice keeps the whole text it was cut from alive, and so would the strings parsed from it:
  // the cache keeps its own copy, so that it holds each block's text, not every version's.
  const own = Buffer.from(slice, 'utf16le').toString('utf16le');
  const r = readYaml(own, new LineIndex(''));
  if (r.errors.length > 0 || r.root?.kind !== 'map') return undefined;
  const entries = r.root.entries.map((e) => shiftEntry(e, start));
  const block = { id: cache.nextId++, base: entries, baseOffset: start, entries, offset: start, generation: gen };
  cache.blocks.set(own, block);
  return block;
}

/**
 * `e` moved by `d`: the key at once (names are read from every block), the value when first
 * asked for. After an edit that moves the blocks below it, most of them are never looked into
 * again (the check re-runs only the parts the edit touched), so most are never copied.
 */
function movedEntry(e: Entry, d: number): Entry {
  let value: Node | undefined;
  return {
    key: shiftKey(e.key, d),
    get value(): Node {
      return (value ??= shift(e.value, d));
    },
  };
}

function shiftEntry(e: Entry, d: number): Entry {
  return { key: shiftKey(e.key, d), value: shift(e.value, d) };
}

function shiftKey(k: ScalarNode, d: number): ScalarNode {
  return { kind: 'scalar', value: k.value, span: [k.span[0] + d, k.span[1] + d] };
}

function shift(n: Node, d: number): Node {
  const span: [number, number] = [n.span[0] + d, n.span[1] + d];
  if (n.kind === 'scalar') return { kind: 'scalar', value: n.value, span };
  if (n.kind === 'seq') return { kind: 'seq', items: n.items.map((i) => shift(i, d)), span };
  return { kind: 'map', entries: n.entries.map((e) => shiftEntry(e, d)), span };
}
