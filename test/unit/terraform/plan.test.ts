import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkDocument } from '../../../server/src/check.js';
import { buildTerraformPlanModel } from '../../../server/src/checkTerraform.js';
import { looksLikePlanText, readTerraformPlan } from '../../../server/src/read/terraform/plan.js';
import { readJson } from '../../../server/src/read/cloudformation/json.js';
import { get, type SeqNode } from '../../../server/src/read/node.js';
import { planResources } from '../../../server/src/model/terraform/plan.js';
import { buildTerraformModel } from '../../../server/src/model/terraform/build.js';
import { runRules, sortFindings } from '../../../server/src/runRules.js';
import { generateTerraformPlan } from '../../../bench/generate.js';
import { by, checkFixture, CORPUS_PLANS, covered, fixture, FIXTURES } from './helpers.js';

const REACHABLE = 'internet-reachable-compute';
const PUBLIC = 'public-subnet-compute';

describe('terraform plan: recognition', () => {
  it('recognises a plan and nothing else', () => {
    assert.equal(readTerraformPlan('{"format_version":"1.2","planned_values":{}}').isPlan, true);
    assert.equal(readTerraformPlan('{"format_version":"1.2"}').isPlan, false);
    assert.equal(readTerraformPlan('{"planned_values":{}}').isPlan, false);
    assert.equal(checkDocument('x.json', '{"name":"package","version":"1.0.0"}').recognized, false);
  });

  it('reports a syntax error in a plan as a located finding', () => {
    const r = checkDocument('bad.json', '{"format_version": "1.2", "planned_values": {"root_module": {]}}');
    assert.equal(r.recognized, true);
    assert.equal(r.format, 'terraform-plan');
    assert.ok(r.findings.some((f) => f.ruleId === 'invalid-template' && f.range.start.line === 0));
    assert.equal(looksLikePlanText('{ "format_version": "1.0", "resource_changes": [] }'), true);
  });

  it('does not take a CloudFormation JSON template for a plan', () => {
    const r = checkDocument('t.json', '{"AWSTemplateFormatVersion":"2010-09-09","Resources":{}}');
    assert.equal(r.format, 'cloudformation-json');
  });
});

describe('terraform plan: exposure', () => {
  it('flags a public instance as reachable, pointing at its address in planned_values', () => {
    const { file, text } = fixture('plan', 'public-instance.plan.json');
    const r = checkDocument(file, text);
    const [f] = by(r.findings, REACHABLE, 'aws_instance.web');
    assert.ok(f, JSON.stringify(r.findings, null, 1));
    assert.equal(f.severity, 'error');
    assert.equal(f.resourceType, 'aws_instance');
    assert.deepEqual(f.ports, ['tcp/22', 'tcp/80']);
    assert.equal(covered(text, f), '"aws_instance.web"');
    assert.deepEqual(f.path?.map((s) => s.kind), ['internet', 'public-ip', 'internet-gateway', 'route', 'route-table', 'subnet', 'network-acl', 'security-group-rule', 'compute']);
    assert.ok(f.path?.find((s) => s.kind === 'internet-gateway')?.resource === 'aws_internet_gateway.main');
    assert.equal(by(r.findings, 'world-open-admin-port').length, 1);
    assert.equal(by(r.findings, 'vpc-flow-logs-missing', 'aws_vpc.main').length, 1);
  });

  it('says nothing about an instance in a NAT-only private subnet', () => {
    const r = checkFixture('plan', 'nat-private.plan.json');
    assert.deepEqual(by(r.findings, REACHABLE), []);
    assert.deepEqual(by(r.findings, PUBLIC), []);
    assert.deepEqual(by(r.findings, 'vpc-flow-logs-missing'), []);
  });

  it('uses the main route table when a subnet has no association: aws_default_route_table routes count', () => {
    assert.equal(by(checkFixture('plan', 'main-default-route-table.plan.json').findings, REACHABLE, 'aws_instance.web').length, 1);
  });

  it('counts an aws_route added to the VPC main_route_table_id', () => {
    assert.equal(by(checkFixture('plan', 'main-route-on-vpc-table.plan.json').findings, REACHABLE, 'aws_instance.web').length, 1);
  });

  it('follows aws_main_route_table_association', () => {
    const [f] = by(checkFixture('plan', 'main-route-table-association.plan.json').findings, REACHABLE, 'aws_instance.web');
    assert.ok(f);
    assert.match(f.message, /aws_route_table\.internet/);
  });

  it('treats an unmanaged main table as local-only', () => {
    const r = checkFixture('plan', 'main-table-local-only.plan.json');
    assert.deepEqual([...by(r.findings, REACHABLE), ...by(r.findings, PUBLIC)], []);
  });

  it('does not flag an Elastic IP on an instance in a private subnet', () => {
    const r = checkFixture('plan', 'eip-private.plan.json');
    assert.deepEqual([...by(r.findings, REACHABLE), ...by(r.findings, PUBLIC)], []);
  });

  it('makes an instance reachable through aws_eip_association', () => {
    const [f] = by(checkFixture('plan', 'eip-association-public.plan.json').findings, REACHABLE, 'aws_instance.web');
    assert.ok(f);
    assert.match(f.message, /Elastic IP aws_eip\.web/);
  });

  it('lets a NACL that admits only 443 block SG rules for 22 and 80', () => {
    const r = checkFixture('plan', 'nacl-blocks.plan.json');
    assert.deepEqual(by(r.findings, REACHABLE), []);
    const [f] = by(r.findings, PUBLIC, 'aws_instance.web');
    assert.ok(f);
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /network ACL aws_network_acl\.public blocks/);
  });

  it('reads standalone aws_network_acl_rule and association', () => {
    const r = checkFixture('plan', 'nacl-rules-open.plan.json');
    assert.equal(by(r.findings, REACHABLE, 'aws_instance.web').length, 1);
    assert.equal(by(r.findings, 'nacl-allows-all-inbound', 'aws_network_acl_rule.in_all').length, 1);
  });

  it('reads aws_security_group_rule (one rule per CIDR) and aws_vpc_security_group_ingress_rule', () => {
    const r = checkFixture('plan', 'standalone-rules.plan.json');
    const [f] = by(r.findings, REACHABLE, 'aws_instance.web');
    assert.ok(f);
    assert.deepEqual(f.ports, ['tcp/22', 'tcp/443']);
    const [admin] = by(r.findings, 'world-open-admin-port');
    assert.equal(admin?.resource, 'aws_security_group_rule.ssh');
    const { model } = buildTerraformPlanModel('p.json', fixture('plan', 'standalone-rules.plan.json').text);
    const sg = model!.securityGroups.find((g) => g.origin.id === 'aws_security_group.web')!;
    assert.deepEqual(sg.ingress.map((r) => (r.source.kind === 'cidr' ? r.source.cidr : r.source.kind)), ['10.0.0.0/8', '0.0.0.0/0', '0.0.0.0/0', 'security-group']);
    assert.ok(sg.ingress.every((r) => r.ownId !== undefined), 'egress rules are not ingress');
  });

  it('respects associate_public_ip_address = false over the subnet default', () => {
    const r = checkFixture('plan', 'no-public-ip.plan.json');
    assert.deepEqual(by(r.findings, REACHABLE), []);
    const [f] = by(r.findings, PUBLIC, 'aws_instance.web');
    assert.equal(f?.severity, 'warning');
    assert.match(f!.message, /no public IPv4/);
  });

  it('reports a subnet known only after apply as info, not error', () => {
    const r = checkFixture('plan', 'unknown-subnet.plan.json');
    assert.deepEqual(by(r.findings, REACHABLE), []);
    const [f] = by(r.findings, PUBLIC, 'aws_instance.web');
    assert.equal(f?.severity, 'info');
    assert.match(f!.message, /known only after apply/);
    assert.match(f!.message, /data\.aws_subnet\.selected/);
  });

  it('adds up two /1 routes to the whole internet', () => {
    const [f] = by(checkFixture('plan', 'two-slash-one.plan.json').findings, REACHABLE, 'aws_instance.web');
    assert.ok(f);
    assert.match(f.message, /0\.0\.0\.0\/1 and 128\.0\.0\.0\/1/);
  });

  it('reads an Auto Scaling group through its launch template', () => {
    const [f] = by(checkFixture('plan', 'asg-launch-template.plan.json').findings, REACHABLE, 'aws_autoscaling_group.web');
    assert.ok(f);
    assert.equal(f.resourceType, 'aws_autoscaling_group');
    assert.match(f.message, /AssociatePublicIpAddress|public IP/);
  });

  it('resolves module addresses through module_calls inputs and child outputs', () => {
    const { file, text } = fixture('plan', 'modules.plan.json');
    const r = checkDocument(file, text);
    const [f] = by(r.findings, REACHABLE, 'module.web.aws_instance.this[0]');
    assert.ok(f, JSON.stringify(r.findings.map((x) => x.message)));
    assert.deepEqual(f.ports, ['tcp/443']);
    assert.equal(covered(text, f), '"module.web.aws_instance.this[0]"');
    assert.match(f.message, /module\.network\.aws_subnet\.public/);
    const { model } = buildTerraformPlanModel(file, text);
    const sg = model!.securityGroups.find((g) => g.origin.id === 'module.web.aws_security_group.this')!;
    assert.equal(sg.vpc?.origin.id, 'module.network.aws_vpc.main');
    assert.deepEqual(by(r.findings, 'vpc-flow-logs-missing'), []);
  });

  it('links existing resources by their known ids when the plan has no configuration', () => {
    const r = checkFixture('plan', 'existing-ids.plan.json');
    const [f] = by(r.findings, REACHABLE, 'aws_instance.web');
    assert.ok(f);
    assert.deepEqual(f.ports, ['tcp/3389']);
  });

  it('checks the front door: VPC link to an internet-facing NLB, a method without auth', () => {
    const r = checkFixture('plan', 'front-door.plan.json');
    assert.equal(by(r.findings, 'vpc-link-public-target', 'aws_api_gateway_vpc_link.front').length, 1);
    assert.equal(by(r.findings, 'api-gateway-method-without-auth', 'aws_api_gateway_method.any').length, 1);
    assert.equal(by(r.findings, 'api-gateway-method-without-auth', 'aws_apigatewayv2_route.get').length, 0);
  });
});

describe('terraform plan: public corpus', () => {
  const files = existsSync(CORPUS_PLANS) ? readdirSync(CORPUS_PLANS).filter((f) => f.endsWith('.json')) : [];
  it('has corpus plans to read', { skip: files.length === 0 ? 'corpus not present' : false }, () => assert.ok(files.length > 0));
  for (const name of files) {
    it(`reads ${name} without throwing, with valid ranges`, () => {
      const text = readFileSync(path.join(CORPUS_PLANS, name), 'utf8');
      const r = checkDocument(name, text);
      assert.equal(r.recognized, true);
      assert.equal(r.format, 'terraform-plan');
      const lines = text.split(/\r?\n/);
      for (const f of r.findings) {
        for (const range of [f.range, ...(f.related ?? []).map((x) => x.range), ...(f.path ?? []).flatMap((s) => (s.range ? [s.range] : []))]) {
          assert.ok(range.start.line >= 0 && range.start.line < lines.length, `${f.ruleId} ${JSON.stringify(range)}`);
          assert.ok(range.end.line < lines.length && (range.end.line > range.start.line || range.end.character >= range.start.character));
          assert.ok(range.end.character <= lines[range.end.line]!.length + 1);
        }
      }
    });
  }

  it('finds the terragoat web host reachable on 22 and 80 (checkov runner plan)', { skip: files.includes('runner_resources_plan_tfplan.json') ? false : 'corpus not present' }, () => {
    const text = readFileSync(path.join(CORPUS_PLANS, 'runner_resources_plan_tfplan.json'), 'utf8');
    const r = checkDocument('tfplan.json', text);
    const [f] = by(r.findings, REACHABLE, 'aws_instance.web_host');
    assert.ok(f);
    assert.deepEqual(f.ports, ['tcp/22', 'tcp/80']);
  });
});

describe('terraform plan: reading only the parts that are used', () => {
  /** Findings from the plan read whole, as every JSON document was read before the plan had a shape. */
  const fromFullRead = (file: string, text: string) => {
    const read = readJson(text);
    const { resources, problems } = planResources(read.root!, file, read.lines);
    return sortFindings(runRules(buildTerraformModel(resources, problems)));
  };
  const fromPlanRead = (file: string, text: string) => {
    const read = readTerraformPlan(text);
    const { resources, problems } = planResources(read.root!, file, read.lines);
    return sortFindings(runRules(buildTerraformModel(resources, problems)));
  };
  const withoutPlannedValues = (text: string) => {
    const plan = JSON.parse(text) as Record<string, unknown>;
    delete plan.planned_values;
    return JSON.stringify(plan, null, 2);
  };
  const plans: { file: string; text: string }[] = [
    ...readdirSync(path.join(FIXTURES, 'plan')).filter((f) => f.endsWith('.json')).map((f) => fixture('plan', f)),
    ...(existsSync(CORPUS_PLANS) ? readdirSync(CORPUS_PLANS).filter((f) => f.endsWith('.json')).map((f) => ({ file: f, text: readFileSync(path.join(CORPUS_PLANS, f), 'utf8') })) : []),
    { file: 'generated.json', text: JSON.stringify(generateTerraformPlan(60)) },
  ];
  plans.push(...plans.map((p) => ({ file: `no-planned-values-${p.file}`, text: withoutPlannedValues(p.text) })));

  let compared = 0;
  for (const { file, text } of plans) {
    it(`finds in ${file} what a full read finds`, () => {
      const full = fromFullRead(file, text);
      assert.deepEqual(fromPlanRead(file, text), full);
      compared += full.length;
    });
  }
  it('compared plans with findings, with and without planned values', () => assert.ok(compared > 2 * plans.length, `${compared} findings`));

  it('leaves out what is not read, and still reports its duplicate keys', () => {
    const text = '{"format_version": "1.2", "prior_state": {"a": 1, "a": 2}, "planned_values": {"root_module": {"resources": []}}, "resource_changes": [{"address": "x.y", "change": {"before": {"big": [1, 2, 3]}, "after_unknown": {}}}]}';
    const read = readTerraformPlan(text);
    assert.equal(get(read.root, 'prior_state'), undefined);
    const change = get((get(read.root, 'resource_changes') as SeqNode).items[0], 'change');
    assert.equal(get(change, 'before'), undefined);
    assert.notEqual(get(change, 'after_unknown'), undefined);
    assert.deepEqual(read.errors.map((e) => [e.code, text.slice(e.span[0], e.span[1])]), [['duplicate-key', '"a"']]);
  });
});
