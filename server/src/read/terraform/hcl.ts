/**
 * Terraform HCL (`*.tf`). Values come from `@cdktf/hcl2json` (HashiCorp's HCL parser built to
 * WebAssembly), which gives Terraform's JSON shape but no positions. Positions come from a scan
 * of the text for block headers and attribute names that skips comments, strings and heredocs;
 * the two are matched by block type, labels and order.
 *
 * The parser is asynchronous (a WebAssembly start-up), so this reader is too.
 */
import { LineIndex, type Entry, type Node, type ReadError, type ReadResult, type Span } from '../node.js';

interface Hcl2Json {
  parse(filename: string, contents: string): Promise<Record<string, unknown>>;
}

let parser: Promise<Hcl2Json> | undefined;

/**
 * The package's name in a variable keeps bundlers from inlining it: it reads its WebAssembly
 * from its own folder, so it must load from `node_modules` at run time.
 */
const HCL2JSON = '@cdktf/hcl2json';

/** Loaded on first use: the WebAssembly module starts only when HCL is actually read. */
function hcl2json(): Promise<Hcl2Json> {
  parser ??= (import(HCL2JSON) as Promise<unknown>).then((m) => {
    // A CommonJS package: its exports may arrive as named exports or under `default`.
    const mod = m as unknown as Hcl2Json & { default?: Hcl2Json };
    return typeof mod.parse === 'function' ? mod : mod.default!;
  });
  return parser;
}

/** A block found by the scan: `resource "aws_instance" "web" { … }`. */
export interface ScannedBlock {
  type: string;
  labels: string[];
  /** From the block type to the opening brace. */
  header: Span;
  /** From the opening brace to after the closing one. */
  body: Span;
  attributes: Map<string, { name: Span; value: Span }>;
  blocks: ScannedBlock[];
}

export async function readTerraformHcl(text: string, file = 'main.tf'): Promise<ReadResult> {
  const lines = new LineIndex(text);
  const errors: ReadError[] = [];
  const scanned = scanHcl(text);
  let json: Record<string, unknown>;
  try {
    json = await (await hcl2json()).parse(file, text);
  } catch (e) {
    errors.push(hclError(String((e as Error).message ?? e), lines, text));
    return { root: undefined, errors, lines };
  }
  return { root: toNodes(json, scanned, text), errors, lines };
}

/** `parse config: [main.tf:3,14-15: Unclosed configuration block; …]` → a located error. */
function hclError(message: string, lines: LineIndex, text: string): ReadError {
  const m = /:(\d+),(\d+)(?:-(\d+))?:\s*([^\]]*)/.exec(message);
  if (!m) return { code: 'hcl-syntax', message: `HCL could not be read: ${message}`, span: [0, Math.min(1, text.length)] };
  const start = lines.offset({ line: Number(m[1]) - 1, character: Number(m[2]) - 1 });
  const end = m[3] ? lines.offset({ line: Number(m[1]) - 1, character: Number(m[3]) - 1 }) : start + 1;
  return { code: 'hcl-syntax', message: `HCL syntax error: ${m[4]!.trim()}`, span: [start, Math.max(end, start + 1)] };
}

// ── the scan ───────────────────────────────────────────────────────────────

/**
 * The text with comments, string contents and heredoc bodies blanked out (same length), so that
 * braces and `=` signs in it are structure.
 */
export function structural(text: string): string {
  const out = text.split('');
  let i = 0;
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const end = text.indexOf('\n', i);
      blank(i, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '"') {
      const end = stringEnd(text, i);
      blank(i + 1, end - 1);
      i = end;
    } else if (c === '<' && text[i + 1] === '<') {
      const m = /^<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(text.slice(i, i + 200));
      if (!m) {
        i += 2;
        continue;
      }
      const close = new RegExp(`^[ \\t]*${m[1]}[ \\t]*$`, 'm');
      const rest = text.slice(i + m[0].length);
      const hit = close.exec(rest);
      const stop = hit ? i + m[0].length + hit.index + hit[0].length : text.length;
      blank(i + 2, stop);
      i = stop;
    } else i++;
  }
  return out.join('');
}

/** After the closing quote of the string opening at `open`, nested `${ "…" }` included. */
function stringEnd(text: string, open: number): number {
  let i = open + 1;
  let depth = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === '\n' && depth === 0) return i; // unterminated: stop at the line end
    else if ((c === '$' || c === '%') && text[i + 1] === '{' && text[i - 1] !== c) {
      depth++;
      i += 2;
    } else if (c === '}' && depth > 0) {
      depth--;
      i++;
    } else if (c === '"' && depth > 0) i = stringEnd(text, i);
    else if (c === '"') return i + 1;
    else i++;
  }
  return text.length;
}

export function scanHcl(text: string): ScannedBlock[] {
  const s = structural(text);
  const root: ScannedBlock = { type: '', labels: [], header: [0, 0], body: [0, text.length], attributes: new Map(), blocks: [] };
  scanBody(text, s, 0, text.length, root, 0);
  return root.blocks;
}

const IDENT = /[A-Za-z_][\w-]*/y;

function scanBody(text: string, s: string, from: number, to: number, into: ScannedBlock, depth: number): void {
  let i = from;
  while (i < to) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    IDENT.lastIndex = i;
    const id = IDENT.exec(s);
    if (!id || id.index !== i) {
      i = lineEnd(s, i, to);
      continue;
    }
    const nameSpan: Span = [i, i + id[0].length];
    let j = skipSpaces(s, nameSpan[1], to);
    if (s[j] === '=' && s[j + 1] !== '=') {
      const valueStart = skipSpaces(s, j + 1, to);
      const valueEnd = expressionEnd(s, valueStart, to);
      into.attributes.set(id[0], { name: nameSpan, value: [valueStart, trimEnd(s, valueStart, valueEnd)] });
      i = valueEnd;
      continue;
    }
    const labels: string[] = [];
    while (j < to && (s[j] === '"' || /[A-Za-z_]/.test(s[j]!))) {
      if (s[j] === '"') {
        const end = stringEnd(text, j);
        labels.push(text.slice(j + 1, end - 1));
        j = skipSpaces(s, end, to);
      } else {
        IDENT.lastIndex = j;
        const l = IDENT.exec(s);
        if (!l) break;
        labels.push(l[0]);
        j = skipSpaces(s, j + l[0].length, to);
      }
    }
    if (s[j] !== '{') {
      i = lineEnd(s, i, to);
      continue;
    }
    const close = matching(s, j, to);
    const block: ScannedBlock = { type: id[0], labels, header: [i, j + 1], body: [j, close], attributes: new Map(), blocks: [] };
    if (depth < 64) scanBody(text, s, j + 1, close - 1, block, depth + 1);
    into.blocks.push(block);
    i = close;
  }
}

function skipSpaces(s: string, i: number, to: number): number {
  while (i < to && (s[i] === ' ' || s[i] === '\t')) i++;
  return i;
}

function lineEnd(s: string, i: number, to: number): number {
  const n = s.indexOf('\n', i);
  return n < 0 || n > to ? to : n + 1;
}

function trimEnd(s: string, from: number, to: number): number {
  while (to > from && /\s/.test(s[to - 1]!)) to--;
  return to;
}

/** Where an attribute's expression ends: a newline outside brackets (or a `}` closing the body). */
function expressionEnd(s: string, i: number, to: number): number {
  let depth = 0;
  for (; i < to; i++) {
    const c = s[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return i;
      depth--;
    } else if (c === '\n' && depth === 0) return i;
  }
  return to;
}

/** After the brace that closes the one at `open`. */
function matching(s: string, open: number, to: number): number {
  let depth = 0;
  for (let i = open; i < to; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i + 1;
  }
  return to;
}

// ── JSON + positions → nodes ───────────────────────────────────────────────

/**
 * hcl2json's object as positioned nodes. A block's label keys get the header's span, its body
 * the body's; an attribute's value gets the attribute's span (values inside it share that span).
 */
function toNodes(json: Record<string, unknown>, blocks: ScannedBlock[], text: string): Node {
  const root: Node = { kind: 'map', entries: [], span: [0, text.length] };
  for (const [section, value] of Object.entries(json)) {
    const ofType = blocks.filter((b) => b.type === section);
    root.entries.push({ key: key(section, ofType[0]?.header ?? [0, 0]), value: labelled(value, ofType, 0, ofType[0]?.body ?? [0, 0]) });
  }
  return root;
}

function key(name: string, span: Span): Entry['key'] {
  return { kind: 'scalar', value: name, span };
}

/** The label levels of a block (`resource` → type → name → [body]). */
function labelled(value: unknown, candidates: ScannedBlock[], level: number, fallback: Span): Node {
  if (Array.isArray(value)) {
    // The body (or bodies) of the block; one per matching scanned block, in order.
    return { kind: 'seq', span: candidates[0]?.body ?? fallback, items: value.map((v, i) => body(v, candidates[i] ?? candidates[0], fallback)) };
  }
  if (value && typeof value === 'object') {
    const entries: Entry[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const sub = candidates.filter((b) => b.labels[level] === k);
      // Blocks without labels at this level (`locals`, `terraform`) have their attributes here.
      if (sub.length === 0 && candidates.length > 0 && candidates[0]!.labels.length <= level) return body(value, candidates[0], fallback);
      entries.push({ key: key(k, sub[0]?.header ?? fallback), value: labelled(v, sub, level + 1, sub[0]?.body ?? fallback) });
    }
    return { kind: 'map', entries, span: candidates[0]?.body ?? fallback };
  }
  return scalar(value, fallback);
}

function body(value: unknown, block: ScannedBlock | undefined, fallback: Span): Node {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return plain(value, block?.body ?? fallback);
  const entries: Entry[] = [];
  const used = new Map<string, number>();
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const attr = block?.attributes.get(k);
    if (attr) {
      entries.push({ key: key(k, attr.name), value: plain(v, attr.value) });
      continue;
    }
    const nested = block?.blocks.filter((b) => b.type === k) ?? [];
    if (Array.isArray(v) && nested.length > 0) {
      const start = used.get(k) ?? 0;
      used.set(k, start + v.length);
      entries.push({ key: key(k, nested[0]!.header), value: { kind: 'seq', span: nested[0]!.body, items: v.map((item, i) => body(item, nested[start + i] ?? nested[0], nested[0]!.body)) } });
    } else if (k === 'dynamic' && v && typeof v === 'object') {
      const dyn = block?.blocks.filter((b) => b.type === 'dynamic') ?? [];
      entries.push({ key: key(k, dyn[0]?.header ?? block?.header ?? fallback), value: labelled(v, dyn, 0, dyn[0]?.body ?? block?.body ?? fallback) });
    } else entries.push({ key: key(k, block?.header ?? fallback), value: plain(v, block?.body ?? fallback) });
  }
  return { kind: 'map', entries, span: block?.body ?? fallback };
}

/** A value with every part located at `span`. */
function plain(value: unknown, span: Span): Node {
  if (Array.isArray(value)) return { kind: 'seq', span, items: value.map((v) => plain(v, span)) };
  if (value && typeof value === 'object') return { kind: 'map', span, entries: Object.entries(value as Record<string, unknown>).map(([k, v]) => ({ key: key(k, span), value: plain(v, span) })) };
  return scalar(value, span);
}

function scalar(value: unknown, span: Span): Node {
  const v = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
  return { kind: 'scalar', value: v, span };
}
