/**
 * Shared pieces of the fuzz suites: how many cases to run, the seed templates that mutations
 * start from, the mutation and generation arbitraries, and the range checks every finding must
 * pass. The CI run is bounded by `FUZZ_RUNS` (a multiplier-free case count per property);
 * bench/fuzzLong.ts runs the same properties with a large count.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { Range } from '../../server/src/read/node.js';
import type { Finding } from '../../server/src/rules/types.js';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CORPUS = path.resolve(REPO_ROOT, '..', 'shared', 'corpus');

/**
 * Cases per property. `FUZZ_RUNS` overrides every property's default, so a long run is one
 * environment variable; `FUZZ_SEED` replays a failure that fast-check reported.
 */
export function runs(ciDefault: number): number {
  const env = Number(process.env['FUZZ_RUNS']);
  return Number.isInteger(env) && env > 0 ? env : ciDefault;
}

/** fast-check parameters for one property. */
export function params<T>(ciDefault: number): fc.Parameters<T> {
  const seed = Number(process.env['FUZZ_SEED']);
  return { numRuns: runs(ciDefault), ...(Number.isInteger(seed) ? { seed } : {}) };
}

export interface Seed {
  file: string;
  text: string;
}

const TEMPLATE_FILE = /\.(ya?ml|json|template)$/i;

function walk(dir: string, out: string[], depth = 0): void {
  if (depth > 8 || !existsSync(dir)) return;
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, out, depth + 1);
    else if (st.isFile() && TEMPLATE_FILE.test(name) && st.size < 512 * 1024) out.push(p);
  }
}

let seedCache: Seed[] | undefined;

/**
 * Real templates to mutate: the shared corpus (when checked out beside the repository), the
 * examples and the CloudFormation and Terraform fixtures. Paths are relative to the repository.
 */
export function seedTemplates(): Seed[] {
  if (seedCache) return seedCache;
  const files: string[] = [];
  walk(path.join(REPO_ROOT, 'examples'), files);
  walk(path.join(REPO_ROOT, 'test', 'fixtures', 'cloudformation'), files);
  walk(path.join(REPO_ROOT, 'test', 'fixtures', 'terraform'), files);
  walk(path.join(REPO_ROOT, 'test', 'fixtures', 'lsp'), files);
  const manifest = path.join(CORPUS, 'MANIFEST.tsv');
  if (existsSync(manifest)) {
    const rows = readFileSync(manifest, 'utf8').split(/\r?\n/).slice(1).filter((l) => l.trim() !== '');
    for (const row of rows) {
      const rel = row.split('\t')[0]!;
      if (TEMPLATE_FILE.test(rel)) files.push(path.join(CORPUS, rel));
    }
  }
  seedCache = files.map((f) => ({ file: path.relative(REPO_ROOT, f).split(path.sep).join('/'), text: readFileSync(f, 'utf8') }));
  return seedCache;
}

// ── mutations ────────────────────────────────────────────────────────────────

/** Text that tends to break readers: tabs, BOMs, line endings, NULs, lone surrogates, YAML syntax. */
const NASTY = [
  '\t', '\uFEFF', '\r\n', '\r', '\n', '\0', '\uD800', '\uDFFF', '\u2028', '"', "'", '{', '}', '[', ']', ':', ': ', '- ',
  '&a ', '*a', '!Ref ', '!GetAtt ', '!Sub ', '!If ', '!Unknown ', '<<: ', '#', '%YAML 1.2\n', '---\n', '...\n', '? ', '|', '>',
  '\\u', '\\', ',', 'null', '1e999', '-0', '0x1F', '~', 'Type: AWS::EC2::Instance', '"Ref": ', 'Fn::If', '${', '}}',
  '😀', '\u0301', 'AWSTemplateFormatVersion: x\n', 'Resources:\n', '   ', '\n\n\n',
];

export type Mutation =
  | { op: 'delete'; at: number; len: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'duplicate'; at: number; len: number; to: number }
  | { op: 'swap'; a: number; b: number; len: number }
  | { op: 'flip'; at: number; code: number }
  | { op: 'truncate'; at: number }
  | { op: 'lineEndings'; crlf: boolean }
  | { op: 'indentTabs' }
  | { op: 'bom' };

/** Positions are fractions of the text's length, so one mutation fits any seed. */
const frac = fc.double({ min: 0, max: 1, noNaN: true });
const len = fc.nat({ max: 200 });
const toAt = (f: number, n: number) => Math.min(n, Math.floor(f * (n + 1)));

export const mutationArb: fc.Arbitrary<(text: string) => string> = fc
  .oneof(
    fc.record({ op: fc.constant('delete' as const), at: frac, len }),
    fc.record({ op: fc.constant('insert' as const), at: frac, text: fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 8 })) }),
    fc.record({ op: fc.constant('duplicate' as const), at: frac, len, to: frac }),
    fc.record({ op: fc.constant('swap' as const), a: frac, b: frac, len: fc.nat({ max: 60 }) }),
    fc.record({ op: fc.constant('flip' as const), at: frac, code: fc.integer({ min: 0, max: 0xffff }) }),
    fc.record({ op: fc.constant('truncate' as const), at: frac }),
    fc.record({ op: fc.constant('lineEndings' as const), crlf: fc.boolean() }),
    fc.record({ op: fc.constant('indentTabs' as const) }),
    fc.record({ op: fc.constant('bom' as const) }),
  )
  .map((m) => Object.assign((text: string) => applyMutation(text, m as Mutation), { toString: () => JSON.stringify(m) }));

export function applyMutation(text: string, m: Mutation): string {
  const n = text.length;
  switch (m.op) {
    case 'delete': {
      const at = toAt(m.at, n);
      return text.slice(0, at) + text.slice(at + m.len);
    }
    case 'insert': {
      const at = toAt(m.at, n);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'duplicate': {
      const at = toAt(m.at, n);
      const piece = text.slice(at, at + m.len);
      const to = toAt(m.to, n);
      return text.slice(0, to) + piece + text.slice(to);
    }
    case 'swap': {
      let a = toAt(m.a, n);
      let b = toAt(m.b, n);
      if (a > b) [a, b] = [b, a];
      const l = Math.min(m.len, b - a, n - b);
      if (l <= 0) return text;
      return text.slice(0, a) + text.slice(b, b + l) + text.slice(a + l, b) + text.slice(a, a + l) + text.slice(b + l);
    }
    case 'flip': {
      if (n === 0) return String.fromCharCode(m.code);
      const at = Math.min(n - 1, toAt(m.at, n));
      return text.slice(0, at) + String.fromCharCode(m.code) + text.slice(at + 1);
    }
    case 'truncate':
      return text.slice(0, toAt(m.at, n));
    case 'lineEndings':
      return m.crlf ? text.replace(/\r?\n/g, '\r\n') : text.replace(/\r\n/g, '\n');
    case 'indentTabs':
      return text.replace(/^( {2})+/gm, (s) => '\t'.repeat(s.length / 2));
    case 'bom':
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : '\uFEFF' + text;
  }
}

/** A seed template with one to six mutations applied. */
export function mutatedTemplateArb(seeds: Seed[]): fc.Arbitrary<Seed & { mutations: string }> {
  return fc
    .tuple(fc.integer({ min: 0, max: seeds.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 6 }))
    .map(([i, ms]) => {
      const seed = seeds[i]!;
      return { file: seed.file, text: ms.reduce((t, m) => m(t), seed.text), mutations: ms.map(String).join(' ') };
    });
}

// ── range checks ─────────────────────────────────────────────────────────────

/** Line lengths as an LSP client counts them (CRLF, CR and LF end a line; the ending is not part of it). */
export function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((l) => l.length);
}

export function rangeProblem(r: Range | undefined, lines: readonly number[]): string | undefined {
  if (!r) return 'no range';
  for (const p of [r.start, r.end]) {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character)) return `non-integer position ${JSON.stringify(p)}`;
    if (p.line < 0 || p.character < 0) return `negative position ${JSON.stringify(p)}`;
    if (p.line >= lines.length) return `line ${p.line} beyond the document's ${lines.length} lines`;
    if (p.character > lines[p.line]!) return `character ${p.character} beyond line ${p.line}'s length ${lines[p.line]}`;
  }
  if (r.end.line < r.start.line || (r.end.line === r.start.line && r.end.character < r.start.character)) return `end before start ${JSON.stringify(r)}`;
  return undefined;
}

/** Every location a finding carries in its own file must lie inside that file's text. */
export function findingProblems(file: string, text: string, findings: readonly Finding[]): string[] {
  const lines = lineLengths(text);
  const out: string[] = [];
  for (const f of findings) {
    const sites = [
      { what: 'range', range: f.range as Range | undefined, file: f.file },
      ...(f.related ?? []).map((r) => ({ what: 'related', range: r.range, file: r.file })),
      ...(f.path ?? []).filter((s) => s.range).map((s) => ({ what: `path ${s.kind}`, range: s.range, file: s.file ?? f.file })),
    ];
    for (const s of sites) {
      if (s.file !== file) continue;
      const p = rangeProblem(s.range, lines);
      if (p) out.push(`${f.ruleId} ${f.resource} ${s.what}: ${p}`);
    }
    if (typeof f.message !== 'string' || f.message.length === 0) out.push(`${f.ruleId}: empty message`);
  }
  return out;
}

/** Calls `fn`, turning an exception into a failure message that names the input. */
export function noThrow<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw new Error(`${what} threw: ${(e as Error).stack ?? String(e)}`);
  }
}
