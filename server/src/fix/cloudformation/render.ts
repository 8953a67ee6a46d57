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

/** JSON text for a value, indented as if it starts at `indent` (first line not indented). */
export function jsonText(e: Expr, indent: string, unit: string): string {
  const body = JSON.stringify(toJsonValue(e), null, unit || 2);
  return body.split('\n').map((l, i) => (i === 0 ? l : indent + l)).join('\n');
}

export function renderInline(e: Expr, syntax: Syntax): string {
  return syntax === 'yaml' ? yamlInline(e) : JSON.stringify(toJsonValue(e));
}
