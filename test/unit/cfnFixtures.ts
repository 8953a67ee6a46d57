/**
 * Shared helpers for the engine's unit tests: run a CloudFormation fixture through
 * `checkDocument`, summarise findings, and locate expected positions in the fixture text
 * (caret-style: positions are always derived from the text, never written as numbers).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { checkDocument, type DocumentCheck } from '../../server/src/engine.js';
import type { Position } from '../../server/src/read/node.js';
import type { Finding } from '../../server/src/rules/types.js';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CFN_FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'cloudformation');

/** Where YAML written by others and by us lives: the shared corpus, the fixtures, the examples. */
export const YAML_SAMPLE_DIRS = [path.join(REPO_ROOT, '..', 'shared', 'corpus'), path.join(REPO_ROOT, 'test', 'fixtures'), path.join(REPO_ROOT, 'examples')];

/** Every `.yaml`/`.yml` file under `dir`, in a stable order. */
export function* yamlFiles(dir: string): Generator<string> {
  for (const n of readdirSync(dir).sort()) {
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) yield* yamlFiles(p);
    else if (/\.ya?ml$/.test(n)) yield p;
  }
}

export interface CheckedFixture extends DocumentCheck {
  /** Path relative to the repository root, as the CLI would pass it. */
  file: string;
  text: string;
}

export function checkFixture(name: string): CheckedFixture {
  const file = path.posix.join('test', 'fixtures', 'cloudformation', name);
  const text = readFileSync(path.join(CFN_FIXTURES, name), 'utf8');
  return { file, text, ...checkDocument(file, text) };
}

/**
 * Findings other than the given rules'. Most fixtures declare a VPC without a flow log; that rule
 * has its own tests, and leaving it out here keeps each test's expectation to what it is about.
 */
export function except(findings: Finding[], ...slugs: string[]): Finding[] {
  return findings.filter((f) => !slugs.includes(f.ruleId));
}

export function only(findings: Finding[], slug: string): Finding[] {
  return findings.filter((f) => f.ruleId === slug);
}

/** `ruleId severity resource` per finding, in order: compact and exact for deepEqual. */
export function summary(findings: Finding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.severity} ${f.resource}`);
}

/** The step kinds of an exposure's path, in order. */
export function pathKinds(f: Finding): string[] {
  return (f.path ?? []).map((s) => s.kind);
}

/** The position of the one occurrence of `snippet` in `text` (fails when absent or repeated). */
export function caret(text: string, snippet: string): Position {
  const at = text.indexOf(snippet);
  assert.ok(at >= 0, `fixture does not contain ${JSON.stringify(snippet)}`);
  assert.equal(text.indexOf(snippet, at + 1), -1, `fixture contains ${JSON.stringify(snippet)} more than once`);
  const before = text.slice(0, at);
  const line = before.split('\n').length - 1;
  return { line, character: at - (before.lastIndexOf('\n') + 1) };
}

/** The position of a mapping key such as a resource's logical id: `  WebServer:` → its first letter. */
export function keyAt(text: string, key: string): Position {
  const lines = text.split('\n');
  const hits = lines.flatMap((l, line) => (new RegExp(`^\\s*"?${key}"?\\s*:`).test(l) ? [{ line, character: l.search(/\S/) + (l.trimStart().startsWith('"') ? 1 : 0) }] : []));
  assert.equal(hits.length, 1, `expected exactly one key ${key} in the fixture, found ${hits.length}`);
  return hits[0]!;
}

/** The zero-based line of the one occurrence of `snippet`. */
export function lineOf(text: string, snippet: string): number {
  return caret(text, snippet).line;
}
