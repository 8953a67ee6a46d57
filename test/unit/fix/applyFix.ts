/** Test helpers: apply a CodeFix's edits to text, and run cfn-lint on many files at once. */
import { spawnSync } from 'node:child_process';
import { LineIndex } from '../../../server/src/read/node.js';
import type { CodeFix } from '../../../server/src/fix/index.js';

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
