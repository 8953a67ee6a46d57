/**
 * Text edits on a CloudFormation document (YAML or JSON) addressed by positioned nodes. Every edit
 * touches only the bytes it must; comments, key order and indentation elsewhere stay as they are.
 */
import { get, getEntry, type Entry, type MapNode, type Node } from '../../read/node.js';
import { readCloudFormation, type CfnRead } from '../../read/cloudformation/index.js';
import { toTemplate, type CfnTemplate } from '../../model/cloudformation/template.js';
import type { Expr, TextEdit } from '../types.js';
import { isCollection, jsonText, renderInline, yamlBlock, yamlList, type Syntax } from './render.js';

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
  private readonly edits: OffsetEdit[] = [];
  private readonly deleted = new Set<string>();

  private constructor(readonly text: string, read: CfnRead, template: CfnTemplate) {
    this.read = read;
    this.template = template;
    this.syntax = read.syntax;
    this.unit = detectUnit(text, read.syntax);
  }

  static open(text: string): CfnDocument | undefined {
    const read = readCloudFormation(text);
    // Never edit a document the reader could not fully understand: the edit might land wrong.
    if (!read.isTemplate || read.errors.length > 0) return undefined;
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

  replaceValue(node: Node, e: Expr): void {
    this.add(node.span[0], node.span[1], renderInline(e, this.syntax));
  }

  /** Sets `key` in `map` to `e`: replaces the value if present, else adds an entry after the last one. */
  setKey(map: MapNode, key: string, e: Expr): void {
    const entry = getEntry(map, key);
    if (entry) return this.replaceValue(entry.value, e);
    const last = map.entries[map.entries.length - 1];
    if (!last) return;
    const indent = this.indentOf(last.key.span[0]);
    if (this.syntax === 'yaml') {
      // After the line's end, so a trailing comment stays with the line it annotates.
      const at = this.lineEndExcl(last.value.span[1]);
      if (!isCollection(e)) this.add(at, at, `\n${indent}${key}: ${renderInline(e, 'yaml')}`);
      else {
        const body = Array.isArray(e) ? yamlList(e, indent + this.unit, this.unit) : yamlBlock(e as Record<string, Expr>, indent + this.unit, this.unit);
        this.add(at, at, `\n${indent}${key}:\n${body.join('\n')}`);
      }
    }
    else this.add(last.value.span[1], last.value.span[1], `,\n${indent}${JSON.stringify(key)}: ${jsonText(e, indent, this.unit)}`);
  }

  /** Deletes a map entry with its whole lines (YAML) or its comma (JSON). */
  deleteEntry(map: MapNode, entry: Entry): void {
    if (this.syntax === 'yaml') {
      // Comment lines directly above the entry describe it; they go with it.
      let start = this.lineStart(entry.key.span[0]);
      while (start > 0) {
        const prev = this.lineStart(start - 1);
        if (!/^\s*#/.test(this.text.slice(prev, start))) break;
        start = prev;
      }
      this.add(start, this.lineEndIncl(entry.value.span[1]), '');
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
      const parts = resources.map(([id, body]) => `,\n${indent}${JSON.stringify(id)}: ${jsonText(body, indent, this.unit)}`);
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
