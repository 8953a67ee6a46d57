/**
 * Why the in-process check's time per resource grows from 500 to 5,000 resources: a bigger
 * template, or just more memory touched? Checks, interleaved in one process:
 *
 * - one:    one template of FROM resources, again and again;
 * - copies: TO/FROM different templates of FROM resources each, one after another (the same
 *           number of resources and about the same live memory as `big`, but no template grows);
 * - big:    one template of TO resources;
 *
 * and prints each one's time per resource and its growth over `one`, next to the same figures for
 * the parse floor (`JSON.parse` for JSON, yaml `parseDocument` for YAML). If `copies` grows about
 * as much as `big`, the growth comes from the working set outgrowing the CPU's caches, not from
 * work that grows faster than the template.
 *
 *   node bench/run.mjs workingSet              JSON and YAML, 500 → 5000
 *   BENCH_FORMS=json BENCH_FROM=500 BENCH_TO=5000 BENCH_RUNS=15 node bench/run.mjs workingSet
 */
import { parseDocument } from 'yaml';
import { checkDocument } from '../server/src/engine.js';
import { generateTemplate, toYaml } from './generate.js';
import { formatTiming, markdownTable, perResource, timeInterleaved, type Timing } from './measure.js';

const env = process.env;
const FROM = Number(env['BENCH_FROM'] ?? 500);
const TO = Number(env['BENCH_TO'] ?? 5000);
const FORMS = (env['BENCH_FORMS'] ?? 'json,yaml').split(',').map((s) => s.trim()) as ('json' | 'yaml')[];
if (!(FROM > 0 && TO > FROM && TO % FROM === 0)) throw new Error(`BENCH_TO (${TO}) must be a multiple of BENCH_FROM (${FROM})`);
const COPIES = TO / FROM;

/** A template of `n` resources, told apart from its siblings by its description. */
function text(form: 'json' | 'yaml', n: number, copy: number): string {
  const t = { ...generateTemplate(n), Description: `working-set copy ${copy}` };
  return form === 'json' ? JSON.stringify(t, null, 2) : toYaml(t);
}

const growth = (t: Timing, base: Timing) => `${(t.median / base.median).toFixed(2)}× (min ${(t.min / base.min).toFixed(2)}×)`;

const rows: string[][] = [];
for (const form of FORMS) {
  const file = `bench.${form}`;
  const one = text(form, FROM, 0);
  const copies = Array.from({ length: COPIES }, (_, i) => text(form, FROM, i + 1));
  const big = text(form, TO, 0);
  const parse = form === 'json' ? (s: string) => JSON.parse(s) : (s: string) => parseDocument(s);
  const check = (s: string) => checkDocument(file, s);
  // The findings must scale with the template, or the figures compare different work.
  const found = [one, big].map((s) => check(s).findings.length);
  if (found[1] !== found[0]! * COPIES) throw new Error(`${form}: ${found[0]} findings at ${FROM} but ${found[1]} at ${TO}`);
  const runs = Number(env['BENCH_RUNS'] ?? (form === 'json' ? 21 : 5));
  process.stderr.write(`${form}: ${runs} interleaved runs of six measures\n`);
  const [cOne, cCopies, cBig, pOne, pCopies, pBig] = timeInterleaved(
    [
      () => check(one),
      () => copies.forEach(check),
      () => check(big),
      () => parse(one),
      () => copies.forEach(parse),
      () => parse(big),
    ],
    runs,
  );
  const floor = form === 'json' ? 'JSON.parse' : 'yaml parseDocument';
  const add = (what: string, n: number, c: Timing, p: Timing) => {
    const pc = perResource(c, n);
    const pp = perResource(p, n);
    rows.push([form, what, formatTiming(pc), growth(pc, perResource(cOne!, FROM)), formatTiming(pp), growth(pp, perResource(pOne!, FROM)), floor]);
  };
  add(`one template of ${FROM}`, FROM, cOne!, pOne!);
  add(`${COPIES} templates of ${FROM}, in turn`, TO, cCopies!, pCopies!);
  add(`one template of ${TO}`, TO, cBig!, pBig!);
}

process.stdout.write(
  markdownTable(['form', 'checked', 'vpc-lint µs / resource', 'growth', 'floor µs / resource', 'floor growth', 'floor'], rows) +
    `(median and minimum; node ${process.version}; growth is time per resource over that of one template of ${FROM})\n`,
);
