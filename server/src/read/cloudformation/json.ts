/**
 * The JSON reader every JSON input goes through. Valid JSON is parsed natively and viewed
 * (`jsonView.ts`); what that cannot take is scanned (`jsonScan.ts`), and broken text is read by
 * jsonc-parser's error-recovering parser, in strict JSON mode, so that every error is located.
 */
import { parseTree, printParseErrorCode, type Node as JNode, type ParseError } from 'jsonc-parser';
import { type Entry, LineIndex, type Node, type ReadError, type ReadResult } from '../node.js';
import { READ_LIMITS } from '../limits.js';
import { scanJson, type ScanShape } from '../jsonScan.js';
import { viewJson, viewLineStarts, type ViewOptions } from '../jsonView.js';

/**
 * Reads JSON text. Valid text is viewed (nodes made as they are read; `options` as for
 * {@link viewJson}). Valid text that the view cannot take (repeated keys, deep nesting) is scanned:
 * with a `shape`, it gets nodes only for the parts the shape names (see {@link ScanShape}). Broken
 * text is read whole by the error-recovering parser.
 */
export function readJson(text: string, lines = new LineIndex(text), shape: ScanShape | true = true, options?: ViewOptions): ReadResult {
  const viewed = viewJson(text, options);
  if (viewed) {
    // The structural pass found the lines too (a BOM is a space here: the same offsets).
    const starts = viewLineStarts(viewed);
    if (starts !== undefined && lines.text.length === text.length) lines.adoptLineStarts(starts);
    return { root: viewed, errors: [], lines };
  }
  // The scanner reports repeats and nesting; only broken text pays for the error-recovering parser.
  const fast = scanJson(text, shape);
  if (!fast.error) {
    const errors: ReadError[] = fast.duplicates.map((k) => ({ code: 'duplicate-key', message: `Duplicate key "${String(k.value)}".`, span: k.span }));
    return { root: fast.root, errors, lines };
  }
  const errors: ReadError[] = [];
  const parseErrors: ParseError[] = [];
  let tree: JNode | undefined;
  try {
    tree = parseTree(text, parseErrors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: true });
  } catch (e) {
    // The error-recovering parser recurses; nesting thousands of levels deep exhausts the stack.
    if (e instanceof RangeError || fast.error.tooDeep) {
      const at = Math.min(fast.error.offset, text.length);
      errors.push({ code: 'too-deep', message: `Nesting far deeper than ${READ_LIMITS.maxDepth} levels; the document was not read.`, span: [at, Math.min(text.length, at + 1)] });
    } else {
      errors.push({ code: 'json-syntax', message: `JSON could not be read: ${(e as Error).message}`, span: [0, Math.min(1, text.length)] });
    }
    return { root: undefined, errors, lines };
  }
  for (const pe of parseErrors) {
    const start = Math.min(pe.offset, text.length);
    errors.push({ code: 'json-syntax', message: describe(pe), span: [start, Math.min(text.length, start + Math.max(1, pe.length))] });
  }
  const root = tree ? convert(tree, errors, 0, text.length) : undefined;
  return { root, errors, lines };
}

function describe(pe: ParseError): string {
  const name = printParseErrorCode(pe.error);
  // "PropertyNameExpected" reads better as "Property name expected".
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `JSON syntax error: ${words}.`;
}

/** `[offset, offset + length)`, cut at `end`. */
function within(offset: number, length: number, end: number): [number, number] {
  return [Math.min(offset, end), Math.min(offset + length, end)];
}

/**
 * `end`: the text's length. The error-recovering parser can give an unclosed value a length one
 * past the end of the text (seen on a broken 4.7 KB CRLF document); spans are kept inside it.
 */
function convert(n: JNode, errors: ReadError[], depth: number, end: number): Node {
  const span = within(n.offset, n.length, end);
  if (depth > READ_LIMITS.maxDepth) {
    if (depth === READ_LIMITS.maxDepth + 1) {
      errors.push({ code: 'too-deep', message: `Nesting deeper than ${READ_LIMITS.maxDepth} levels; the rest is ignored.`, span });
    }
    return { kind: 'scalar', value: null, span };
  }
  switch (n.type) {
    case 'object': {
      const entries: Entry[] = [];
      const seen = new Set<string>();
      for (const prop of n.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k) continue;
        const key = String(k.value);
        if (seen.has(key)) {
          errors.push({ code: 'duplicate-key', message: `Duplicate key "${key}".`, span: within(k.offset, k.length, end) });
        }
        seen.add(key);
        const value: Node = v ? convert(v, errors, depth + 1, end) : { kind: 'scalar', value: null, span: within(k.offset + k.length, 0, end) };
        entries.push({ key: { kind: 'scalar', value: key, span: within(k.offset, k.length, end) }, value });
      }
      return { kind: 'map', entries, span };
    }
    case 'array':
      return { kind: 'seq', items: (n.children ?? []).map((c) => convert(c, errors, depth + 1, end)), span };
    case 'string':
    case 'number':
    case 'boolean':
      return { kind: 'scalar', value: n.value as string | number | boolean, span };
    default:
      return { kind: 'scalar', value: null, span };
  }
}
