/**
 * After an edit, re-runs only the analysis that depends on what the edit changed.
 *
 * The resources of a template fall into parts: two resources are in one part when one names the
 * other (Ref, Fn::GetAtt, Fn::Sub, DependsOn), directly or through others. The model builder,
 * the evaluator, the cycle check, the analysis and the rules look from one resource to another
 * only through such names, so a part's findings depend on nothing but its own resources' text,
 * the sections the model reads (Parameters, Conditions, Mappings, Transform), the comment lines
 * above each resource (ignore comments), and the options. That is the key a part's findings are
 * cached by. An edit inside one resource changes the key of its part only (or of the parts it
 * joins or splits); every other part's findings are reused, moved by the lines the edit added or
 * removed above them.
 *
 * Whenever that reasoning might not hold, this returns undefined and the caller checks the whole
 * template: a name computed at deployment (`!GetAtt [!Ref P, Attr]`), a resource named from the
 * sections every part reads, a resource named '', a finding placed in one of those sections
 * (reported once for the whole template, not once per part), a rule that throws (a full check
 * loses its findings everywhere), or parts that together reach the evaluator's step limit (which
 * a full check applies to the whole template). Two resources under one name never get here: the
 * block reader leaves those to the full parser.
 *
 * `relocated` updates the cached findings in place to where they stand now; `partition` lists
 * each part's members in ascending order, so a part holding the first resource starts with 0.
 */
import { get, type Entry, type LineIndex, type Node, type Range } from './read/node.js';
import { Intrinsic, Section } from './read/cloudformation/intrinsics.js';
import type { BlockLayout, BlockPlace, YamlBlockCache } from './read/cloudformation/yamlBlocks.js';
import { resourceOf, templateSections } from './model/cloudformation/template.js';
import { SUBSTITUTED } from './model/cloudformation/cycles.js';
import { MAX_STEPS } from './model/cloudformation/evaluate.js';
import { forCommentsAbove, YAML_COMMENT } from './model/suppressionComments.js';
import { analyseTemplate } from './checkTemplate.js';
import type { CheckOptions } from './engine.js';
import type { Finding } from './rules/types.js';

/** The sections the model reads besides Resources; a change to one re-runs every part. */
const READ_SECTIONS = [Section.Parameters, Section.Conditions, Section.Mappings, Section.Transform];

/** A block's lines when a part's findings were found: [line, end) */
interface Anchor {
  line: number;
  end: number;
}

interface PartResult {
  findings: Finding[];
  /** The lines of the part's resource blocks, then of {@link READ_SECTIONS}' blocks, when found. */
  anchors: Anchor[];
  /** A finding lies in a section every part reads: the whole template must be checked instead. */
  shared: boolean;
  /** Evaluation steps the part's model took: parts together may not take more than one template may. */
  steps: number;
  generation: number;
}

/** What is known of one block's text, kept while the block is. */
interface BlockFacts {
  /** The names it mentions; null when one is computed. */
  names: readonly string[] | null;
  /** Its last lines that are comments: the ignore comments of the resource after it. */
  tail?: string;
  /** The resources it names, by position, ascending and each once; valid for `edgesVersion`. */
  edges?: number[];
  edgesVersion?: number;
  generation: number;
}

/** The resources and parts of the last check that went by parts. */
interface Partition {
  ids: number[];
  names: string[];
  index: Map<string, number>;
  parts: number[][];
  keys: string[];
  context: string;
}

/** What one document's checks keep for the next: per block and per part. */
export class PartCache {
  readonly blocks = new Map<number, BlockFacts>();
  readonly parts = new Map<string, PartResult>();
  last: Partition | undefined;
  /** Bumped whenever resources are renamed, added or removed: positions change meaning. */
  indexVersion = 0;
  generation = 0;
  /** Whether the last check went by parts, and how many it analysed and reused: for tests and benchmarks. */
  byParts = false;
  analysed = 0;
  reused = 0;
}

const caches = new WeakMap<YamlBlockCache, PartCache>();

/** The part state kept with a document's block cache. */
export function partCache(blocks: YamlBlockCache): PartCache {
  let cache = caches.get(blocks);
  if (!cache) caches.set(blocks, (cache = new PartCache()));
  return cache;
}

/**
 * The findings of the template's resources, part by part (unsorted), or undefined when the whole
 * template must be checked at once. `root` and `layout` come from one block read of the text.
 */
export function checkByParts(root: Node, layout: BlockLayout, lines: LineIndex, file: string, blocks: YamlBlockCache, options: CheckOptions): Finding[] | undefined {
  const cache = partCache(blocks);
  const gen = ++cache.generation;
  cache.analysed = cache.reused = 0;
  const findings = partsOf(root, layout, lines, file, cache, gen, options);
  cache.byParts = findings !== undefined;
  // Findings are reused by later checks: nobody may change them.
  if (findings) for (const f of findings) deepFreeze(f);
  // What this check did not use goes, whether it went by parts or not.
  for (const [k, r] of cache.parts) if (r.generation !== gen) cache.parts.delete(k);
  // Facts of blocks gone: swept when they are as many as the blocks there are.
  if (cache.blocks.size > 2 * (layout.resources.length + layout.sections.size) + 64) {
    for (const place of layout.resources.concat([...layout.sections.values()])) {
      const f = cache.blocks.get(place.id);
      if (f) f.generation = gen;
    }
    for (const [id, f] of cache.blocks) if (f.generation !== gen) cache.blocks.delete(id);
  }
  return findings;
}

function partsOf(root: Node, layout: BlockLayout, lines: LineIndex, file: string, cache: PartCache, gen: number, options: CheckOptions): Finding[] | undefined {
  const resources = get(root, Section.Resources);
  if (resources?.kind !== 'map' || resources.entries.length !== layout.resources.length || root.kind !== 'map') return undefined;
  const entries = resources.entries;
  const last = cache.last;
  cache.last = undefined;
  const places = layout.resources;
  const n = places.length;
  // `node` is asked for only when the block is new: a moved block's nodes are copied when read.
  const facts = (place: BlockPlace, node: () => Node | undefined): BlockFacts => {
    let f = cache.blocks.get(place.id);
    if (!f) cache.blocks.set(place.id, (f = { names: mentions(node()), generation: gen }));
    return f;
  };

  // Resources by name: the last check's, while no edit renamed, added or removed one.
  const changed: number[] = [];
  let reuse = last !== undefined && last.ids.length === n;
  for (let i = 0; reuse && i < n; i++) {
    if (places[i]!.id === last!.ids[i]) continue;
    if (String(entries[i]!.key.value) !== last!.names[i]) reuse = false;
    else changed.push(i);
  }
  let index: Map<string, number>;
  let names: string[];
  if (reuse) ({ index, names } = last!);
  else {
    cache.indexVersion++;
    index = new Map();
    names = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const id = String(entries[i]!.key.value);
      // The block reader steps aside when two resources share a name, so each name is new here.
      // A resource named '' would own every finding that names no resource (its ignore comments too).
      if (id === '') return undefined;
      index.set(id, i);
      names[i] = id;
    }
  }

  // A section every part reads must not name a resource: that would tie every part to it.
  const sections: BlockPlace[] = [];
  let context = JSON.stringify([file, options.trustedCidrs ?? [], [...(options.disabledRules ?? [])].sort()]);
  for (const name of READ_SECTIONS) {
    const place = layout.sections.get(name);
    context += `${place?.id ?? '-'},`;
    if (!place) continue;
    sections.push(place);
    const mentioned = facts(place, () => get(root, name)).names;
    if (mentioned === null || mentioned.some((m) => index.has(m))) return undefined;
  }

  const edgesOf = (i: number): number[] | null => {
    const f = facts(places[i]!, () => entries[i]!.value);
    if (f.names === null) return null;
    if (f.edgesVersion !== cache.indexVersion) {
      const found = new Set<number>();
      for (const name of f.names) {
        const j = index.get(name);
        if (j !== undefined) found.add(j);
      }
      f.edges = [...found].sort((a, b) => a - b);
      f.edgesVersion = cache.indexVersion;
    }
    return f.edges!;
  };
  // The parts: the last check's, while the edited resources name what they named before.
  let parts: number[][] | undefined;
  if (reuse) {
    parts = last!.parts;
    for (const i of changed) {
      const now = edgesOf(i);
      if (now === null) return undefined;
      const before = cache.blocks.get(last!.ids[i]!);
      if (before?.edgesVersion !== cache.indexVersion || !sameNumbers(now, before.edges!)) parts = undefined;
    }
  }
  if (!parts) {
    parts = partition(n, edgesOf);
    if (!parts) return undefined;
  }

  // Keys: a part's resource blocks, and the comment lines right above each resource (its ignore
  // comments), which stand at the end of the block before it or, for the first, above all blocks.
  const stale = new Uint8Array(n);
  for (const i of changed) {
    stale[i] = 1;
    if (i + 1 < n) stale[i + 1] = 1;
  }
  const tailAbove = (i: number): string => {
    if (i === 0) return commentsAbove(lines, places[0]!.start);
    const f = facts(places[i - 1]!, () => entries[i - 1]!.value);
    return (f.tail ??= commentsAbove(lines, places[i]!.start));
  };
  const keys = parts.map((part, p) => {
    if (parts === last?.parts && context === last.context && part[0] !== 0 && !part.some((i) => stale[i])) return last.keys[p]!;
    let key = context;
    for (const i of part) key += `|${places[i]!.id}${tailAbove(i)}`;
    return key;
  });

  const findings: Finding[] = [];
  // The whole template's evaluator stops at MAX_STEPS; parts, each with its own, take at least as
  // many steps together (they share no caches). Below the limit together, no part reached it.
  let steps = 0;
  const startLines = lines.linesAt(places.map((pl) => pl.start));
  const sectionLines = sections.map((s) => lines.lineAt(s.start));
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    const hit = cache.parts.get(keys[p]!);
    const moved = hit && relocated(hit, part.map((i) => startLines[i]!).concat(sectionLines));
    if (hit && moved) {
      if (hit.shared) return undefined;
      hit.generation = gen;
      if ((steps += hit.steps) > MAX_STEPS) return undefined;
      cache.reused++;
      for (const f of moved) findings.push(f);
      continue;
    }
    cache.analysed++;
    const anchors = part.map((i) => anchorOf(startLines[i]!, places[i]!, lines)).concat(sections.map((s, k) => anchorOf(sectionLines[k]!, s, lines)));
    const result = analysePart(root, entries, part, anchors, file, lines, options, gen);
    // Kept even when shared, so that the next check turns to the whole template at once.
    if (result.cacheable) cache.parts.set(keys[p]!, result);
    // A rule that throws loses its findings for the whole template in a full check: the same here.
    if (result.shared || result.failed || (steps += result.steps) > MAX_STEPS) return undefined;
    for (const f of result.findings) findings.push(f);
  }
  cache.last = { ids: places.map((pl) => pl.id), names, index, parts, keys, context };
  return findings;
}

/** Resources joined through what they name (union-find); undefined when a name is computed. */
function partition(n: number, edgesOf: (i: number) => number[] | null): number[][] | undefined {
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (let i = 0; i < n; i++) {
    const edges = edgesOf(i);
    if (edges === null) return undefined;
    for (const j of edges) parent[find(i)] = find(j);
  }
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    const list = members.get(r);
    if (list) list.push(i);
    else members.set(r, [i]);
  }
  return [...members.values()];
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The lines of a block that starts on `line`. */
function anchorOf(line: number, place: BlockPlace, lines: LineIndex): Anchor {
  // The last block of a text without a final line break ends on its own last line.
  return { line, end: place.end >= lines.text.length ? lines.lineCount : lines.lineAt(place.end) };
}

/** The comment lines right above `offset`'s line, as the builder reads them for ignore comments. */
function commentsAbove(lines: LineIndex, offset: number): string {
  let out = '';
  forCommentsAbove(lines, offset, YAML_COMMENT, (text) => (out += `\n${text}`));
  return out;
}

function analysePart(root: Node, entries: readonly Entry[], part: readonly number[], anchors: Anchor[], file: string, lines: LineIndex, options: CheckOptions, generation: number): PartResult & { cacheable: boolean; failed: boolean } {
  const template = templateSections(root)!;
  for (const i of part) {
    const res = resourceOf(entries[i]!);
    template.resources.set(res.id, res);
  }
  let failed = false;
  const spent = { steps: 0 };
  const findings = analyseTemplate(template, file, lines, 'yaml', false, {
    ...options,
    onRuleError: (rule, error) => {
      failed = true;
      options.onRuleError?.(rule, error);
    },
  }, spent);
  const sectionsFrom = part.length;
  let placed = true;
  let shared = false;
  for (const f of findings) {
    withRanges(f, (r) => {
      const a = anchorAt(anchors, r);
      if (a < 0) placed = false;
      else if (a >= sectionsFrom) shared = true;
      return r;
    });
  }
  // A rule that failed is reported again next time; a finding outside the part's blocks cannot be moved.
  return { findings, anchors, shared, steps: spent.steps, generation, cacheable: !failed && placed, failed };
}

/** A copy of the finding with each range it holds (main, related, path, source) passed through `move`. */
function withRanges(f: Finding, move: (r: Range) => Range): Finding {
  const g: Finding = { ...f, range: move(f.range) };
  if (f.related) g.related = f.related.map((r) => ({ ...r, range: move(r.range) }));
  if (f.path) g.path = f.path.map((s) => (s.range ? { ...s, range: move(s.range) } : s));
  if (f.source) g.source = { ...f.source, range: move(f.source.range) };
  return g;
}

/** The anchor whose lines hold the range, or -1. A range may end at the start of the line after. */
function anchorAt(anchors: readonly Anchor[], r: Range): number {
  for (let a = 0; a < anchors.length; a++) {
    const { line, end } = anchors[a]!;
    if (r.start.line >= line && r.start.line < end && (r.end.line < end || (r.end.line === end && r.end.character === 0))) return a;
  }
  return -1;
}

/**
 * The cached findings, moved to where their blocks start now (`starts`, in anchor order). A
 * block's text is unchanged, so it moves by whole lines and characters stay.
 */
function relocated(hit: PartResult, starts: readonly number[]): Finding[] | undefined {
  if (starts.length !== hit.anchors.length) return undefined;
  if (starts.every((line, a) => line === hit.anchors[a]!.line)) return hit.findings;
  const shift = (r: Range): Range => {
    const a = anchorAt(hit.anchors, r);
    const d = starts[a]! - hit.anchors[a]!.line;
    return d === 0 ? r : { start: { line: r.start.line + d, character: r.start.character }, end: { line: r.end.line + d, character: r.end.character } };
  };
  const findings = hit.findings.map((f) => withRanges(f, shift));
  // Later moves start from here: the findings and blocks as they stand now.
  hit.findings = findings;
  hit.anchors = hit.anchors.map((x, a) => ({ line: starts[a]!, end: starts[a]! + x.end - x.line }));
  return findings;
}

/**
 * The names a resource (or section) mentions where the evaluator may look a resource up: `Ref`
 * names, `Fn::GetAtt` resources, `${…}` names in strings, `DependsOn` names. Null when one is
 * computed (`!GetAtt [!Ref P, Attr]`), so that it could be any resource.
 */
export function mentions(node: Node | undefined): string[] | null {
  const out: string[] = [];
  return node === undefined || walk(node, out, 0) ? out : null;
}

function walk(node: Node, out: string[], depth: number): boolean {
  if (depth > 250) return false;
  if (node.kind === 'scalar') {
    if (typeof node.value === 'string' && node.value.includes('${')) substituted(node.value, out);
    return true;
  }
  if (node.kind === 'seq') return node.items.every((i) => walk(i, out, depth + 1));
  for (const { key, value } of node.entries) {
    const k = key.value;
    if (k === Intrinsic.Ref || k === 'DependsOn') {
      if (value.kind === 'scalar' && typeof value.value === 'string') name(value.value, out);
      else if (value.kind === 'seq') for (const v of value.items) if (v.kind === 'scalar' && typeof v.value === 'string') name(v.value, out);
    } else if (k === Intrinsic.GetAtt) {
      const first = value.kind === 'seq' ? value.items[0] : value;
      if (first?.kind !== 'scalar') return false;
      // The evaluator takes the list form's first item as text, whatever its type.
      name(String(first.value), out);
    }
    if (!walk(value, out, depth + 1)) return false;
  }
  return true;
}

/** A name, and the resource before its first dot (`Res.Attr`). */
function name(s: string, out: string[]): void {
  out.push(s);
  const dot = s.indexOf('.');
  if (dot > 0) out.push(s.slice(0, dot));
}

/** The names in a string as the evaluator reads `${…}`, and as the cycle check does. */
function substituted(s: string, out: string[]): void {
  for (const m of s.matchAll(/\$\{(!?)([^}]*)\}/g)) if (m[1] !== '!') name(m[2]!.trim(), out);
  for (const m of s.matchAll(SUBSTITUTED)) out.push(m[1]!);
}

/** Freezes a finding and everything it holds; what is frozen already is left as it is. */
function deepFreeze(v: unknown): void {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return;
  Object.freeze(v);
  for (const x of Object.values(v)) deepFreeze(x);
}
