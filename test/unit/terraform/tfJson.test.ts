import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { checkDocument } from '../../../server/src/check.js';
import { buildTerraformModuleModel, checkTerraformModule } from '../../../server/src/checkTerraform.js';
import { splitTemplate } from '../../../server/src/model/terraform/config.js';
import { by, covered, fixture, FIXTURES } from './helpers.js';

const REACHABLE = 'internet-reachable-compute';
const PUBLIC = 'public-subnet-compute';

describe('terraform .tf.json: one file', () => {
  it('flags a public instance, resolving ${} references, variable defaults and locals', () => {
    const { file, text } = fixture('json', 'public-instance.tf.json');
    const r = checkDocument(file, text);
    assert.equal(r.recognized, true);
    assert.equal(r.format, 'terraform-json');
    const [f] = by(r.findings, REACHABLE, 'aws_instance.web');
    assert.ok(f, JSON.stringify(r.findings));
    assert.deepEqual(f.ports, ['tcp/22', 'tcp/80']);
    assert.equal(covered(text, f), '"web"');
    assert.equal(f.range.start.line, 42);
    // var.admin_cidr defaults to 0.0.0.0/0, so SSH is open to the world.
    assert.equal(by(r.findings, 'world-open-admin-port', 'aws_security_group.web').length, 1);
    const { model } = buildTerraformModuleModel([{ file, text }]);
    assert.equal(model.vpcs[0]!.cidrs[0]!.known && model.vpcs[0]!.cidrs[0]!.value, '10.0.0.0/16');
  });

  it('says nothing about a NAT-only private instance (a single route block written as an object)', () => {
    const r = checkDocument(...Object.values(fixture('json', 'private-nat.tf.json')) as [string, string]);
    assert.deepEqual([...by(r.findings, REACHABLE), ...by(r.findings, PUBLIC)], []);
  });

  it('treats count soundly: unknown count makes the finding conditional, zero count drops the resource', () => {
    const r = checkDocument(...Object.values(fixture('json', 'count-and-unknowns.tf.json')) as [string, string]);
    const [f] = by(r.findings, REACHABLE, 'aws_instance.web');
    assert.ok(f, JSON.stringify(r.findings));
    assert.match(f.message, /when the count of aws_instance\.web is not zero/);
    assert.match(f.message, /0\.0\.0\.0\/1 and 128\.0\.0\.0\/1/);
    assert.deepEqual(by(r.findings, REACHABLE, 'aws_instance.disabled'), []);
    assert.deepEqual(by(r.findings, PUBLIC, 'aws_instance.disabled'), []);
    const [g] = by(r.findings, PUBLIC, 'aws_instance.elsewhere');
    assert.equal(g?.severity, 'info');
    assert.match(g!.message, /variable subnet_id has no default/);
  });

  it('reports a JSON syntax error in a .tf.json file', () => {
    const r = checkDocument('main.tf.json', '{"resource": {"aws_vpc": {"main": {"cidr_block": }}}}');
    assert.equal(r.recognized, true);
    assert.ok(r.findings.some((f) => f.ruleId === 'invalid-template'));
  });
});

describe('terraform .tf.json: a folder is one module', () => {
  const dir = path.join(FIXTURES, 'json', 'module');
  const files = readdirSync(dir).sort().map((n) => fixture('json', 'module', n));

  it('links resources across files and points findings into the right file', () => {
    const findings = checkTerraformModule(files);
    const asg = by(findings, REACHABLE, 'aws_autoscaling_group.web')[0];
    assert.ok(asg, JSON.stringify(findings.map((f) => f.message)));
    assert.deepEqual(asg.ports, ['tcp/3389']);
    assert.match(asg.file, /compute\.tf\.json$/);
    const bastion = by(findings, REACHABLE, 'aws_instance.bastion')[0];
    assert.ok(bastion);
    assert.match(bastion.message, /Elastic IP aws_eip\.bastion/);
    const route = bastion.path?.find((s) => s.kind === 'route');
    assert.equal(route?.resource, 'aws_route.internet');
    assert.match(route!.file!, /network\.tf\.json$/);
    assert.equal(by(findings, 'nacl-allows-all-inbound', 'aws_network_acl.public').length, 1);
    assert.equal(by(findings, 'vpc-flow-logs-missing', 'aws_vpc.main').length, 1);
  });

  it('checks one file of the module alone without inventing links', () => {
    const compute = files.find((f) => f.file.endsWith('compute.tf.json'))!;
    const r = checkDocument(compute.file, compute.text);
    assert.deepEqual(by(r.findings, REACHABLE), []);
  });
});

describe('terraform templates', () => {
  it('splits interpolations and escapes', () => {
    assert.deepEqual(splitTemplate('${aws_vpc.main.id}'), [{ text: '', expr: 'aws_vpc.main.id' }]);
    assert.deepEqual(splitTemplate('web-${var.env}'), [{ text: 'web-' }, { text: '', expr: 'var.env' }]);
    assert.deepEqual(splitTemplate('$${literal}'), [{ text: '${literal}' }]);
    assert.equal(splitTemplate('%{ if true }x%{ endif }'), undefined);
    assert.deepEqual(splitTemplate('${lookup({a = "}"}, "a")}'), [{ text: '', expr: 'lookup({a = "}"}, "a")' }]);
  });
});
