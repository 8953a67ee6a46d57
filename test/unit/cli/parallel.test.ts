import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseArgs } from '../../../server/src/cli/args.js';
import { main } from '../../../server/src/cli/main.js';
import { chooseJobs, PARALLEL_MIN_BYTES, PARALLEL_MIN_FILES } from '../../../server/src/cli/parallel.js';
import { generateCdkAssembly, generateTemplate, generateTerraformPlan, toYaml } from '../../../bench/generate.js';
import { memoryIo, REPO_ROOT } from './helpers.js';

const MB = 1024 * 1024;

describe('chooseJobs', () => {
  it('obeys --jobs, never more than there are tasks', () => {
    assert.equal(chooseJobs([10, 10, 10], 1, 8, 0), 1);
    assert.equal(chooseJobs([10, 10, 10], 2, 1, 5), 2);
    assert.equal(chooseJobs([10, 10], 16, 8, 0), 2);
  });

  it('stays in one thread for small runs, a single file, one core, or a busy machine', () => {
    assert.equal(chooseJobs([1000, 1000, 1000], undefined, 8, 0), 1);
    assert.equal(chooseJobs([50 * MB], undefined, 8, 0), 1);
    // One huge file and a small one: only the small one could run beside it.
    assert.equal(chooseJobs([50 * MB, 1000], undefined, 8, 0), 1);
    assert.equal(chooseJobs([2 * MB, 2 * MB], undefined, 1, 0), 1);
    assert.equal(chooseJobs([2 * MB, 2 * MB], undefined, 2, 1.2), 1);
  });

  it('uses one worker per core for big runs or many files on an idle machine', () => {
    assert.equal(chooseJobs([PARALLEL_MIN_BYTES, PARALLEL_MIN_BYTES, 10], undefined, 4, 0.5), 3);
    assert.equal(chooseJobs(new Array<number>(PARALLEL_MIN_FILES).fill(100), undefined, 4, 0), 4);
  });
});

describe('vpc-lint check --jobs / --progress: arguments', () => {
  it('parses them, and leaves them out when not given', () => {
    assert.deepEqual(parseArgs(['check', '--jobs', '3', '--progress']), { command: 'check', paths: ['.'], format: 'text', failOn: 'error', jobs: 3, progress: true });
    assert.deepEqual(parseArgs(['check', '--jobs=1', '--no-progress', 'x']), { command: 'check', paths: ['x'], format: 'text', failOn: 'error', jobs: 1, progress: false });
    assert.equal('jobs' in parseArgs(['check']), false);
  });

  it('rejects a bad --jobs', () => {
    for (const bad of [['--jobs', '0'], ['--jobs', 'two'], ['--jobs'], ['--jobs=-1'], ['--progress=yes']]) {
      const parsed = parseArgs(['check', ...bad]);
      assert.equal(parsed.command, 'usage-error', bad.join(' '));
    }
  });
});

describe('vpc-lint check: parallel and serial runs agree', () => {
  let dir: string;
  before(() => {
    // Many inputs of every kind: the repository's fixtures, generated templates in YAML and JSON,
    // a Terraform plan, a cloud assembly, and a path that does not exist.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vpc-lint-parallel-'));
    fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures'), path.join(dir, 'fixtures'), { recursive: true });
    for (let i = 0; i < 6; i++) {
      const t = generateTemplate(40 + 20 * i);
      fs.writeFileSync(path.join(dir, `generated-${i}.yaml`), toYaml(t));
      fs.writeFileSync(path.join(dir, `generated-${i}.json`), JSON.stringify(t, null, 2));
    }
    fs.writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(generateTerraformPlan(60), null, 2));
    const assembly = generateCdkAssembly(60);
    fs.mkdirSync(path.join(dir, 'app', 'cdk.out'), { recursive: true });
    for (const [name, text] of Object.entries(assembly.files)) fs.writeFileSync(path.join(dir, 'app', 'cdk.out', name), text);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const io = memoryIo({ cwd: dir });
    const code = await main(['check', '.', 'missing.yaml', ...args], io);
    return { code, out: io.out(), err: io.err() };
  }

  for (const format of ['json', 'sarif', 'text']) {
    it(`gives identical ${format} output, errors and exit code with --jobs 1 and --jobs 3`, async () => {
      const serial = await run('--format', format, '--jobs', '1');
      const parallel = await run('--format', format, '--jobs', '3');
      assert.ok(serial.out.length > 0);
      assert.equal(parallel.out, serial.out);
      assert.equal(parallel.err, serial.err);
      assert.equal(parallel.code, serial.code);
      assert.equal(serial.code, 2, 'the missing path makes the run exit 2');
      if (format === 'json') {
        const findings = (JSON.parse(serial.out) as { findings: { file: string }[] }).findings;
        const files = new Set(findings.map((f) => f.file));
        for (const expected of ['plan.json', 'generated-5.yaml', 'generated-5.json', path.join('fixtures', 'cli', 'broken', 'broken.yaml')]) assert.ok(files.has(expected), `no finding in ${expected}`);
        assert.ok([...files].some((f) => f.startsWith(path.join('app', 'cdk.out'))), 'no finding in the cloud assembly');
      }
    });
  }

  it('prints progress lines on a pipe with --progress, in either mode', async () => {
    for (const jobs of ['1', '2']) {
      const { err } = await run('--format', 'json', '--jobs', jobs, '--progress');
      const lines = err.split('\n').filter((l) => l.startsWith('vpc-lint: checked '));
      assert.ok(lines.length >= 2, err);
      assert.match(lines.at(-1)!, /^vpc-lint: checked (\d+)\/\1 files$/);
      assert.ok(!err.includes('\r'), 'no terminal redraws on a pipe');
    }
  });

  it('stays quiet on a pipe without --progress, and with --no-progress on a terminal', async () => {
    const quiet = await run('--format', 'json', '--jobs', '2');
    assert.ok(!quiet.err.includes('checked'));
    const io = memoryIo({ cwd: dir, tty: true });
    await main(['check', '.', '--format', 'json', '--no-progress'], io);
    assert.ok(!io.err().includes('checking'));
  });
});
