/**
 * Writes a front-door plan into a Terraform module: the compute moves to a private subnet (a new
 * one with its route table and NAT route when none exists), loses its public address, its
 * world-open rules narrow to the VPC's CIDR, and new resources put an internal NLB, a VPC Link and
 * an API Gateway (REST or HTTP API, IAM authorization) in front. New resources go at the end of
 * the file that declares the compute. Terraform names are snake_case, so the plan's CloudFormation
 * names are not used; every new name starts with the compute's own.
 */
import { AddressSet, INTERNET, parseCidr } from '../../analysis/addressSet.js';
import type { FrontDoorPlan, NarrowPlan } from '../types.js';
import { attr, block, expr, type TfExpr, type TfItem, type TfResourceBlock } from './blocks.js';
import type { TfModule } from './module.js';

export interface TfFrontDoorContext {
  /** The subnet the compute is in now (its Availability Zone is reused). */
  currentSubnet?: string;
}

function nameOf(address: string): string {
  return address.replace(/\[[^\]]*\]$/, '').split('.').pop()!;
}

/** Names that are free for their resource type in the module. */
function namer(m: TfModule) {
  const taken = m.addresses();
  return (type: string, name: string): string => {
    let n = name;
    for (let i = 2; taken.has(`${type}.${n}`); i++) n = `${name}_${i}`;
    taken.add(`${type}.${n}`);
    return n;
  };
}

export function emitTfFrontDoor(m: TfModule, plan: FrontDoorPlan, ctx: TfFrontDoorContext): void {
  const compute = m.locate(plan.computeId);
  if (!compute) throw new Error(`${plan.computeId} is not declared in the module`);
  const base = nameOf(plan.computeId);
  const name = namer(m);
  const added: TfResourceBlock[] = [];
  const add = (type: string, suffix: string, body: TfItem[]): string => {
    const n = name(type, `${base}${suffix}`);
    added.push({ type, name: n, body });
    return `${type}.${n}`;
  };
  const vpcId = expr(m.ref(plan.vpcId, 'id'));

  let subnets: TfExpr[];
  if ('existing' in plan.privateSubnet) {
    subnets = plan.privateSubnet.existing.map((s) => expr(m.ref(s, 'id')));
  } else {
    const c = plan.privateSubnet.create;
    const subnet = add('aws_subnet', '_private', [
      attr('vpc_id', vpcId),
      attr('cidr_block', c.cidr),
      ...(ctx.currentSubnet ? [attr('availability_zone', expr(m.ref(ctx.currentSubnet, 'availability_zone')))] : []),
    ]);
    const table = add('aws_route_table', '_private', [attr('vpc_id', vpcId)]);
    add('aws_route_table_association', '_private', [attr('subnet_id', expr(`${subnet}.id`)), attr('route_table_id', expr(`${table}.id`))]);
    if (c.natRoute) {
      const n = c.natRoute.nat;
      let nat: string;
      if ('existing' in n) nat = m.ref(n.existing, 'id');
      else {
        const eip = add('aws_eip', '_nat', [attr('domain', 'vpc'), ...(n.create.attachment ? [attr('depends_on', [expr(n.create.attachment.replace(/\[[^\]]*\]$/, ''))])] : [])]);
        nat = `${add('aws_nat_gateway', '_private', [attr('allocation_id', expr(`${eip}.id`)), attr('subnet_id', expr(m.ref(n.create.publicSubnet, 'id')))])}.id`;
      }
      add('aws_route', '_private_default', [attr('route_table_id', expr(`${table}.id`)), attr('destination_cidr_block', '0.0.0.0/0'), attr('nat_gateway_id', expr(nat))]);
    }
    subnets = [expr(`${subnet}.id`)];
  }

  const lb = name('aws_lb', `${base}_front_door`);
  const tg = name('aws_lb_target_group', `${base}_front_door`);
  moveCompute(m, plan, subnets, `aws_lb_target_group.${tg}`);
  m.deleteResources(plan.dropPublicAddress.removeResources);
  for (const n of plan.narrow) narrowTfRule(m, plan.vpcId, n);

  const label = `${base.replace(/_/g, '-')}-front-door`;
  added.push({ type: 'aws_lb', name: lb, body: [attr('internal', true), attr('load_balancer_type', 'network'), attr('subnets', subnets)] });
  added.push({ type: 'aws_lb_target_group', name: tg, body: [attr('port', plan.port), attr('protocol', 'TCP'), attr('vpc_id', vpcId), attr('target_type', 'instance')] });
  if (plan.computeKind === 'instance') {
    // One attachment per instance when the instance has `count` or `for_each`.
    const each: TfItem[] = compute.ed.has(compute.body, 'count')
      ? [attr('count', expr(`length(${plan.computeId})`)), attr('target_id', expr(`${plan.computeId}[count.index].id`))]
      : compute.ed.has(compute.body, 'for_each')
        ? [attr('for_each', expr(plan.computeId)), attr('target_id', expr('each.value.id'))]
        : [attr('target_id', expr(`${plan.computeId}.id`))];
    add('aws_lb_target_group_attachment', '_front_door', [...each.slice(0, -1), attr('target_group_arn', expr(`aws_lb_target_group.${tg}.arn`)), ...each.slice(-1), attr('port', plan.port)]);
  }
  const listener = add('aws_lb_listener', '_front_door', [
    attr('load_balancer_arn', expr(`aws_lb.${lb}.arn`)),
    attr('port', plan.port),
    attr('protocol', 'TCP'),
    block('default_action', [attr('type', 'forward'), attr('target_group_arn', expr(`aws_lb_target_group.${tg}.arn`))]),
  ]);
  const uri = (path: string) => `http://\${aws_lb.${lb}.dns_name}:${plan.port}${path}`;
  if (plan.variant === 'rest') {
    const link = add('aws_api_gateway_vpc_link', '_front_door', [attr('name', label), attr('target_arns', [expr(`aws_lb.${lb}.arn`)])]);
    const api = add('aws_api_gateway_rest_api', '_front_door', [attr('name', label), block('endpoint_configuration', [attr('types', ['REGIONAL'])])]);
    const proxy = add('aws_api_gateway_resource', '_proxy', [attr('rest_api_id', expr(`${api}.id`)), attr('parent_id', expr(`${api}.root_resource_id`)), attr('path_part', '{proxy+}')]);
    const method = (suffix: string, resource: string, params: boolean) =>
      add('aws_api_gateway_method', suffix, [
        attr('rest_api_id', expr(`${api}.id`)),
        attr('resource_id', expr(resource)),
        attr('http_method', 'ANY'),
        attr('authorization', 'AWS_IAM'),
        ...(params ? [attr('request_parameters', { $object: [['method.request.path.proxy', true]] })] : []),
      ]);
    const integration = (suffix: string, m: string, resource: string, path: string, params: boolean) =>
      add('aws_api_gateway_integration', suffix, [
        attr('rest_api_id', expr(`${api}.id`)),
        attr('resource_id', expr(resource)),
        attr('http_method', expr(`${m}.http_method`)),
        attr('type', 'HTTP_PROXY'),
        attr('integration_http_method', 'ANY'),
        attr('connection_type', 'VPC_LINK'),
        attr('connection_id', expr(`${link}.id`)),
        attr('uri', uri(path)),
        ...(params ? [attr('request_parameters', { $object: [['integration.request.path.proxy', 'method.request.path.proxy']] })] : []),
      ]);
    const proxyMethod = method('_proxy', `${proxy}.id`, true);
    const rootMethod = method('_root', `${api}.root_resource_id`, false);
    const proxyIntegration = integration('_proxy', proxyMethod, `${proxy}.id`, '/{proxy}', true);
    const rootIntegration = integration('_root', rootMethod, `${api}.root_resource_id`, '/', false);
    const deployment = add('aws_api_gateway_deployment', '_front_door', [
      attr('rest_api_id', expr(`${api}.id`)),
      attr('depends_on', [expr(proxyIntegration), expr(rootIntegration)]),
      block('lifecycle', [attr('create_before_destroy', true)]),
    ]);
    add('aws_api_gateway_stage', '_front_door', [attr('rest_api_id', expr(`${api}.id`)), attr('deployment_id', expr(`${deployment}.id`)), attr('stage_name', 'prod')]);
  } else {
    const sg = add('aws_security_group', '_vpc_link', [
      attr('name_prefix', `${label}-link-`),
      attr('description', 'API Gateway VPC Link to the internal NLB'),
      attr('vpc_id', vpcId),
      block('egress', [attr('from_port', plan.port), attr('to_port', plan.port), attr('protocol', 'tcp'), attr('cidr_blocks', [expr(m.ref(plan.vpcId, 'cidr_block'))])]),
    ]);
    const link = add('aws_apigatewayv2_vpc_link', '_front_door', [attr('name', label), attr('subnet_ids', subnets), attr('security_group_ids', [expr(`${sg}.id`)])]);
    const api = add('aws_apigatewayv2_api', '_front_door', [attr('name', label), attr('protocol_type', 'HTTP')]);
    const integration = add('aws_apigatewayv2_integration', '_front_door', [
      attr('api_id', expr(`${api}.id`)),
      attr('integration_type', 'HTTP_PROXY'),
      attr('integration_method', 'ANY'),
      attr('connection_type', 'VPC_LINK'),
      attr('connection_id', expr(`${link}.id`)),
      attr('integration_uri', expr(`${listener}.arn`)),
      attr('payload_format_version', '1.0'),
    ]);
    add('aws_apigatewayv2_route', '_front_door', [attr('api_id', expr(`${api}.id`)), attr('route_key', 'ANY /{proxy+}'), attr('authorization_type', 'AWS_IAM'), attr('target', `integrations/\${${integration}.id}`)]);
    add('aws_apigatewayv2_stage', '_front_door', [attr('api_id', expr(`${api}.id`)), attr('name', '$default'), attr('auto_deploy', true)]);
  }
  const front = plan.variant === 'rest' ? 'API Gateway REST API (IAM auth)' : 'API Gateway HTTP API (IAM auth)';
  compute.ed.addResources(added, `Added by vpc-lint: ${plan.computeId} is now reached through ${front} -> VPC Link -> internal NLB.`);
}

function moveCompute(m: TfModule, plan: FrontDoorPlan, subnets: TfExpr[], targetGroup: string): void {
  const { ed, body } = m.locate(plan.computeId)!;
  for (const eni of plan.interfaces) {
    const at = m.locate(eni);
    if (at) at.ed.set(at.body, 'subnet_id', subnets[0]!);
  }
  if (plan.computeKind === 'instance') {
    if (plan.interfaces.length === 0) ed.set(body, 'subnet_id', subnets[0]!);
    if (ed.value(body, 'associate_public_ip_address') !== undefined) ed.set(body, 'associate_public_ip_address', false);
    return;
  }
  ed.set(body, 'vpc_zone_identifier', subnets);
  ed.appendToList(body, 'target_group_arns', expr(`${targetGroup}.arn`));
  if (plan.dropPublicAddress.associatePublicIp) dropLaunchPublicIp(m, ed.value(body, 'launch_configuration'), ed.nested(body, 'launch_template').map((lt) => ed.value(lt, 'id') ?? ed.value(lt, 'name')));
}

/** Sets `associate_public_ip_address = false` where a launch template or configuration asks for one. */
function dropLaunchPublicIp(m: TfModule, config: TfExpr | undefined, templates: (TfExpr | undefined)[]): void {
  const target = (v: TfExpr | undefined): string | undefined => {
    const text = typeof v === 'object' && v !== null && !Array.isArray(v) && '$expr' in v ? v.$expr : undefined;
    return text ? /^(aws_launch_(?:template|configuration)\.[\w-]+)\.(?:id|name)$/.exec(text)?.[1] : undefined;
  };
  for (const lt of templates.map(target)) {
    const at = lt ? m.locate(lt) : undefined;
    if (!at) continue;
    for (const ni of at.ed.nested(at.body, 'network_interfaces')) if (at.ed.value(ni, 'associate_public_ip_address') !== undefined) at.ed.set(ni, 'associate_public_ip_address', false);
  }
  const lc = target(config);
  const at = lc ? m.locate(lc) : undefined;
  if (at && at.ed.value(at.body, 'associate_public_ip_address') !== undefined) at.ed.set(at.body, 'associate_public_ip_address', false);
}

/** Narrows a world-open rule to the VPC's CIDR; other sources of the rule stay. */
export function narrowTfRule(m: TfModule, vpcId: string, n: NarrowPlan): boolean {
  const family = n.family;
  const vpcCidr = expr(m.ref(vpcId, family === 4 ? 'cidr_block' : 'ipv6_cidr_block'));
  if (n.ruleResource) {
    const at = m.locate(n.ruleResource);
    if (!at) return false;
    const single = family === 4 ? 'cidr_ipv4' : 'cidr_ipv6';
    if (at.ed.has(at.body, single)) {
      at.ed.set(at.body, single, vpcCidr);
      return true;
    }
    return narrowList(at, family === 4 ? 'cidr_blocks' : 'ipv6_cidr_blocks', vpcCidr);
  }
  const group = m.locate(n.group);
  if (!group) return false;
  const offset = group.ed.buf.lines.offset(n.site.range.start);
  const rule = group.ed.nested(group.body, 'ingress').find((b) => group.ed.start(b) === offset);
  return rule ? narrowList({ ed: group.ed, body: rule }, family === 4 ? 'cidr_blocks' : 'ipv6_cidr_blocks', vpcCidr) : false;
}

function narrowList(at: NonNullable<ReturnType<TfModule['locate']>>, name: string, vpcCidr: TfExpr): boolean {
  if (!at.ed.has(at.body, name)) return false;
  // Literal blocks that admit nothing from the internet stay; the rest becomes the VPC's CIDR.
  const kept = (at.ed.listItems(at.body, name) ?? []).filter((i) => typeof i === 'string' && isPrivateCidr(i));
  at.ed.set(at.body, name, [...kept, vpcCidr]);
  return true;
}

function isPrivateCidr(c: string): boolean {
  const p = parseCidr(c);
  return !!p && AddressSet.fromCidrs(p.family, [c]).intersect(INTERNET[p.family]).isEmpty;
}
