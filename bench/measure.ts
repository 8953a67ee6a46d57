/**
 * Timing helpers shared by the benchmarks. The machine is shared and noisy, so every figure is a
 * median and a minimum, and a ratio is only ever taken between figures measured in the same run,
 * interleaved, so that a burst of load from elsewhere hits both sides alike.
 */

/** A set of timings in milliseconds. */
export interface Timing {
  median: number;
  min: number;
  runs: number;
}

export function summarize(xs: readonly number[]): Timing {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, min: s[0]!, runs: s.length };
}

export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Collects garbage between runs when the process runs with `--expose-gc` (bench/run.mjs does). */
function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** How long a figure warms up before it is timed, at the least: so many rounds, and so many milliseconds. */
export interface Warmup {
  rounds: number;
  ms: number;
}

/**
 * Warm-up by time as well as by rounds. A check of a 500-resource JSON template takes a few
 * milliseconds: three rounds leave V8 still tiering the code up and growing the young generation
 * (the first 40 timed runs measured 8-11x JSON.parse, the next 40 about 5x, same process), so the
 * figure was of a start, not of the steady use the server and a long CLI run see. A second of
 * rounds covers that; a 100 ms YAML check still gets its three.
 */
export const STEADY: Warmup = { rounds: 3, ms: 1000 };

/**
 * Times each of `fns` once per round, in turn, `runs` rounds after the warm-up, so that all see
 * the same machine. Returns a timing for each, in the same order.
 *
 * Garbage is left to the collector as it comes, as in the server and the CLI. With `afterFullGc`,
 * a full collection precedes every run instead: V8 then drops optimised code whose object shapes
 * died and shrinks the young generation, so each run measures the first check after a major
 * collection (what an editor sees now and then), not the steady state.
 */
export function timeInterleaved(fns: readonly (() => unknown)[], runs: number, warmup: Warmup = STEADY, { afterFullGc = false } = {}): Timing[] {
  const started = now();
  for (let i = 0; i < warmup.rounds || now() - started < warmup.ms; i++) for (const f of fns) f();
  const xs = fns.map(() => [] as number[]);
  for (let r = 0; r < runs; r++) {
    for (let i = 0; i < fns.length; i++) {
      if (afterFullGc) collect();
      const t0 = now();
      fns[i]!();
      xs[i]!.push(now() - t0);
    }
  }
  return xs.map(summarize);
}

/** {@link timeInterleaved} of `floor` and `subject`, each round the floor first. */
export function timePair(subject: () => unknown, floor: () => unknown, runs: number, warmup: Warmup = STEADY, options: { afterFullGc?: boolean } = {}): { subject: Timing; floor: Timing } {
  const [f, s] = timeInterleaved([floor, subject], runs, warmup, options);
  return { subject: s!, floor: f! };
}

/** A timing per resource, in microseconds, from one in milliseconds for `n` resources. */
export function perResource(t: Timing, n: number): Timing {
  return { median: (t.median * 1000) / n, min: (t.min * 1000) / n, runs: t.runs };
}

/** Times one function after warm-up. */
export function time(fn: () => unknown, runs: number, warmups = 3): Timing {
  for (let i = 0; i < warmups; i++) fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    collect();
    const t0 = now();
    fn();
    xs.push(now() - t0);
  }
  return summarize(xs);
}

/** `12.3 (min 11.9)` */
export function formatTiming(t: Timing | undefined): string {
  if (!t) return 'n/a';
  const digits = t.median >= 1000 ? 0 : t.median >= 100 ? 1 : 2;
  return `${t.median.toFixed(digits)} (min ${t.min.toFixed(digits)})`;
}

/** Ratio of medians and of minimums: `1.21× (min 1.18×)`. */
export function ratio(a: Timing | undefined, b: Timing | undefined): { median: number; min: number } | undefined {
  if (!a || !b || b.median === 0 || b.min === 0) return undefined;
  return { median: a.median / b.median, min: a.min / b.min };
}

export function formatRatio(r: { median: number; min: number } | undefined): string {
  if (!r) return 'n/a';
  const f = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 0.1 ? x.toFixed(2) : x.toFixed(3));
  return `${f(r.median)}× (min ${f(r.min)}×)`;
}

/** Lays out rows as a Markdown table (readable as plain text too). */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n') + '\n';
}
