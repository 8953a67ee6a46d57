/**
 * Adapts a Terraform plan's JSON to the builder's view of resources. Values come from
 * `planned_values` (or `resource_changes[].change.after`), unknown values from
 * `change.after_unknown`, and references from `configuration`, resolved through the module tree
 * (`module_calls` inputs for `var.*`, child outputs for `module.*.*`). The plan reader keeps only
 * the members read here (`PLAN_SHAPE` in read/terraform/plan.ts): read a new one, name it there.
 */
import { get, LineIndex, type MapNode, type Node, type ScalarNode, type Where } from '../../read/node.js';
import { keepShape } from '../../read/keepShape.js';
import { plainValue } from '../../read/jsonView.js';
import { mostSpecific, parseRef, splitAddress, stripKeys, type Ref } from './refs.js';
import { ABSENT, NO_TARGETS, type Json, type TfBody, type TfProblem, type TfResource, type TfTarget, type TfVal } from './source.js';

const MAX_DEPTH = 32;

interface ConfigModule {
  resources: Map<string, MapNode>;
  calls: Map<string, { node: MapNode; module?: ConfigModule }>;
  outputs: Map<string, Node>;
}

interface PlanEntry {
  /** Its place in the plan's list: the handle targets name it by. */
  index: number;
  address: string;
  addressNode: ScalarNode;
  type: string;
  /** Module instance path (`module.web[0]`), '' for the root. */
  module: string;
  /** `type.name` inside its module. */
  base: string;
  /** Instance key: `[0]`, `["a"]` or ''. */
  key: string;
  values?: Node;
  unknown?: Node;
}

/** The scope a reference is resolved in: a module's configuration path and, when fixed, its instance. */
interface Scope {
  path: string;
  instance?: string;
  /**
   * Resource references already resolved here: the target, or why there is none. Kept for the
   * scope of each module instance, which all its resources share.
   */
  resolved?: Map<Ref, TfTarget | string>;
}

/** `comments`: the text may hold comment lines (JSON read leniently after a syntax error). */
export function planResources(root: Node, file: string, lines: LineIndex, comments = false): { resources: TfResource[]; problems: TfProblem[] } {
  return new PlanAdapter(root, file, lines, comments).run();
}

class PlanAdapter {
  private readonly entries: PlanEntry[] = [];
  /**
   * Entries by module configuration path and `type.name`, in plan order, so that resolving a
   * reference does not scan every resource (which made big plans quadratic). Built once all
   * entries are collected.
   */
  private entriesByBase: Map<string, PlanEntry[]> | undefined;
  private readonly configs = new Map<string, ConfigModule>();
  private readonly problems: TfProblem[] = [];
  /** References parsed, by their text: a plan names the same few resources over and over. */
  private readonly refs = new Map<string, Ref>();
  /** The scope of each module instance (`''` for the root), by instance path. */
  private readonly scopes = new Map<string, Scope>();

  constructor(
    private readonly root: Node,
    private readonly file: string,
    private readonly lines: LineIndex,
    private readonly comments = false,
  ) {}

  run(): { resources: TfResource[]; problems: TfProblem[] } {
    const version = get(this.root, 'format_version');
    if (version?.kind === 'scalar' && typeof version.value === 'string' && Number(version.value.split('.')[0]) > 1) {
      this.problems.push({ code: 'unsupported-plan-format', message: `Plan format_version ${version.value} is newer than vpc-lint understands (1.x); results may be incomplete.`, file: this.file, lines: this.lines, span: version.span });
    }
    const config = get(get(this.root, 'configuration'), 'root_module');
    if (config) this.indexConfig(config, '', 0);
    const changes = new Map<string, { after?: Node; unknown?: Node; node: ScalarNode; type?: string; module: string; deleted: boolean }>();
    const rc = get(this.root, 'resource_changes');
    for (const item of rc?.kind === 'seq' ? rc.items : []) {
      const addr = get(item, 'address');
      if (addr?.kind !== 'scalar' || typeof addr.value !== 'string' || scalarString(get(item, 'mode')) === 'data') continue;
      const change = get(item, 'change');
      const actions = get(change, 'actions');
      const deleted = actions?.kind === 'seq' && actions.items.length === 1 && scalarString(actions.items[0]) === 'delete';
      changes.set(addr.value, { after: get(change, 'after'), unknown: get(change, 'after_unknown'), node: addr, type: scalarString(get(item, 'type')), module: scalarString(get(item, 'module_address')) ?? '', deleted });
    }
    const planned = get(get(this.root, 'planned_values'), 'root_module');
    if (planned) this.collectPlanned(planned, '', changes, 0);
    else {
      // No planned_values: the changes' `after` values stand in.
      for (const [address, c] of changes) {
        if (c.deleted) continue;
        this.addEntry(address, c.node, c.type, c.module, c.after, c.unknown);
      }
    }
    const resources = this.entries.map((e) => this.resource(e));
    return { resources, problems: this.problems };
  }

  private collectPlanned(mod: Node, moduleAddress: string, changes: Map<string, { unknown?: Node }>, depth: number): void {
    if (depth > MAX_DEPTH) return;
    const resources = get(mod, 'resources');
    for (const r of resources?.kind === 'seq' ? resources.items : []) {
      const addr = get(r, 'address');
      if (addr?.kind !== 'scalar' || typeof addr.value !== 'string' || scalarString(get(r, 'mode')) === 'data') continue;
      this.addEntry(addr.value, addr, scalarString(get(r, 'type')), moduleAddress, get(r, 'values'), changes.get(addr.value)?.unknown);
    }
    const children = get(mod, 'child_modules');
    for (const c of children?.kind === 'seq' ? children.items : []) this.collectPlanned(c, scalarString(get(c, 'address')) ?? moduleAddress, changes, depth + 1);
  }

  private addEntry(address: string, node: ScalarNode, type: string | undefined, moduleAddress: string, values: Node | undefined, unknown: Node | undefined): void {
    const parts = splitAddress(address);
    if (!parts) return;
    const module = moduleAddress || parts.module;
    this.entries.push({ index: this.entries.length, address, addressNode: node, type: type ?? parts.type, module, base: `${parts.type}.${parts.name}`, key: parts.key, values, unknown });
  }

  private indexConfig(node: Node, path: string, depth: number): ConfigModule {
    const mod: ConfigModule = { resources: new Map(), calls: new Map(), outputs: new Map() };
    this.configs.set(path, mod);
    const resources = get(node, 'resources');
    for (const r of resources?.kind === 'seq' ? resources.items : []) {
      const addr = scalarString(get(r, 'address'));
      const expr = get(r, 'expressions');
      if (addr && scalarString(get(r, 'mode')) !== 'data' && expr?.kind === 'map') mod.resources.set(addr, expr);
    }
    const outputs = get(node, 'outputs');
    if (outputs?.kind === 'map') for (const e of outputs.entries) mod.outputs.set(String(e.key.value), get(e.value, 'expression') ?? e.value);
    const calls = get(node, 'module_calls');
    if (calls?.kind === 'map') {
      for (const e of calls.entries) {
        if (e.value.kind !== 'map') continue;
        const name = String(e.key.value);
        const child = get(e.value, 'module');
        const childPath = path ? `${path}.module.${name}` : `module.${name}`;
        mod.calls.set(name, { node: e.value, module: child && depth < MAX_DEPTH ? this.indexConfig(child, childPath, depth + 1) : undefined });
      }
    }
    return mod;
  }

  private resource(e: PlanEntry): TfResource {
    let scope = this.scopes.get(e.module);
    if (!scope) this.scopes.set(e.module, (scope = { path: stripKeys(e.module), instance: e.module, resolved: new Map() }));
    const configModule = this.configs.get(scope.path);
    const expr = configModule?.resources.get(e.base);
    const configKnown = this.configs.size > 0;
    return {
      address: e.address,
      handle: e.index,
      type: e.type,
      file: this.file,
      lines: this.lines,
      at: e.addressNode,
      comments: this.comments,
      body: this.body(e.address, e.values, e.unknown, expr ? [expr] : [], configKnown, scope, e.values),
    };
  }

  /**
   * A block's view. `configs` are the configuration's expression maps that may describe it
   * (several when a set's item cannot be matched to one block); `configKnown` says whether the
   * configuration is present at all, which decides if an unconfigured unknown is merely computed.
   */
  private body(where: string, values: Node | undefined, unknownNode: Node | undefined, configs: MapNode[], configKnown: boolean, scope: Scope, at: Where | undefined): TfBody {
    return {
      at,
      attr: (name) => this.attr(where, name, values, unknownNode, configs, configKnown, scope),
      blocks: (name) => {
        const v = get(values, name);
        const u = isTrue(unknownNode) ? unknownNode : get(unknownNode, name);
        const blockConfigs = configs.flatMap((c) => expressionBlocks(get(c, name)));
        const configured = configs.some((c) => get(c, name) !== undefined);
        const items = v?.kind === 'seq' ? v.items : v?.kind === 'map' ? [v] : [];
        const out: TfBody[] = items.map((item, i) => {
          const itemUnknown = u?.kind === 'seq' ? u.items[i] : u?.kind === 'map' ? u : undefined;
          return this.body(`${where}.${name}`, item, itemUnknown, matchBlocks(item, blockConfigs, i, items.length), configKnown, scope, item);
        });
        const listUnknown = isTrue(u) || (u?.kind === 'seq' && u.items.length > items.length);
        if (listUnknown && (configured || !configKnown || configs.length === 0)) {
          return { items: out, unknown: `${where}.${name} is known only after apply`, at: configs.map((c) => get(c, name)).find((n) => n) ?? v };
        }
        return { items: out, at: v };
      },
    };
  }

  private attr(where: string, name: string, values: Node | undefined, unknownNode: Node | undefined, configs: MapNode[], configKnown: boolean, scope: Scope): TfVal {
    const v = get(values, name);
    const u = isTrue(unknownNode) ? unknownNode : get(unknownNode, name);
    const exprs: Node[] = [];
    for (const c of configs) {
      const e = get(c, name);
      if (e !== undefined) exprs.push(e);
    }
    // A name none of the three has is absent; the builder asks every resource for a few such ('//').
    if (v === undefined && u === undefined && exprs.length === 0) return ABSENT;
    const resolved = this.targets(exprs, scope);
    const partlyUnknown = u !== undefined && containsTrue(u);
    const value = v ? toJson(v) : null;
    if (value !== null && !partlyUnknown) return { state: 'known', value, at: v!, targets: resolved.targets };
    if (partlyUnknown) {
      // An optional, computed attribute the configuration leaves out takes the provider's default.
      if (configKnown && configs.length > 0 && exprs.length === 0) return ABSENT;
      const from = resolved.targets.length === 0 && resolved.reasons.length > 0 ? `, which comes from ${resolved.reasons[0]},` : '';
      return { state: 'unknown', reason: `${where}.${name}${from} is known only after apply`, at: exprs[0] ?? v, targets: resolved.targets };
    }
    return { state: 'absent', at: v, targets: NO_TARGETS };
  }

  /** The resources the expressions reference, resolved in `scope`, and what could not be. */
  private targets(exprs: Node[], scope: Scope): { targets: TfTarget[]; reasons: string[] } {
    const refs: string[] = [];
    for (const e of exprs) collectReferences(e, refs, 0);
    if (refs.length === 0) return NOTHING_REFERENCED;
    const out = { targets: [] as TfTarget[], reasons: [] as string[] };
    this.resolve(refs, scope, out, 0);
    return out;
  }

  private resolve(refTexts: string[], scope: Scope, out: { targets: TfTarget[]; reasons: string[] }, depth: number): void {
    if (depth > MAX_DEPTH) {
      out.reasons.push('a chain of module references too deep to follow');
      return;
    }
    for (const ref of mostSpecific(refTexts.map((t) => this.parse(t)))) this.resolveOne(ref, scope, out, depth);
  }

  private parse(text: string): Ref {
    let ref = this.refs.get(text);
    if (!ref) this.refs.set(text, (ref = parseRef(text)));
    return ref;
  }

  /** The entries of resource `base` (`type.name`) in the module at configuration path `path`. */
  private entriesAt(path: string, base: string): PlanEntry[] {
    if (!this.entriesByBase) {
      this.entriesByBase = new Map();
      for (const e of this.entries) {
        const key = `${stripKeys(e.module)} ${e.base}`;
        const list = this.entriesByBase.get(key);
        if (list) list.push(e);
        else this.entriesByBase.set(key, [e]);
      }
    }
    return this.entriesByBase.get(`${path} ${base}`) ?? [];
  }

  private resolveOne(ref: Ref, scope: Scope, out: { targets: TfTarget[]; reasons: string[] }, depth: number): void {
    switch (ref.kind) {
      case 'resource': {
        let r = scope.resolved?.get(ref);
        if (r === undefined) {
          const candidates = this.entriesAt(scope.path, `${ref.type}.${ref.name}`);
          const inScope = (e: PlanEntry) => ref.key === undefined || e.key === ref.key;
          let hits = candidates.filter((e) => inScope(e) && (scope.instance === undefined || e.module === scope.instance));
          if (hits.length === 0) hits = candidates.filter(inScope);
          r = hits.length === 0 ? ref.text : { handles: hits.map((h) => h.index), attr: ref.attr, text: ref.text };
          scope.resolved?.set(ref, r);
        }
        if (typeof r === 'string') out.reasons.push(r);
        else out.targets.push(r);
        return;
      }
      case 'var': {
        if (!scope.path) return; // A root variable is a constant; the planned value already holds it.
        const cut = scope.path.lastIndexOf('.module.');
        const parentPath = cut < 0 ? '' : scope.path.slice(0, cut);
        const callName = scope.path.slice(cut < 0 ? 'module.'.length : cut + '.module.'.length);
        const call = this.configs.get(parentPath)?.calls.get(callName);
        const expr = get(get(call?.node, 'expressions'), ref.name);
        if (!expr) return;
        const refs: string[] = [];
        collectReferences(expr, refs, 0);
        this.resolve(refs, { path: parentPath, instance: parentInstance(scope.instance) }, out, depth + 1);
        return;
      }
      case 'module': {
        const childPath = scope.path ? `${scope.path}.module.${ref.name}` : `module.${ref.name}`;
        const child = this.configs.get(childPath);
        const expr = ref.output ? child?.outputs.get(ref.output) : undefined;
        if (!expr) {
          out.reasons.push(ref.text);
          return;
        }
        const refs: string[] = [];
        collectReferences(expr, refs, 0);
        const self = `module.${ref.name}${ref.key ?? ''}`;
        const childInstance = scope.instance === undefined ? undefined : scope.instance ? `${scope.instance}.${self}` : self;
        this.resolve(refs, { path: childPath, instance: childInstance }, out, depth + 1);
        return;
      }
      case 'local':
        out.reasons.push(`local value ${ref.text}`);
        return;
      case 'data':
        out.reasons.push(`data source ${ref.text}`);
        return;
      default:
        return;
    }
  }
}

// The line index's shape is kept too, through the adapter's own.
keepShape(new PlanAdapter({ kind: 'map', entries: [], span: [0, 0] }, '', new LineIndex('')));

/** What expressions without references resolve to; shared, as nothing adds to it. */
const NOTHING_REFERENCED: { targets: TfTarget[]; reasons: string[] } = { targets: [], reasons: [] };

function parentInstance(instance: string | undefined): string | undefined {
  if (instance === undefined) return undefined;
  const parts = splitModules(instance);
  return parts.slice(0, -1).join('.');
}

/** `module.a[0].module.b` → [`module.a[0]`, `module.b`]. */
function splitModules(path: string): string[] {
  const out: string[] = [];
  const re = /module\.[A-Za-z0-9_-]+(?:\[(?:"(?:[^"\\]|\\.)*"|[^\]"]*)\])?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path))) out.push(m[0]);
  return out;
}

/** Every `references` list inside an expression (nested blocks hold expressions of their own). */
function collectReferences(node: Node, out: string[], depth: number): void {
  const plain = plainValue(node);
  if (plain !== undefined) return collectPlainReferences(plain, out, depth);
  if (depth > MAX_DEPTH) return;
  if (node.kind === 'seq') {
    for (const i of node.items) collectReferences(i, out, depth + 1);
    return;
  }
  if (node.kind !== 'map') return;
  const refs = get(node, 'references');
  if (refs?.kind === 'seq') {
    for (const r of refs.items) if (r.kind === 'scalar' && typeof r.value === 'string') out.push(r.value);
  }
  for (const e of node.entries) if (e.key.value !== 'references' && e.key.value !== 'constant_value') collectReferences(e.value, out, depth + 1);
}

/** {@link collectReferences} over a parsed JSON value. */
function collectPlainReferences(v: unknown, out: string[], depth: number): void {
  if (depth > MAX_DEPTH || typeof v !== 'object' || v === null) return;
  if (Array.isArray(v)) {
    for (const i of v) collectPlainReferences(i, out, depth + 1);
    return;
  }
  const map = v as Record<string, unknown>;
  const refs = map['references'];
  if (Array.isArray(refs)) for (const r of refs) if (typeof r === 'string') out.push(r);
  for (const k in map) if (k !== 'references' && k !== 'constant_value') collectPlainReferences(map[k], out, depth + 1);
}

/** The expression maps of nested blocks: a list of them, or one. */
function expressionBlocks(node: Node | undefined): MapNode[] {
  if (node?.kind === 'seq') return node.items.filter((n): n is MapNode => n.kind === 'map' && get(n, 'references') === undefined && get(n, 'constant_value') === undefined);
  if (node?.kind === 'map' && get(node, 'references') === undefined && get(node, 'constant_value') === undefined) return [node];
  return [];
}

/**
 * The configuration blocks a planned item may come from. Blocks that are sets (`ingress`,
 * `route`) are reordered by the plan, so items are matched on their constant values; when that
 * leaves several, all of them are candidates.
 */
function matchBlocks(item: Node, blocks: MapNode[], index: number, count: number): MapNode[] {
  if (blocks.length <= 1) return blocks;
  const agree = blocks.filter((b) =>
    b.entries.every((e) => {
      const c = get(e.value, 'constant_value');
      if (!c) return true;
      const v = get(item, String(e.key.value));
      return v === undefined || JSON.stringify(toJson(v)) === JSON.stringify(toJson(c));
    }),
  );
  if (agree.length === 1) return agree;
  if (blocks.length === count && agree.includes(blocks[index]!)) return [blocks[index]!];
  return agree.length > 0 ? agree : blocks;
}

function isTrue(n: Node | undefined): boolean {
  return n?.kind === 'scalar' && n.value === true;
}

function containsTrue(n: Node): boolean {
  if (n.kind === 'scalar') return n.value === true;
  if (n.kind === 'seq') return n.items.some(containsTrue);
  return false; // an object of unknown leaves is a block, read through blocks()
}

function scalarString(n: Node | undefined): string | undefined {
  return n?.kind === 'scalar' && typeof n.value === 'string' ? n.value : undefined;
}

/** A node's value as plain JSON: shared with the reader when it has one (never to be changed). */
export function toJson(n: Node): Json {
  const plain = plainValue(n);
  if (plain !== undefined) return plain as Json;
  if (n.kind === 'scalar') return n.value;
  if (n.kind === 'seq') return n.items.map(toJson);
  const o: { [k: string]: Json } = {};
  for (const e of n.entries) o[String(e.key.value)] = toJson(e.value);
  return o;
}
