/**
 * Evaluates CloudFormation values to three-valued results: known, unknown (with the reason), or
 * conditional on a condition that cannot be decided from parameter defaults. Resource references
 * stay symbolic (`ref`), so the model builder can link them. Never throws, never loops.
 */
import { get, type MapNode, type Node, type Span } from '../../read/node.js';
import { Intrinsic } from '../../read/cloudformation/intrinsics.js';
import type { CfnTemplate } from './template.js';

export type Val =
  | { t: 'scalar'; v: string | number | boolean | null; node?: Node }
  | { t: 'list'; items: Val[]; node?: Node }
  | { t: 'map'; node: MapNode }
  | { t: 'ref'; id: string; attr?: string; node: Node }
  | { t: 'unknown'; reason: string; node?: Node }
  | { t: 'if'; cond: string; then: Val; else: Val; node: Node }
  | { t: 'novalue'; node?: Node };

export interface EvalProblem {
  code: string;
  message: string;
  span: Span;
}

/** Three-valued truth: undefined means "cannot tell from the template". */
export type Truth = boolean | undefined;

const MAX_ALTERNATIVES = 32;
/** The evaluation steps one template may take: past them, values are unknown. */
export const MAX_STEPS = 200_000;

export class Evaluator {
  readonly problems: EvalProblem[] = [];
  private readonly conditionCache = new Map<string, Truth>();
  private readonly conditionStack = new Set<string>();
  private readonly attrStack = new Set<string>();
  private readonly truthCache = new Map<Node, Truth>();
  private steps = 0;

  constructor(readonly template: CfnTemplate) {}

  /** The steps taken so far, of {@link MAX_STEPS}. */
  get stepsTaken(): number {
    return this.steps;
  }

  /** Evaluates a condition by name from parameter defaults. */
  condition(name: string, at?: Node): Truth {
    if (this.conditionCache.has(name)) return this.conditionCache.get(name);
    const entry = this.template.conditions.get(name);
    if (!entry) {
      if (at) this.problem('unknown-condition', `Condition "${name}" is not declared in Conditions.`, at.span);
      return undefined;
    }
    if (this.conditionStack.has(name)) {
      this.problem('reference-cycle', `Condition "${name}" refers to itself through ${[...this.conditionStack].join(' → ')} → ${name}.`, entry.key.span);
      return undefined;
    }
    this.conditionStack.add(name);
    const result = this.truth(entry.value);
    this.conditionStack.delete(name);
    this.conditionCache.set(name, result);
    return result;
  }

  private truth(node: Node): Truth {
    // Aliased YAML nodes make a condition a DAG: each node is judged once, within the step budget.
    if (this.truthCache.has(node)) return this.truthCache.get(node);
    if (++this.steps > MAX_STEPS) return undefined;
    const result = this.judge(node);
    this.truthCache.set(node, result);
    return result;
  }

  private judge(node: Node): Truth {
    if (node.kind === 'scalar') {
      if (node.value === true || node.value === 'true') return true;
      if (node.value === false || node.value === 'false') return false;
      return undefined;
    }
    if (node.kind !== 'map' || node.entries.length !== 1) return undefined;
    const { key, value } = node.entries[0]!;
    const args = value.kind === 'seq' ? value.items : [value];
    switch (key.value) {
      case Intrinsic.Equals: {
        if (args.length !== 2) return undefined;
        const a = this.eval(args[0]!);
        const b = this.eval(args[1]!);
        if (a.t === 'scalar' && b.t === 'scalar') return String(a.v) === String(b.v);
        return undefined;
      }
      case Intrinsic.Not: {
        const v = args[0] ? this.truth(args[0]) : undefined;
        return v === undefined ? undefined : !v;
      }
      case Intrinsic.And: {
        const vs = args.map((a) => this.truth(a));
        if (vs.some((v) => v === false)) return false;
        return vs.every((v) => v === true) ? true : undefined;
      }
      case Intrinsic.Or: {
        const vs = args.map((a) => this.truth(a));
        if (vs.some((v) => v === true)) return true;
        return vs.every((v) => v === false) ? false : undefined;
      }
      case Intrinsic.Condition:
        return value.kind === 'scalar' ? this.condition(String(value.value), value) : undefined;
      default:
        return undefined;
    }
  }

  eval(node: Node): Val {
    if (++this.steps > MAX_STEPS) return { t: 'unknown', reason: 'the template is too complex to evaluate', node };
    if (node.kind === 'scalar') return { t: 'scalar', v: node.value, node };
    if (node.kind === 'seq') {
      const items: Val[] = [];
      for (const i of node.items) {
        const v = this.eval(i);
        if (v.t !== 'novalue') items.push(v);
      }
      return { t: 'list', items, node };
    }
    if (node.entries.length === 1) {
      const { key, value } = node.entries[0]!;
      const k = String(key.value);
      if (k === Intrinsic.Ref) return this.ref(value, node);
      if (k.startsWith('Fn::')) return this.fn(k, value, node);
    }
    return { t: 'map', node };
  }

  private ref(arg: Node, node: Node): Val {
    if (arg.kind !== 'scalar' || typeof arg.value !== 'string') {
      return { t: 'unknown', reason: 'Ref needs a name', node };
    }
    const name = arg.value;
    if (name.startsWith('AWS::')) return this.pseudo(name, node);
    const param = this.template.parameters.get(name);
    if (param) {
      if (!param.default) return { t: 'unknown', reason: `parameter ${name} has no default`, node };
      const d = this.eval(param.default);
      if (d.t === 'scalar' && /^(List<|CommaDelimitedList)/.test(param.type) && typeof d.v === 'string') {
        return { t: 'list', items: d.v.split(',').map((s) => ({ t: 'scalar', v: s.trim(), node: param.default })), node };
      }
      return d;
    }
    if (this.template.resources.has(name)) return { t: 'ref', id: name, node };
    if (!this.template.hasTransform) this.problem('unresolved-ref', `Ref to "${name}", which is neither a parameter nor a resource.`, arg.span);
    return { t: 'unknown', reason: `${name} is not declared in this template`, node };
  }

  private pseudo(name: string, node: Node): Val {
    switch (name) {
      case 'AWS::NoValue':
        return { t: 'novalue', node };
      case 'AWS::URLSuffix':
        return { t: 'scalar', v: 'amazonaws.com', node };
      default:
        return { t: 'unknown', reason: `${name} is known only at deployment`, node };
    }
  }

  private fn(name: string, arg: Node, node: Node): Val {
    const args = arg.kind === 'seq' ? arg.items : [arg];
    switch (name) {
      case Intrinsic.GetAtt: {
        let id: string | undefined;
        let attr: string | undefined;
        if (arg.kind === 'seq' && arg.items.length >= 2) {
          const a = this.eval(arg.items[0]!);
          const b = this.eval(arg.items[1]!);
          if (a.t === 'scalar') id = String(a.v);
          if (b.t === 'scalar') attr = String(b.v);
        } else if (arg.kind === 'scalar' && typeof arg.value === 'string') {
          const dot = arg.value.indexOf('.');
          id = dot < 0 ? arg.value : arg.value.slice(0, dot);
          attr = dot < 0 ? undefined : arg.value.slice(dot + 1);
        }
        if (!id || !attr) return { t: 'unknown', reason: 'Fn::GetAtt needs a resource and an attribute', node };
        if (!this.template.resources.has(id)) {
          if (!this.template.hasTransform) this.problem('unresolved-ref', `Fn::GetAtt refers to "${id}", which is not a resource in this template.`, arg.span);
          return { t: 'unknown', reason: `${id} is not declared in this template`, node };
        }
        return this.attribute(id, attr, node);
      }
      case Intrinsic.If: {
        if (args.length !== 3) return { t: 'unknown', reason: 'Fn::If needs [condition, then, else]', node };
        const c = args[0]!;
        const cname = c.kind === 'scalar' ? String(c.value) : '';
        const truth = this.condition(cname, c);
        if (truth === true) return this.eval(args[1]!);
        if (truth === false) return this.eval(args[2]!);
        return { t: 'if', cond: cname, then: this.eval(args[1]!), else: this.eval(args[2]!), node };
      }
      case Intrinsic.Join: {
        if (args.length !== 2) return { t: 'unknown', reason: 'Fn::Join needs [delimiter, list]', node };
        const d = this.eval(args[0]!);
        const list = this.eval(args[1]!);
        if (d.t !== 'scalar' || list.t !== 'list') return unknownFrom([d, list], 'Fn::Join', node);
        const parts: string[] = [];
        for (const item of list.items) {
          if (item.t !== 'scalar') return unknownFrom([item], 'Fn::Join', node);
          parts.push(String(item.v ?? ''));
        }
        return { t: 'scalar', v: parts.join(String(d.v ?? '')), node };
      }
      case Intrinsic.Select: {
        if (args.length !== 2) return { t: 'unknown', reason: 'Fn::Select needs [index, list]', node };
        const i = this.eval(args[0]!);
        const list = this.eval(args[1]!);
        if (i.t !== 'scalar' || list.t !== 'list') return unknownFrom([i, list], 'Fn::Select', node);
        const item = list.items[Number(i.v)];
        return item ?? { t: 'unknown', reason: `Fn::Select index ${String(i.v)} is out of range`, node };
      }
      case Intrinsic.Split: {
        if (args.length !== 2) return { t: 'unknown', reason: 'Fn::Split needs [delimiter, string]', node };
        const d = this.eval(args[0]!);
        const s = this.eval(args[1]!);
        if (d.t !== 'scalar' || s.t !== 'scalar') return unknownFrom([d, s], 'Fn::Split', node);
        return { t: 'list', items: String(s.v).split(String(d.v)).map((v) => ({ t: 'scalar', v, node })), node };
      }
      case Intrinsic.Sub:
        return this.sub(arg, node);
      case Intrinsic.FindInMap: {
        if (args.length < 3) return { t: 'unknown', reason: 'Fn::FindInMap needs three keys', node };
        const keys = args.slice(0, 3).map((a) => this.eval(a));
        if (!keys.every((k) => k.t === 'scalar')) return unknownFrom(keys, 'Fn::FindInMap', node);
        const names = keys.map((k) => String((k as { v: unknown }).v));
        const found = get(get(get(this.template.mappings, names[0]!), names[1]!), names[2]!);
        if (!found) {
          const fallback = args[3] ? get(args[3], 'DefaultValue') : undefined;
          if (fallback) return this.eval(fallback);
          return { t: 'unknown', reason: `mapping ${names.join('/')} is not declared`, node };
        }
        return this.eval(found);
      }
      case Intrinsic.GetAZs:
        return { t: 'unknown', reason: 'availability zones are known only at deployment', node };
      case Intrinsic.ImportValue:
        return { t: 'unknown', reason: `the value is imported from another stack (${describeNode(arg)})`, node };
      default:
        return { t: 'unknown', reason: `${name} is not evaluated`, node };
    }
  }

  /** Attributes whose value is a property of the same resource; others stay symbolic. */
  private attribute(id: string, attr: string, node: Node): Val {
    const res = this.template.resources.get(id)!;
    const propertyFor: Record<string, string | undefined> = {
      'AWS::EC2::VPC/CidrBlock': 'CidrBlock',
    };
    const prop = propertyFor[`${res.type}/${attr}`];
    if (!prop) return { t: 'ref', id, attr, node };
    const key = `${id}.${attr}`;
    if (this.attrStack.has(key)) {
      this.problem('reference-cycle', `${key} depends on itself.`, node.span);
      return { t: 'unknown', reason: `${key} depends on itself`, node };
    }
    const p = get(res.properties, prop);
    if (!p) return { t: 'unknown', reason: `${id} has no ${prop}`, node };
    this.attrStack.add(key);
    const v = this.eval(p);
    this.attrStack.delete(key);
    return v;
  }

  private sub(arg: Node, node: Node): Val {
    let templateNode: Node | undefined = arg;
    let vars: Node | undefined;
    if (arg.kind === 'seq') {
      templateNode = arg.items[0];
      vars = arg.items[1];
    }
    if (templateNode?.kind !== 'scalar' || typeof templateNode.value !== 'string') {
      return { t: 'unknown', reason: 'Fn::Sub needs a string', node };
    }
    const s = templateNode.value;
    const whole = /^\$\{([A-Za-z0-9_:.]+)\}$/.exec(s);
    let out = '';
    let last = 0;
    const re = /\$\{(!?)([^}]*)\}/g;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      out += s.slice(last, m.index);
      last = m.index + m[0].length;
      if (m[1] === '!') {
        out += '${' + m[2];
        out += '}';
        continue;
      }
      const name = m[2]!.trim();
      let v: Val;
      const local = vars ? get(vars, name) : undefined;
      if (local) v = this.eval(local);
      else if (name.includes('.') && !name.startsWith('AWS::')) {
        const dot = name.indexOf('.');
        const id = name.slice(0, dot);
        v = this.template.resources.has(id)
          ? this.attribute(id, name.slice(dot + 1), node)
          : { t: 'unknown', reason: `${id} is not declared in this template`, node };
      } else {
        v = this.ref({ kind: 'scalar', value: name, span: templateNode.span }, node);
      }
      if (whole && v.t === 'ref') return v;
      if (v.t !== 'scalar') return unknownFrom([v], 'Fn::Sub', node);
      out += String(v.v ?? '');
    }
    out += s.slice(last);
    return { t: 'scalar', v: out, node };
  }

  private problem(code: string, message: string, span: Span): void {
    if (this.problems.some((p) => p.span[0] === span[0] && p.code === code)) return;
    this.problems.push({ code, message, span });
  }
}

function unknownFrom(vals: Val[], fn: string, node: Node): Val {
  for (const v of vals) {
    if (v.t === 'unknown') return { t: 'unknown', reason: v.reason, node };
    if (v.t === 'if') return { t: 'unknown', reason: `it depends on condition ${v.cond}`, node };
  }
  return { t: 'unknown', reason: `${fn} could not be evaluated`, node };
}

function describeNode(n: Node): string {
  if (n.kind === 'scalar') return String(n.value);
  return 'a computed name';
}

/** One possible value and the conditions under which it is taken. */
export interface Alternative {
  val: Val;
  when: string[];
}

/** Expands undecidable `Fn::If`s into alternatives: at most 32, never exponential. */
export function alternatives(val: Val, when: string[] = []): Alternative[] {
  if (val.t !== 'if') return [{ val, when }];
  const out = [
    ...alternatives(val.then, [...when, `${val.cond} is true`]),
    ...alternatives(val.else, [...when, `${val.cond} is false`]),
  ];
  return out.slice(0, MAX_ALTERNATIVES);
}
