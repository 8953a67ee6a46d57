#!/usr/bin/env node
// Runs a benchmark from an esbuild bundle, the way the CLI and server ship, rather than through
// tsx's on-the-fly transpiler (whose helpers would be measured too).
//
//   node bench/run.mjs [name] [args…]   name defaults to checkVsParse (bench/<name>.ts)
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const name = process.argv[2] ?? 'checkVsParse';
const outfile = join(root, 'out', 'bench', `${name}.js`);
await esbuild.build({
  absWorkingDir: root,
  entryPoints: [`bench/${name}.ts`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  mainFields: ['module', 'main'],
  external: ['@aws-cdk/cloudformation-diff', '@cdktf/hcl2json'],
  logLevel: 'warning',
});
// Extra node flags, e.g. BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=out/prof" for a profile.
const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const r = spawnSync(process.execPath, ['--expose-gc', ...nodeFlags, outfile, ...process.argv.slice(3)], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
