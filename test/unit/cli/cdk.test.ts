/**
 * `vpc-lint check` on a CDK cloud assembly: the `cdk.out` folder is checked as one assembly, and
 * every output format carries the CDK source line next to the template location.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../server/src/cli/main.js';
import { removeProject, synthProject, type CdkProject } from '../../fixtures/cdk-apps/synth.js';
import { assertSarifShape, memoryIo } from './helpers.js';

interface JsonFinding {
  ruleId: string;
  file: string;
  resource: string;
  cdkPath?: string;
  source?: { file: string; range: { start: { line: number; character: number } } };
}

describe('vpc-lint check <cdk.out>', () => {
  let project: CdkProject;
  let instanceLine: number;

  before(async () => {
    project = await synthProject('public-instance');
    instanceLine = fs.readFileSync(project.appFile, 'utf8').split('\n').findIndex((l) => l.includes("new ec2.Instance(this, 'WebServer'"));
  });
  after(() => removeProject(project));

  it('checks the assembly once and reports the CDK source in JSON', async () => {
    const io = memoryIo({ cwd: project.dir });
    const code = await main(['check', 'cdk.out', '--format', 'json'], io);
    assert.equal(code, 1, io.err());
    const { findings } = JSON.parse(io.out()) as { findings: JsonFinding[] };
    const f = findings.find((x) => x.ruleId === 'internet-reachable-compute');
    assert.ok(f, io.out());
    assert.equal(f.file, path.join('cdk.out', 'WebStack.template.json'));
    assert.equal(f.cdkPath, 'WebStack/WebServer/Resource');
    assert.equal(f.source?.file, 'app.ts');
    assert.deepEqual(f.source?.range.start, { line: instanceLine, character: 4 });
    // One assembly, one template: nothing is reported twice.
    assert.equal(findings.filter((x) => x.ruleId === 'internet-reachable-compute').length, 1);
  });

  it('finds the assembly when walking the project folder', async () => {
    const io = memoryIo({ cwd: project.dir });
    assert.equal(await main(['check', '.', '--format', 'json'], io), 1, io.err());
    const { findings } = JSON.parse(io.out()) as { findings: JsonFinding[] };
    assert.ok(findings.some((x) => x.ruleId === 'internet-reachable-compute' && x.source?.file === 'app.ts'));
  });

  it('prints the source line under the finding in text', async () => {
    const io = memoryIo({ cwd: project.dir });
    await main(['check', 'cdk.out'], io);
    const lines = io.out().split('\n');
    const i = lines.findIndex((l) => l.includes('internet-reachable-compute'));
    assert.ok(i >= 0, io.out());
    assert.equal(lines[i + 1], `  created at app.ts:${instanceLine + 1}:5 (WebStack/WebServer/Resource)`);
    assert.match(io.out(), /in 1 file\.?\n$/);
  });

  it('puts the source line first among the SARIF related locations', async () => {
    const io = memoryIo({ cwd: project.dir });
    await main(['check', 'cdk.out', '--format', 'sarif'], io);
    const log = JSON.parse(io.out()) as {
      runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; relatedLocations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
    };
    assertSarifShape(log);
    const result = log.runs[0]!.results.find((r) => r.ruleId === 'internet-reachable-compute');
    assert.ok(result);
    assert.equal(result.locations[0]!.physicalLocation.artifactLocation.uri, 'cdk.out/WebStack.template.json');
    const source = result.relatedLocations?.[0]?.physicalLocation;
    assert.equal(source?.artifactLocation.uri, 'app.ts');
    assert.equal(source?.region.startLine, instanceLine + 1);
  });

  it('reports a manifest that points outside the assembly as a finding, and a missing template as unreadable', async (t) => {
    const dir = fs.mkdtempSync(path.join(project.dir, 'broken-'));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const out = path.join(dir, 'cdk.out');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'cdk.out'), '{"version":"36.0.0"}');
    const stack = (templateFile: string) => ({ type: 'aws:cloudformation:stack', properties: { templateFile } });
    fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({ version: '36.0.0', artifacts: { A: stack('../../cdk.json'), B: stack('B.template.json') } }));
    const io = memoryIo({ cwd: dir });
    assert.equal(await main(['check', 'cdk.out', '--format', 'json'], io), 2);
    const { findings } = JSON.parse(io.out()) as { findings: (JsonFinding & { message: string })[] };
    assert.deepEqual(findings.map((f) => [f.ruleId, f.file]), [['invalid-template', path.join('cdk.out', 'manifest.json')]]);
    assert.match(findings[0]!.message, /outside the cloud assembly/);
    assert.match(io.err(), /B\.template\.json: cannot read/);
  });
});
