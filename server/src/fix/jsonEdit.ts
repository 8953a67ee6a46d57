/**
 * Text edits on a JSON document addressed by positioned nodes, in the author's style: one-line
 * objects stay on one line with the same spacing, multi-line ones get new lines at the
 * neighbours' indentation. Used by the CloudFormation JSON and the Terraform `.tf.json` emitters.
 */
import { type Entry, type MapNode, type Node, type SeqNode } from '../read/node.js';
import type { EditBuffer } from './editBuffer.js';
import { jsonInline, jsonText, type JsonStyle } from './cloudformation/render.js';
import type { Expr } from './types.js';

/** How the author writes JSON: the indentation step and the spacing on one line. */
export interface JsonFormat {
  unit: string;
  style: JsonStyle;
}

export function detectJsonFormat(text: string): JsonFormat {
  return {
    unit: /\n([ \t]+)"/.exec(text)?.[1] ?? '  ',
    style: {
      pad: /\{ "/.test(text),
      space: /":\s/.test(text) || !/":\S/.test(text),
      inlineIntrinsics: /\{\s*"(Ref|Fn::GetAtt)"\s*:[^\n{}]*\}/.test(text),
    },
  };
}

export class JsonEditor {
  constructor(
    readonly buf: EditBuffer,
    readonly format: JsonFormat = detectJsonFormat(buf.text),
  ) {}

  source(node: Node): string {
    return this.buf.text.slice(node.span[0], node.span[1]);
  }

  /** Pretty JSON for a value whose line is indented by `indent`. */
  pretty(e: Expr, indent: string): string {
    return jsonText(e, indent, this.format.unit, this.format.style);
  }

  /** One-line JSON, spaced like `like` (a sibling's text) or the document. */
  inline(e: Expr, like?: string): string {
    if (!like || !/^[[{]/.test(like)) return jsonInline(e, this.format.style);
    return jsonInline(e, { pad: /^\{ /.test(like), space: /":\s/.test(like) || !/":\S/.test(like) });
  }

  replaceValue(node: Node, e: Expr): void {
    const src = this.source(node);
    if (src.includes('\n')) this.buf.add(node.span[0], node.span[1], this.pretty(e, this.buf.lineIndent(node.span[0])));
    else this.buf.add(node.span[0], node.span[1], this.inline(e, src));
  }

  /** Sets `key` in `map`: replaces the value if present, else adds an entry after the last one. */
  setKey(map: MapNode, key: string, e: Expr): void {
    const entry = map.entries.find((x) => x.key.value === key);
    if (entry) return this.replaceValue(entry.value, e);
    this.addEntries(map, [[key, e]]);
  }

  /** Adds entries after the last entry of `map` (or inside an empty one), in the map's own style. */
  addEntries(map: MapNode, entries: [string, Expr][]): void {
    if (entries.length === 0) return;
    const last = map.entries[map.entries.length - 1];
    const src = this.source(map);
    if (!src.includes('\n')) {
      // A one-line object gets the entries on the same line.
      const pairs = entries.map(([k, v]) => `${JSON.stringify(k)}: ${this.inline(v, src)}`).join(', ');
      if (last) this.buf.add(last.value.span[1], last.value.span[1], `, ${pairs}`);
      else this.buf.add(map.span[0] + 1, map.span[0] + 1, pairs);
      return;
    }
    if (!last) {
      // `{\n}`: the entries go on their own lines, one step in from the brace's line.
      const indent = this.buf.lineIndent(map.span[0]) + this.format.unit;
      const body = entries.map(([k, v]) => `${indent}${JSON.stringify(k)}: ${this.pretty(v, indent)}`).join(',\n');
      this.buf.add(map.span[0] + 1, map.span[0] + 1, `\n${body}`);
      return;
    }
    const indent = this.buf.lineIndent(last.key.span[0]);
    const body = entries.map(([k, v]) => `,\n${indent}${JSON.stringify(k)}: ${this.pretty(v, indent)}`).join('');
    this.buf.add(last.value.span[1], last.value.span[1], body);
  }

  /** Appends an item to a list, one-line or multi-line as the list is written. */
  appendItem(seq: SeqNode, e: Expr): void {
    const last = seq.items[seq.items.length - 1];
    const src = this.source(seq);
    if (!last) this.buf.add(seq.span[0] + 1, seq.span[0] + 1, this.inline(e, src));
    else if (src.includes('\n')) {
      const indent = this.buf.lineIndent(last.span[0]);
      this.buf.add(last.span[1], last.span[1], `,\n${indent}${this.pretty(e, indent)}`);
    } else this.buf.add(last.span[1], last.span[1], `, ${this.inline(e, src)}`);
  }

  /** Deletes a map entry with its comma. */
  deleteEntry(map: MapNode, entry: Entry): void {
    this.deleteEntries(map, [entry]);
  }

  /**
   * Deletes entries of one object. A run at the start goes up to the first entry that stays;
   * any other entry goes with the comma before it, so the ranges never overlap.
   */
  deleteEntries(map: MapNode, gone: readonly Entry[]): void {
    if (gone.length === 0) return;
    const firstKept = map.entries.findIndex((e) => !gone.includes(e));
    if (firstKept < 0) {
      this.buf.add(map.entries[0]!.key.span[0], map.entries[map.entries.length - 1]!.value.span[1], '');
      return;
    }
    for (let i = 0; i < map.entries.length; i++) {
      const e = map.entries[i]!;
      if (!gone.includes(e)) continue;
      if (i < firstKept) {
        this.buf.add(e.key.span[0], map.entries[firstKept]!.key.span[0], '');
        i = firstKept;
      } else this.buf.add(map.entries[i - 1]!.value.span[1], e.value.span[1], '');
    }
  }
}
