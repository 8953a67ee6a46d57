/**
 * Finds circular dependencies between resources (Ref, Fn::GetAtt, Fn::Sub and DependsOn), which
 * CloudFormation rejects. Iterative Tarjan, so deep chains cannot overflow the stack.
 */
import type { Node, Span } from '../../read/node.js';
import { plainValue } from '../../read/jsonView.js';
import { Intrinsic } from '../../read/cloudformation/intrinsics.js';
import type { CfnTemplate } from './template.js';

export interface Cycle {
  ids: string[];
  span: Span;
}

/**
 * `sharedNodes`: the tree may hold one node in several places (YAML aliases make it a DAG), so
 * each node is walked once per resource. Without aliases (JSON, or YAML without any) the tree is a
 * tree and that bookkeeping is skipped.
 */
export function findCycles(t: CfnTemplate, { sharedNodes = true }: { sharedNodes?: boolean } = {}): Cycle[] {
  // Resources are numbered in template order; the graph and Tarjan's bookkeeping are integer arrays.
  const resources = [...t.resources.values()];
  const refs = new References(resources);
  const edges: number[][] = resources.map((res, i) => {
    refs.start(i);
    // A JSON view's parsed values are walked without making nodes for them.
    const plain = plainValue(res.node);
    if (plain !== undefined) collectPlainRefs(plain, refs, 0);
    else collectRefs(res.node, refs, 0, sharedNodes ? new Set() : undefined);
    for (const d of res.dependsOn) if (typeof d.value === 'string') refs.add(d.value);
    return refs.edges;
  });
  const n = resources.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const cycles: Cycle[] = [];
  // The depth-first path: a node and how many of its edges have been followed.
  const path: number[] = [];
  const next = new Int32Array(n);
  let counter = 0;
  const visit = (v: number) => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = 1;
    next[v] = 0;
    path.push(v);
  };
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    visit(root);
    while (path.length) {
      const v = path[path.length - 1]!;
      const out = edges[v]!;
      if (next[v]! < out.length) {
        const w = out[next[v]++]!;
        if (index[w] === -1) visit(w);
        else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      path.pop();
      if (path.length) {
        const parent = path[path.length - 1]!;
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) {
        const scc: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          scc.push(w);
        } while (w !== v);
        if (scc.length > 1 || edges[v]!.includes(v)) {
          scc.reverse();
          const first = resources[scc[0]!]!;
          cycles.push({ ids: scc.map((i) => resources[i]!.id), span: first.key.span });
        }
      }
    }
  }
  return cycles;
}

/** The resources one resource refers to, as resource numbers, each once. */
class References {
  private readonly number = new Map<string, number>();
  /** The resource each number was last added for: a repeat is dropped without a set. */
  private readonly addedFor: Int32Array;
  private current = -1;
  edges: number[] = [];

  constructor(resources: readonly { id: string }[]) {
    resources.forEach((r, i) => this.number.set(r.id, i));
    this.addedFor = new Int32Array(resources.length).fill(-1);
  }

  start(resource: number): void {
    this.current = resource;
    this.edges = [];
  }

  /** Adds `id` when it names a resource of the template. */
  add(id: string): void {
    const i = this.number.get(id);
    if (i === undefined || this.addedFor[i] === this.current) return;
    this.addedFor[i] = this.current;
    this.edges.push(i);
  }
}

function collectRefs(node: Node, out: References, depth: number, seen: Set<Node> | undefined): void {
  // Scalars hold no references of their own (those are read from their parent map's entries),
  // and most nodes are scalars: leave them out of the `seen` set.
  if (node.kind === 'scalar' || depth > 200) return;
  if (seen) {
    if (seen.has(node)) return;
    seen.add(node);
  }
  if (node.kind === 'seq') {
    for (const i of node.items) collectRefs(i, out, depth + 1, seen);
    return;
  }
  if (node.kind !== 'map') return;
  for (const { key, value } of node.entries) {
    if (key.value === Intrinsic.Ref && value.kind === 'scalar' && typeof value.value === 'string') {
      out.add(value.value);
    } else if (key.value === Intrinsic.GetAtt) {
      const first = value.kind === 'seq' ? value.items[0] : value;
      if (first?.kind === 'scalar' && typeof first.value === 'string') out.add(beforeDot(first.value));
    } else if (key.value === Intrinsic.Sub) {
      const s = value.kind === 'seq' ? value.items[0] : value;
      if (s?.kind === 'scalar' && typeof s.value === 'string') addSubstituted(s.value, out);
      if (value.kind === 'seq' && value.items[1]) collectRefs(value.items[1], out, depth + 1, seen);
      continue;
    }
    if (key.value === 'DependsOn' || key.value === 'Metadata') continue;
    collectRefs(value, out, depth + 1, seen);
  }
}

/** {@link collectRefs} over parsed JSON values (a tree: no node is shared). */
function collectPlainRefs(v: unknown, out: References, depth: number): void {
  if (typeof v !== 'object' || v === null || depth > 200) return;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) collectPlainRefs(v[i], out, depth + 1);
    return;
  }
  const map = v as Record<string, unknown>;
  for (const key in map) {
    const value = map[key];
    if (key === Intrinsic.Ref) {
      if (typeof value === 'string') {
        out.add(value);
        continue;
      }
    } else if (key === Intrinsic.GetAtt) {
      const first = Array.isArray(value) ? value[0] : value;
      if (typeof first === 'string') out.add(beforeDot(first));
    } else if (key === Intrinsic.Sub) {
      const s = Array.isArray(value) ? value[0] : value;
      if (typeof s === 'string') addSubstituted(s, out);
      if (Array.isArray(value) && value[1] !== undefined) collectPlainRefs(value[1], out, depth + 1);
      continue;
    }
    if (key === 'DependsOn' || key === 'Metadata') continue;
    collectPlainRefs(value, out, depth + 1);
  }
}

function beforeDot(s: string): string {
  const dot = s.indexOf('.');
  return dot < 0 ? s : s.slice(0, dot);
}

/** The resources a Fn::Sub string names: `${Id}` and `${Id.Attr}`. */
function addSubstituted(s: string, out: References): void {
  if (!s.includes('${')) return;
  for (const m of s.matchAll(SUBSTITUTED)) out.add(m[1]!);
}

/** What the cycle check takes for a resource named in a Fn::Sub string; group 1 is the name. */
export const SUBSTITUTED = /\$\{([A-Za-z0-9]+)[.}]/g;
