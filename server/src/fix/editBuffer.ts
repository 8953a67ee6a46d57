/**
 * Edits on one text by offset, collected and then handed out as LSP text edits. Shared by every
 * emitter (CloudFormation YAML/JSON, Terraform JSON and HCL): the edits touch only the bytes they
 * must, new text follows the document's line endings, and two overlapping edits are a bug.
 */
import { LineIndex } from '../read/node.js';
import type { TextEdit } from './types.js';

interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

export class EditBuffer {
  private readonly edits: OffsetEdit[] = [];
  readonly crlf: boolean;

  constructor(
    readonly text: string,
    readonly lines: LineIndex = new LineIndex(text),
  ) {
    this.crlf = text.includes('\r\n');
  }

  get size(): number {
    return this.edits.length;
  }

  add(start: number, end: number, text: string): void {
    // New lines follow the document's own line endings.
    this.edits.push({ start, end, text: this.crlf ? text.replace(/\r?\n/g, '\r\n') : text });
  }

  lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** After the line break that ends the line `offset` is on (or the end of the text). */
  lineEndIncl(offset: number): number {
    const nl = this.text.indexOf('\n', offset);
    return nl < 0 ? this.text.length : nl + 1;
  }

  /** Before the line break (CR or LF) that ends the line `offset` is on. */
  lineEndExcl(offset: number): number {
    const nl = this.text.indexOf('\n', offset);
    const end = nl < 0 ? this.text.length : nl;
    return this.text[end - 1] === '\r' ? end - 1 : end;
  }

  /** The leading whitespace of the line `offset` is on. */
  lineIndent(offset: number): string {
    const start = this.lineStart(offset);
    return /^[ \t]*/.exec(this.text.slice(start, offset))?.[0] ?? '';
  }

  /** Spaces up to the column of `offset`. */
  columnIndent(offset: number): string {
    return ' '.repeat(offset - this.lineStart(offset));
  }

  /** In the order an LSP client applies them: by position, then in the order they were made. */
  private sorted(): OffsetEdit[] {
    const sorted = this.edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i);
    for (let k = 1; k < sorted.length; k++) {
      if (sorted[k]!.e.start < sorted[k - 1]!.e.end) throw new Error('overlapping fix edits');
    }
    return sorted.map((x) => x.e);
  }

  /** The edits so far, as LSP text edits; fails if two overlap (a bug, never silently merged). */
  textEdits(): TextEdit[] {
    return this.sorted().map((e) => ({ range: this.lines.range([e.start, e.end]), newText: e.text }));
  }

  /** Applies the edits to the text, exactly as a client applies {@link textEdits}. */
  applied(): string {
    let out = this.text;
    const sorted = this.sorted();
    for (let k = sorted.length - 1; k >= 0; k--) {
      const e = sorted[k]!;
      out = out.slice(0, e.start) + e.text + out.slice(e.end);
    }
    return out;
  }
}
