/**
 * Text edits on a CloudFormation document (YAML or JSON) addressed by positioned nodes. Every edit
 * touches only the bytes it must; comments, key order and indentation elsewhere stay as they are.
 */
import { get, getEntry, type Entry, type MapNode, type Node, type SeqNode } from '../../read/node.js';
import { readCloudFormation, type CfnRead } from '../../read/cloudformation/index.js';
import { Intrinsic } from '../../read/cloudformation/intrinsics.js';
import { toTemplate, type CfnTemplate } from '../../model/cloudformation/template.js';
import type { Expr, TextEdit } from '../types.js';
import { EditBuffer } from '../editBuffer.js';
import { detectJsonFormat, JsonEditor } from '../jsonEdit.js';
import { isCollection, yamlBlock, yamlInline, yamlList, type Syntax } from './render.js';

export class CfnDocument {
  readonly read: CfnRead;
  readonly template: CfnTemplate;
  readonly syntax: Syntax;
  /** One level of indentation as the author writes it. */
  readonly unit: string;
  private readonly buf: EditBuffer;
  /** JSON documents are edited in the author's JSON style. */
  private readonly json: JsonEditor;
  private readonly deleted = new Set<string>();

  private constructor(readonly text: string, read: CfnRead, template: CfnTemplate) {
    this.read = read;
    this.template = template;
    this.syntax = read.syntax;
    this.buf = new EditBuffer(text, read.lines);
    const format = detectJsonFormat(text);
    this.unit = read.syntax === 'yaml' ? detectYamlUnit(text) : format.unit;
    this.json = new JsonEditor(this.buf, format);
  }

  static open(text: string): CfnDocument | undefined {
    const read = readCloudFormation(text);
    // Never edit a document the reader could not fully understand: the edit might land wrong.
    if (!read.isTemplate || read.errors.length > 0) return undefined;
    // An aliased YAML node carries its anchor's span: an edit addressed by it would land there.
    if (read.aliases) return undefined;
    const template = toTemplate(read.root);
    return template ? new CfnDocument(text, read, template) : undefined;
  }

  /**
   * A document over the same parse with no edits yet: several fixes for one request share one
   * read of the text, each with its own edits.
   */
  fork(): CfnDocument {
    return new CfnDocument(this.text, this.read, this.template);
  }

  get resourcesMap(): MapNode | undefined {
    const r = get(this.template.root, 'Resources');
    return r?.kind === 'map' ? r : undefined;
  }

  source(node: Node): string {
    return this.text.slice(node.span[0], node.span[1]);
  }

  /**
   * The user's expression for reuse elsewhere: verbatim when it fits on one line, else rebuilt
   * from its structure (a YAML block list cannot be pasted after `key: `).
   */
  expr(node: Node): Expr {
    const src = this.source(node);
    const blockCollection = this.syntax === 'yaml' && node.kind !== 'scalar' && !/^[[{!]/.test(src);
    if (!src.includes('\n') && !blockCollection) return { $raw: src };
    if (node.kind === 'seq') return node.items.map((n) => this.expr(n));
    if (node.kind === 'map') return Object.fromEntries(node.entries.map((e) => [String(e.key.value), this.expr(e.value)]));
    return typeof node.value === 'string' || typeof node.value === 'number' || typeof node.value === 'boolean' ? node.value : '';
  }

  private add(start: number, end: number, text: string): void {
    this.buf.add(start, end, text);
  }

  /** A YAML block collection (not flow `[..]`/`{..}`, not a short-form tag). */
  private isBlock(node: Node): boolean {
    return this.syntax === 'yaml' && node.kind !== 'scalar' && !/^[[{!]/.test(this.source(node));
  }

  /**
   * Where a node's own text ends. A YAML block collection's span also covers the comment after
   * its last value; an edit that replaces the collection must stop before that comment.
   */
  private contentEnd(node: Node): number {
    if (this.syntax !== 'yaml' || node.kind === 'scalar' || /^[[{]/.test(this.source(node))) return node.span[1];
    const last = node.kind === 'seq' ? node.items[node.items.length - 1] : node.entries[node.entries.length - 1]?.value;
    return last ? Math.max(last.span[0], this.contentEnd(last)) : node.span[1];
  }

  replaceValue(node: Node, e: Expr): void {
    if (this.syntax === 'json') return this.json.replaceValue(node, e);
    if (this.isBlock(node) && isCollection(e)) {
      // A block collection stays a block, at its own column, with the comment after it kept.
      const indent = this.buf.columnIndent(node.span[0]);
      const lines = Array.isArray(e) ? yamlList(e, indent, this.unit) : yamlBlock(e as Record<string, Expr>, indent, this.unit);
      return this.add(node.span[0], this.contentEnd(node), lines.join('\n').slice(indent.length));
    }
    this.add(node.span[0], this.contentEnd(node), yamlInline(e));
  }

  /** Sets `key` in `map` to `e`: replaces the value if present, else adds an entry after the last one. */
  setKey(map: MapNode, key: string, e: Expr): void {
    // `{Fn::If: …}` or `!Ref X` is a value, not a map of properties: a key added to it would
    // break the intrinsic (and, after a short-form tag, the YAML). Callers catch this and offer no fix.
    if (isIntrinsic(map)) throw new Error(`cannot add ${key} to an intrinsic function`);
    if (this.syntax === 'json') return this.json.setKey(map, key, e);
    const entry = getEntry(map, key);
    if (entry) return this.replaceValue(entry.value, e);
    const last = map.entries[map.entries.length - 1];
    if (this.source(map).startsWith('{')) {
      // A flow map gets the entry on the same line.
      const pair = `${key}: ${yamlInline(e)}`;
      if (last) this.add(last.value.span[1], last.value.span[1], `, ${pair}`);
      else this.add(map.span[0] + 1, map.span[0] + 1, pair);
      return;
    }
    if (!last) return;
    const indent = this.buf.lineIndent(last.key.span[0]);
    // After the line's end, so a trailing comment stays with the line it annotates.
    const at = this.buf.lineEndExcl(this.contentEnd(last.value));
    if (!isCollection(e)) this.add(at, at, `\n${indent}${key}: ${yamlInline(e)}`);
    else {
      const body = Array.isArray(e) ? yamlList(e, indent + this.unit, this.unit) : yamlBlock(e as Record<string, Expr>, indent + this.unit, this.unit);
      this.add(at, at, `\n${indent}${key}:\n${body.join('\n')}`);
    }
  }

  /** Appends an item to a list, in the list's own style (block, flow, one-line or multi-line JSON). */
  appendItem(seq: SeqNode, e: Expr): void {
    if (this.syntax === 'json') return this.json.appendItem(seq, e);
    const last = seq.items[seq.items.length - 1];
    if (!last) {
      if (this.isBlock(seq)) return; // an empty block list has no text to extend
      this.add(seq.span[0] + 1, seq.span[0] + 1, yamlInline(e));
      return;
    }
    if (this.isBlock(seq)) {
      const indent = this.buf.columnIndent(seq.span[0]);
      const at = this.buf.lineEndExcl(this.contentEnd(last));
      this.add(at, at, `\n${yamlList([e], indent, this.unit).join('\n')}`);
    } else {
      this.add(last.span[1], last.span[1], `, ${yamlInline(e)}`);
    }
  }

  /** Deletes a map entry with its whole lines (YAML) or its comma (JSON). */
  deleteEntry(map: MapNode, entry: Entry): void {
    if (this.syntax === 'json') return this.json.deleteEntry(map, entry);
    // Comment lines directly above the entry, at its column, describe it; they go with it. A
    // comment indented deeper belongs to what comes before.
    const b = this.buf;
    let start = b.lineStart(entry.key.span[0]);
    const column = b.lineIndent(entry.key.span[0]);
    while (start > 0) {
      const prev = b.lineStart(start - 1);
      const m = /^([ \t]*)#/.exec(this.text.slice(prev, start));
      if (!m || m[1] !== column) break;
      start = prev;
    }
    const end = b.lineEndIncl(entry.value.span[1]);
    // The last entry of the file: the blank lines before it go too, so no blank tail is left.
    if (end >= this.text.length) {
      while (start > 0) {
        const prev = b.lineStart(start - 1);
        if (!/^\s*$/.test(this.text.slice(prev, start))) break;
        start = prev;
      }
    }
    this.add(start, end, '');
  }

  deleteResource(id: string): void {
    const map = this.resourcesMap;
    const entry = map ? getEntry(map, id) : undefined;
    if (map && entry) {
      this.deleteEntry(map, entry);
      this.deleted.add(id);
    }
  }

  /** Appends resources at the end of the Resources section, with an optional comment (YAML). */
  appendResources(resources: [string, Record<string, Expr>][], comment?: string): void {
    const map = this.resourcesMap;
    // After the last resource that stays: the text of a deleted one is gone.
    const kept = map?.entries.filter((e) => !this.deleted.has(String(e.key.value)));
    const last = kept?.[kept.length - 1];
    if (!map || !last) return;
    const indent = this.buf.lineIndent(last.key.span[0]);
    const at = this.syntax === 'yaml' ? this.buf.lineEndExcl(last.value.span[1]) : last.value.span[1];
    if (this.syntax === 'yaml') {
      const lines: string[] = [''];
      if (comment) lines.push(`${indent}# ${comment}`);
      resources.forEach(([id, body], k) => {
        if (k > 0) lines.push('');
        lines.push(`${indent}${id}:`, ...yamlBlock(body, indent + this.unit, this.unit));
      });
      this.add(at, at, `\n${lines.join('\n')}`);
    } else {
      const parts = resources.map(([id, body]) => `,\n${indent}${JSON.stringify(id)}: ${this.json.pretty(body, indent)}`);
      this.add(at, at, parts.join(''));
    }
  }

  /** The edits so far, as LSP text edits; fails if two overlap (a bug, never silently merged). */
  textEdits(): TextEdit[] {
    return this.buf.textEdits();
  }

  /** Applies the edits to the text (for previews and tests). */
  applied(): string {
    return this.buf.applied();
  }
}

function detectYamlUnit(text: string): string {
  return /^Resources:\s*\n(?:\s*#.*\n|\s*\n)*([ ]+)\S/m.exec(text)?.[1] ?? '  ';
}

/** A one-entry map whose key is an intrinsic function (`Ref`, `Condition`, `Fn::…`). */
function isIntrinsic(map: MapNode): boolean {
  if (map.entries.length !== 1) return false;
  const key = String(map.entries[0]!.key.value);
  return key === Intrinsic.Ref || key === Intrinsic.Condition || key.startsWith('Fn::');
}
