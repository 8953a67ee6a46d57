/**
 * Renders plan expressions as CloudFormation YAML (short-form tags, block style) or JSON
 * (long-form intrinsics), at a given indentation.
 */
import type { Expr } from '../types.js';

export type Syntax = 'yaml' | 'json';

type Intrinsic = { $ref: string } | { $getAtt: [string, string] } | { $sub: string } | { $azIndex: number } | { $raw: string };

function isIntrinsic(e: Expr): e is Intrinsic & Expr {
  return typeof e === 'object' && e !== null && !Array.isArray(e) && Object.keys(e).length === 1 && Object.keys(e)[0]!.startsWith('$');
}

/** Long-form JSON value for an expression. */
export function toJsonValue(e: Expr): unknown {
  if (isIntrinsic(e)) {
    const i = e as Intrinsic;
    if ('$ref' in i) return { Ref: i.$ref };
    if ('$getAtt' in i) return { 'Fn::GetAtt': i.$getAtt };
    if ('$sub' in i) return { 'Fn::Sub': i.$sub };
    if ('$azIndex' in i) return { 'Fn::Select': [i.$azIndex, { 'Fn::GetAZs': '' }] };
    return JSON.parse(i.$raw) as unknown;
  }
  if (Array.isArray(e)) return e.map(toJsonValue);
  if (typeof e === 'object' && e !== null) return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, toJsonValue(v)]));
  return e;
}

// Plain when nothing in it could be read as YAML syntax: `AWS::EC2::Subnet` and `10.0.0.0/16` are fine.
const PLAIN_SAFE = /^[A-Za-z0-9_/$(][A-Za-z0-9_ ./:$(){}+-]*$/;
const LOOKS_TYPED = /^(true|false|yes|no|on|off|null|~|y|n|[-+]?(\d|\.\d)[\d._eE+-]*|0x[0-9a-fA-F]+|0o[0-7]+)$/i;

export function yamlScalar(v: string | number | boolean): string {
  if (typeof v !== 'string') return String(v);
  if (v !== '' && PLAIN_SAFE.test(v) && !LOOKS_TYPED.test(v) && !v.endsWith(' ') && !v.endsWith(':') && !v.includes(': ') && !/[{}]/.test(v)) return v;
  return JSON.stringify(v);
}

/** A one-line YAML rendering (flow style), valid after `key: ` or `- `. */
export function yamlInline(e: Expr): string {
  if (isIntrinsic(e)) {
    const i = e as Intrinsic;
    if ('$ref' in i) return `!Ref ${i.$ref}`;
    if ('$getAtt' in i) return `!GetAtt ${i.$getAtt[0]}.${i.$getAtt[1]}`;
    if ('$sub' in i) return `!Sub ${JSON.stringify(i.$sub)}`;
    if ('$azIndex' in i) return `!Select [${i.$azIndex}, !GetAZs ""]`;
    return i.$raw;
  }
  if (Array.isArray(e)) return `[${e.map(yamlInline).join(', ')}]`;
  if (typeof e === 'object' && e !== null) return `{${Object.entries(e).map(([k, v]) => `${yamlScalar(k)}: ${yamlInline(v)}`).join(', ')}}`;
  return yamlScalar(e);
}

export function isCollection(e: Expr): boolean {
  return !isIntrinsic(e) && typeof e === 'object' && e !== null && (Array.isArray(e) ? e.length > 0 : Object.keys(e).length > 0);
}

/** Block-style YAML lines for a map's entries, each prefixed by `indent`. */
export function yamlBlock(map: Record<string, Expr>, indent: string, unit: string): string[] {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(map)) {
    if (!isCollection(v)) {
      lines.push(`${indent}${yamlScalar(k)}: ${yamlInline(v)}`);
    } else if (Array.isArray(v)) {
      lines.push(`${indent}${yamlScalar(k)}:`);
      lines.push(...yamlList(v, indent + unit, unit));
    } else {
      lines.push(`${indent}${yamlScalar(k)}:`);
      lines.push(...yamlBlock(v as Record<string, Expr>, indent + unit, unit));
    }
  }
  return lines;
}

export function yamlList(items: Expr[], indent: string, unit: string): string[] {
  const lines: string[] = [];
  for (const item of items) {
    if (isCollection(item) && !Array.isArray(item)) {
      const inner = yamlBlock(item as Record<string, Expr>, indent + '  ', unit);
      lines.push(`${indent}- ${inner[0]!.trimStart()}`, ...inner.slice(1));
    } else {
      lines.push(`${indent}- ${yamlInline(item)}`);
    }
  }
  return lines;
}

export interface JsonStyle {
  /** `{ "a": 1 }` rather than `{"a": 1}`. */
  pad: boolean;
  /** A space after `:` and `,` on one line. */
  space: boolean;
  /** The author writes `{ "Ref": "X" }` on one line inside pretty-printed JSON: do the same. */
  inlineIntrinsics: boolean;
}

const PRETTY: JsonStyle = { pad: false, space: true, inlineIntrinsics: false };

/**
 * JSON text for a value, indented as if it starts at `indent` (first line not indented). The
 * user's own expressions (`$raw`) are copied verbatim.
 */
export function jsonText(e: Expr, indent: string, unit: string, style: JsonStyle = PRETTY): string {
  const step = unit || '  ';
  const write = (v: Expr, at: string): string => {
    if (isIntrinsic(v)) {
      if ('$raw' in v) return (v as { $raw: string }).$raw;
      if (style.inlineIntrinsics) return jsonInline(v, style);
      return write(fromJson(toJsonValue(v)), at);
    }
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return `[\n${v.map((x) => at + step + write(x, at + step)).join(',\n')}\n${at}]`;
    }
    if (typeof v === 'object' && v !== null) {
      const entries = Object.entries(v);
      if (entries.length === 0) return '{}';
      return `{\n${entries.map(([k, x]) => `${at + step}${JSON.stringify(k)}: ${write(x, at + step)}`).join(',\n')}\n${at}}`;
    }
    return JSON.stringify(v);
  };
  return write(e, indent);
}

/** Plain JSON data as an expression (objects whose keys start with `$` do not occur in templates). */
function fromJson(v: unknown): Expr {
  if (Array.isArray(v)) return v.map(fromJson);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromJson(x)]));
  return v as string | number | boolean;
}

/** One-line JSON: `pad` writes `{ "a": 1 }` rather than `{"a": 1}`; `space` puts a space after `:` and `,`. */
export function jsonInline(e: Expr, style: Pick<JsonStyle, 'pad' | 'space'> = PRETTY): string {
  const sep = style.space ? ' ' : '';
  const write = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(write).join(`,${sep}`)}]`;
    if (typeof v === 'object' && v !== null) {
      const body = Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${sep}${write(x)}`).join(`,${sep}`);
      if (!body) return '{}';
      return style.pad ? `{ ${body} }` : `{${body}}`;
    }
    return JSON.stringify(v);
  };
  return write(toJsonValue(e));
}

export function renderInline(e: Expr, syntax: Syntax): string {
  return syntax === 'yaml' ? yamlInline(e) : jsonInline(e);
}
