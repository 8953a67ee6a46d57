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

/**
 * The parts of a document a caller reads; `true` stands for a whole value. Values outside the
 * shape get no nodes but are still checked as fully as the rest (syntax, nesting depth, duplicate
 * keys), so errors and duplicates are those of a full scan. A large input of which little is read
 * (a Terraform plan repeats every resource's values several times) then costs far less memory.
 */
export interface ScanShape {
  /** The members of an object to read, by key. A map node keeps only these, in document order. */
  readonly members?: ReadonlyMap<string, ScanShape | true>;
  /** The shape of members that `members` does not name; without it they are skipped. */
  readonly otherMembers?: ScanShape | true;
  /** The shape of every item of an array; without it the seq node has no items. */
  readonly items?: ScanShape | true;
}

class ScanError extends Error {
  constructor(readonly offset: number, message: string, readonly tooDeep = false) {
    super(message);
  }
}

/** Scans `text`; with a `shape`, builds nodes only for the parts it names (see {@link ScanShape}). */
export function scanJson(text: string, shape: ScanShape | true = true): ScanResult {
  const s = new Scanner(text);
  try {
    s.ws();
    if (s.pos >= text.length) return { duplicates: [] };
    const root = shape === true ? s.value(0) : s.part(0, shape)!;
    s.ws();
    if (s.pos < text.length) throw new ScanError(s.pos, 'Unexpected text after the end of the JSON value.');
    return { root, duplicates: s.duplicates };
  } catch (e) {
    if (e instanceof ScanError) return { error: { offset: e.offset, message: e.message, ...(e.tooDeep ? { tooDeep: true } : {}) }, duplicates: [] };
    if (e instanceof RangeError) return { error: { offset: s.pos, message: 'Nesting too deep.', tooDeep: true }, duplicates: [] };
    throw e;
  }
}

/** Below this many members an object's keys are checked for repeats by a linear scan; a Set only pays off above. */
const LINEAR_KEYS = 8;

class Scanner {
  pos = 0;
  readonly duplicates: ScalarNode[] = [];
  /**
   * The keys of the objects being read, innermost last: an object's keys start where the stack
   * stood when it began, and are dropped when it ends. One array serves every object.
   */
  private readonly keys: string[] = [];
  /** How many entries of `keys` are in use (the array only grows, which keeps it cheap). */
  private keyCount = 0;
  /** The span of the last key read. */
  private keyStart = 0;
  private keyEnd = 0;

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
    this.checkDepth(depth);
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

  /**
   * A value read to `shape`: a node for what the shape names, nothing (undefined) for a value
   * outside it. Either way the text is checked to the end of the value.
   */
  part(depth: number, shape: ScanShape | true | undefined): Node | undefined {
    if (shape === true) return this.value(depth);
    this.checkDepth(depth);
    const c = this.t.charCodeAt(this.pos);
    if (c === 123) return this.partObject(depth, shape);
    if (c === 91) return this.partArray(depth, shape);
    if (shape) return this.value(depth);
    if (c === 34) this.skipString();
    else this.literalEnd();
    return undefined;
  }

  private checkDepth(depth: number): void {
    if (depth > READ_LIMITS.maxDepth) throw new ScanError(this.pos, `Nesting deeper than ${READ_LIMITS.maxDepth} levels.`, true);
  }

  private object(depth: number): Node {
    const t = this.t;
    const start = this.pos++;
    const entries: Entry[] = [];
    const base = this.keyCount;
    let seen: Set<string> | undefined;
    this.ws();
    if (t.charCodeAt(this.pos) === 125) {
      this.pos++;
      return { kind: 'map', entries, span: [start, this.pos] };
    }
    for (;;) {
      const key = this.key();
      const keyNode: ScalarNode = { kind: 'scalar', value: key, span: [this.keyStart, this.keyEnd] };
      seen = this.noteKey(base, key, seen);
      const value = this.value(depth + 1);
      entries.push({ key: keyNode, value });
      if (this.endOfMember()) {
        this.keyCount = base;
        return { kind: 'map', entries, span: [start, this.pos] };
      }
    }
  }

  /** An object read to `shape`, or checked and skipped when there is none. */
  private partObject(depth: number, shape: ScanShape | undefined): Node | undefined {
    const t = this.t;
    const start = this.pos++;
    const entries: Entry[] | undefined = shape ? [] : undefined;
    const base = this.keyCount;
    let seen: Set<string> | undefined;
    this.ws();
    if (t.charCodeAt(this.pos) === 125) {
      this.pos++;
      return entries && { kind: 'map', entries, span: [start, this.pos] };
    }
    for (;;) {
      const key = this.key();
      const ks = this.keyStart;
      const ke = this.keyEnd;
      seen = this.noteKey(base, key, seen);
      const memberShape = shape && (shape.members?.get(key) ?? shape.otherMembers);
      const value = this.part(depth + 1, memberShape);
      if (entries && value) entries.push({ key: { kind: 'scalar', value: key, span: [ks, ke] }, value });
      if (this.endOfMember()) {
        this.keyCount = base;
        return entries && { kind: 'map', entries, span: [start, this.pos] };
      }
    }
  }

  /**
   * A member's key and the colon after it; the scanner is left at the member's value, and the
   * key's span is in `keyStart` and `keyEnd` (no node is made for the key of a skipped member).
   */
  private key(): string {
    const t = this.t;
    this.ws();
    if (t.charCodeAt(this.pos) !== 34) throw new ScanError(this.pos, 'Property name expected.');
    this.keyStart = this.pos;
    const key = this.string();
    this.keyEnd = this.pos;
    this.ws();
    if (t.charCodeAt(this.pos) !== 58) throw new ScanError(this.pos, 'Colon expected.');
    this.pos++;
    this.ws();
    return key;
  }

  /**
   * Records the key just read (see {@link key}) as a member of the object whose keys start at
   * `base` on the key stack, and reports it if the object has it already. Returns the object's
   * key set once it has one.
   */
  private noteKey(base: number, key: string, seen: Set<string> | undefined): Set<string> | undefined {
    const keys = this.keys;
    const count = this.keyCount;
    // Small objects are checked by a linear scan; a Set only pays off for larger ones.
    if (count - base < LINEAR_KEYS) {
      for (let i = base; i < count; i++) if (keys[i] === key) this.duplicate(key);
    } else {
      seen ??= new Set(keys.slice(base, count));
      if (seen.has(key)) this.duplicate(key);
      seen.add(key);
    }
    if (count < keys.length) keys[count] = key;
    else keys.push(key);
    this.keyCount = count + 1;
    return seen;
  }

  private duplicate(key: string): void {
    this.duplicates.push({ kind: 'scalar', value: key, span: [this.keyStart, this.keyEnd] });
  }

  /** After a member's value: true at the object's closing brace (consumed), false after a comma. */
  private endOfMember(): boolean {
    return this.endOf(125, 'Comma or closing brace expected.');
  }

  /** After an item: true at the array's closing bracket (consumed), false after a comma. */
  private endOfItem(): boolean {
    return this.endOf(93, 'Comma or closing bracket expected.');
  }

  /** After a member or item: true at the `close` character (consumed), false after a comma. */
  private endOf(close: number, message: string): boolean {
    this.ws();
    const c = this.t.charCodeAt(this.pos);
    if (c === 44) {
      this.pos++;
      return false;
    }
    if (c === close) {
      this.pos++;
      return true;
    }
    throw new ScanError(this.pos, message);
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
      if (this.endOfItem()) return { kind: 'seq', items, span: [start, this.pos] };
    }
  }

  /** An array read to `shape`, or checked and skipped when there is none. */
  private partArray(depth: number, shape: ScanShape | undefined): Node | undefined {
    const t = this.t;
    const start = this.pos++;
    const items: Node[] | undefined = shape ? [] : undefined;
    const itemShape = shape?.items;
    this.ws();
    if (t.charCodeAt(this.pos) === 93) {
      this.pos++;
      return items && { kind: 'seq', items, span: [start, this.pos] };
    }
    for (;;) {
      this.ws();
      const item = this.part(depth + 1, itemShape);
      if (items && item) items.push(item);
      if (this.endOfItem()) return items && { kind: 'seq', items, span: [start, this.pos] };
    }
  }

  /** A string's value; the scanner stands at its opening quote and is left after the closing one. */
  private string(): string {
    const start = this.pos + 1;
    const escaped = this.skipString();
    return escaped ? this.unescape(start, this.pos - 1) : this.t.slice(start, this.pos - 1);
  }

  /** Checks a string and moves past it. Returns whether it holds escapes. */
  private skipString(): boolean {
    const t = this.t;
    let p = this.pos + 1;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 34) {
        this.pos = p + 1;
        return false;
      }
      if (c === 92) break; // an escape: take the slow path from here
      if (c < 32 || Number.isNaN(c)) throw new ScanError(p, Number.isNaN(c) ? 'Unterminated string.' : 'Control character in string.');
      p++;
    }
    for (;;) {
      const c = t.charCodeAt(p);
      if (Number.isNaN(c)) throw new ScanError(p, 'Unterminated string.');
      if (c === 34) {
        this.pos = p + 1;
        return true;
      }
      if (c < 32) throw new ScanError(p, 'Control character in string.');
      if (c !== 92) {
        p++;
        continue;
      }
      const e = t.charCodeAt(p + 1);
      p += 2;
      if (e === 117) {
        if (!(isHex(t.charCodeAt(p)) && isHex(t.charCodeAt(p + 1)) && isHex(t.charCodeAt(p + 2)) && isHex(t.charCodeAt(p + 3)))) throw new ScanError(p - 2, 'Invalid unicode escape.');
        p += 4;
      } else if (ESCAPES[e] === undefined) throw new ScanError(p - 2, 'Invalid escape in string.');
    }
  }

  /** The value of the string text between `start` and `end`, which {@link skipString} has checked. */
  private unescape(start: number, end: number): string {
    const t = this.t;
    let out = '';
    let from = start;
    for (let p = t.indexOf('\\', start); p >= 0 && p < end; p = t.indexOf('\\', from)) {
      out += t.slice(from, p);
      const e = t.charCodeAt(p + 1);
      if (e === 117) {
        out += String.fromCharCode(parseInt(t.slice(p + 2, p + 6), 16));
        from = p + 6;
      } else {
        out += ESCAPES[e]!;
        from = p + 2;
      }
    }
    return out + t.slice(from, end);
  }

  private literal(): ScalarNode {
    const start = this.pos;
    const end = this.literalEnd();
    const c = this.t.charCodeAt(start);
    const value = c === 116 ? true : c === 102 ? false : c === 110 ? null : Number(this.t.slice(start, end));
    return { kind: 'scalar', value, span: [start, end] };
  }

  /** Checks a literal (`true`, `false`, `null`, a number), moves past it and returns where it ends. */
  private literalEnd(): number {
    const t = this.t;
    const start = this.pos;
    if (t.startsWith('true', start)) return (this.pos += 4);
    if (t.startsWith('false', start)) return (this.pos += 5);
    if (t.startsWith('null', start)) return (this.pos += 4);
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
    return (this.pos = p);
  }
}

/** What each single-character escape (`\n`, by the code of `n`) stands for. */
const ESCAPES: Readonly<Record<number, string>> = { 34: '"', 92: '\\', 47: '/', 98: '\b', 102: '\f', 110: '\n', 114: '\r', 116: '\t' };

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

keepShape(new Scanner(''));
