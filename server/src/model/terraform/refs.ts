/**
 * Terraform reference strings (`aws_subnet.public[0].id`, `module.vpc.public_subnets`,
 * `var.subnet_id`) parsed into what they name, and resource addresses split into module path,
 * resource and instance key.
 */

export type Ref =
  | { kind: 'resource'; type: string; name: string; key?: string; attr?: string; text: string }
  | { kind: 'data'; type: string; name: string; text: string }
  | { kind: 'var'; name: string; text: string }
  | { kind: 'local'; name: string; text: string }
  | { kind: 'module'; name: string; key?: string; output?: string; text: string }
  | { kind: 'other'; text: string };

type Step = { t: 'name'; v: string } | { t: 'index'; v: string; literal: boolean };

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*/;

/** Splits `a.b[0]["k"].c` into steps. Unparsable text yields the steps read so far. */
export function traversal(text: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  const first = NAME.exec(text);
  if (!first) return steps;
  steps.push({ t: 'name', v: first[0] });
  i = first[0].length;
  while (i < text.length) {
    const c = text[i];
    if (c === '.') {
      const m = /^(?:[A-Za-z_][A-Za-z0-9_-]*|\*|\d+)/.exec(text.slice(i + 1));
      if (!m) break;
      // `list.0` and `list.*` are index forms of the legacy splat syntax.
      if (m[0] === '*' || /^\d+$/.test(m[0])) steps.push({ t: 'index', v: m[0], literal: m[0] !== '*' });
      else steps.push({ t: 'name', v: m[0] });
      i += 1 + m[0].length;
    } else if (c === '[') {
      const end = closing(text, i);
      if (end < 0) break;
      const inner = text.slice(i + 1, end).trim();
      const literal = /^\d+$/.test(inner) || /^"(?:[^"\\]|\\.)*"$/.test(inner);
      steps.push({ t: 'index', v: inner, literal });
      i = end + 1;
    } else break;
  }
  return steps;
}

function closing(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  return -1;
}

/** The canonical instance key of an index step: `[0]`, `["a"]`; undefined when not a literal. */
function keyOf(step: Step | undefined): string | undefined {
  if (step?.t !== 'index' || !step.literal) return undefined;
  return `[${step.v}]`;
}

export function parseRef(text: string): Ref {
  const s = traversal(text.trim());
  const head = s[0];
  if (head?.t !== 'name') return { kind: 'other', text };
  const name1 = s[1]?.t === 'name' ? s[1].v : undefined;
  switch (head.v) {
    case 'var':
      return name1 ? { kind: 'var', name: name1, text } : { kind: 'other', text };
    case 'local':
      return name1 ? { kind: 'local', name: name1, text } : { kind: 'other', text };
    case 'data': {
      const n = s[2]?.t === 'name' ? s[2].v : undefined;
      return name1 && n ? { kind: 'data', type: name1, name: n, text } : { kind: 'other', text };
    }
    case 'module': {
      if (!name1) return { kind: 'other', text };
      let i = 2;
      const key = keyOf(s[i]);
      if (s[i]?.t === 'index') i++;
      const out = s[i]?.t === 'name' ? (s[i] as { v: string }).v : undefined;
      return { kind: 'module', name: name1, key, output: out, text };
    }
    case 'count':
    case 'each':
    case 'self':
    case 'path':
    case 'terraform':
      return { kind: 'other', text };
    default: {
      if (!name1) return { kind: 'other', text };
      let i = 2;
      const key = keyOf(s[i]);
      if (s[i]?.t === 'index') i++;
      // `aws_subnet.public[*].id` and `.*.id` read every instance.
      if (s[i]?.t === 'index') i++;
      const attr = s[i]?.t === 'name' ? (s[i] as { v: string }).v : undefined;
      return { kind: 'resource', type: head.v, name: name1, key, attr, text };
    }
  }
}

/**
 * Terraform lists a reference with its shorter prefixes (`aws_vpc.main.id`, `aws_vpc.main`);
 * keeps the most specific one per resource (or module output).
 */
export function mostSpecific(refs: Ref[]): Ref[] {
  const out: Ref[] = [];
  for (const r of refs) {
    const covered = refs.some((o) => o !== r && o.text.length > r.text.length && startsWithRef(o.text, r.text));
    if (!covered && !out.some((o) => o.text === r.text)) out.push(r);
  }
  return out;
}

function startsWithRef(long: string, short: string): boolean {
  return long.startsWith(short) && (long[short.length] === '.' || long[short.length] === '[');
}

/** Removes instance keys: `module.web[0].aws_instance.x["a"]` → `module.web.aws_instance.x`. */
export function stripKeys(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|[^\]"]*)\]/g, '');
}

/** Splits a resource address into its module instance path, `type.name` and instance key. */
export function splitAddress(address: string): { module: string; type: string; name: string; key: string } | undefined {
  const s = traversal(address);
  let i = 0;
  const mod: string[] = [];
  while (s[i]?.t === 'name' && (s[i] as { v: string }).v === 'module' && s[i + 1]?.t === 'name') {
    let seg = `module.${(s[i + 1] as { v: string }).v}`;
    i += 2;
    const k = s[i];
    if (k?.t === 'index') {
      seg += `[${k.v}]`;
      i++;
    }
    mod.push(seg);
  }
  if (s[i]?.t === 'name' && (s[i] as { v: string }).v === 'data') i++;
  const type = s[i];
  const name = s[i + 1];
  if (type?.t !== 'name' || name?.t !== 'name') return undefined;
  const k = s[i + 2];
  return { module: mod.join('.'), type: type.v, name: name.v, key: k?.t === 'index' ? `[${k.v}]` : '' };
}
