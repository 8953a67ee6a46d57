/**
 * A fast, strict JSON scanner that builds positioned nodes directly. Valid JSON (the common case:
 * cdk.out templates, plans, CloudFormation JSON) never goes through a general parser; on the first
 * error it stops and says where, and the caller falls back to an error-recovering parser.
 */
import type { Entry, Node, ScalarNode } from './node.js';
import { READ_LIMITS } from './limits.js';
import { keepShape } from './keepShape.js';

export interface ScanResult {
  root?: Node;
  /** The first syntax error, if any; `root` is then undefined. `tooDeep` when it is the nesting limit. */
  error?: { offset: number; message: string; tooDeep?: boolean };
  /** Duplicate keys found (JSON allows them; CloudFormation does not). */
  duplicates: ScalarNode[];
}

class ScanError extends Error {
  constructor(readonly offset: number, message: string, readonly tooDeep = false) {
    super(message);
  }
}

export function scanJson(text: string): ScanResult {
  const s = new Scanner(text);
  try {
    s.ws();
    if (s.pos >= text.length) return { duplicates: [] };
    const root = s.value(0);
    s.ws();
    if (s.pos < text.length) throw new ScanError(s.pos, 'Unexpected text after the end of the JSON value.');
    return { root, duplicates: s.duplicates };
  } catch (e) {
    if (e instanceof ScanError) return { error: { offset: e.offset, message: e.message, ...(e.tooDeep ? { tooDeep: true } : {}) }, duplicates: [] };
    if (e instanceof RangeError) return { error: { offset: s.pos, message: 'Nesting too deep.', tooDeep: true }, duplicates: [] };
    throw e;
  }
}

class Scanner {
  pos = 0;
  readonly duplicates: ScalarNode[] = [];

  constructor(private readonly t: string) {}

  ws(): void {
    const t = this.t;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 32 || c === 10 || c === 13 || c === 9) p++;
      else break;
    }
    this.pos = p;
  }

  value(depth: number): Node {
    if (depth > READ_LIMITS.maxDepth) throw new ScanError(this.pos, `Nesting deeper than ${READ_LIMITS.maxDepth} levels.`, true);
    const c = this.t.charCodeAt(this.pos);
    if (c === 123) return this.object(depth);
    if (c === 91) return this.array(depth);
    if (c === 34) {
      const start = this.pos;
      const v = this.string();
      return { kind: 'scalar', value: v, span: [start, this.pos] };
    }
    return this.literal();
  }

  private object(depth: number): Node {
    const t = this.t;
    const start = this.pos++;
    const entries: Entry[] = [];
    let seen: Set<string> | undefined;
    this.ws();
    if (t.charCodeAt(this.pos) === 125) {
      this.pos++;
      return { kind: 'map', entries, span: [start, this.pos] };
    }
    for (;;) {
      this.ws();
      if (t.charCodeAt(this.pos) !== 34) throw new ScanError(this.pos, 'Property name expected.');
      const ks = this.pos;
      const key = this.string();
      const keyNode: ScalarNode = { kind: 'scalar', value: key, span: [ks, this.pos] };
      // Small objects are checked by a linear scan; a Set only pays off for larger ones.
      if (entries.length < 8) {
        for (const e of entries) if (e.key.value === key) this.duplicates.push(keyNode);
      } else {
        seen ??= new Set(entries.map((e) => e.key.value as string));
        if (seen.has(key)) this.duplicates.push(keyNode);
        seen.add(key);
      }
      this.ws();
      if (t.charCodeAt(this.pos) !== 58) throw new ScanError(this.pos, 'Colon expected.');
      this.pos++;
      this.ws();
      const value = this.value(depth + 1);
      entries.push({ key: keyNode, value });
      this.ws();
      const c = t.charCodeAt(this.pos);
      if (c === 44) {
        this.pos++;
        continue;
      }
      if (c === 125) {
        this.pos++;
        return { kind: 'map', entries, span: [start, this.pos] };
      }
      throw new ScanError(this.pos, 'Comma or closing brace expected.');
    }
  }

  private array(depth: number): Node {
    const t = this.t;
    const start = this.pos++;
    const items: Node[] = [];
    this.ws();
    if (t.charCodeAt(this.pos) === 93) {
      this.pos++;
      return { kind: 'seq', items, span: [start, this.pos] };
    }
    for (;;) {
      this.ws();
      items.push(this.value(depth + 1));
      this.ws();
      const c = t.charCodeAt(this.pos);
      if (c === 44) {
        this.pos++;
        continue;
      }
      if (c === 93) {
        this.pos++;
        return { kind: 'seq', items, span: [start, this.pos] };
      }
      throw new ScanError(this.pos, 'Comma or closing bracket expected.');
    }
  }

  private string(): string {
    const t = this.t;
    const start = ++this.pos;
    let p = start;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 34) {
        this.pos = p + 1;
        return t.slice(start, p);
      }
      if (c === 92) break; // an escape: take the slow path from here
      if (c < 32 || Number.isNaN(c)) throw new ScanError(p, Number.isNaN(c) ? 'Unterminated string.' : 'Control character in string.');
      p++;
    }
    let out = t.slice(start, p);
    for (;;) {
      const c = t.charCodeAt(p);
      if (Number.isNaN(c)) throw new ScanError(p, 'Unterminated string.');
      if (c === 34) {
        this.pos = p + 1;
        return out;
      }
      if (c < 32) throw new ScanError(p, 'Control character in string.');
      if (c !== 92) {
        out += t[p];
        p++;
        continue;
      }
      const e = t.charCodeAt(p + 1);
      p += 2;
      switch (e) {
        case 34: out += '"'; break;
        case 92: out += '\\'; break;
        case 47: out += '/'; break;
        case 98: out += '\b'; break;
        case 102: out += '\f'; break;
        case 110: out += '\n'; break;
        case 114: out += '\r'; break;
        case 116: out += '\t'; break;
        case 117: {
          const hex = t.slice(p, p + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new ScanError(p - 2, 'Invalid unicode escape.');
          out += String.fromCharCode(parseInt(hex, 16));
          p += 4;
          break;
        }
        default:
          throw new ScanError(p - 2, 'Invalid escape in string.');
      }
    }
  }

  private literal(): ScalarNode {
    const t = this.t;
    const start = this.pos;
    if (t.startsWith('true', start)) {
      this.pos += 4;
      return { kind: 'scalar', value: true, span: [start, this.pos] };
    }
    if (t.startsWith('false', start)) {
      this.pos += 5;
      return { kind: 'scalar', value: false, span: [start, this.pos] };
    }
    if (t.startsWith('null', start)) {
      this.pos += 4;
      return { kind: 'scalar', value: null, span: [start, this.pos] };
    }
    let p = start;
    if (t.charCodeAt(p) === 45) p++;
    const digits = p;
    while (t.charCodeAt(p) >= 48 && t.charCodeAt(p) <= 57) p++;
    if (p === digits) throw new ScanError(start, 'Value expected.');
    if (t.charCodeAt(digits) === 48 && p - digits > 1) throw new ScanError(start, 'Leading zeros are not allowed.');
    if (t.charCodeAt(p) === 46) {
      p++;
      const f = p;
      while (t.charCodeAt(p) >= 48 && t.charCodeAt(p) <= 57) p++;
      if (p === f) throw new ScanError(p, 'Digit expected.');
    }
    const ec = t.charCodeAt(p);
    if (ec === 101 || ec === 69) {
      p++;
      if (t.charCodeAt(p) === 43 || t.charCodeAt(p) === 45) p++;
      const ex = p;
      while (t.charCodeAt(p) >= 48 && t.charCodeAt(p) <= 57) p++;
      if (p === ex) throw new ScanError(p, 'Digit expected.');
    }
    this.pos = p;
    return { kind: 'scalar', value: Number(t.slice(start, p)), span: [start, p] };
  }
}

keepShape(new Scanner(''));
