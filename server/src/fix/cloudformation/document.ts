/**
 * Text edits on a CloudFormation document (YAML or JSON) addressed by positioned nodes. Every edit
 * touches only the bytes it must; comments, key order and indentation elsewhere stay as they are.
 */
import { get, getEntry, type Entry, type MapNode, type Node, type SeqNode } from '../../read/node.js';
import { readCloudFormation, type CfnRead } from '../../read/cloudformation/index.js';
import { Intrinsic } from '../../read/cloudformation/intrinsics.js';
import { toTemplate, type CfnTemplate } from '../../model/cloudformation/template.js';
import type { Expr, TextEdit } from '../types.js';
import { isCollection, jsonInline, jsonText, yamlBlock, yamlInline, yamlList, type JsonStyle, type Syntax } from './render.js';

interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

export class CfnDocument {
  readonly read: CfnRead;
  readonly template: CfnTemplate;
  readonly syntax: Syntax;
  /** One level of indentation as the author writes it. */
  readonly unit: string;
  /** How the author writes JSON on one line (JSON documents only). */
  private readonly jsonStyle: JsonStyle;
  private readonly edits: OffsetEdit[] = [];
  private readonly deleted = new Set<string>();

  private constructor(readonly text: string, read: CfnRead, template: CfnTemplate) {
    this.read = read;
    this.template = template;
    this.syntax = read.syntax;
    this.unit = detectUnit(text, read.syntax);
    this.jsonStyle = {
      pad: /\{ "/.test(text),
      space: /":\s/.test(text) || !/":\S/.test(text),
      inlineIntrinsics: /\{\s*"(Ref|Fn::GetAtt)"\s*:[^\n{}]*\}/.test(text),
    };
  }

  /** JSON text in the author's style, for a value whose line is indented by `indent`. */
  private json(e: Expr, indent: string): string {
    return jsonText(e, indent, this.unit, this.jsonStyle);
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

  /** The column at which a node's line starts its content. */
  private indentOf(offset: number): string {
    const lineStart = this.text.lastIndexOf('\n', offset - 1) + 1;
    const m = /^[ \t]*/.exec(this.text.slice(lineStart, offset));
    return m ? m[0] : '';
  }

  private lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  private lineEndIncl(offset: number): number {
    const nl = this.text.indexOf('\n', offset);
    return nl < 0 ? this.text.length : nl + 1;
  }

  private lineEndExcl(offset: number): number {
    const nl = this.text.indexOf('\n', offset);
    const end = nl < 0 ? this.text.length : nl;
    return this.text[end - 1] === '\r' ? end - 1 : end;
  }

  private add(start: number, end: number, text: string): void {
    // New lines follow the document's own line endings.
    this.edits.push({ start, end, text: this.text.includes('\r\n') ? text.replace(/\r?\n/g, '\r\n') : text });
  }

  /** The leading whitespace of the line `offset` is on. */
  private lineIndent(offset: number): string {
    const start = this.lineStart(offset);
    return /^[ \t]*/.exec(this.text.slice(start, offset))?.[0] ?? '';
  }

  /** Spaces up to the column of `offset` (where a block collection's first `-` or key stands). */
  private columnIndent(offset: number): string {
    return ' '.repeat(offset - this.lineStart(offset));
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

  /** One-line rendering in the document's syntax; JSON follows the spacing of `like` or the document. */
  private inline(e: Expr, like?: string): string {
    if (this.syntax === 'yaml') return yamlInline(e);
    if (!like || !/^[[{]/.test(like)) return jsonInline(e, this.jsonStyle);
    return jsonInline(e, { pad: /^\{ /.test(like), space: /":\s/.test(like) || !/":\S/.test(like) });
  }

  replaceValue(node: Node, e: Expr): void {
    const src = this.source(node);
    if (this.isBlock(node) && isCollection(e)) {
      // A block collection stays a block, at its own column, with the comment after it kept.
      const indent = this.columnIndent(node.span[0]);
      const lines = Array.isArray(e) ? yamlList(e, indent, this.unit) : yamlBlock(e as Record<string, Expr>, indent, this.unit);
      return this.add(node.span[0], this.contentEnd(node), lines.join('\n').slice(indent.length));
    }
    if (this.syntax === 'json' && src.includes('\n')) {
      return this.add(node.span[0], node.span[1], this.json(e, this.lineIndent(node.span[0])));
    }
    this.add(node.span[0], this.contentEnd(node), this.inline(e, src));
  }

  /** Sets `key` in `map` to `e`: replaces the value if present, else adds an entry after the last one. */
  setKey(map: MapNode, key: string, e: Expr): void {
    // `{Fn::If: …}` or `!Ref X` is a value, not a map of properties: a key added to it would
    // break the intrinsic (and, after a short-form tag, the YAML). Callers catch this and offer no fix.
    if (isIntrinsic(map)) throw new Error(`cannot add ${key} to an intrinsic function`);
    const entry = getEntry(map, key);
    if (entry) return this.replaceValue(entry.value, e);
    const last = map.entries[map.entries.length - 1];
    const src = this.source(map);
    const oneLine = this.syntax === 'json' ? !src.includes('\n') : src.startsWith('{');
    const keyText = this.syntax === 'json' ? JSON.stringify(key) : key;
    if (oneLine) {
      // A flow map (YAML) or a one-line object (JSON) gets the entry on the same line.
      const pair = `${keyText}: ${this.inline(e, src)}`;
      if (last) this.add(last.value.span[1], last.value.span[1], `, ${pair}`);
      else this.add(map.span[0] + 1, map.span[0] + 1, pair);
      return;
    }
    if (!last) return;
    const indent = this.indentOf(last.key.span[0]);
    if (this.syntax === 'yaml') {
      // After the line's end, so a trailing comment stays with the line it annotates.
      const at = this.lineEndExcl(this.contentEnd(last.value));
      if (!isCollection(e)) this.add(at, at, `\n${indent}${key}: ${yamlInline(e)}`);
      else {
        const body = Array.isArray(e) ? yamlList(e, indent + this.unit, this.unit) : yamlBlock(e as Record<string, Expr>, indent + this.unit, this.unit);
        this.add(at, at, `\n${indent}${key}:\n${body.join('\n')}`);
      }
    }
    else this.add(last.value.span[1], last.value.span[1], `,\n${indent}${keyText}: ${this.json(e, indent)}`);
  }

  /** Appends an item to a list, in the list's own style (block, flow, one-line or multi-line JSON). */
  appendItem(seq: SeqNode, e: Expr): void {
    const last = seq.items[seq.items.length - 1];
    const src = this.source(seq);
    if (!last) {
      if (this.isBlock(seq)) return; // an empty block list has no text to extend
      this.add(seq.span[0] + 1, seq.span[0] + 1, this.inline(e, src));
      return;
    }
    if (this.isBlock(seq)) {
      const indent = this.columnIndent(seq.span[0]);
      const at = this.lineEndExcl(this.contentEnd(last));
      this.add(at, at, `\n${yamlList([e], indent, this.unit).join('\n')}`);
    } else if (this.syntax === 'json' && src.includes('\n')) {
      const indent = this.lineIndent(last.span[0]);
      this.add(last.span[1], last.span[1], `,\n${indent}${this.json(e, indent)}`);
    } else {
      this.add(last.span[1], last.span[1], `, ${this.inline(e, src)}`);
    }
  }

  /** Deletes a map entry with its whole lines (YAML) or its comma (JSON). */
  deleteEntry(map: MapNode, entry: Entry): void {
    if (this.syntax === 'yaml') {
      // Comment lines directly above the entry, at its column, describe it; they go with it. A
      // comment indented deeper belongs to what comes before.
      let start = this.lineStart(entry.key.span[0]);
      const column = this.indentOf(entry.key.span[0]);
      while (start > 0) {
        const prev = this.lineStart(start - 1);
        const m = /^([ \t]*)#/.exec(this.text.slice(prev, start));
        if (!m || m[1] !== column) break;
        start = prev;
      }
      const end = this.lineEndIncl(entry.value.span[1]);
      // The last entry of the file: the blank lines before it go too, so no blank tail is left.
      if (end >= this.text.length) {
        while (start > 0) {
          const prev = this.lineStart(start - 1);
          if (!/^\s*$/.test(this.text.slice(prev, start))) break;
          start = prev;
        }
      }
      this.add(start, end, '');
      return;
    }
    const i = map.entries.indexOf(entry);
    if (i > 0) {
      const prev = map.entries[i - 1]!;
      this.add(prev.value.span[1], entry.value.span[1], '');
    } else if (map.entries.length > 1) {
      this.add(entry.key.span[0], map.entries[1]!.key.span[0], '');
    } else {
      this.add(entry.key.span[0], entry.value.span[1], '');
    }
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
    const indent = this.indentOf(last.key.span[0]);
    const at = this.syntax === 'yaml' ? this.lineEndExcl(last.value.span[1]) : last.value.span[1];
    if (this.syntax === 'yaml') {
      const lines: string[] = [''];
      if (comment) lines.push(`${indent}# ${comment}`);
      resources.forEach(([id, body], k) => {
        if (k > 0) lines.push('');
        lines.push(`${indent}${id}:`, ...yamlBlock(body, indent + this.unit, this.unit));
      });
      this.add(at, at, `\n${lines.join('\n')}`);
    } else {
      const parts = resources.map(([id, body]) => `,\n${indent}${JSON.stringify(id)}: ${this.json(body, indent)}`);
      this.add(at, at, parts.join(''));
    }
  }

  /** The edits so far, as LSP text edits; fails if two overlap (a bug, never silently merged). */
  textEdits(): TextEdit[] {
    const sorted = [...this.edits].sort((a, b) => a.start - b.start || a.end - b.end);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]!.start < sorted[i - 1]!.end) throw new Error('overlapping fix edits');
    }
    return sorted.map((e) => ({ range: this.read.lines.range([e.start, e.end]), newText: e.text }));
  }

  /** Applies the edits to the text (for previews and tests). */
  applied(): string {
    return applyEdits(this.text, this.edits);
  }
}

export function applyEdits(text: string, edits: { start: number; end: number; text: string }[]): string {
  // Inserts at one position appear in the order they were made (as LSP applies them).
  const sorted = edits.map((e, i) => ({ ...e, i })).sort((a, b) => b.start - a.start || b.i - a.i);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function detectUnit(text: string, syntax: Syntax): string {
  const re = syntax === 'yaml' ? /^Resources:\s*\n(?:\s*#.*\n|\s*\n)*([ ]+)\S/m : /\n([ \t]+)"/;
  const m = re.exec(text);
  return m?.[1] ?? '  ';
}

/** A one-entry map whose key is an intrinsic function (`Ref`, `Condition`, `Fn::…`). */
function isIntrinsic(map: MapNode): boolean {
  if (map.entries.length !== 1) return false;
  const key = String(map.entries[0]!.key.value);
  return key === Intrinsic.Ref || key === Intrinsic.Condition || key.startsWith('Fn::');
}
