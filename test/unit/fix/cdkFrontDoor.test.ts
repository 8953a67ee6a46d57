/**
 * Issue 4 for CDK: the front-door fix is a TypeScript edit of the app at the line that creates the
 * exposed instance. The fixed app is synthesised again (aws-cdk-lib, offline) and re-checked: the
 * instance is no longer reachable, no new error appears, and the app type-checks with the
 * repository's aws-cdk-lib (`tsc --noEmit`).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkCdkAssembly } from '../../../server/src/engine.js';
import { cdkFrontDoorFix } from '../../../server/src/fix/cdk/frontDoor.js';
import type { Finding } from '../../../server/src/rules/types.js';
import { removeProject, synth, synthProject, type CdkProject } from '../../fixtures/cdk-apps/synth.js';
import { applyFix } from './applyFix.js';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const REACHABLE = 'internet-reachable-compute';

describe('CDK front door', () => {
  let project: CdkProject;
  let finding: Finding;
  let original: string;
  let fixed: string;

  before(async () => {
    project = await synthProject('public-instance');
    const found = checkCdkAssembly(project.cdkOut).findings.find((f) => f.ruleId === REACHABLE);
    assert.ok(found?.source, 'the fixture is reported on its source line');
    finding = found;
    original = readFileSync(project.appFile, 'utf8');
    const fix = cdkFrontDoorFix(original, finding, readFileSync(finding.file, 'utf8'));
    assert.ok(fix, 'a fix is offered');
    fixed = applyFix(original, fix);
    writeFileSync(project.appFile, fixed);
  });
  after(() => removeProject(project));

  it('writes the snippet after the instance, with the imports it needs', () => {
    assert.match(fixed, /import \* as elbv2 from 'aws-cdk-lib\/aws-elasticloadbalancingv2';/);
    assert.match(fixed, /import \* as apigw from 'aws-cdk-lib\/aws-apigateway';/);
    assert.match(fixed, /const webServer = new ec2\.Instance\(this, 'WebServer'/);
    assert.match(fixed, /new elbv2\.NetworkLoadBalancer\(this, 'WebServerNlb', \{\n\s+vpc,\n\s+internetFacing: false/);
    assert.match(fixed, /authorizationType: apigw\.AuthorizationType\.IAM/);
    assert.match(fixed, /connectionType: apigw\.ConnectionType\.VPC_LINK/);
    assert.doesNotMatch(fixed, /SubnetType\.PUBLIC \}/, 'the instance leaves the public subnets');
    // New lines sit at the statement's indentation.
    const lines = fixed.split('\n');
    const first = lines.findIndex((l) => l.includes('// Added by vpc-lint'));
    for (const line of lines.slice(first, first + 2)) assert.match(line, /^ {4}\S/);
    // Everything the user wrote is still there, in order.
    const kept = original.split('\n').filter((l) => !l.includes('vpcSubnets') && !l.includes('new ec2.Instance'));
    let at = 0;
    for (const line of kept) {
      const next = fixed.indexOf(line, at);
      assert.ok(next >= 0, `lost: ${line}`);
      at = next + line.length;
    }
  });

  it('synthesises again, and the instance is no longer reachable; no new error', async () => {
    await synth(project.appFile, project.cdkOut);
    const after = checkCdkAssembly(project.cdkOut).findings;
    assert.deepEqual(after.filter((f) => (f.ruleId === REACHABLE || f.ruleId === 'public-subnet-compute') && f.resourceType === 'AWS::EC2::Instance').map((f) => f.message), []);
    assert.deepEqual(after.filter((f) => f.severity === 'error').map((f) => `${f.ruleId} ${f.resource}: ${f.message}`), []);
    const types = readFileSync(join(project.cdkOut, 'WebStack.template.json'), 'utf8');
    for (const t of ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ApiGateway::VpcLink', 'AWS::ApiGateway::RestApi', 'AWS::EC2::NatGateway']) assert.ok(types.includes(t), t);
  });

  it('type-checks with the repository\'s aws-cdk-lib', () => {
    const modules = join(REPO_ROOT, 'node_modules');
    writeFileSync(
      join(project.dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true, noEmit: true, target: 'ES2022', module: 'commonjs', moduleResolution: 'node', skipLibCheck: true,
          baseUrl: '.', paths: { '*': [join(modules, '*')] }, typeRoots: [join(modules, '@types')], types: ['node'],
        },
        files: ['app.ts'],
      }),
    );
    const tsc = spawnSync(process.execPath, [join(modules, 'typescript', 'bin', 'tsc'), '-p', project.dir], { encoding: 'utf8' });
    assert.equal(tsc.status, 0, `${tsc.stdout}${tsc.stderr}`);
  });
});

// The other exposed fixture apps: the instance inside a nested stack and inside a stage.
for (const app of ['nested-stack', 'stage'] as const) {
  describe(`CDK front door in the ${app} app`, () => {
    it('is offered, and the re-synthesised assembly has no exposed instance and no error', async () => {
      const project = await synthProject(app);
      try {
        const found = checkCdkAssembly(project.cdkOut).findings.find((f) => f.ruleId === REACHABLE);
        assert.ok(found?.source, 'the fixture is reported on its source line');
        const original = readFileSync(project.appFile, 'utf8');
        const fix = cdkFrontDoorFix(original, found, readFileSync(found.file, 'utf8'));
        assert.ok(fix, 'a fix is offered');
        writeFileSync(project.appFile, applyFix(original, fix));
        await synth(project.appFile, project.cdkOut);
        const after = checkCdkAssembly(project.cdkOut).findings;
        assert.deepEqual(after.filter((f) => f.ruleId === REACHABLE || f.severity === 'error').map((f) => `${f.ruleId} ${f.resource}`), []);
      } finally {
        removeProject(project);
      }
    });
  });
}
