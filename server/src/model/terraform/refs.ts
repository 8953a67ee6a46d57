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

/** First names of references that name no resource: `count.index`, `each.key`, `path.module`… */
const NOT_RESOURCES = new Set(['count', 'each', 'self', 'path', 'terraform']);

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
    default: {
      if (!name1 || NOT_RESOURCES.has(head.v)) return { kind: 'other', text };
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
 * The reference a whole template string is, when it is `${…}` around names joined by dots only
 * (`${aws_vpc.main.id}`, `${var.env}`): the common case, read in one pass without splitting the
 * template or matching patterns. Undefined for anything else (an index, a splat, spaces, a
 * function, one name alone such as `${true}`), which the general path reads. The result is what
 * {@link parseRef} gives for the text inside the braces.
 */
export function wholeReference(template: string): Ref | undefined {
  const end = template.length - 1;
  if (end < 5 || template.charCodeAt(0) !== 36 || template.charCodeAt(1) !== 123 || template.charCodeAt(end) !== 125) return undefined;
  const names: string[] = [];
  let start = 2;
  for (let i = 2; i <= end; i++) {
    const c = template.charCodeAt(i);
    if (i === start) {
      // A name starts with a letter or an underscore.
      if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95)) return undefined;
    } else if (c === 46 || i === end) {
      names.push(template.slice(start, i));
      start = i + 1;
    } else if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45)) return undefined;
  }
  if (names.length < 2) return undefined;
  return refOfNames(names, template.slice(2, end));
}

/** {@link parseRef} for steps that are all names. */
function refOfNames(s: string[], text: string): Ref {
  const [head, name1, n2] = s as [string, string, string | undefined];
  switch (head) {
    case 'var':
      return { kind: 'var', name: name1, text };
    case 'local':
      return { kind: 'local', name: name1, text };
    case 'data':
      return n2 !== undefined ? { kind: 'data', type: name1, name: n2, text } : { kind: 'other', text };
    case 'module':
      return { kind: 'module', name: name1, key: undefined, output: n2, text };
    default:
      if (NOT_RESOURCES.has(head)) return { kind: 'other', text };
      return { kind: 'resource', type: head, name: name1, key: undefined, attr: n2, text };
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
