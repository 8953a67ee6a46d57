/**
 * Finds where each member of a JSON template's `Resources` object lies in the text, without
 * building the values: a walk that counts brackets and jumps over strings. The CDK reader uses it
 * to look at the few resources that have findings instead of parsing the whole template a second
 * time (the check has parsed it once already).
 *
 * On valid JSON the answer is exactly what `JSON.parse` would give: the last `Resources` key of
 * the top-level object wins, and so does the last of two members with the same logical id. The
 * walk does not validate; on text that is not JSON it may answer anything or nothing, and
 * callers must not rely on it there.
 */

import { stringEnd } from '../jsonString.js';

/** `[start, end)` of one member's value. */
export type Span = readonly [number, number];

/**
 * The spans of the members of the top-level `Resources` object by logical id; an empty map when
 * `Resources` is missing or not an object; undefined when the walk met something it did not
 * expect (the text is then not JSON).
 */
export function resourceSpans(text: string): Map<string, Span> | undefined {
  let p = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  p = skipBlanks(text, p);
  if (text.charCodeAt(p) !== OPEN_BRACE) return undefined;
  let resources = new Map<string, Span>();
  const members = walkMembers(text, p, (key, start) => {
    if (key !== 'Resources') return skipValue(text, start);
    if (text.charCodeAt(start) !== OPEN_BRACE) {
      resources = new Map();
      return skipValue(text, start);
    }
    const inner = new Map<string, Span>();
    const end = walkMembers(text, start, (id, from) => {
      const to = skipValue(text, from);
      if (to >= 0) inner.set(id, [from, to]);
      return to;
    });
    resources = inner;
    return end;
  });
  return members < 0 ? undefined : resources;
}

const QUOTE = 34;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COLON = 58;
const COMMA = 44;
const NEWLINE = 10;
const SPACE = 32;

function skipBlanks(t: string, p: number): number {
  for (;;) {
    const c = t.charCodeAt(p);
    if (c === 32 || c === 10 || c === 13 || c === 9) p++;
    else return p;
  }
}

/**
 * Walks the members of the object whose `{` is at `p`, handing each key and the offset of its
 * value to `onValue`, which returns where the value ends (or -1). Returns the offset after the
 * closing `}`, or -1.
 */
function walkMembers(t: string, p: number, onValue: (key: string, start: number) => number): number {
  p = skipBlanks(t, p + 1);
  if (t.charCodeAt(p) === CLOSE_BRACE) return p + 1;
  for (;;) {
    if (t.charCodeAt(p) !== QUOTE) return -1;
    const keyEnd = stringEnd(t, p);
    if (keyEnd < 0) return -1;
    const key = decodeKey(t, p, keyEnd);
    if (key === undefined) return -1;
    p = skipBlanks(t, keyEnd);
    if (t.charCodeAt(p) !== COLON) return -1;
    p = onValue(key, skipBlanks(t, p + 1));
    if (p < 0) return -1;
    p = skipBlanks(t, p);
    const c = t.charCodeAt(p);
    if (c === CLOSE_BRACE) return p + 1;
    if (c !== COMMA) return -1;
    p = skipBlanks(t, p + 1);
  }
}

function decodeKey(t: string, start: number, end: number): string | undefined {
  const raw = t.slice(start + 1, end - 1);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(t.slice(start, end)) as string;
  } catch {
    return undefined;
  }
}

/** The offset after the value that starts at `p`, or -1. */
function skipValue(t: string, p: number): number {
  const c = t.charCodeAt(p);
  if (c === QUOTE) return stringEnd(t, p);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) return skipComposite(t, p);
  // A number or a literal: up to the next separator.
  const start = p;
  for (;;) {
    const d = t.charCodeAt(p);
    if (Number.isNaN(d) || d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d === 32 || d === 10 || d === 13 || d === 9) break;
    p++;
  }
  return p > start ? p : -1;
}

/** The offset after the object or array that opens at `p`, or -1. */
function skipComposite(t: string, p: number): number {
  const n = t.length;
  let depth = 0;
  while (p < n) {
    const c = t.charCodeAt(p++);
    if (c === QUOTE) {
      p = stringEnd(t, p - 1);
      if (p < 0) return -1;
    } else if (c === NEWLINE) {
      // Indentation is most of a pretty-printed template's blanks; a tight loop passes it.
      while (t.charCodeAt(p) === SPACE) p++;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (--depth === 0) return p;
    }
    // Anything else (blanks, numbers, literals, separators) needs no attention.
  }
  return -1;
}
