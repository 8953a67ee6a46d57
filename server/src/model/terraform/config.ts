/**
 * Adapts Terraform configuration (one module: the `.tf.json` files of a folder, or HCL read into
 * the same JSON shape) to the builder's view of resources. Expressions are strings with `${…}`
 * interpolations: a plain reference links to a resource, `var.*` takes the variable's default,
 * `local.*` is evaluated, anything else is unknown with the resources it mentions.
 *
 * `count` and `for_each` are not expanded: a resource stands for all its instances and keeps its
 * configuration address. A known zero count (or empty `for_each`) drops it; a count that is not
 * known makes it conditional.
 */
import { get, type LineIndex, type MapNode, type Node, type ScalarNode, type Span, type Spanned, type Where } from '../../read/node.js';
import { plainValue } from '../../read/jsonView.js';
import { mostSpecific, parseRef, wholeReference, type Ref } from './refs.js';
import { ABSENT, NO_TARGETS, type Json, type TfBody, type TfProblem, type TfResource, type TfTarget, type TfVal } from './source.js';

export interface ConfigFile {
  file: string;
  lines: LineIndex;
  root: Node | undefined;
  /** The text can hold comment lines, which may hold suppressions: HCL, or JSON read leniently after a syntax error. */
  comments?: boolean;
}

const MAX_DEPTH = 24;

interface Located {
  node: Node;
  file: ConfigFile;
}

interface ConfigResource {
  /** Its place in the module's list: the handle targets name it by. */
  index: number;
  type: string;
  name: string;
  address: string;
  key: ScalarNode;
  body: MapNode;
  file: ConfigFile;
}

/** The value of an expression while it is evaluated: known JSON, or unknown with its references. */
type Ev = { known: true; value: Json } | { known: false; reason: string; targets: TfTarget[] };

export function configResources(files: ConfigFile[]): { resources: TfResource[]; problems: TfProblem[] } {
  return new ConfigAdapter(files).run();
}

/** Every map of a block: JSON syntax allows an object or an array of objects at each level. */
function bodies(node: Node | undefined): MapNode[] {
  if (node?.kind === 'map') return [node];
  if (node?.kind === 'seq') return node.items.filter((n): n is MapNode => n.kind === 'map');
  return [];
}

/** The first map of a block, as {@link bodies} would list it, without a list. */
function firstBody(node: Node | undefined): MapNode | undefined {
  if (node?.kind === 'map') return node;
  if (node?.kind === 'seq') for (const n of node.items) if (n.kind === 'map') return n;
  return undefined;
}

class ConfigAdapter {
  private readonly resources: ConfigResource[] = [];
  /**
   * The same resources by type, then name: a reference is a lookup, not a scan of the module.
   * Keyed by the parser's keys rather than by a `type.name` string made for the purpose, which
   * each lookup would have to hash anew.
   */
  private readonly byType = new Map<string, Map<string, ConfigResource>>();
  private readonly variables = new Map<string, Located | null>();
  private readonly locals = new Map<string, Located>();
  private readonly problems: TfProblem[] = [];
  private readonly evaluating = new Set<string>();

  constructor(private readonly files: ConfigFile[]) {}

  run(): { resources: TfResource[]; problems: TfProblem[] } {
    for (const file of this.files) this.index(file);
    const out: TfResource[] = [];
    for (const r of this.resources) {
      const when = this.existence(r);
      if (when === false) continue;
      out.push({ address: r.address, handle: r.index, type: r.type, file: r.file.file, lines: r.file.lines, at: r.key, comments: r.file.comments, body: this.body(r.body, r.file, r.address), when });
    }
    return { resources: out, problems: this.problems };
  }

  private index(file: ConfigFile): void {
    for (const top of bodies(file.root)) {
      for (const e of top.entries) {
        const section = String(e.key.value);
        if (section === 'resource') {
          for (const byType of bodies(e.value)) {
            for (const t of byType.entries) {
              for (const byName of bodies(t.value)) {
                for (const n of byName.entries) {
                  const body = firstBody(n.value);
                  if (!body) continue;
                  const type = String(t.key.value);
                  const name = String(n.key.value);
                  let named = this.byType.get(type);
                  if (named === undefined) this.byType.set(type, (named = new Map()));
                  if (named.has(name)) {
                    this.problems.push({ code: 'duplicate-resource', message: `Resource ${type}.${name} is declared more than once in this module.`, file: file.file, lines: file.lines, span: n.key.span });
                    continue;
                  }
                  const resource: ConfigResource = { index: this.resources.length, type, name, address: `${type}.${name}`, key: n.key, body, file };
                  this.resources.push(resource);
                  named.set(name, resource);
                }
              }
            }
          }
        } else if (section === 'variable') {
          for (const vars of bodies(e.value)) {
            for (const v of vars.entries) {
              const body = firstBody(v.value);
              const dflt = body ? get(body, 'default') : undefined;
              this.variables.set(String(v.key.value), dflt ? { node: dflt, file } : null);
            }
          }
        } else if (section === 'locals') {
          for (const block of bodies(e.value)) for (const l of block.entries) this.locals.set(String(l.key.value), { node: l.value, file });
        }
      }
    }
  }

  /** False when the resource has no instances; otherwise the conditions under which it has some (undefined: none). */
  private existence(r: ConfigResource): string[] | undefined | false {
    const count = get(r.body, 'count');
    const forEach = get(r.body, 'for_each');
    if (count) {
      const v = this.eval(count, r.file, 0);
      if (v.known) {
        const n = typeof v.value === 'number' ? v.value : typeof v.value === 'string' ? Number(v.value) : NaN;
        if (n === 0) return false;
        if (!Number.isNaN(n)) return undefined;
      }
      return [`the count of ${r.address} is not zero`];
    }
    if (forEach) {
      const v = this.eval(forEach, r.file, 0);
      if (v.known) {
        const size = Array.isArray(v.value) ? v.value.length : v.value && typeof v.value === 'object' ? Object.keys(v.value).length : -1;
        if (size === 0) return false;
        if (size > 0) return undefined;
      }
      return [`the for_each of ${r.address} is not empty`];
    }
    return undefined;
  }

  private body(node: MapNode, file: ConfigFile, where: string): TfBody {
    return new ConfigBody(this, node, file, where);
  }

  /** {@link TfBody.attr} of a {@link ConfigBody}. */
  attrOf(body: ConfigBody, name: string): TfVal {
    const node = body.at;
    const plain = body.plain;
    if (plain !== undefined) {
      const value = plain[name];
      // Parsed values are never functions: a function is Object.prototype's (as in the view's lookup).
      if (value === undefined || typeof value === 'function') return ABSENT;
      if (typeof value !== 'object' || value === null) {
        const at = new MemberAt(node, name);
        if (typeof value === 'string') return plainText(value) ? { state: 'known', value, at, targets: NO_TARGETS } : tfVal(this.interpolateOnce(value, body.file, 0), at);
        return value === null ? { state: 'absent', at, targets: NO_TARGETS } : { state: 'known', value: value as number | boolean, at, targets: NO_TARGETS };
      }
    }
    const v = get(node, name);
    if (!v) return ABSENT;
    return this.val(v, body.file, body.where, name);
  }

  /** {@link TfBody.blocks} of a {@link ConfigBody}. */
  blocksOf(body: ConfigBody, name: string): ReturnType<TfBody['blocks']> {
    const { at: node, file, where } = body;
    const v = get(node, name);
    if (!v) return { items: [] };
    if (v.kind === 'scalar' && typeof v.value === 'string') {
      // A whole block list written as one expression (dynamic content): not readable.
      return { items: [], unknown: `${where}.${name} is computed by an expression`, at: v };
    }
    const items = bodies(v).map((b) => this.body(b, file, `${where}.${name}`));
    // `dynamic "ingress" { … }` blocks generate items from an expression.
    const dynamic = get(get(node, 'dynamic'), name);
    if (dynamic) return { items, unknown: `dynamic ${name} blocks of ${where} are generated at plan time`, at: dynamic };
    return { items, at: v };
  }

  /** An attribute's value as the builder wants it: known, unknown with targets, or absent. `where`.`name` is the attribute, for messages. */
  private val(node: Node, file: ConfigFile, where: string, name: string): TfVal {
    if (node.kind === 'seq') {
      const nodes = node.items;
      const items = new Array<TfVal>(nodes.length);
      let known = true;
      let reason: string | undefined;
      let targets: TfTarget[] | undefined;
      for (let i = 0; i < nodes.length; i++) {
        const v = (items[i] = this.val(nodes[i]!, file, where, name));
        if (v.state === 'known') continue;
        known = false;
        if (v.state === 'unknown') reason ??= v.reason;
        if (v.targets.length > 0) (targets ??= []).push(...v.targets);
      }
      if (known) return { state: 'known', value: items.map((i) => (i as { value: Json }).value), at: node, targets: NO_TARGETS, items };
      return { state: 'unknown', reason: reason ?? `${where}.${name} is not fully known`, at: node, targets: targets ?? NO_TARGETS, items };
    }
    return tfVal(this.eval(node, file, 0), node);
  }

  private eval(node: Node, file: ConfigFile, depth: number): Ev {
    if (depth > MAX_DEPTH) return { known: false, reason: 'the expression nests too deeply', targets: [] };
    if (node.kind === 'scalar') return typeof node.value === 'string' ? this.template(node.value, file, depth) : { known: true, value: node.value };
    if (node.kind === 'seq') {
      const out: Json[] = [];
      for (const i of node.items) {
        const v = this.eval(i, file, depth + 1);
        if (!v.known) return v;
        out.push(v.value);
      }
      return { known: true, value: out };
    }
    const o: { [k: string]: Json } = {};
    for (const e of node.entries) {
      const v = this.eval(e.value, file, depth + 1);
      if (!v.known) return v;
      o[String(e.key.value)] = v.value;
    }
    return { known: true, value: o };
  }

  /** A string: literal text with `${…}` interpolations (`$${` is a literal `${`). */
  private template(text: string, file: ConfigFile, depth: number): Ev {
    return plainText(text) ? { known: true, value: text } : this.interpolateOnce(text, file, depth);
  }

  /** A string that is not plain text, interpolated once per module where it cannot depend on where it is written ({@link templates}). */
  private interpolateOnce(text: string, file: ConfigFile, depth: number): Ev {
    if (depth > 0 || this.evaluating.size > 0) return this.interpolate(text, file, depth);
    let v = this.templates.get(text);
    if (v === undefined) this.templates.set(text, (v = this.interpolate(text, file, depth)));
    return v;
  }

  /**
   * Results of top-level strings with interpolations, by their text. Outside a cycle guard and at
   * depth 0 a string means the same wherever it is written in the module (variables, locals and
   * resources are the module's), and the same references recur across resources.
   */
  private readonly templates = new Map<string, Ev>();

  private interpolate(text: string, file: ConfigFile, depth: number): Ev {
    const whole = wholeReference(text);
    if (whole !== undefined) return this.reference(whole, file, depth);
    const parts = splitTemplate(text);
    if (parts === undefined) return { known: false, reason: `"${text.slice(0, 60)}" uses a template directive`, targets: [] };
    if (parts.length === 1 && parts[0]!.expr !== undefined) return this.expression(parts[0]!.expr, file, depth);
    let out = '';
    for (const p of parts) {
      if (p.expr === undefined) {
        out += p.text;
        continue;
      }
      const v = this.expression(p.expr, file, depth);
      if (!v.known) return v;
      out += typeof v.value === 'string' ? v.value : JSON.stringify(v.value);
    }
    return { known: true, value: out };
  }

  private expression(expr: string, file: ConfigFile, depth: number): Ev {
    const e = expr.trim();
    if (/^-?\d+(\.\d+)?$/.test(e)) return { known: true, value: Number(e) };
    if (e === 'true' || e === 'false') return { known: true, value: e === 'true' };
    if (e === 'null') return { known: true, value: null };
    if (/^"(?:[^"\\$%]|\\.)*"$/.test(e)) return { known: true, value: JSON.parse(e) as string };
    if (TRAVERSAL.test(e)) return this.reference(parseRef(e), file, depth);
    // Anything else (a function call, a conditional, arithmetic): unknown, with what it mentions.
    const refs = mostSpecific([...e.matchAll(MENTION)].map((m) => parseRef(m[0])));
    const targets: TfTarget[] = [];
    const others: string[] = [];
    for (const r of refs) {
      const v = this.reference(r, file, depth);
      if (!v.known) {
        if (v.targets.length) targets.push(...v.targets);
        else others.push(r.text);
      }
    }
    const merged: TfTarget[] = targets.length ? [{ handles: [...new Set(targets.flatMap((t) => t.handles))], attr: targets[0]!.attr, text: targets.map((t) => t.text).join(' or ') }] : [];
    const reason = others.length ? `${short(e)} depends on ${others.slice(0, 2).join(' and ')}` : `${short(e)} is computed when Terraform runs`;
    return { known: false, reason, targets: merged };
  }

  private reference(ref: Ref, file: ConfigFile, depth: number): Ev {
    switch (ref.kind) {
      case 'resource': {
        const hit = this.byType.get(ref.type)?.get(ref.name);
        if (!hit) return { known: false, reason: `${ref.text} is not declared in this module`, targets: [{ handles: [], attr: ref.attr, text: ref.text }] };
        // A CIDR argument is stored as written: `aws_vpc.main.cidr_block` is the VPC's own block.
        const own = ref.attr && CIDR_ARGUMENTS.has(ref.attr) ? get(hit.body, ref.attr) : undefined;
        if (own && !this.evaluating.has(hit.address)) {
          this.evaluating.add(hit.address);
          try {
            const v = this.eval(own, hit.file, depth + 1);
            if (v.known && typeof v.value === 'string') return v;
          } finally {
            this.evaluating.delete(hit.address);
          }
        }
        return { known: false, reason: `${ref.text} is known only after apply`, targets: [{ handles: [hit.index], attr: ref.attr, text: ref.text }] };
      }
      case 'var': {
        const v = this.variables.get(ref.name);
        if (v === undefined) return { known: false, reason: `variable ${ref.name} is not declared in this module`, targets: [] };
        if (v === null) return { known: false, reason: `variable ${ref.name} has no default`, targets: [] };
        const value = this.eval(v.node, v.file, depth + 1);
        return value.known ? { known: true, value: pick(value.value, ref.text) } : value;
      }
      case 'local': {
        const l = this.locals.get(ref.name);
        if (!l) return { known: false, reason: `local.${ref.name} is not declared in this module`, targets: [] };
        if (this.evaluating.has(ref.name)) return { known: false, reason: `local.${ref.name} refers to itself`, targets: [] };
        this.evaluating.add(ref.name);
        try {
          const value = this.eval(l.node, l.file, depth + 1);
          return value.known ? { known: true, value: pick(value.value, ref.text) } : value;
        } finally {
          this.evaluating.delete(ref.name);
        }
      }
      case 'module':
        return { known: false, reason: `${ref.text} is an output of module ${ref.name}, which is checked on its own`, targets: [] };
      case 'data':
        return { known: false, reason: `${ref.text} is read from data source data.${ref.type}.${ref.name} at plan time`, targets: [] };
      default:
        return { known: false, reason: `${ref.text} is known only when Terraform runs`, targets: [] };
    }
  }
}

/** A block body of the configuration: one object, where closures would make three. */
class ConfigBody implements TfBody {
  /** A JSON view's parsed object: scalar attributes are read from it without making their nodes. */
  readonly plain: Record<string, unknown> | undefined;

  constructor(
    private readonly adapter: ConfigAdapter,
    readonly at: MapNode,
    readonly file: ConfigFile,
    /** The block's address, for messages: `aws_security_group.web.ingress`. */
    readonly where: string,
  ) {
    this.plain = plainValue(at) as Record<string, unknown> | undefined;
  }

  attr(name: string): TfVal {
    return this.adapter.attrOf(this, name);
  }

  blocks(name: string): ReturnType<TfBody['blocks']> {
    return this.adapter.blocksOf(this, name);
  }
}

/** Whether a string is plain text, as most are: no interpolation, no directive, no escape of either. */
function plainText(text: string): boolean {
  return !text.includes('{') || (!text.includes('${') && !text.includes('%{'));
}

/** An evaluated value as the builder wants it, written at `at`. */
function tfVal(v: Ev, at: Where): TfVal {
  if (v.known) return v.value === null ? { state: 'absent', at, targets: NO_TARGETS } : { state: 'known', value: v.value, at, targets: NO_TARGETS };
  return { state: 'unknown', reason: v.reason, at, targets: v.targets };
}

/** Where a member of a JSON view's object is written: its node is made only when its span is asked for. */
class MemberAt implements Spanned {
  constructor(
    private readonly map: MapNode,
    private readonly key: string,
  ) {}

  get span(): Span {
    return get(this.map, this.key)!.span;
  }
}

/** Arguments whose value after apply is the configured one, so a reference to them is known. */
const CIDR_ARGUMENTS = new Set(['cidr_block', 'ipv6_cidr_block']);

/** A plain reference: `aws_vpc.main.id`, `var.x`, `aws_subnet.a[0].id`, `aws_subnet.a.*.id`. */
const TRAVERSAL = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_*][\w-]*|\.\d+|\[\s*(?:\d+|\*|"[^"]*"|count\.index|each\.(?:key|value))\s*\])*$/;
/** References mentioned inside a larger expression. */
const MENTION = /(?<![\w."])(?:module|var|local|data|[a-z][a-z0-9]*_[a-z0-9_]+)\.[A-Za-z_][\w-]*(?:\.[A-Za-z_*][\w-]*|\.\d+|\[[^\]]*\])*/g;

function short(e: string): string {
  return e.length > 60 ? `${e.slice(0, 57)}…` : e;
}

/** Reads attributes and indexes after the first name (`var.cfg.cidr`, `local.subnets[0]`). */
function pick(value: Json, text: string): Json {
  const parts = text.split(/\.|\[|\]/).filter((p) => p !== '').slice(2);
  let cur: Json = value;
  for (const p of parts) {
    const key = p.replace(/^"|"$/g, '');
    if (Array.isArray(cur) && /^\d+$/.test(key)) cur = cur[Number(key)] ?? null;
    else if (cur && typeof cur === 'object' && !Array.isArray(cur)) cur = (cur as { [k: string]: Json })[key] ?? null;
    else return null;
  }
  return cur;
}

/** Splits a template string; undefined when it uses `%{…}` directives. */
export function splitTemplate(text: string): { text: string; expr?: string }[] | undefined {
  const out: { text: string; expr?: string }[] = [];
  let buf = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i) || text.startsWith('%%{', i)) {
      buf += text.slice(i + 1, i + 3);
      i += 3;
      continue;
    }
    if (text.startsWith('%{', i)) return undefined;
    if (text.startsWith('${', i)) {
      const end = closingBrace(text, i + 2);
      if (end < 0) {
        buf += text.slice(i);
        break;
      }
      if (buf) out.push({ text: buf });
      buf = '';
      out.push({ text: '', expr: text.slice(i + 2, end).replace(/^~|~$/g, '') });
      i = end + 1;
      continue;
    }
    buf += text[i];
    i++;
  }
  if (buf || out.length === 0) out.push({ text: buf });
  return out;
}

function closingBrace(text: string, from: number): number {
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

