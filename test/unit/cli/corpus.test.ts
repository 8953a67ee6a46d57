/**
 * Every real-world template of the shared corpus (../shared/corpus: public cfn-lint and Checkov
 * templates, see its MANIFEST.tsv) and the examples go through the shipped CLI in one run: no
 * crash, no internal error, exit code 0 or 1, JSON that parses, and every finding inside its file.
 * The run is bounded: a generous spawn timeout, exceeded only by a hang.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { REPO_ROOT } from './helpers.js';
import { lineLengths, rangeProblem } from '../../fuzz/fuzzSupport.js';

const BIN = path.join(REPO_ROOT, 'bin', 'vpc-lint.js');
const BUNDLE = path.join(REPO_ROOT, 'server', 'out', 'cli.js');
const CORPUS = path.resolve(REPO_ROOT, '..', 'shared', 'corpus');
const TIMEOUT_MS = 120_000;

interface JsonFinding {
  ruleId: string;
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
}

describe('the CLI on the shared corpus', () => {
  before(() => {
    assert.ok(existsSync(path.join(CORPUS, 'MANIFEST.tsv')), `The test corpus is missing: expected ${CORPUS}. CI checks out the shared corpus beside the repository.`);
    if (!existsSync(BUNDLE)) {
      const build = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'bundle.mjs'), 'cli'], { cwd: REPO_ROOT, encoding: 'utf8' });
      assert.equal(build.status, 0, `bundle failed:\n${build.stdout}\n${build.stderr}`);
    }
  });

  it('checks every template in one run without a crash, with every finding inside its file', { timeout: TIMEOUT_MS + 30_000 }, () => {
    const corpus = path.relative(REPO_ROOT, CORPUS);
    const run = spawnSync(process.execPath, [BIN, 'check', corpus, 'examples', '--format', 'json', '--fail-on', 'none'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: TIMEOUT_MS,
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: '1' },
    });
    assert.equal(run.error, undefined, `the CLI did not finish within ${TIMEOUT_MS / 1000} s: ${String(run.error)}`);
    assert.equal(run.signal, null, `the CLI was killed by ${run.signal}`);
    assert.ok(run.status === 0 || run.status === 1, `exit code ${run.status}; stderr:\n${run.stderr.slice(0, 4000)}`);
    assert.doesNotMatch(run.stderr, /internal error|Error:|\n\s+at /, 'nothing crashes on the way');

    const report = JSON.parse(run.stdout) as { version: number; findings: JsonFinding[] };
    assert.equal(report.version, 1);
    assert.ok(report.findings.length > 0, 'the corpus has findings (its Checkov FAILED examples among them)');
    const texts = new Map<string, number[]>();
    const problems: string[] = [];
    for (const f of report.findings) {
      const abs = path.resolve(REPO_ROOT, f.file);
      if (!texts.has(f.file)) {
        if (!existsSync(abs)) {
          problems.push(`${f.file}: no such file`);
          continue;
        }
        texts.set(f.file, lineLengths(readFileSync(abs, 'utf8')));
      }
      const problem = rangeProblem(f.range, texts.get(f.file)!);
      if (problem) problems.push(`${f.file}: ${f.ruleId}: ${problem}`);
    }
    assert.deepEqual(problems, []);
  });
});
