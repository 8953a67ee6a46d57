/**
 * Finds circular dependencies between resources (Ref, Fn::GetAtt, Fn::Sub and DependsOn), which
 * CloudFormation rejects. Iterative Tarjan, so deep chains cannot overflow the stack.
 */
import type { Node, Span } from '../../read/node.js';
import { Intrinsic } from '../../read/cloudformation/intrinsics.js';
import type { CfnTemplate } from './template.js';

export interface Cycle {
  ids: string[];
  span: Span;
}

export function findCycles(t: CfnTemplate): Cycle[] {
  const edges = new Map<string, Set<string>>();
  for (const res of t.resources.values()) {
    const out = new Set<string>();
    // YAML aliases share nodes, so the tree is a DAG: each node is walked once per resource.
    collectRefs(res.node, t, out, 0, new Set());
    for (const d of res.dependsOn) if (typeof d.value === 'string' && t.resources.has(d.value)) out.add(d.value);
    edges.set(res.id, out);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: Cycle[] = [];
  let counter = 0;
  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    const work: { id: string; it: Iterator<string> }[] = [];
    const visit = (id: string) => {
      index.set(id, counter);
      low.set(id, counter++);
      stack.push(id);
      onStack.add(id);
      work.push({ id, it: (edges.get(id) ?? new Set()).values() });
    };
    visit(root);
    while (work.length) {
      const top = work[work.length - 1]!;
      const next = top.it.next();
      if (!next.done) {
        const w = next.value;
        if (!index.has(w)) visit(w);
        else if (onStack.has(w)) low.set(top.id, Math.min(low.get(top.id)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1]!.id;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.id)!));
      }
      if (low.get(top.id) === index.get(top.id)) {
        const scc: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          scc.push(w);
        } while (w !== top.id);
        const selfLoop = scc.length === 1 && edges.get(scc[0]!)?.has(scc[0]!);
        if (scc.length > 1 || selfLoop) {
          scc.reverse();
          cycles.push({ ids: scc, span: t.resources.get(scc[0]!)!.key.span });
        }
      }
    }
  }
  return cycles;
}

function collectRefs(node: Node, t: CfnTemplate, out: Set<string>, depth: number, seen: Set<Node>): void {
  // Scalars hold no references of their own (those are read from their parent map's entries),
  // and most nodes are scalars: leave them out of the `seen` set.
  if (node.kind === 'scalar' || depth > 200 || seen.has(node)) return;
  seen.add(node);
  if (node.kind === 'seq') {
    for (const i of node.items) collectRefs(i, t, out, depth + 1, seen);
    return;
  }
  if (node.kind !== 'map') return;
  for (const { key, value } of node.entries) {
    if (key.value === Intrinsic.Ref && value.kind === 'scalar' && typeof value.value === 'string') {
      if (t.resources.has(value.value)) out.add(value.value);
    } else if (key.value === Intrinsic.GetAtt) {
      const first = value.kind === 'seq' ? value.items[0] : value;
      if (first?.kind === 'scalar' && typeof first.value === 'string') {
        const id = first.value.split('.')[0]!;
        if (t.resources.has(id)) out.add(id);
      }
    } else if (key.value === Intrinsic.Sub) {
      const s = value.kind === 'seq' ? value.items[0] : value;
      if (s?.kind === 'scalar' && typeof s.value === 'string') {
        for (const m of s.value.matchAll(/\$\{([A-Za-z0-9]+)[.}]/g)) if (t.resources.has(m[1]!)) out.add(m[1]!);
      }
      if (value.kind === 'seq' && value.items[1]) collectRefs(value.items[1], t, out, depth + 1, seen);
      continue;
    }
    if (key.value === 'DependsOn' || key.value === 'Metadata') continue;
    collectRefs(value, t, out, depth + 1, seen);
  }
}
