/**
 * Edits on an HCL file (`.tf`), addressed through the reader's block scan (block headers, bodies
 * and attribute spans; comments, strings and heredocs already skipped). Values are replaced in
 * their span, new attributes go on a line of their own, new resources at the end of the file in
 * `terraform fmt` layout, and deleted blocks take their comment lines and one blank line with them.
 */
import { scanHcl, structural, type ScannedBlock } from '../../read/terraform/hcl.js';
import { EditBuffer } from '../editBuffer.js';
import { hclResource, hclValue, type TfExpr, type TfResourceBlock } from './blocks.js';
import { mentionsAddress, type TfBodyRef, type TfFileEditor } from './editor.js';

const IGNORE_LINE = /^([ \t]*)(?:#|\/\/)\s*vpc-lint-ignore\b/;

export class TfHclEditor implements TfFileEditor {
  readonly syntax = 'hcl' as const;
  readonly buf: EditBuffer;
  private readonly blocks: ScannedBlock[];
  /** Text with comments, strings and heredocs blanked: where structure can be searched. */
  private readonly plain: string;
  private readonly unit: string;
  private readonly deletedRanges: [number, number][] = [];
  private readonly deletedBlocks = new Set<ScannedBlock>();

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.buf = new EditBuffer(text);
    this.blocks = scanHcl(text);
    this.plain = structural(text);
    this.unit = /\{[ \t]*\r?\n(?:[ \t]*\r?\n)*([ \t]+)\S/.exec(this.plain)?.[1] ?? '  ';
  }

  private get text(): string {
    return this.buf.text;
  }

  private resources(): ScannedBlock[] {
    return this.blocks.filter((b) => b.type === 'resource' && b.labels.length === 2);
  }

  addresses(): string[] {
    return this.resources().map((b) => `${b.labels[0]}.${b.labels[1]}`);
  }

  resource(address: string): TfBodyRef | undefined {
    const b = this.resources().find((r) => `${r.labels[0]}.${r.labels[1]}` === address);
    return b ? { kind: 'hcl', block: b } : undefined;
  }

  private block(body: TfBodyRef): ScannedBlock {
    if (body.kind !== 'hcl') throw new Error('a JSON object in an HCL file');
    return body.block;
  }

  nested(body: TfBodyRef, name: string): TfBodyRef[] {
    return this.block(body).blocks.filter((b) => b.type === name).map((block) => ({ kind: 'hcl', block }));
  }

  start(body: TfBodyRef): number {
    return this.block(body).body[0];
  }

  has(body: TfBodyRef, name: string): boolean {
    return this.block(body).attributes.has(name);
  }

  private source(name: string, body: TfBodyRef): string | undefined {
    const a = this.block(body).attributes.get(name);
    return a ? this.text.slice(a.value[0], a.value[1]) : undefined;
  }

  value(body: TfBodyRef, name: string): TfExpr | undefined {
    const src = this.source(name, body);
    if (src === undefined) return undefined;
    return literal(src) ?? { $expr: src };
  }

  listItems(body: TfBodyRef, name: string): TfExpr[] | undefined {
    const a = this.block(body).attributes.get(name);
    if (!a) return undefined;
    const shape = this.plain.slice(a.value[0], a.value[1]);
    if (!shape.startsWith('[') || !shape.endsWith(']')) return undefined;
    // Split at the top-level commas of the structural text, where strings cannot hide one.
    const items: TfExpr[] = [];
    let depth = 0;
    let from = a.value[0] + 1;
    for (let i = a.value[0] + 1; i < a.value[1] - 1; i++) {
      const c = this.plain[i];
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') depth--;
      else if (c === ',' && depth === 0) {
        items.push(this.item(from, i));
        from = i + 1;
      }
    }
    const last = this.text.slice(from, a.value[1] - 1).trim();
    if (last) items.push(this.item(from, a.value[1] - 1));
    return items;
  }

  private item(from: number, to: number): TfExpr {
    const src = this.text.slice(from, to).trim();
    return literal(src) ?? { $expr: src };
  }

  set(body: TfBodyRef, name: string, value: TfExpr): void {
    const b = this.block(body);
    const a = b.attributes.get(name);
    if (a) {
      this.buf.add(a.value[0], a.value[1], hclValue(value, this.buf.lineIndent(a.name[0]), this.unit));
      return;
    }
    // First in the body, right after the `{` line: the end of the last attribute may be a heredoc.
    const open = b.body[0];
    const lineEnd = this.buf.lineEndExcl(open);
    if (this.plain.slice(open + 1, lineEnd).trim() !== '') throw new Error(`a one-line block cannot take ${name}`);
    const indent = this.innerIndent(b);
    this.buf.add(lineEnd, lineEnd, `\n${indent}${name} = ${hclValue(value, indent, this.unit)}`);
  }

  /** The indentation of the block's first attribute or nested block, else one step in. */
  private innerIndent(b: ScannedBlock): string {
    const firsts = [...[...b.attributes.values()].map((a) => a.name[0]), ...b.blocks.map((x) => x.header[0])];
    if (firsts.length) return this.buf.lineIndent(Math.min(...firsts));
    return this.buf.lineIndent(b.header[0]) + this.unit;
  }

  appendToList(body: TfBodyRef, name: string, value: TfExpr): void {
    const src = this.source(name, body);
    if (src === undefined) return this.set(body, name, [value]);
    const a = this.block(body).attributes.get(name)!;
    const item = hclValue(value, '', this.unit);
    if (/^\[\s*\]$/.test(src)) return this.set(body, name, [value]);
    if (src.startsWith('[') && src.endsWith(']') && !src.includes('\n')) {
      // `[a, b]` → `[a, b, item]`: one insertion before the closing bracket.
      const close = a.value[1] - 1;
      this.buf.add(close, close, `, ${item}`);
      return;
    }
    this.buf.add(a.value[0], a.value[1], `concat(${src}, [${item}])`);
  }

  deleteResource(address: string): void {
    const body = this.resource(address);
    if (body) this.deleteBlock(this.block(body));
  }

  private deleteBlock(b: ScannedBlock): void {
    if (this.deletedBlocks.has(b)) return;
    this.deletedBlocks.add(b);
    const t = this.text;
    let start = this.buf.lineStart(b.header[0]);
    // Comment lines right above the block describe it; they go with it.
    while (start > 0) {
      const prev = this.buf.lineStart(start - 1);
      if (!/^[ \t]*(#|\/\/)/.test(t.slice(prev, start))) break;
      start = prev;
    }
    let end = this.buf.lineEndIncl(b.body[1] - 1);
    // One blank line between blocks: the one before goes, or else the one after.
    const prev = start > 0 ? this.buf.lineStart(start - 1) : -1;
    if (prev >= 0 && t.slice(prev, start).trim() === '') start = prev;
    else if (end < t.length && t.slice(end, this.buf.lineEndIncl(end)).trim() === '') end = this.buf.lineEndIncl(end);
    if (this.deletedRanges.some(([s, e]) => start < e && s < end)) {
      // Two deleted neighbours would both claim the blank line between them; keep it.
      start = this.buf.lineStart(b.header[0]);
    }
    this.deletedRanges.push([start, end]);
    this.buf.add(start, end, '');
  }

  deleteOutputsMentioning(addresses: readonly string[]): void {
    for (const b of this.blocks) {
      if (b.type !== 'output') continue;
      const body = this.text.slice(b.body[0], b.body[1]);
      if (addresses.some((a) => mentionsAddress(body, a))) this.deleteBlock(b);
    }
  }

  addResources(blocks: TfResourceBlock[], comment: string): void {
    const t = this.text;
    const head = t.length === 0 ? '' : t.endsWith('\n') ? '\n' : '\n\n';
    const body = [`# ${comment}`, ...blocks.map((b, i) => (i === 0 ? '' : '\n') + hclResource(b, '', this.unit))].join('\n');
    this.buf.add(t.length, t.length, `${head}${body}\n`);
  }

  suppress(address: string, slug: string): void {
    const body = this.resource(address);
    if (!body) throw new Error(`${address} is not in ${this.file}`);
    const b = this.block(body);
    const lineStart = this.buf.lineStart(b.header[0]);
    // An ignore comment right above the block takes one more rule.
    if (lineStart > 0) {
      const prev = this.buf.lineStart(lineStart - 1);
      if (IGNORE_LINE.test(this.text.slice(prev, lineStart))) {
        const at = this.buf.lineEndExcl(prev);
        this.buf.add(at, at, ` ${slug}`);
        return;
      }
    }
    this.buf.add(lineStart, lineStart, `${this.buf.lineIndent(b.header[0])}# vpc-lint-ignore ${slug}\n`);
  }

  finish(): void {
    // Every HCL edit is written when made.
  }
}

/** A string literal without interpolation, as a plain string; numbers and booleans as themselves. */
function literal(src: string): TfExpr | undefined {
  if (/^"(?:[^"\\$%]|\\.)*"$/.test(src)) return JSON.parse(src) as string;
  if (src === 'true' || src === 'false') return src === 'true';
  if (/^-?\d+(\.\d+)?$/.test(src)) return Number(src);
  return undefined;
}
