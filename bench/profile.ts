/**
 * Profiling helper: checks one generated input in a loop so that `node --cpu-prof` sees the
 * steady state. Run: node bench/run.mjs profile <yaml|json|plan|cdk> [resources] [iterations]
 * (bench/run.mjs passes node flags through BENCH_NODE_FLAGS, e.g. "--cpu-prof").
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { checkCdkAssembly, checkDocument } from '../server/src/engine.js';
import { generateCdkAssembly, generateTemplate, generateTerraformPlan, toYaml } from './generate.js';
import { formatTiming, time } from './measure.js';

const [kind = 'json', sizeArg = '500', iterArg = '200'] = process.argv.slice(2);
const n = Number(sizeArg);
const iterations = Number(iterArg);
const template = generateTemplate(n);
let subject: () => unknown;
let floor: () => unknown;
let cleanup = () => {};
switch (kind) {
  case 'yaml': {
    const text = toYaml(template);
    subject = () => checkDocument('bench.yaml', text);
    floor = () => parseDocument(text);
    break;
  }
  case 'plan': {
    const text = JSON.stringify(generateTerraformPlan(n));
    subject = () => checkDocument('plan.json', text);
    floor = () => JSON.parse(text);
    break;
  }
  case 'cdk': {
    const assembly = generateCdkAssembly(n);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vpc-lint-profile-'));
    const out = path.join(dir, 'cdk.out');
    fs.mkdirSync(out);
    for (const [name, text] of Object.entries(assembly.files)) fs.writeFileSync(path.join(out, name), text);
    subject = () => checkCdkAssembly(out);
    floor = () => JSON.parse(assembly.files[assembly.templateFile]!);
    cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
    break;
  }
  default: {
    const text = JSON.stringify(template, null, 2);
    subject = () => checkDocument('bench.json', text);
    floor = () => JSON.parse(text);
  }
}
const f = time(floor, 15);
const s = time(subject, iterations, 5);
process.stdout.write(`${kind} ${n}: check ${formatTiming(s)} ms, floor ${formatTiming(f)} ms, ratio of minimums ${(s.min / f.min).toFixed(2)}\n`);
cleanup();
