/**
 * The benchmark's generated inputs must mean the same thing in every form, or the suite would
 * compare unlike work: the Terraform plan, its .tf.json configuration and the cloud assembly are
 * read by their own readers and expose the same instances on the same ports as the CloudFormation
 * template.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { generateCdkAssembly, generateTemplate, generateTerraformConfig, generateTerraformPlan, tfAddressFor, toYaml } from '../../../bench/generate.js';
import { checkCdkAssembly, checkDocument } from '../../../server/src/engine.js';
import type { Finding } from '../../../server/src/rules/types.js';

const SIZE = 100;

function exposed(findings: Finding[], name: (f: Finding) => string): string[] {
  return findings
    .filter((f) => f.ruleId === 'internet-reachable-compute')
    .map((f) => `${name(f)} ${(f.ports ?? []).join(',')}`)
    .sort();
}

describe('bench/generate', () => {
  const template = generateTemplate(SIZE);
  const yaml = toYaml(template);
  const cfn = checkDocument('bench.yaml', yaml);

  it('writes YAML with short-form tags that reads as the same template as the JSON', () => {
    assert.match(yaml, /: !Ref Vpc0\n/);
    assert.match(yaml, /!GetAtt NatEip0\.AllocationId/);
    const json = checkDocument('bench.json', JSON.stringify(template, null, 2));
    assert.equal(cfn.format, 'cloudformation-yaml');
    assert.deepEqual(exposed(json.findings, (f) => f.resource), exposed(cfn.findings, (f) => f.resource));
    assert.ok(cfn.findings.every((f) => f.ruleId !== 'invalid-template'), JSON.stringify(cfn.findings.filter((f) => f.ruleId === 'invalid-template')));
  });

  it('makes a Terraform plan with the same exposures as the template', () => {
    const plan = generateTerraformPlan(SIZE) as { planned_values: { root_module: { resources: unknown[] } } };
    assert.equal(plan.planned_values.root_module.resources.length, SIZE);
    const checked = checkDocument('plan.json', JSON.stringify(plan, null, 2));
    assert.equal(checked.format, 'terraform-plan');
    const expected = exposed(cfn.findings, (f) => tfAddressFor(f.resource, f.resourceType) ?? f.resource);
    assert.ok(expected.length >= SIZE / 20, 'one exposed web server per cell');
    assert.deepEqual(exposed(checked.findings, (f) => f.resource), expected);
  });

  it('makes a .tf.json configuration with the same exposures as the template', () => {
    const checked = checkDocument('main.tf.json', JSON.stringify(generateTerraformConfig(SIZE), null, 2));
    assert.equal(checked.format, 'terraform-json');
    const expected = exposed(cfn.findings, (f) => tfAddressFor(f.resource, f.resourceType) ?? f.resource);
    assert.ok(expected.length >= SIZE / 20, 'one exposed web server per cell');
    assert.deepEqual(exposed(checked.findings, (f) => f.resource), expected);
    assert.ok(checked.findings.every((f) => f.ruleId !== 'invalid-template'), JSON.stringify(checked.findings.filter((f) => f.ruleId === 'invalid-template')));
  });

  it('makes a cloud assembly that the CDK reader takes, with construct paths on the findings', () => {
    const assembly = generateCdkAssembly(SIZE);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vpc-lint-gen-'));
    try {
      const out = path.join(dir, 'cdk.out');
      fs.mkdirSync(out);
      for (const [name, text] of Object.entries(assembly.files)) fs.writeFileSync(path.join(out, name), text);
      const checked = checkCdkAssembly(out);
      assert.deepEqual(checked.unreadable, []);
      assert.deepEqual(checked.files, [path.join(out, assembly.templateFile)]);
      const original = (f: Finding) => assembly.originalIds.get(f.resource) ?? `unmapped ${f.resource}`;
      assert.deepEqual(exposed(checked.findings, original), exposed(cfn.findings, (f) => f.resource));
      for (const f of checked.findings) assert.match(f.cdkPath ?? '', /^BenchStack\/(Cell\d+|Padding)\//);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
