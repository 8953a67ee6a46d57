/**
 * The cloud assembly reader on assemblies that aws-cdk-lib synthesised for real (a stage, a
 * nested stack) and on hand-made manifests that try to lead it out of the assembly folder.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { diskFileSystem, readCdkAssembly, resolveInside, type AssemblyFileSystem, type AssemblyRead } from '../../../server/src/read/cdk/assembly.js';
import { removeProject, synthProject, type CdkProject } from '../../fixtures/cdk-apps/synth.js';

describe('readCdkAssembly on synthesised apps', () => {
  let stage: CdkProject;
  let nested: CdkProject;
  let untraced: CdkProject;

  before(async () => {
    [stage, nested, untraced] = await Promise.all([
      synthProject('stage'),
      synthProject('nested-stack'),
      synthProject('public-instance', { traces: false }),
    ]);
  });
  after(() => {
    for (const p of [stage, nested, untraced]) if (p) removeProject(p);
  });

  it('follows a stage into its nested cloud assembly', () => {
    const { value, errors } = readCdkAssembly(stage.cdkOut);
    assert.deepEqual(errors, []);
    assert.equal(value.templates.length, 1);
    const [t] = value.templates;
    assert.equal(path.relative(stage.cdkOut, t!.file).split(path.sep)[0], 'assembly-Prod');
    assert.match(path.basename(t!.file), /^ProdBastion[0-9A-F]+\.template\.json$/);
    assert.deepEqual(value.manifests.map((m) => path.relative(stage.cdkOut, m)), ['manifest.json', path.join('assembly-Prod', 'manifest.json')]);
    const bastion = [...t!.resources.entries()].find(([, r]) => r.path === 'Prod/Bastion/Bastion/Resource');
    assert.ok(bastion, 'the bastion instance is known by its construct path');
    assert.match(bastion[0], /^Bastion[0-9A-F]{8}$/);
    assert.ok(bastion[1].trace?.some((frame) => frame.includes('app.ts')), 'the creation trace names the app');
  });

  it('reads nested stack templates and gives their resources to the nested template', () => {
    const { value, errors } = readCdkAssembly(nested.cdkOut);
    assert.deepEqual(errors, []);
    const names = value.templates.map((t) => path.basename(t.file));
    assert.equal(names.length, 2);
    assert.equal(names[0], 'ShopStack.template.json');
    assert.match(names[1]!, /^ShopStackWebTier[0-9A-F]+\.nested\.template\.json$/);
    const [parent, child] = value.templates;
    assert.equal(child!.parent, parent!.file);
    const paths = (t: typeof parent) => [...t!.resources.values()].map((r) => r.path);
    assert.ok(paths(child).includes('ShopStack/WebTier/ShopServer/Resource'));
    assert.ok(!paths(parent).includes('ShopStack/WebTier/ShopServer/Resource'));
    assert.ok(paths(parent).some((p) => p.startsWith('ShopStack/Uploads/')));
  });

  it('has construct paths but no traces when the app was synthesised without them', () => {
    const { value } = readCdkAssembly(untraced.cdkOut);
    const server = [...value.templates[0]!.resources.values()].find((r) => r.path === 'WebStack/WebServer/Resource');
    assert.ok(server);
    assert.equal(server.trace, undefined);
  });

  it('looks up each resource as the whole template would have it, without parsing the template', () => {
    for (const project of [stage, nested, untraced]) assertLookupsAgree(() => readCdkAssembly(project.cdkOut));
  });

  it('keeps paths relative when the assembly folder is given relative to a working directory', () => {
    const fsFromProject = diskFileSystem(untraced.dir);
    const { value, errors } = readCdkAssembly('cdk.out', fsFromProject);
    assert.deepEqual(errors, []);
    assert.deepEqual(value.templates.map((t) => t.file), [path.join('cdk.out', 'WebStack.template.json')]);
  });
});

/**
 * Every logical id (those the metadata or the template names, and one nobody names) looked up one
 * at a time on a fresh read gives what the fully built `resources` map of another read gives.
 */
function assertLookupsAgree(read: () => AssemblyRead): void {
  const lazy = read().value.templates;
  const eager = read().value.templates;
  // Lookups on templates whose parsed value was handed over (as the check does) agree too.
  const handed = read().value.templates;
  for (const t of handed) {
    try {
      t.useParsed(JSON.parse(t.text));
    } catch {
      // Not JSON: nothing to hand over.
    }
  }
  assert.equal(lazy.length, eager.length);
  lazy.forEach((template, i) => {
    const all = eager[i]!.resources;
    const ids = new Set([...all.keys(), 'NotAResource', 'constructor']);
    for (const m of template.text.matchAll(/"([A-Za-z0-9]+)"\s*:\s*\{/g)) ids.add(m[1]!);
    for (const id of ids) {
      assert.deepEqual(template.resource(id), all.get(id), `${path.basename(template.file)} ${id}`);
      assert.deepEqual(handed[i]!.resource(id), all.get(id), `${path.basename(template.file)} ${id}, parsed value handed over`);
    }
  });
}

/** An in-memory assembly that records every file the reader asks for. */
function memoryFs(files: Record<string, string>): AssemblyFileSystem & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readText(file) {
      reads.push(file);
      const text = files[path.normalize(file)];
      return text === undefined ? { error: 'no such file or directory' } : { text };
    },
    realPath(file) {
      return files[path.normalize(file)] !== undefined || !path.extname(file) ? path.resolve(file) : undefined;
    },
  };
}

const ROOT = path.join(path.sep, 'work', 'app', 'cdk.out');
const TEMPLATE = JSON.stringify({ Resources: { Bucket: { Type: 'AWS::S3::Bucket', Metadata: { 'aws:cdk:path': 'S/Bucket/Resource' } } } });

function manifest(artifacts: Record<string, unknown>): string {
  return JSON.stringify({ version: '36.0.0', artifacts });
}

function stack(templateFile: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/unknown-region', properties: { templateFile }, ...extra };
}

describe('readCdkAssembly refuses paths that leave the assembly', () => {
  const outside = [
    ['a parent-relative template', '../secrets.template.json'],
    ['a deeper parent-relative template', 'sub/../../secrets.template.json'],
    ['an absolute template', path.join(path.sep, 'etc', 'passwd')],
    ['a Windows drive path', 'C:\\Windows\\win.ini'],
    ['a backslash parent path', '..\\secrets.template.json'],
  ] as const;

  for (const [what, templateFile] of outside) {
    it(`does not read ${what}`, () => {
      const mem = memoryFs({ [path.join(ROOT, 'manifest.json')]: manifest({ S: stack(templateFile) }) });
      const { value, errors } = readCdkAssembly(ROOT, mem);
      assert.deepEqual(value.templates, []);
      assert.equal(errors.length, 1);
      assert.equal(errors[0]!.kind, 'outside');
      assert.equal(errors[0]!.file, path.join(ROOT, 'manifest.json'));
      assert.deepEqual(mem.reads, [path.join(ROOT, 'manifest.json')]);
    });
  }

  it('does not follow a stage directory, a metadata file or a nested template out', () => {
    const template = JSON.stringify({
      Resources: {
        Child: { Type: 'AWS::CloudFormation::Stack', Metadata: { 'aws:asset:path': '../../evil.nested.template.json' } },
      },
    });
    const mem = memoryFs({
      [path.join(ROOT, 'manifest.json')]: manifest({
        S: stack('S.template.json', { additionalMetadataFile: '../S.metadata.json' }),
        'assembly-X': { type: 'cdk:cloud-assembly', properties: { directoryName: '../assembly-X' } },
      }),
      [path.join(ROOT, 'S.template.json')]: template,
    });
    const { value, errors } = readCdkAssembly(ROOT, mem);
    assert.deepEqual(value.templates.map((t) => t.file), [path.join(ROOT, 'S.template.json')]);
    assert.deepEqual(errors.map((e) => e.kind), ['outside', 'outside', 'outside']);
    assert.ok(mem.reads.every((f) => f.startsWith(ROOT + path.sep)), `read outside: ${mem.reads.join(', ')}`);
  });

  it('does not follow a symbolic link out of the assembly', (t) => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vpc-lint-cdk-link-'));
    t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
    const dir = path.join(tmp, 'cdk.out');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(tmp, 'outside.template.json'), TEMPLATE);
    fs.writeFileSync(path.join(dir, 'manifest.json'), manifest({ S: stack('S.template.json') }));
    try {
      fs.symlinkSync(path.join(tmp, 'outside.template.json'), path.join(dir, 'S.template.json'));
    } catch {
      t.skip('symbolic links are not available here');
      return;
    }
    const { value, errors } = readCdkAssembly(dir);
    assert.deepEqual(value.templates, []);
    assert.deepEqual(errors.map((e) => e.kind), ['outside']);
  });

  it('resolveInside accepts plain relative names and rejects escapes', () => {
    const disk = diskFileSystem();
    assert.equal(resolveInside(ROOT, ROOT, 'S.template.json', disk), path.join(ROOT, 'S.template.json'));
    assert.equal(resolveInside(ROOT, ROOT, 'assembly-P/x.json', disk), path.join(ROOT, 'assembly-P', 'x.json'));
    assert.equal(resolveInside(ROOT, ROOT, '..', disk), undefined);
    assert.equal(resolveInside(ROOT, ROOT, '.', disk), undefined);
    assert.equal(resolveInside(ROOT, ROOT, '', disk), undefined);
    assert.equal(resolveInside(ROOT, ROOT, 'a\0b', disk), undefined);
  });
});

describe('readCdkAssembly on broken assemblies', () => {
  it('reports a manifest that is not JSON, without throwing', () => {
    const mem = memoryFs({ [path.join(ROOT, 'manifest.json')]: '{ "artifacts": ' });
    const { value, errors } = readCdkAssembly(ROOT, mem);
    assert.deepEqual(value.templates, []);
    assert.equal(errors[0]!.kind, 'invalid');
  });

  it('reports a template the manifest names but the folder lacks as unreadable', () => {
    const mem = memoryFs({ [path.join(ROOT, 'manifest.json')]: manifest({ S: stack('S.template.json') }) });
    const { errors } = readCdkAssembly(ROOT, mem);
    assert.deepEqual(errors.map((e) => [e.kind, e.file]), [['unreadable', path.join(ROOT, 'S.template.json')]]);
  });

  it('takes logical ids and traces from the manifest metadata of older aws-cdk-lib versions', () => {
    const mem = memoryFs({
      [path.join(ROOT, 'manifest.json')]: manifest({
        S: stack('S.template.json', {
          metadata: {
            '/S': [{ type: 'aws:cdk:templateFile', data: 'S.template.json' }],
            '/S/Bucket/Resource': [{ type: 'aws:cdk:logicalId', data: 'BucketX', trace: ['new S (/app/lib/s.ts:7:5)'] }],
          },
        }),
      }),
      [path.join(ROOT, 'S.template.json')]: JSON.stringify({ Resources: { BucketX: { Type: 'AWS::S3::Bucket' } } }),
    });
    const { value, errors } = readCdkAssembly(ROOT, mem);
    assert.deepEqual(errors, []);
    assert.deepEqual(value.templates[0]!.resources.get('BucketX'), { path: 'S/Bucket/Resource', trace: ['new S (/app/lib/s.ts:7:5)'] });
  });
});

describe('readCdkAssembly looks resources up one at a time', () => {
  const file = (name: string) => path.join(ROOT, name);
  const metadata = {
    '/S': [{ type: 'aws:cdk:templateFile', data: 'S.template.json' }],
    '/S/Web/Resource': [{ type: 'aws:cdk:logicalId', data: 'Web' }, { type: 'aws:cdk:creationStack', data: ['new S (/app/lib/s.ts:9:5)'] }],
    '/S/Bucket/Resource': [{ type: 'aws:cdk:logicalId', data: 'Bucket' }],
  };
  const template = (webPath: string) =>
    JSON.stringify({ Resources: { Web: { Type: 'AWS::EC2::Instance', Metadata: { 'aws:cdk:path': webPath } }, Bucket: { Type: 'AWS::S3::Bucket', Metadata: { 'aws:cdk:path': 'S/Bucket/Resource' } } } }, undefined, 1);
  const read = (templateText: string, withMetadata = true) => () =>
    readCdkAssembly(ROOT, memoryFs({
      [file('manifest.json')]: manifest({ S: stack('S.template.json', withMetadata ? { metadata } : {}) }),
      [file('S.template.json')]: templateText,
    }));

  it('takes the path from the metadata when the template agrees', () => {
    const r = read(template('/S/Web/Resource'));
    assert.deepEqual(r().value.templates[0]!.resource('Web'), { path: 'S/Web/Resource', trace: ['new S (/app/lib/s.ts:9:5)'] });
    assertLookupsAgree(r);
  });

  it("lets the template's own aws:cdk:path win, keeping the metadata's trace", () => {
    const r = read(template('S/Renamed/Resource'));
    assert.deepEqual(r().value.templates[0]!.resource('Web'), { path: 'S/Renamed/Resource', trace: ['new S (/app/lib/s.ts:9:5)'] });
    assertLookupsAgree(r);
  });

  it('ignores the template when it is not valid JSON, even where it disagrees', () => {
    const r = read(template('S/Renamed/Resource').replace(/\n}$/, ',\n}'));
    assert.deepEqual(r().value.templates[0]!.resource('Web'), { path: 'S/Web/Resource', trace: ['new S (/app/lib/s.ts:9:5)'] });
    assertLookupsAgree(r);
  });

  it('takes paths from the template alone when the manifest has no metadata', () => {
    const r = read(template('S/Web/Resource'), false);
    assert.deepEqual(r().value.templates[0]!.resource('Web'), { path: 'S/Web/Resource' });
    assertLookupsAgree(r);
    assert.equal(read(template('S/Web/Resource') + 'x', false)().value.templates[0]!.resource('Web'), undefined);
  });

  it('parses the metadata file only when it can change an answer', () => {
    const files = (metadataText: string, templateText: string) =>
      memoryFs({
        [file('manifest.json')]: manifest({ S: stack('S.template.json', { additionalMetadataFile: 'S.metadata.json' }) }),
        [file('S.metadata.json')]: metadataText,
        [file('S.template.json')]: templateText,
      });
    // A broken metadata file with no trace and no nested template in it cannot change a path the
    // template gives: a lookup does not parse it, so it is not reported.
    const broken = '{"/S/Web/Resource": [{"type": "aws:cdk:logicalId", "data": "Web"}]';
    const quiet = readCdkAssembly(ROOT, files(broken, template('S/Web/Resource')));
    const t = quiet.value.templates[0]!;
    t.useParsed(JSON.parse(t.text));
    assert.deepEqual(t.resource('Web'), { path: 'S/Web/Resource' });
    assert.equal(quiet.errors.length, 0);
    // Asked for everything, it is parsed, and reported.
    void t.resources;
    assert.deepEqual(quiet.errors.map((e) => [e.kind, path.basename(e.file)]), [['invalid', 'S.metadata.json']]);
    // One that may hold a creation trace is parsed for the lookup, and its trace is given.
    const traced = readCdkAssembly(ROOT, files(JSON.stringify(metadata), template('S/Web/Resource')));
    const u = traced.value.templates[0]!;
    u.useParsed(JSON.parse(u.text));
    assert.deepEqual(u.resource('Web'), { path: 'S/Web/Resource', trace: ['new S (/app/lib/s.ts:9:5)'] });
  });

  it('reads a path or a logical id written with \\u escapes', () => {
    const escapedKey = read(template('S/Renamed/Resource').replace('"aws:cdk:path": "S/Renamed', '"aws:cdk:\\u0070ath": "S/Renamed'));
    assert.equal(escapedKey().value.templates[0]!.resource('Web')?.path, 'S/Renamed/Resource');
    assertLookupsAgree(escapedKey);
    const escaped = read(template('S/Renamed/Resource').replace('"Web"', '"W\\u0065b"'));
    assert.equal(escaped().value.templates[0]!.resource('Web')?.path, 'S/Renamed/Resource');
    assertLookupsAgree(escaped);
  });
});
