import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { classifyFolder, collectInputs, isCandidateFile, unitFiles } from '../../../server/src/cli/files.js';

let root: string;

function write(rel: string, text = 'x: 1\n'): void {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
}

const posix = (p: string) => p.split(path.sep).join('/');

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'vpc-lint-files-'));
  write('a.yaml');
  write('b.yml');
  write('c.json');
  write('d.template');
  write('notes.txt');
  write('README.md');
  write('sub/deeper/e.yaml');
  write('node_modules/pkg/template.yaml');
  write('.git/config.json');
  write('infra/cdk.out/manifest.json', '{}');
  write('infra/cdk.out/cdk.out', '{"version":"36.0.0"}');
  write('infra/cdk.out/tree.json', '{}');
  write('infra/cdk.out/AppStack.template.json', '{}');
  write('infra/cdk.out/assembly-Prod/manifest.json', '{}');
  write('infra/cdk.out/assembly-Prod/ProdStack.template.json', '{}');
  write('infra/cdk.out/asset.1234/package.json', '{}');
  write('tf/main.tf', '');
  write('tf/network.tf.json', '{}');
  write('tf/plan.json', '{}');
});

after(() => fs.rmSync(root, { recursive: true, force: true }));

describe('collectInputs', () => {
  it('walks folders recursively, keeping candidate files in sorted order, as paths relative to the given one', () => {
    const { units, errors } = collectInputs(['.'], root);
    assert.deepEqual(errors, []);
    const files = units.filter((u) => u.kind === 'file').map((u) => posix(unitFiles(u)[0]!));
    assert.deepEqual(files, ['a.yaml', 'b.yml', 'c.json', 'd.template', 'sub/deeper/e.yaml', 'tf/plan.json']);
  });

  it('skips node_modules and .git', () => {
    const all = collectInputs(['.'], root).units.flatMap(unitFiles).map(posix);
    assert.ok(!all.some((f) => f.includes('node_modules') || f.includes('.git/')), all.join(', '));
  });

  it('collects a cdk.out folder as one assembly with its (stage) templates', () => {
    const assemblies = collectInputs(['.'], root).units.filter((u) => u.kind === 'cdk-assembly');
    assert.equal(assemblies.length, 1);
    assert.equal(posix(assemblies[0]!.kind === 'cdk-assembly' ? assemblies[0]!.dir : ''), 'infra/cdk.out');
    assert.deepEqual(unitFiles(assemblies[0]!).map(posix), ['infra/cdk.out/AppStack.template.json', 'infra/cdk.out/assembly-Prod/ProdStack.template.json']);
  });

  it('collects the .tf and .tf.json files of a folder as one Terraform module', () => {
    const modules = collectInputs(['tf'], root).units.filter((u) => u.kind === 'terraform-module');
    assert.equal(modules.length, 1);
    assert.deepEqual(unitFiles(modules[0]!).map(posix), ['tf/main.tf', 'tf/network.tf.json']);
  });

  it('keeps paths as given: relative prefixes stay, absolute paths stay absolute', () => {
    assert.deepEqual(collectInputs(['sub'], root).units.flatMap(unitFiles).map(posix), ['sub/deeper/e.yaml']);
    const abs = path.join(root, 'sub');
    assert.deepEqual(collectInputs([abs], os.tmpdir()).units.flatMap(unitFiles), [path.join(abs, 'deeper', 'e.yaml')]);
  });

  it('checks a file named on the command line whatever its extension, once', () => {
    const { units } = collectInputs(['notes.txt', 'a.yaml', '.', 'a.yaml'], root);
    const files = units.flatMap(unitFiles).map(posix);
    assert.equal(files[0], 'notes.txt');
    assert.equal(files.filter((f) => f === 'a.yaml').length, 1);
  });

  it('reports a missing path as an error and carries on', () => {
    const { units, errors } = collectInputs(['missing.yaml', 'a.yaml'], root);
    assert.deepEqual(errors, [{ path: 'missing.yaml', message: 'no such file or directory' }]);
    assert.deepEqual(units.flatMap(unitFiles), ['a.yaml']);
  });

  it('walks a skipped folder when the user names it', () => {
    assert.deepEqual(collectInputs(['node_modules'], root).units.flatMap(unitFiles).map(posix), ['node_modules/pkg/template.yaml']);
  });

  it('reports an unreadable folder', { skip: process.platform === 'win32' || process.getuid?.() === 0 ? 'permissions do not apply' : false }, () => {
    write('locked/x.yaml');
    fs.chmodSync(path.join(root, 'locked'), 0o000);
    try {
      const { errors } = collectInputs(['locked'], root);
      assert.deepEqual(errors, [{ path: 'locked', message: 'permission denied' }]);
    } finally {
      fs.chmodSync(path.join(root, 'locked'), 0o755);
    }
  });
});

describe('classification', () => {
  it('knows candidate files', () => {
    for (const f of ['x.yaml', 'x.YML', 'x.json', 'stack.template', 'main.tf.json']) assert.ok(isCandidateFile(f), f);
    for (const f of ['x.txt', 'main.tf', 'yaml']) assert.ok(!isCandidateFile(f), f);
  });

  it('knows cloud assemblies and skipped folders', () => {
    assert.equal(classifyFolder('cdk.out', ['manifest.json', 'tree.json']), 'cdk-assembly');
    assert.equal(classifyFolder('out', ['manifest.json', 'cdk.out']), 'cdk-assembly');
    assert.equal(classifyFolder('out', ['manifest.json']), 'walk');
    assert.equal(classifyFolder('node_modules', []), 'skip');
    assert.equal(classifyFolder('node_modules', [], true), 'walk');
  });
});
