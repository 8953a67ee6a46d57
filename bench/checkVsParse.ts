/**
 * Benchmark: full `checkDocument` of a 500-resource template against the floor of merely parsing
 * it (yaml `parseDocument` for YAML, `JSON.parse` for JSON). Prints figures and ratios.
 * Run: node bench/run.mjs checkVsParse
 */
import { parseDocument, stringify } from 'yaml';
import { checkDocument, YamlBlockCache } from '../server/src/engine.js';
import { generateTemplate } from './generate.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median of `runs` timings after warm-up (JIT, caches); the minimum is printed too, as the least noisy figure. */
function time(fn: () => unknown, runs: number): { median: number; min: number } {
  for (let i = 0; i < 5; i++) fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    xs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { median: median(xs), min: Math.min(...xs) };
}

const fmt = (t: { median: number; min: number }) => `${t.median.toFixed(2)} (min ${t.min.toFixed(2)})`;
const ratio = (a: { median: number; min: number }, b: { median: number; min: number }) => `${(a.median / b.median).toFixed(2)}x (min ${(a.min / b.min).toFixed(2)}x)`;

const sizes = (process.env.BENCH_SIZES ?? '500').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 15);
const rows: string[][] = [['resources', 'format', 'bytes', 'parse floor ms', 'vpc-lint check ms', 'ratio to floor', 'findings']];
for (const n of sizes) {
  const t = generateTemplate(n);
  const yamlText = stringify(t, { lineWidth: 0 });
  const jsonText = JSON.stringify(t, null, 2);
  const findings = checkDocument('bench.yaml', yamlText).findings.length;
  const yParse = time(() => parseDocument(yamlText), runs);
  const yCheck = time(() => checkDocument('bench.yaml', yamlText), runs);
  rows.push([String(n), 'yaml', String(yamlText.length), fmt(yParse), fmt(yCheck), `${ratio(yCheck, yParse)} parseDocument`, String(findings)]);
  // An edit inside one resource, re-checked with the editor's incremental state (alternating two
  // versions so that every run really has a changed block to read).
  const cache = new YamlBlockCache();
  const edited = yamlText.replace('FromPort: 443', 'FromPort: 8443');
  checkDocument('bench.yaml', yamlText, { incremental: cache });
  let flip = false;
  const yEdit = time(() => checkDocument('bench.yaml', (flip = !flip) ? edited : yamlText, { incremental: cache }), runs);
  rows.push([String(n), 'yaml edit', String(yamlText.length), fmt(yParse), fmt(yEdit), `${ratio(yEdit, yParse)} parseDocument`, String(findings)]);
  const jParse = time(() => JSON.parse(jsonText), runs);
  const jCheck = time(() => checkDocument('bench.json', jsonText), runs);
  rows.push([String(n), 'json', String(jsonText.length), fmt(jParse), fmt(jCheck), `${ratio(jCheck, jParse)} JSON.parse`, String(checkDocument('bench.json', jsonText).findings.length)]);
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) process.stdout.write(r.map((c, i) => c.padEnd(widths[i]!)).join('  ') + '\n');
process.stdout.write(`(median and minimum of ${runs} runs after 5 warm-ups; node ${process.version})\n`);
