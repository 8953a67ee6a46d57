/**
 * Terraform configuration the fixes write, independent of syntax, and its two renderings: HCL
 * (`terraform fmt` layout) and Terraform's JSON syntax. Strings are templates in both syntaxes, so
 * `"http://${aws_lb.x.dns_name}/"` means the same in either.
 */

/** A value: a literal, a list, an object (map attribute), or an expression written bare in HCL. */
export type TfExpr = string | number | boolean | TfExpr[] | { $expr: string } | { $object: [string, TfExpr][] };

/** One item of a block body: an attribute or a nested block. */
export type TfItem = { attr: string; value: TfExpr } | { block: string; body: TfItem[] };

export interface TfResourceBlock {
  type: string;
  name: string;
  body: TfItem[];
}

export const expr = (text: string): TfExpr => ({ $expr: text });
export const attr = (name: string, value: TfExpr): TfItem => ({ attr: name, value });
export const block = (name: string, body: TfItem[]): TfItem => ({ block: name, body });

function isExpr(v: TfExpr): v is { $expr: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && '$expr' in v;
}

function isObject(v: TfExpr): v is { $object: [string, TfExpr][] } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && '$object' in v;
}

// ── HCL ─────────────────────────────────────────────────────────────────────

/** An HCL string literal; `${…}` in it stays an interpolation, as it is meant to. */
export function hclString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

const BARE_KEY = /^[A-Za-z_][\w-]*$/;

export function hclValue(v: TfExpr, indent: string, unit: string): string {
  if (typeof v === 'string') return hclString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isExpr(v)) return v.$expr;
  if (Array.isArray(v)) return `[${v.map((x) => hclValue(x, indent, unit)).join(', ')}]`;
  const entries = v.$object;
  if (entries.length === 0) return '{}';
  const keys = entries.map(([k]) => (BARE_KEY.test(k) ? k : hclString(k)));
  const width = Math.max(...keys.map((k) => k.length));
  const inner = indent + unit;
  return `{\n${entries.map(([, x], i) => `${inner}${keys[i]!.padEnd(width)} = ${hclValue(x, inner, unit)}`).join('\n')}\n${indent}}`;
}

/** The lines of a block body at `indent`, with the `=` of neighbouring one-line attributes aligned. */
export function hclBody(items: TfItem[], indent: string, unit: string): string[] {
  const lines: string[] = [];
  let group: { attr: string; value: TfExpr }[] = [];
  const flush = () => {
    const width = Math.max(0, ...group.map((g) => g.attr.length));
    for (const g of group) lines.push(`${indent}${g.attr.padEnd(width)} = ${hclValue(g.value, indent, unit)}`);
    group = [];
  };
  for (const item of items) {
    if ('attr' in item) {
      const multiLine = hclValue(item.value, indent, unit).includes('\n');
      // `terraform fmt` aligns a run of one-line attributes; a multi-line value ends the run.
      if (multiLine) {
        flush();
        lines.push(`${indent}${item.attr} = ${hclValue(item.value, indent, unit)}`);
      } else group.push(item);
    } else {
      flush();
      if (lines.length > 0) lines.push('');
      lines.push(`${indent}${item.block} {`, ...hclBody(item.body, indent + unit, unit), `${indent}}`);
    }
  }
  flush();
  return lines;
}

export function hclResource(r: TfResourceBlock, indent: string, unit: string): string {
  return [`${indent}resource ${hclString(r.type)} ${hclString(r.name)} {`, ...hclBody(r.body, indent + unit, unit), `${indent}}`].join('\n');
}

// ── JSON ────────────────────────────────────────────────────────────────────

/** Plain JSON data for a value in Terraform's JSON syntax: expressions become `"${…}"`. */
export function jsonValue(v: TfExpr, references = false): unknown {
  if (isExpr(v)) return references ? v.$expr : `\${${v.$expr}}`;
  if (Array.isArray(v)) return v.map((x) => jsonValue(x, references));
  if (isObject(v)) return Object.fromEntries(v.$object.map(([k, x]) => [k, jsonValue(x)]));
  return v;
}

/** A block body as JSON data; a nested block that repeats becomes a list of objects. */
export function jsonBody(items: TfItem[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of items) {
    if ('attr' in item) {
      // `depends_on` lists references, written without `${}` in JSON syntax.
      out[item.attr] = jsonValue(item.value, item.attr === 'depends_on');
      continue;
    }
    const body = jsonBody(item.body);
    const prev = out[item.block];
    if (prev === undefined) out[item.block] = body;
    else out[item.block] = Array.isArray(prev) ? [...(prev as unknown[]), body] : [prev, body];
  }
  return out;
}
