/**
 * The long fuzz run: every property of test/fuzz/properties.ts with many more cases than CI runs.
 * Prints, per property, the cases run, whether it failed (with the seed and counterexample to
 * replay), and the time taken; `--record` also writes bench/results/fuzz-long.md.
 *
 *   node --import tsx bench/fuzzLong.ts [--record]
 *   FUZZ_SCALE=20   cases = 20 × each property's CI count (the default)
 *   FUZZ_RUNS=N     N cases for every property instead
 *   FUZZ_SEED=S     replay a seed
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { PROPERTIES } from '../test/fuzz/properties.js';

interface Row {
  name: string;
  runs: number;
  failed: boolean;
  seconds: number;
  detail?: string;
}

async function main(): Promise<number> {
  const scale = Number(process.env['FUZZ_SCALE'] ?? 20);
  const fixedRuns = Number(process.env['FUZZ_RUNS']);
  const seed = Number(process.env['FUZZ_SEED']);
  const rows: Row[] = [];
  const started = Date.now();
  for (const p of PROPERTIES) {
    const numRuns = Number.isInteger(fixedRuns) && fixedRuns > 0 ? fixedRuns : p.ciRuns * scale;
    const t0 = Date.now();
    const details = await fc.check(p.property(), { numRuns, ...(Number.isInteger(seed) ? { seed } : {}) });
    const row: Row = { name: p.name, runs: details.numRuns, failed: details.failed, seconds: (Date.now() - t0) / 1000 };
    if (details.failed) {
      const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      row.detail = `seed ${details.seed}, path ${details.counterexamplePath}: ${error.slice(0, 2000)}`;
    }
    rows.push(row);
    console.log(`${row.failed ? 'FAIL' : 'ok  '} ${String(row.runs).padStart(7)} cases  ${row.seconds.toFixed(1).padStart(7)} s  ${row.name}`);
    if (row.detail) console.log(`     ${row.detail}`);
  }
  const total = rows.reduce((n, r) => n + r.runs, 0);
  const failures = rows.filter((r) => r.failed).length;
  const minutes = (Date.now() - started) / 60000;
  console.log(`${total} cases, ${failures} failing properties, ${minutes.toFixed(1)} min`);

  if (process.argv.includes('--record')) {
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    const lines = [
      '# Long fuzz run',
      '',
      `Run with \`node --import tsx bench/fuzzLong.ts --record\` (FUZZ_SCALE=${scale}${Number.isInteger(fixedRuns) ? `, FUZZ_RUNS=${fixedRuns}` : ''}).`,
      '',
      `- Date: ${new Date().toISOString().slice(0, 10)}`,
      `- Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GB, ${os.platform()} ${os.arch()}, Node ${process.version}`,
      `- Total: **${total} cases, ${failures} failing properties**, ${minutes.toFixed(1)} minutes`,
      '',
      '| property | cases | result | seconds |',
      '|---|---:|---|---:|',
      ...rows.map((r) => `| ${r.name} | ${r.runs} | ${r.failed ? 'FAILED' : 'passed'} | ${r.seconds.toFixed(1)} |`),
      '',
      ...rows.filter((r) => r.detail).map((r) => `- ${r.name}: ${r.detail!.replace(/\n/g, ' ')}`),
    ];
    const out = path.join(__dirname, 'results', 'fuzz-long.md');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${lines.join('\n').trimEnd()}\n`);
    console.log(`recorded in ${path.relative(process.cwd(), out)}`);
  }
  return failures > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
