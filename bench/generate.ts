/**
 * Generates realistic inputs of a given size: VPC "cells" with public and private subnets, NAT,
 * security groups, EIPs, instances, conditions and intrinsics, as a CloudFormation template
 * (an object; {@link toYaml} writes it with short-form tags), a Terraform plan of the same
 * infrastructure, and a CDK cloud assembly of the same template. Deterministic, so figures from
 * two runs compare.
 */
import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

/** Resources per cell; templates are made of whole cells plus a padding of security groups. */
const CELL = 20;

export function generateTemplate(resourceCount: number): Record<string, unknown> {
  const resources: Record<string, unknown> = {};
  const cells = Math.max(1, Math.floor(resourceCount / CELL));
  for (let c = 0; c < cells; c++) Object.assign(resources, cell(c));
  let pad = 0;
  while (Object.keys(resources).length < resourceCount) {
    resources[`PadGroup${pad}`] = {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: { GroupDescription: 'padding', VpcId: { Ref: 'Vpc0' }, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/8' }] },
    };
    pad++;
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `Generated benchmark template with ${resourceCount} resources`,
    Parameters: {
      Environment: { Type: 'String', Default: 'prod', AllowedValues: ['prod', 'dev'] },
      AdminCidr: { Type: 'String', Default: '203.0.113.0/24' },
    },
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Environment' }, 'prod'] } },
    Resources: resources,
  };
}

function cell(c: number): Record<string, unknown> {
  const id = (s: string) => `${s}${c}`;
  const ref = (s: string) => ({ Ref: id(s) });
  return {
    [id('Vpc')]: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: `10.${c % 256}.0.0/16`, Tags: [{ Key: 'Name', Value: { 'Fn::Sub': `\${AWS::StackName}-cell-${c}` } }] } },
    [id('Igw')]: { Type: 'AWS::EC2::InternetGateway' },
    [id('IgwAttach')]: { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { VpcId: ref('Vpc'), InternetGatewayId: ref('Igw') } },
    [id('PublicSubnet')]: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: ref('Vpc'), CidrBlock: `10.${c % 256}.1.0/24`, MapPublicIpOnLaunch: true, AvailabilityZone: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] } } },
    [id('PrivateSubnet')]: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: ref('Vpc'), CidrBlock: `10.${c % 256}.2.0/24`, AvailabilityZone: { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] } } },
    [id('PublicRt')]: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('Vpc') } },
    [id('PublicRoute')]: { Type: 'AWS::EC2::Route', DependsOn: id('IgwAttach'), Properties: { RouteTableId: ref('PublicRt'), DestinationCidrBlock: '0.0.0.0/0', GatewayId: ref('Igw') } },
    [id('PublicAssoc')]: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: ref('PublicSubnet'), RouteTableId: ref('PublicRt') } },
    [id('NatEip')]: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } },
    [id('Nat')]: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: ref('PublicSubnet'), AllocationId: { 'Fn::GetAtt': [id('NatEip'), 'AllocationId'] } } },
    [id('PrivateRt')]: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('Vpc') } },
    [id('PrivateRoute')]: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: ref('PrivateRt'), DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: ref('Nat') } },
    [id('PrivateAssoc')]: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: ref('PrivateSubnet'), RouteTableId: ref('PrivateRt') } },
    [id('WebSg')]: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'web',
        VpcId: ref('Vpc'),
        SecurityGroupIngress: [
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' },
          { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: { Ref: 'AdminCidr' } },
        ],
      },
    },
    [id('AppSg')]: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'app', VpcId: ref('Vpc') } },
    [id('AppSgIngress')]: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: ref('AppSg'), IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: ref('WebSg') } },
    [id('Web')]: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: { 'Fn::If': ['IsProd', 'm5.large', 't3.micro'] }, ImageId: 'ami-0abcdef1234567890', SubnetId: ref('PublicSubnet'), SecurityGroupIds: [ref('WebSg')] } },
    [id('WebEip')]: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc', InstanceId: ref('Web') } },
    [id('App')]: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: 't3.small', ImageId: 'ami-0abcdef1234567890', SubnetId: ref('PrivateSubnet'), SecurityGroupIds: [ref('AppSg')] } },
    [id('FlowLog')]: { Type: 'AWS::EC2::FlowLog', Properties: { ResourceId: ref('Vpc'), ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::bench-flow-logs' } },
  };
}

// ── YAML with short-form tags ─────────────────────────────────────────────────────────────────

/** Intrinsic functions and the short-form tag a hand-written template uses for each. */
const SHORT_TAGS: Record<string, string> = {
  Ref: '!Ref',
  'Fn::GetAtt': '!GetAtt',
  'Fn::Sub': '!Sub',
  'Fn::If': '!If',
  'Fn::Equals': '!Equals',
  'Fn::Select': '!Select',
  'Fn::GetAZs': '!GetAZs',
  'Fn::Join': '!Join',
};

/**
 * The template as YAML the way people write it: short-form tags (`!Ref Vpc0`,
 * `!GetAtt NatEip0.AllocationId`), block style, no line wrapping.
 */
export function toYaml(template: Record<string, unknown>): string {
  const doc = new Document();
  doc.contents = yamlNode(doc, template) as typeof doc.contents;
  return doc.toString({ lineWidth: 0 });
}

function yamlNode(doc: Document, value: unknown): unknown {
  if (Array.isArray(value)) {
    const seq = new YAMLSeq();
    for (const v of value) seq.items.push(yamlNode(doc, v));
    return seq;
  }
  if (typeof value !== 'object' || value === null) return doc.createNode(value);
  const entries = Object.entries(value);
  const only = entries.length === 1 ? entries[0]! : undefined;
  const tag = only ? SHORT_TAGS[only[0]] : undefined;
  if (only && tag) {
    const [fn, arg] = only;
    // `!GetAtt Res.Attr` is the usual spelling of the two-item list.
    const node = (fn === 'Fn::GetAtt' && Array.isArray(arg) ? doc.createNode(arg.join('.')) : yamlNode(doc, arg)) as Scalar | YAMLSeq | YAMLMap;
    node.tag = tag;
    return node;
  }
  const map = new YAMLMap();
  for (const [k, v] of entries) map.items.push(new Pair(doc.createNode(k), yamlNode(doc, v)));
  return map;
}

// ── Terraform plan ────────────────────────────────────────────────────────────────────────────

/** A reference to another resource's attribute: unknown until apply, a `references` list in the configuration. */
interface TfRef {
  tfRef: string;
  attr: string;
}
/** A root variable: its value is known in the plan, its expression references `var.name`. */
interface TfVar {
  tfVar: string;
  value: Json;
}
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type TfValue = Json | TfRef | TfVar | TfValue[] | { [k: string]: TfValue };

interface TfSpec {
  type: string;
  name: string;
  /** Attributes; an array of plain objects is a list of nested blocks (`ingress`). */
  values: Record<string, TfValue>;
  /** Attributes the provider computes (`id`, `arn`): unknown in a plan that creates the resource. */
  computed: string[];
  dependsOn?: string[];
}

const ref = (address: string, attr = 'id'): TfRef => ({ tfRef: address, attr });
const isRef = (v: unknown): v is TfRef => typeof v === 'object' && v !== null && 'tfRef' in v;
const isVar = (v: unknown): v is TfVar => typeof v === 'object' && v !== null && 'tfVar' in v;
const isBlockList = (v: unknown): v is Record<string, TfValue>[] =>
  Array.isArray(v) && v.length > 0 && v.every((i) => typeof i === 'object' && i !== null && !Array.isArray(i) && !isRef(i) && !isVar(i));
const hasRef = (v: unknown): boolean => isRef(v) || (Array.isArray(v) && v.some(hasRef));

/** `PublicSubnet` → `public_subnet`: Terraform names are snake case. */
export function snake(s: string): string {
  return s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** The Terraform address of the resource that stands for a CloudFormation logical id of {@link generateTemplate}. */
export function tfAddressFor(logicalId: string, cfnType: string): string | undefined {
  const type = TF_TYPE[cfnType];
  return type ? `${type}.${snake(logicalId.replace(/(\d+)$/, '_$1'))}` : undefined;
}

const TF_TYPE: Record<string, string> = {
  'AWS::EC2::VPC': 'aws_vpc',
  'AWS::EC2::InternetGateway': 'aws_internet_gateway',
  'AWS::EC2::VPCGatewayAttachment': 'aws_internet_gateway_attachment',
  'AWS::EC2::Subnet': 'aws_subnet',
  'AWS::EC2::RouteTable': 'aws_route_table',
  'AWS::EC2::Route': 'aws_route',
  'AWS::EC2::SubnetRouteTableAssociation': 'aws_route_table_association',
  'AWS::EC2::EIP': 'aws_eip',
  'AWS::EC2::NatGateway': 'aws_nat_gateway',
  'AWS::EC2::SecurityGroup': 'aws_security_group',
  'AWS::EC2::SecurityGroupIngress': 'aws_vpc_security_group_ingress_rule',
  'AWS::EC2::Instance': 'aws_instance',
  'AWS::EC2::FlowLog': 'aws_flow_log',
};

function tfCell(c: number): TfSpec[] {
  const n = (s: string) => `${s}_${c}`;
  const a = (type: string, s: string) => `${type}.${n(s)}`;
  const vpc = a('aws_vpc', 'vpc');
  const tags = (name: string): Json => ({ Name: `cell-${c}-${name}` });
  const ingress = (port: number, cidr: TfValue): Record<string, TfValue> => ({
    cidr_blocks: [cidr], description: '', from_port: port, ipv6_cidr_blocks: [], prefix_list_ids: [], protocol: 'tcp', security_groups: [], self: false, to_port: port,
  });
  const route = ['carrier_gateway_id', 'core_network_arn', 'destination_ipv6_cidr_block', 'destination_prefix_list_id', 'egress_only_gateway_id', 'local_gateway_id', 'transit_gateway_id', 'vpc_endpoint_id', 'vpc_peering_connection_id'];
  const emptyRouteTargets = Object.fromEntries(route.map((k) => [k, null])) as Record<string, TfValue>;
  const instance = (subnet: string, sg: string, instanceType: TfValue): Record<string, TfValue> => ({
    ami: 'ami-0abcdef1234567890', instance_type: instanceType, subnet_id: ref(a('aws_subnet', subnet)), vpc_security_group_ids: [ref(a('aws_security_group', sg))],
    monitoring: false, source_dest_check: true, get_password_data: false, hibernation: false, user_data_replace_on_change: false, tags: tags(sg),
  });
  return [
    { type: 'aws_vpc', name: n('vpc'), values: { cidr_block: `10.${c % 256}.0.0/16`, enable_dns_hostnames: true, enable_dns_support: true, instance_tenancy: 'default', tags: tags('vpc') }, computed: ['id', 'arn', 'main_route_table_id', 'default_route_table_id', 'default_network_acl_id', 'default_security_group_id', 'owner_id'] },
    { type: 'aws_internet_gateway', name: n('igw'), values: { tags: tags('igw') }, computed: ['id', 'arn', 'owner_id', 'vpc_id'] },
    { type: 'aws_internet_gateway_attachment', name: n('igw_attach'), values: { vpc_id: ref(vpc), internet_gateway_id: ref(a('aws_internet_gateway', 'igw')) }, computed: ['id'] },
    { type: 'aws_subnet', name: n('public_subnet'), values: { vpc_id: ref(vpc), cidr_block: `10.${c % 256}.1.0/24`, map_public_ip_on_launch: true, assign_ipv6_address_on_creation: false, availability_zone: 'us-east-1a', tags: tags('public') }, computed: ['id', 'arn', 'availability_zone_id', 'owner_id'] },
    { type: 'aws_subnet', name: n('private_subnet'), values: { vpc_id: ref(vpc), cidr_block: `10.${c % 256}.2.0/24`, map_public_ip_on_launch: false, assign_ipv6_address_on_creation: false, availability_zone: 'us-east-1b', tags: tags('private') }, computed: ['id', 'arn', 'availability_zone_id', 'owner_id'] },
    { type: 'aws_route_table', name: n('public_rt'), values: { vpc_id: ref(vpc), tags: tags('public') }, computed: ['id', 'arn', 'owner_id', 'route', 'propagating_vgws'] },
    { type: 'aws_route', name: n('public_route'), values: { route_table_id: ref(a('aws_route_table', 'public_rt')), destination_cidr_block: '0.0.0.0/0', gateway_id: ref(a('aws_internet_gateway', 'igw')), ...emptyRouteTargets, nat_gateway_id: null }, computed: ['id', 'instance_id', 'instance_owner_id', 'network_interface_id', 'origin', 'state'], dependsOn: [a('aws_internet_gateway_attachment', 'igw_attach')] },
    { type: 'aws_route_table_association', name: n('public_assoc'), values: { subnet_id: ref(a('aws_subnet', 'public_subnet')), route_table_id: ref(a('aws_route_table', 'public_rt')), gateway_id: null }, computed: ['id'] },
    { type: 'aws_eip', name: n('nat_eip'), values: { domain: 'vpc', tags: tags('nat') }, computed: ['id', 'allocation_id', 'public_ip', 'public_dns', 'association_id', 'instance', 'network_interface', 'private_ip'] },
    { type: 'aws_nat_gateway', name: n('nat'), values: { subnet_id: ref(a('aws_subnet', 'public_subnet')), allocation_id: ref(a('aws_eip', 'nat_eip')), connectivity_type: 'public', tags: tags('nat') }, computed: ['id', 'association_id', 'network_interface_id', 'private_ip', 'public_ip'] },
    { type: 'aws_route_table', name: n('private_rt'), values: { vpc_id: ref(vpc), tags: tags('private') }, computed: ['id', 'arn', 'owner_id', 'route', 'propagating_vgws'] },
    { type: 'aws_route', name: n('private_route'), values: { route_table_id: ref(a('aws_route_table', 'private_rt')), destination_cidr_block: '0.0.0.0/0', nat_gateway_id: ref(a('aws_nat_gateway', 'nat')), ...emptyRouteTargets, gateway_id: null }, computed: ['id', 'instance_id', 'instance_owner_id', 'network_interface_id', 'origin', 'state'] },
    { type: 'aws_route_table_association', name: n('private_assoc'), values: { subnet_id: ref(a('aws_subnet', 'private_subnet')), route_table_id: ref(a('aws_route_table', 'private_rt')), gateway_id: null }, computed: ['id'] },
    { type: 'aws_security_group', name: n('web_sg'), values: { name: `web-${c}`, description: 'web', vpc_id: ref(vpc), ingress: [ingress(443, '0.0.0.0/0'), ingress(22, { tfVar: 'admin_cidr', value: '203.0.113.0/24' })], revoke_rules_on_delete: false, tags: tags('web') }, computed: ['id', 'arn', 'owner_id', 'egress', 'name_prefix'] },
    { type: 'aws_security_group', name: n('app_sg'), values: { name: `app-${c}`, description: 'app', vpc_id: ref(vpc), revoke_rules_on_delete: false, tags: tags('app') }, computed: ['id', 'arn', 'owner_id', 'egress', 'ingress', 'name_prefix'] },
    { type: 'aws_vpc_security_group_ingress_rule', name: n('app_sg_ingress'), values: { security_group_id: ref(a('aws_security_group', 'app_sg')), referenced_security_group_id: ref(a('aws_security_group', 'web_sg')), ip_protocol: 'tcp', from_port: 8080, to_port: 8080, cidr_ipv4: null, cidr_ipv6: null, prefix_list_id: null, description: null, tags: null }, computed: ['id', 'arn', 'security_group_rule_id', 'tags_all'] },
    { type: 'aws_instance', name: n('web'), values: instance('public_subnet', 'web_sg', { tfVar: 'environment', value: 'm5.large' }), computed: ['id', 'arn', 'associate_public_ip_address', 'public_ip', 'public_dns', 'private_ip', 'private_dns', 'ipv6_address_count', 'ipv6_addresses', 'network_interface', 'security_groups', 'availability_zone', 'primary_network_interface_id', 'key_name', 'placement_group', 'tenancy'] },
    { type: 'aws_eip', name: n('web_eip'), values: { domain: 'vpc', instance: ref(a('aws_instance', 'web')), tags: tags('web') }, computed: ['id', 'allocation_id', 'public_ip', 'public_dns', 'association_id', 'network_interface', 'private_ip'] },
    { type: 'aws_instance', name: n('app'), values: instance('private_subnet', 'app_sg', 't3.small'), computed: ['id', 'arn', 'associate_public_ip_address', 'public_ip', 'public_dns', 'private_ip', 'private_dns', 'ipv6_address_count', 'ipv6_addresses', 'network_interface', 'security_groups', 'availability_zone', 'primary_network_interface_id', 'key_name', 'placement_group', 'tenancy'] },
    { type: 'aws_flow_log', name: n('flow_log'), values: { vpc_id: ref(vpc), traffic_type: 'ALL', log_destination_type: 's3', log_destination: 'arn:aws:s3:::bench-flow-logs', max_aggregation_interval: 600, tags: tags('flow') }, computed: ['id', 'arn'] },
  ];
}

/** Planned value: references are unknown until apply, so they are left out. */
function plannedValue(v: TfValue): Json | undefined {
  if (isRef(v) || hasRef(v)) return undefined;
  if (isVar(v)) return v.value;
  if (Array.isArray(v)) return v.map((i) => plannedValue(i) ?? null);
  if (typeof v === 'object' && v !== null) return plannedObject(v as Record<string, TfValue>);
  return v;
}

function plannedObject(values: Record<string, TfValue>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(values)) {
    const p = plannedValue(v);
    if (p !== undefined) out[k] = p;
  }
  return out;
}

/** `after_unknown`: true for each attribute (or block field) known only after apply. */
function afterUnknown(values: Record<string, TfValue>, computed: string[]): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const c of computed) out[c] = true;
  for (const [k, v] of Object.entries(values)) {
    if (hasRef(v)) out[k] = true;
    else if (isBlockList(v)) out[k] = v.map((item) => afterUnknown(item, []));
  }
  return out;
}

/** A configuration expression: `constant_value`, or the `references` Terraform lists for it. */
function expression(v: TfValue): Json {
  if (isRef(v)) return { references: [`${v.tfRef}.${v.attr}`, v.tfRef] };
  if (isVar(v)) return { references: [`var.${v.tfVar}`] };
  if (isBlockList(v)) return v.map((item) => expressions(item));
  if (Array.isArray(v) && v.some((i) => isRef(i) || isVar(i))) {
    return { references: v.flatMap((i) => (isRef(i) ? [`${i.tfRef}.${i.attr}`, i.tfRef] : isVar(i) ? [`var.${i.tfVar}`] : [])) };
  }
  return { constant_value: plannedValue(v) ?? null };
}

function expressions(values: Record<string, TfValue>): Record<string, Json> {
  const out: Record<string, Json> = {};
  // Terraform lists only what the configuration sets; nulls are the provider's defaults.
  for (const [k, v] of Object.entries(values)) if (v !== null) out[k] = expression(v);
  return out;
}

/** The resources of {@link generateTerraformPlan}: whole cells, then padding security groups. */
function tfSpecs(resourceCount: number): TfSpec[] {
  const specs: TfSpec[] = [];
  const cells = Math.max(1, Math.floor(resourceCount / CELL));
  for (let c = 0; c < cells; c++) specs.push(...tfCell(c));
  for (let pad = 0; specs.length < resourceCount; pad++) {
    specs.push({
      type: 'aws_security_group', name: `pad_group_${pad}`,
      values: { name: `pad-${pad}`, description: 'padding', vpc_id: ref('aws_vpc.vpc_0'), ingress: [{ cidr_blocks: ['10.0.0.0/8'], description: '', from_port: 443, ipv6_cidr_blocks: [], prefix_list_ids: [], protocol: 'tcp', security_groups: [], self: false, to_port: 443 }], revoke_rules_on_delete: false },
      computed: ['id', 'arn', 'owner_id', 'egress', 'name_prefix'],
    });
  }
  return specs;
}

const AWS_PROVIDER = 'registry.terraform.io/hashicorp/aws';

/**
 * A plan of the same infrastructure as {@link generateTemplate}`(resourceCount)`, in the shape of
 * `terraform show -json`: `planned_values`, `resource_changes` (creates, with `after_unknown`)
 * and `configuration` (expressions with their `references`).
 */
export function generateTerraformPlan(resourceCount: number): Record<string, unknown> {
  const specs = tfSpecs(resourceCount);
  const address = (s: TfSpec) => `${s.type}.${s.name}`;
  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    variables: { environment: { value: 'prod' }, admin_cidr: { value: '203.0.113.0/24' } },
    planned_values: {
      root_module: {
        resources: specs.map((s) => ({ address: address(s), mode: 'managed', type: s.type, name: s.name, provider_name: AWS_PROVIDER, schema_version: 0, values: plannedObject(s.values), sensitive_values: {} })),
      },
    },
    resource_changes: specs.map((s) => ({
      address: address(s), mode: 'managed', type: s.type, name: s.name, provider_name: AWS_PROVIDER,
      change: { actions: ['create'], before: null, after: plannedObject(s.values), after_unknown: afterUnknown(s.values, s.computed), before_sensitive: false, after_sensitive: { tags: {} } },
    })),
    configuration: {
      provider_config: { aws: { name: 'aws', full_name: AWS_PROVIDER, expressions: { region: { constant_value: 'us-east-1' } } } },
      root_module: {
        resources: specs.map((s) => ({
          address: address(s), mode: 'managed', type: s.type, name: s.name, provider_config_key: 'aws',
          expressions: expressions(s.values), schema_version: 0, ...(s.dependsOn ? { depends_on: s.dependsOn } : {}),
        })),
        variables: { environment: { default: 'prod' }, admin_cidr: { default: '203.0.113.0/24' } },
      },
    },
    timestamp: '2025-01-01T00:00:00Z',
    applyable: true,
    complete: true,
    errored: false,
  };
}

/** A configuration value as `.tf.json` writes it: references and variables as `${…}` strings. */
function configValue(v: TfValue): Json {
  if (isRef(v)) return `\${${v.tfRef}.${v.attr}}`;
  if (isVar(v)) return `\${var.${v.tfVar}}`;
  if (Array.isArray(v)) return v.map(configValue);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, Json> = {};
    // As a user writes it: the provider's defaults (nulls) are left out.
    for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = configValue(x);
    return out;
  }
  return v;
}

/**
 * The Terraform configuration of {@link generateTerraformPlan}`(resourceCount)` as one `.tf.json`
 * file: the same resources, references written as `${type.name.attr}`, and the two variables with
 * their defaults.
 */
export function generateTerraformConfig(resourceCount: number): Record<string, unknown> {
  const specs = tfSpecs(resourceCount);
  const resource: Record<string, Record<string, Json>> = {};
  for (const s of specs) {
    const body = configValue(s.values) as Record<string, Json>;
    if (s.dependsOn) body['depends_on'] = s.dependsOn;
    (resource[s.type] ??= {})[s.name] = body;
  }
  return {
    variable: { environment: { type: 'string', default: 'prod' }, admin_cidr: { type: 'string', default: '203.0.113.0/24' } },
    resource,
  };
}

// ── CDK cloud assembly ────────────────────────────────────────────────────────────────────────

/** An 8-hex-digit hash of a construct path, like the suffix CDK puts on logical ids. Deterministic. */
function pathHash(p: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < p.length; i++) h = Math.imul(h ^ p.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).toUpperCase().padStart(8, '0');
}

/** The construct path CDK would give a resource of {@link generateTemplate}: `Stack/Cell3/PublicSubnet/Resource`. */
function constructPath(stack: string, logicalId: string): string {
  const m = /^(.*?)(\d+)$/.exec(logicalId);
  if (!m) return `${stack}/${logicalId}/Resource`;
  return m[1] === 'PadGroup' ? `${stack}/Padding/Group${m[2]}/Resource` : `${stack}/Cell${m[2]}/${m[1]}/Resource`;
}

/** Rewrites every `Ref`, `Fn::GetAtt` and `DependsOn` of a template through `rename`. */
function renameIds(value: unknown, rename: (id: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => renameIds(v, rename));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'Ref' && typeof v === 'string') out[k] = rename(v);
    else if (k === 'Fn::GetAtt' && Array.isArray(v)) out[k] = [rename(String(v[0])), ...v.slice(1)];
    else if (k === 'DependsOn') out[k] = Array.isArray(v) ? v.map((d) => rename(String(d))) : rename(String(v));
    else out[k] = renameIds(v, rename);
  }
  return out;
}

/** The files of a generated cloud assembly, by path relative to the `cdk.out` folder. */
export interface GeneratedAssembly {
  files: Record<string, string>;
  /** The stack template's file name inside the assembly. */
  templateFile: string;
  /** CDK logical id → the logical id it stands for in {@link generateTemplate}'s template. */
  originalIds: Map<string, string>;
}

/** The cloud assembly schema version aws-cdk-lib 2.276 writes. */
const VERSION = '55.0.0';

/** Feature flags named in the manifest's feature-flag report: aws-cdk-lib 2.276 lists about a hundred. */
const FEATURE_FLAGS = 105;

/**
 * The report of feature flags that recent aws-cdk-lib versions put in every manifest: about 20 KB
 * the reader must parse though it needs none of it.
 */
function featureFlagReport(): Record<string, unknown> {
  const flags: Record<string, unknown> = {};
  const services = ['core', 'aws-ec2', 'aws-iam', 'aws-lambda', 'aws-s3', 'aws-ecs', 'aws-rds', 'aws-apigateway'];
  for (let i = 0; i < FEATURE_FLAGS; i++) {
    flags[`@aws-cdk/${services[i % services.length]}:generatedFlag${i}`] = {
      recommendedValue: i % 7 !== 0,
      explanation: `When enabled, construct number ${i} behaves the way new projects expect instead of the legacy way`,
      ...(i % 3 === 0 ? { unconfiguredBehavesLike: { v2: true } } : {}),
    };
  }
  return { type: 'cdk:feature-flag-report', properties: { module: 'aws-cdk-lib', flags } };
}

/** `tree.json`: the construct tree. vpc-lint never reads it; it is here because `cdk synth` writes it. */
function constructTree(paths: Iterable<[string, string]>): string {
  type TreeNode = { id: string; path: string; children?: Record<string, TreeNode>; attributes?: Record<string, string> };
  const root: TreeNode = { id: 'App', path: '', children: {} };
  for (const [logicalId, p] of paths) {
    let node = root;
    const segments = p.split('/');
    segments.forEach((id, i) => {
      node.children ??= {};
      node = node.children[id] ??= { id, path: segments.slice(0, i + 1).join('/') };
    });
    node.attributes = { 'aws:cdk:cloudformation:logicalId': logicalId };
  }
  return JSON.stringify({ version: 'tree-0.1', tree: root });
}

/**
 * A `cdk.out` of the same infrastructure as {@link generateTemplate}`(resourceCount)`, the way
 * `cdk synth` writes it with aws-cdk-lib 2.170 and later (2.276 for the synthesised example): the
 * version marker; `manifest.json` with the stack, its assets, the construct tree and the
 * feature-flag report; `<stack>.metadata.json` with the stack's `aws:cdk:templateFile` and an
 * `aws:cdk:logicalId` per construct path (no creation traces: the CLI leaves them out, as in
 * examples/cdk/web-server); `tree.json`; and the stack template (one-space indented JSON) whose
 * resources have CDK-style logical ids and `aws:cdk:path` metadata.
 */
export function generateCdkAssembly(resourceCount: number, stack = 'BenchStack'): GeneratedAssembly {
  const base = generateTemplate(resourceCount) as { Resources: Record<string, Record<string, unknown>>; Parameters: Record<string, unknown> };
  const ids = new Map<string, string>();
  const paths = new Map<string, string>();
  for (const id of Object.keys(base.Resources)) {
    const p = constructPath(stack, id);
    const cdkId = p.split('/').slice(1, -1).join('') + pathHash(p);
    ids.set(id, cdkId);
    paths.set(cdkId, p);
  }
  const rename = (id: string) => ids.get(id) ?? id;
  const resources: Record<string, unknown> = {};
  for (const [id, res] of Object.entries(base.Resources)) {
    const cdkId = rename(id);
    resources[cdkId] = { ...(renameIds(res, rename) as Record<string, unknown>), Metadata: { 'aws:cdk:path': paths.get(cdkId) } };
  }
  const template = {
    ...base,
    Resources: resources,
    Parameters: { ...base.Parameters, BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version', Description: 'Version of the CDK Bootstrap resources in this environment, automatically retrieved from SSM Parameter Store. [cdk:skip]' } },
    Rules: {
      CheckBootstrapVersion: {
        Assertions: [{ Assert: { 'Fn::Not': [{ 'Fn::Contains': [['1', '2', '3', '4', '5'], { Ref: 'BootstrapVersion' }] }] }, AssertDescription: "CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI." }],
      },
    },
  };
  const templateFile = `${stack}.template.json`;
  const metadataFile = `${stack}.metadata.json`;
  const metadata: Record<string, unknown> = { [`/${stack}`]: [{ type: 'aws:cdk:templateFile', data: templateFile }] };
  metadata[`/${stack}/BootstrapVersion`] = [{ type: 'aws:cdk:logicalId', data: 'BootstrapVersion' }];
  metadata[`/${stack}/CheckBootstrapVersion`] = [{ type: 'aws:cdk:logicalId', data: 'CheckBootstrapVersion' }];
  for (const [cdkId, p] of paths) metadata[`/${p}`] = [{ type: 'aws:cdk:logicalId', data: cdkId }];
  const role = (name: string) => `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/cdk-hnb659fds-${name}-role-\${AWS::AccountId}-\${AWS::Region}`;
  const manifest = {
    version: VERSION,
    artifacts: {
      [`${stack}.assets`]: { type: 'cdk:asset-manifest', properties: { file: `${stack}.assets.json`, requiresBootstrapStackVersion: 6, bootstrapStackVersionSsmParameter: '/cdk-bootstrap/hnb659fds/version' } },
      [stack]: {
        type: 'aws:cloudformation:stack',
        environment: 'aws://unknown-account/unknown-region',
        properties: {
          templateFile,
          terminationProtection: false,
          validateOnSynth: false,
          assumeRoleArn: role('deploy'),
          cloudFormationExecutionRoleArn: role('cfn-exec'),
          stackTemplateAssetObjectUrl: `s3://cdk-hnb659fds-assets-\${AWS::AccountId}-\${AWS::Region}/${pathHash(stack).repeat(8).toLowerCase()}.json`,
          requiresBootstrapStackVersion: 6,
          bootstrapStackVersionSsmParameter: '/cdk-bootstrap/hnb659fds/version',
          additionalDependencies: [`${stack}.assets`],
          lookupRole: { arn: role('lookup'), requiresBootstrapStackVersion: 8, bootstrapStackVersionSsmParameter: '/cdk-bootstrap/hnb659fds/version' },
        },
        dependencies: [`${stack}.assets`],
        additionalMetadataFile: metadataFile,
        displayName: stack,
      },
      Tree: { type: 'cdk:tree', properties: { file: 'tree.json' } },
      'aws-cdk-lib/feature-flag-report': featureFlagReport(),
    },
  };
  const assets = { version: VERSION, files: {}, dockerImages: {} };
  return {
    files: {
      'cdk.out': JSON.stringify({ version: VERSION }),
      'manifest.json': JSON.stringify(manifest, undefined, 2),
      [metadataFile]: JSON.stringify(metadata, undefined, 2),
      [`${stack}.assets.json`]: JSON.stringify(assets, undefined, 2),
      'tree.json': constructTree(paths),
      [templateFile]: JSON.stringify(template, undefined, 1),
    },
    templateFile,
    originalIds: new Map([...ids].map(([orig, cdk]) => [cdk, orig])),
  };
}
