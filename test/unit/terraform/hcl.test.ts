import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { checkTerraformHcl, checkTerraformModuleAsync } from '../../../server/src/checkTerraform.js';
import { readTerraformHcl, scanHcl } from '../../../server/src/read/terraform/hcl.js';
import { by, covered, fixture, FIXTURES } from './helpers.js';

const REACHABLE = 'internet-reachable-compute';
const PUBLIC = 'public-subnet-compute';

describe('terraform HCL: the scan for positions', () => {
  it('finds block headers and attributes, skipping comments, strings and heredocs', () => {
    const text = [
      '# resource "aws_instance" "in_comment" {',
      'resource "aws_instance" "web" {',
      '  tags = { Name = "a } b" } // resource "x" "y" {',
      '  user_data = <<EOT',
      'resource "aws_instance" "in_heredoc" {',
      'EOT',
      '  ebs_block_device {',
      '    volume_size = 8',
      '  }',
      '}',
      '/* resource "aws_vpc" "in_block_comment" { */',
    ].join('\n');
    const blocks = scanHcl(text);
    assert.deepEqual(blocks.map((b) => [b.type, ...b.labels]), [['resource', 'aws_instance', 'web']]);
    const web = blocks[0]!;
    assert.deepEqual([...web.attributes.keys()], ['tags', 'user_data']);
    assert.equal(text.slice(...web.attributes.get('tags')!.value), '{ Name = "a } b" }');
    assert.deepEqual(web.blocks.map((b) => b.type), ['ebs_block_device']);
    assert.equal(text.slice(...web.header), 'resource "aws_instance" "web" {');
  });

  it('reports an HCL syntax error at its position', async () => {
    const r = await readTerraformHcl('resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n', 'bad.tf');
    assert.equal(r.root, undefined);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0]!.message, /HCL syntax error/);
    assert.equal(r.lines.range(r.errors[0]!.span).start.line, 0);
  });
});

describe('terraform HCL: exposure', () => {
  it('flags a public instance and points at its block header', async () => {
    const { file, text } = fixture('hcl', 'public-instance.tf');
    const r = await checkTerraformHcl(file, text);
    assert.equal(r.format, 'terraform-hcl');
    const [f] = by(r.findings, REACHABLE, 'aws_instance.web');
    assert.ok(f, JSON.stringify(r.findings.map((x) => x.message)));
    assert.deepEqual(f.ports, ['tcp/22', 'tcp/80']);
    assert.equal(covered(text, f), 'resource "aws_instance" "web" {');
    const [admin] = by(r.findings, 'world-open-admin-port');
    assert.match(covered(text, admin!), /^\{\n\s+description = "ssh \{ from anywhere \}"/);
    assert.equal(r.findings.filter((x) => x.resource.includes('fake') || x.resource.includes('not_a_block')).length, 0);
  });

  it('says nothing about a NAT-only private instance', async () => {
    const { file, text } = fixture('hcl', 'private-nat.tf');
    const r = await checkTerraformHcl(file, text);
    assert.deepEqual(r.findings, []);
  });

  it('checks a folder of .tf and .tf.json files as one module', async () => {
    const dir = path.join(FIXTURES, 'hcl', 'module');
    const files = readdirSync(dir).sort().map((n) => fixture('hcl', 'module', n));
    const findings = await checkTerraformModuleAsync(files);
    const [web] = by(findings, REACHABLE, 'aws_instance.web');
    assert.ok(web, JSON.stringify(findings.map((x) => x.message)));
    // The NACL in network.tf admits 443 only; the group's 8080 does not get through.
    assert.deepEqual(web.ports, ['tcp/443']);
    assert.match(web.message, /aws_default_route_table\.main/);
    const route = web.path?.find((s) => s.kind === 'route');
    assert.match(route!.file!, /network\.tf$/);
    assert.equal(by(findings, PUBLIC, 'aws_instance.hidden')[0]?.severity, 'warning');
  });
});
