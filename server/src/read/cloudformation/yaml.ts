/**
 * CloudFormation YAML reader: `yaml` parses, this turns its AST into positioned nodes, rewriting
 * short-form tags (`!Ref X`) into their long form (`{Ref: X}`) so later stages see one shape.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, Schema, type Document, type Node as YNode, type Tags } from 'yaml';
import { type Entry, LineIndex, type MapNode, type Node, type ReadError, type ReadResult, type ScalarNode, type Span } from '../node.js';
import { Intrinsic, SHORT_FORM_TAGS } from './intrinsics.js';
import { READ_LIMITS } from '../limits.js';
import { keepShape } from '../keepShape.js';

/**
 * CloudFormation's short-form tags, for scalars, lists and maps alike, resolved to the node the
 * parser built. Unregistered, each tag costs the parser a warning, an Error with its stack trace
 * (a 500-resource template has hundreds); the nodes and their values are the same either way.
 */
const CFN_TAGS: Tags = [...SHORT_FORM_TAGS.keys()].flatMap((tag) => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'seq' as const, resolve: (value: unknown) => value },
  { tag, collection: 'map' as const, resolve: (value: unknown) => value },
]) as Tags;

/**
 * The schema of a YAML 1.2 document (the parser's default) with those tags, built once: the
 * parser would build it again for every document, which the editor's block reader parses by the
 * hundred. A document that names its YAML version gets the parser's own choice.
 */
const CFN_SCHEMA = new Schema({ resolveKnownTags: true, schema: 'core', customTags: CFN_TAGS });

export function readYaml(text: string, lines = new LineIndex(text)): ReadResult {
  const errors: ReadError[] = [];
  let doc: Document.Parsed;
  try {
    // The parser does not take a lone CR (old Mac) as a line break; an LF in its place keeps every offset.
    doc = parseDocument(text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text, {
      uniqueKeys: true,
      prettyErrors: false,
      keepSourceTokens: false,
      strict: true,
      ...(text.includes('%YAML') ? { customTags: CFN_TAGS } : { schema: CFN_SCHEMA }),
    });
  } catch (e) {
    // The parser is not documented to throw, but a reader must never let an exception out.
    errors.push({ code: 'yaml-syntax', message: `YAML could not be read: ${(e as Error).message}`, span: [0, Math.min(text.length, 1)] });
    return { root: undefined, errors, lines };
  }
  for (const e of doc.errors) {
    const span = clampSpan(e.pos, text.length);
    errors.push({ code: yamlCode(e.code, e.message), message: describeYamlError(e.code, e.message, text.slice(span[0], span[0] + 200)), span });
  }
  for (const w of doc.warnings) {
    if (w.code === 'TAG_RESOLVE_FAILED') continue; // handled per node: known tags are intrinsics
    const span = clampSpan(w.pos, text.length);
    errors.push({ code: yamlCode(w.code, w.message), message: describeYamlError(w.code, w.message, text.slice(span[0], span[0] + 200)), span });
  }
  const converter = new Converter(text, doc, errors);
  const root = doc.contents ? converter.convert(doc.contents as YNode, 0) : undefined;
  return { root, errors, lines, ...(converter.aliasCount > 0 ? { aliases: converter.aliasCount } : {}) };
}

function yamlCode(code: string, message: string): string {
  if (code === 'DUPLICATE_KEY') return 'duplicate-key';
  if (code === 'TAB_AS_INDENT') return 'yaml-tab-indent';
  if (isStackOverflow(message)) return 'too-deep';
  return 'yaml-syntax';
}

/** The parser reports running out of stack (absurdly deep flow nesting) as an ordinary error. */
function isStackOverflow(message: string): boolean {
  return /maximum call stack/i.test(message);
}

/** The parser's message, made to say what to do where it is terse. `source` is the text from the error on. */
function describeYamlError(code: string, message: string, source: string): string {
  if (code === 'DUPLICATE_KEY') {
    // The error covers the key's first character; the key runs to its colon.
    const m = /^(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\n]|'')*)'|([^\s:#][^:\n]*?))[ \t]*:(?:\s|$)/.exec(source);
    const key = m ? (m[1] ?? m[2]?.replace(/''/g, "'") ?? m[3]!) : undefined;
    return key !== undefined && key.length <= 80 ? `Duplicate key ${JSON.stringify(key)}.` : 'Duplicate key.';
  }
  if (code === 'TAB_AS_INDENT') return 'A tab is used for indentation; YAML allows only spaces there.';
  if (isStackOverflow(message)) return `Nesting far deeper than ${READ_LIMITS.maxDepth} levels; the YAML parser gave up here.`;
  return firstLine(message);
}

function firstLine(message: string): string {
  // The yaml package appends " at line X, column Y:" and a source excerpt; the range says that already.
  const head = message.split('\n')[0] ?? message;
  return head.replace(/ at line \d+, column \d+:?$/, '');
}

function clampSpan(pos: [number, number], len: number): Span {
  const start = Math.max(0, Math.min(pos[0], len));
  const end = Math.max(start, Math.min(pos[1], len));
  return [start, end === start && end < len ? end + 1 : end];
}

class Converter {
  private aliases = 0;
  private readonly memo = new Map<YNode, Node>();

  constructor(
    private readonly text: string,
    private readonly doc: Document.Parsed,
    private readonly errors: ReadError[],
  ) {}

  get aliasCount(): number {
    return this.aliases;
  }

  convert(node: YNode, depth: number): Node {
    if (depth > READ_LIMITS.maxDepth) {
      const span = this.spanOf(node);
      this.errors.push({ code: 'too-deep', message: `Nesting deeper than ${READ_LIMITS.maxDepth} levels; the rest is ignored.`, span });
      return { kind: 'scalar', value: null, span };
    }
    if (isAlias(node)) {
      this.aliases++;
      const span = this.spanOf(node);
      if (this.aliases > READ_LIMITS.maxAliases) {
        if (this.aliases === READ_LIMITS.maxAliases + 1) {
          this.errors.push({ code: 'too-many-aliases', message: `More than ${READ_LIMITS.maxAliases} YAML aliases; the rest are ignored (alias bomb?).`, span });
        }
        return { kind: 'scalar', value: null, span };
      }
      const target = node.resolve(this.doc);
      if (!target) {
        this.errors.push({ code: 'yaml-syntax', message: `Unresolved alias *${node.source}.`, span });
        return { kind: 'scalar', value: null, span };
      }
      // Aliases share the converted node: the tree becomes a DAG and never grows exponentially.
      const memo = this.memo.get(target as YNode);
      return memo ?? this.convert(target as YNode, depth + 1);
    }
    const memo = this.memo.get(node);
    if (memo) return memo;
    const plain = this.convertPlain(node, depth);
    const result = node.tag && !isDefaultTag(node.tag) ? this.applyTag(node, plain) : plain;
    this.memo.set(node, result);
    return result;
  }

  private convertPlain(node: YNode, depth: number): Node {
    const span = this.spanOf(node);
    if (isMap(node)) {
      const entries: Entry[] = [];
      for (const pair of node.items) {
        const keyNode = pair.key as YNode | null;
        let key: ScalarNode;
        if (keyNode && isScalar(keyNode)) {
          const [ks, ke] = this.spanOf(keyNode);
          key = { kind: 'scalar', value: keyNode.value == null ? '' : String(keyNode.value), span: [ks, ke] };
        } else if (keyNode) {
          const ks = this.spanOf(keyNode);
          this.errors.push({ code: 'yaml-complex-key', message: 'CloudFormation keys must be plain strings.', span: ks });
          key = { kind: 'scalar', value: this.text.slice(ks[0], ks[1]), span: ks };
        } else {
          key = { kind: 'scalar', value: '', span: [span[0], span[0]] };
        }
        const valueNode = pair.value as YNode | null;
        const value: Node = valueNode
          ? this.convert(valueNode, depth + 1)
          : { kind: 'scalar', value: null, span: [key.span[1], key.span[1]] };
        if (key.value === '<<') {
          this.errors.push({ code: 'yaml-merge-key', message: 'YAML merge keys (<<) are not supported by CloudFormation.', span: key.span });
        }
        entries.push({ key, value });
      }
      return { kind: 'map', entries, span };
    }
    if (isSeq(node)) {
      const items = node.items.map((item) =>
        item ? this.convert(item as YNode, depth + 1) : ({ kind: 'scalar', value: null, span } as Node),
      );
      return { kind: 'seq', items, span };
    }
    if (isScalar(node)) {
      const v = node.value;
      let value: ScalarNode['value'];
      if (v === null || v === undefined) value = null;
      else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') value = v;
      else if (typeof v === 'bigint') value = Number(v);
      else value = String(v);
      return { kind: 'scalar', value, span };
    }
    return { kind: 'scalar', value: null, span };
  }

  /** `!Ref X` becomes `{Ref: X}`; `!GetAtt A.B` becomes `{Fn::GetAtt: [A, B]}`. */
  private applyTag(node: YNode, value: Node): Node {
    const tag = node.tag!;
    const fn = SHORT_FORM_TAGS.get(tag);
    const [vs, ve] = value.span;
    const tagStart = this.findTagStart(tag, vs);
    if (!fn) {
      this.errors.push({ code: 'unknown-tag', message: `Unknown YAML tag ${tag}: CloudFormation accepts only its intrinsic function tags.`, span: [tagStart, tagStart + tag.length] });
      return value;
    }
    let arg: Node = value;
    if (fn === Intrinsic.GetAtt && value.kind === 'scalar' && typeof value.value === 'string') {
      const dot = value.value.indexOf('.');
      const a = dot < 0 ? value.value : value.value.slice(0, dot);
      const b = dot < 0 ? '' : value.value.slice(dot + 1);
      arg = { kind: 'seq', items: [{ kind: 'scalar', value: a, span: [vs, vs + a.length] }, { kind: 'scalar', value: b, span: [Math.min(ve, vs + a.length + 1), ve] }], span: value.span };
    }
    const key: ScalarNode = { kind: 'scalar', value: fn, span: [tagStart, tagStart + tag.length] };
    const map: MapNode = { kind: 'map', entries: [{ key, value: arg }], span: [tagStart, Math.max(ve, tagStart + tag.length)] };
    return map;
  }

  private findTagStart(tag: string, valueStart: number): number {
    const from = Math.max(0, valueStart - tag.length - 64);
    const at = this.text.lastIndexOf(tag, valueStart);
    return at >= from ? at : valueStart;
  }

  private spanOf(node: YNode): Span {
    const r = node.range;
    if (!r) return [0, 0];
    let end = Math.max(r[0], r[1]);
    // Block collections end where the next sibling starts; a range should end at the last character.
    if (isMap(node) || isSeq(node)) {
      while (end > r[0] && /\s/.test(this.text[end - 1]!)) end--;
    }
    return [r[0], end];
  }
}

function isDefaultTag(tag: string): boolean {
  return tag.startsWith('tag:yaml.org,2002:');
}

keepShape(new Converter('', parseDocument(''), []));
