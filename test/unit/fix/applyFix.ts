/** Test helpers: apply a CodeFix's edits to text, and run cfn-lint on many files at once. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { LineIndex } from '../../../server/src/read/node.js';
import type { CodeFix } from '../../../server/src/fix/index.js';
import type { Finding } from '../../../server/src/rules/types.js';

export function applyFix(text: string, fix: Pick<CodeFix, 'edits'>): string {
  const lines = new LineIndex(text);
  const spans = fix.edits.map((e, i) => ({ i, start: lines.offset(e.range.start), end: lines.offset(e.range.end), text: e.newText }));
  // LSP: inserts at one position appear in array order, so apply the later one first.
  spans.sort((a, b) => b.start - a.start || b.i - a.i);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

/** cfn-lint's error-level (E) problems per file; fails loudly when cfn-lint is not installed. */
export function cfnLintErrors(files: string[]): Map<string, string[]> {
  const r = spawnSync('cfn-lint', ['--format', 'parseable', '--', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`cfn-lint could not run (${r.error.message}); it is Python's cfn-lint, preinstalled on these machines`);
  const out = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const line of r.stdout.split('\n')) {
    // parseable: file:line:col:endline:endcol:RULE:message
    const m = /^(.*?):\d+:\d+:\d+:\d+:(E\d+):(.*)$/.exec(line);
    if (m) out.get(m[1]!)?.push(`${m[2]} ${m[3]}`);
  }
  return out;
}

/** Line breaks in a string (CRLF, CR or LF each count once). */
function breaks(s: string): number {
  return s.match(/\r\n|\r|\n/g)?.length ?? 0;
}

/**
 * Every line of `before` that no edit range touches (closed intervals: an insertion at the very
 * start or end of a line counts as touching it) must come out unchanged, at the line number the
 * edits above it predict. Returns the number of lines checked.
 */
export function assertUntouchedLinesSurvive(before: string, after: string, fix: Pick<CodeFix, 'edits'>): number {
  const index = new LineIndex(before);
  const edits = fix.edits.map((e) => {
    const start = index.offset(e.range.start);
    const end = index.offset(e.range.end);
    return { start, end, delta: breaks(e.newText) - breaks(before.slice(start, end)) };
  });
  const beforeLines = before.split(/\r\n|\r|\n/);
  const afterLines = after.split(/\r\n|\r|\n/);
  let offset = 0;
  let checked = 0;
  for (let i = 0; i < beforeLines.length; i++) {
    const line = beforeLines[i]!;
    const lineStart = offset;
    const lineEnd = lineStart + line.length;
    offset = index.offset({ line: i + 1, character: 0 });
    if (edits.some((e) => e.start <= lineEnd && e.end >= lineStart)) continue;
    const shift = edits.filter((e) => e.end < lineStart).reduce((sum, e) => sum + e.delta, 0);
    assert.equal(afterLines[i + shift], line, `line ${i + 1} (${JSON.stringify(line)}) should be line ${i + 1 + shift} of the result`);
    checked++;
  }
  return checked;
}

/** The kind of a quick fix, by its title (golden files are named after it). */
export function fixKind(fix: Pick<CodeFix, 'title'>, finding: Pick<Finding, 'ruleId'>): string {
  const t = fix.title;
  if (t.startsWith('Put ') && t.includes('(REST API')) return 'front-door-rest';
  if (t.startsWith('Put ') && t.includes('(HTTP API')) return 'front-door-http';
  if (t.startsWith('Remove the public address')) return 'remove-public-address';
  if (t.startsWith('Allow this port only from')) return 'narrow';
  if (t.startsWith('Ignore ')) return `ignore-${finding.ruleId}`;
  throw new Error(`no slug for the fix "${t}"; add one`);
}

/** One fix of a golden test: the input file, the fix, and the text before and after it. */
export interface GoldenCase {
  input: string;
  fix: CodeFix;
  finding: Finding;
  expectedName: string;
  before: string;
  after: string;
}
