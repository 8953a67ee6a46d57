/**
 * The fuzz properties (./properties.ts) with CI-sized case counts: the whole set runs in well
 * under a minute. `FUZZ_RUNS=N` gives every property N cases; `FUZZ_SEED=S` replays a seed that
 * fast-check printed. bench/fuzzLong.ts is the long run.
 */
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { params } from './fuzzSupport.js';
import { PROPERTIES } from './properties.js';

describe('fuzz', () => {
  for (const p of PROPERTIES) {
    it(p.name, async () => {
      await fc.assert(p.property(), params(p.ciRuns));
    });
  }
});
