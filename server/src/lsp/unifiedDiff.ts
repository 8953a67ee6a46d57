/**
 * A unified diff of two texts, line by line, for showing what a quick fix changes. Common leading
 * and trailing lines are set aside first, so the quadratic part only sees the changed region; a
 * region too large for it is shown as removed and re-added whole.
 */

/** Above this many cells (old lines × new lines in the changed region) no alignment is tried. */
const MAX_CELLS = 4_000_000;
const CONTEXT = 3;

type Op = { kind: ' ' | '-' | '+'; text: string; oldLine: number; newLine: number };

export function unifiedDiff(before: string, after: string, name: string): string {
  if (before === after) return '';
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: Op[] = [];
  for (let i = 0; i < start; i++) ops.push({ kind: ' ', text: a[i]!, oldLine: i, newLine: i });
  ops.push(...middle(a.slice(start, endA), b.slice(start, endB), start, start));
  for (let i = endA, j = endB; i < a.length; i++, j++) ops.push({ kind: ' ', text: a[i]!, oldLine: i, newLine: j });
  return [`--- a/${name}`, `+++ b/${name}`, ...hunks(ops)].join('\n');
}

/** The changed region, aligned by longest common subsequence when it is small enough. */
function middle(a: string[], b: string[], oldBase: number, newBase: number): Op[] {
  const out: Op[] = [];
  if (a.length * b.length > MAX_CELLS) {
    a.forEach((text, i) => out.push({ kind: '-', text, oldLine: oldBase + i, newLine: newBase }));
    b.forEach((text, j) => out.push({ kind: '+', text, oldLine: oldBase + a.length, newLine: newBase + j }));
    return out;
  }
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ kind: ' ', text: a[i]!, oldLine: oldBase + i, newLine: newBase + j });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      // Deletions before insertions, as diff(1) prints them.
      out.push({ kind: '-', text: a[i]!, oldLine: oldBase + i, newLine: newBase + j });
      i++;
    } else {
      out.push({ kind: '+', text: b[j]!, oldLine: oldBase + i, newLine: newBase + j });
      j++;
    }
  }
  return out;
}

/** Groups changes with up to three lines of context into `@@` hunks. */
function hunks(ops: Op[]): string[] {
  const out: string[] = [];
  let k = 0;
  while (k < ops.length) {
    while (k < ops.length && ops[k]!.kind === ' ') k++;
    if (k === ops.length) break;
    const from = Math.max(0, k - CONTEXT);
    let to = k;
    // Extend while the next change is within twice the context of the last one.
    for (let last = k; to < ops.length; to++) {
      if (ops[to]!.kind !== ' ') last = to;
      else if (to - last > 2 * CONTEXT) break;
    }
    const end = Math.min(ops.length, lastChange(ops, from, to) + CONTEXT + 1);
    const slice = ops.slice(from, end);
    const oldCount = slice.filter((o) => o.kind !== '+').length;
    const newCount = slice.filter((o) => o.kind !== '-').length;
    const first = slice[0]!;
    out.push(`@@ -${first.oldLine + (oldCount > 0 ? 1 : 0)},${oldCount} +${first.newLine + (newCount > 0 ? 1 : 0)},${newCount} @@`);
    for (const o of slice) out.push(`${o.kind}${o.text}`);
    k = end;
  }
  return out;
}

function lastChange(ops: Op[], from: number, to: number): number {
  for (let i = Math.min(to, ops.length - 1); i >= from; i--) if (ops[i]!.kind !== ' ') return i;
  return from;
}
