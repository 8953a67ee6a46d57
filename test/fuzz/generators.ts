/**
 * Structural generators: CloudFormation templates built from the resource types and properties
 * the model reads, with values of the right and the wrong types, intrinsics of every arity,
 * references to missing and cyclic names, `Fn::If` chains and deeply nested `Fn::Join`; and
 * structural mutations of JSON documents (Terraform plans and `.tf.json` files), which keep a
 * real document's shape while replacing, dropping and duplicating parts of it.
 */
import fc from 'fast-check';
import { CfnType } from '../../server/src/model/cloudformation/resourceTypes.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const MODELLED_TYPES = Object.values(CfnType) as string[];
const OTHER_TYPES = ['AWS::S3::Bucket', 'AWS::Lambda::Function', 'Custom::Thing', 'AWS::EC2::Nonexistent', 'Alexa::ASK::Skill', 'NotAType', ''];

/** The properties the model reads (see model/cloudformation/build.ts), plus a few it does not. */
const PROPERTY_NAMES = [
  'VpcId', 'SubnetId', 'SubnetIds', 'Subnets', 'RouteTableId', 'GatewayId', 'InternetGatewayId', 'NatGatewayId',
  'EgressOnlyInternetGatewayId', 'DestinationCidrBlock', 'DestinationIpv6CidrBlock', 'CidrBlock', 'CidrIp', 'CidrIpv6',
  'MapPublicIpOnLaunch', 'AssociatePublicIpAddress', 'NetworkInterfaces', 'DeviceIndex', 'GroupSet', 'SecurityGroupIds',
  'SecurityGroups', 'SecurityGroupIngress', 'IpProtocol', 'FromPort', 'ToPort', 'GroupId', 'NetworkAclId', 'RuleAction',
  'RuleNumber', 'Egress', 'Protocol', 'PortRange', 'From', 'To', 'InstanceId', 'AllocationId', 'EIP', 'NetworkInterfaceId',
  'VPCZoneIdentifier', 'LaunchTemplate', 'LaunchTemplateData', 'LaunchConfigurationName', 'MixedInstancesPolicy',
  'ResourceId', 'ResourceIds', 'ResourceType', 'Scheme', 'Type', 'SubnetMappings', 'TargetArns', 'DefaultActions',
  'TargetGroupArn', 'ForwardConfig', 'TargetGroups', 'Targets', 'Id', 'Port', 'LoadBalancerArn', 'RestApiId', 'ApiId',
  'HttpMethod', 'AuthorizationType', 'ApiKeyRequired', 'Integration', 'RouteKey', 'ImageId', 'Tags', 'Ipv6AddressCount',
];

const IDS = ['Vpc', 'Subnet', 'Rt', 'Igw', 'Att', 'Route', 'Sg', 'Web', 'Eip', 'Nacl', 'Asg', 'Lt', 'Nlb', 'Link', 'Api'];
const PARAMS = ['P1', 'P2', 'Env'];
const CONDS = ['C1', 'C2', 'IsProd'];
const MISSING = ['Missing', 'AWS::NoValue', 'AWS::Region', 'AWS::StackName', 'AWS::URLSuffix'];

const scalarArb: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom('0.0.0.0/0', '::/0', '10.0.0.0/16', '10.0.1.0/24', '192.168.0.0/33', 'not-a-cidr', 'tcp', '-1', '6', 'all', 'true', 'false', 'internal', 'internet-facing', 'NONE', 'AWS_IAM', 'allow', 'deny', ''),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -2, max: 70000 }),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
);

const nameArb = fc.oneof(fc.constantFrom(...IDS), fc.constantFrom(...PARAMS), fc.constantFrom(...MISSING), fc.string({ maxLength: 6 }));

/** Values of any shape, intrinsics included, nested up to a few levels. */
const valueArb: fc.Arbitrary<Json> = fc.letrec<{ value: Json; intrinsic: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarArb,
    tie('intrinsic'),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...PROPERTY_NAMES, 'Key', 'Value'), tie('value'), { maxKeys: 4 }),
  ),
  intrinsic: fc.oneof(
    { depthSize: 'small' },
    fc.record({ Ref: fc.oneof(nameArb, tie('value')) }),
    fc.record({ 'Fn::GetAtt': fc.oneof(fc.tuple(nameArb, fc.constantFrom('CidrBlock', 'GroupId', 'AllocationId', 'Arn', 'X')), fc.string({ maxLength: 10 }), fc.array(tie('value'), { maxLength: 3 })) }),
    fc.record({ 'Fn::If': fc.oneof(fc.tuple(fc.constantFrom(...CONDS, 'Nope'), tie('value'), tie('value')), fc.array(tie('value'), { maxLength: 4 })) }),
    fc.record({ 'Fn::Join': fc.oneof(fc.tuple(fc.constantFrom('', ',', '-'), fc.array(tie('value'), { maxLength: 4 })), fc.array(tie('value'), { maxLength: 3 }), tie('value')) }),
    fc.record({ 'Fn::Select': fc.oneof(fc.tuple(fc.oneof(fc.integer({ min: -1, max: 5 }), fc.string({ maxLength: 2 })), tie('value')), tie('value')) }),
    fc.record({ 'Fn::Split': fc.oneof(fc.tuple(fc.constantFrom(',', ''), tie('value')), tie('value')) }),
    fc.record({ 'Fn::Sub': fc.oneof(fc.constantFrom('${Vpc}', '${Vpc.CidrBlock}', '${P1}-${Missing}', '${!Literal}', '${', 'x${AWS::Region}'), fc.tuple(fc.string({ maxLength: 10 }), fc.dictionary(fc.constantFrom('Vpc', 'X'), tie('value'), { maxKeys: 2 })), tie('value')) }),
    fc.record({ 'Fn::FindInMap': fc.oneof(fc.tuple(fc.constantFrom('M', 'Nope'), fc.constantFrom('a', 'b'), fc.constantFrom('k', 'z')), fc.array(tie('value'), { maxLength: 4 })) }),
    fc.record({ 'Fn::Equals': fc.array(tie('value'), { maxLength: 3 }) }),
    fc.record({ 'Fn::Not': fc.array(tie('value'), { maxLength: 2 }) }),
    fc.record({ 'Fn::And': fc.array(tie('value'), { maxLength: 3 }) }),
    fc.record({ 'Fn::Or': fc.array(tie('value'), { maxLength: 3 }) }),
    fc.record({ Condition: fc.oneof(fc.constantFrom(...CONDS), tie('value')) }),
    fc.record({ 'Fn::GetAZs': fc.constantFrom('', 'us-east-1') }),
    fc.record({ 'Fn::ImportValue': tie('value') }),
    fc.record({ 'Fn::Base64': tie('value') }),
    fc.record({ 'Fn::Cidr': fc.array(tie('value'), { maxLength: 3 }) }),
  ),
})).value;

/** A `Fn::Join` nested `depth` times: deep, but within the readers' nesting limit. */
const deepJoinArb: fc.Arbitrary<Json> = fc.integer({ min: 1, max: 60 }).map((depth) => {
  let v: Json = { Ref: 'Vpc' };
  for (let i = 0; i < depth; i++) v = { 'Fn::Join': ['', [v, 'x']] };
  return v;
});

/** A chain of `Fn::If`s, each branch another `Fn::If`. */
const ifChainArb: fc.Arbitrary<Json> = fc.array(fc.constantFrom(...CONDS), { minLength: 1, maxLength: 12 }).map((conds) => {
  let v: Json = { Ref: 'Subnet' };
  for (const c of conds) v = { 'Fn::If': [c, v, { Ref: 'AWS::NoValue' }] };
  return v;
});

const propertyValueArb = fc.oneof({ weight: 6, arbitrary: valueArb }, { weight: 1, arbitrary: deepJoinArb }, { weight: 1, arbitrary: ifChainArb });

const resourceArb: fc.Arbitrary<Json> = fc.record(
  {
    Type: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...MODELLED_TYPES) }, { weight: 1, arbitrary: fc.constantFrom(...OTHER_TYPES) }, { weight: 1, arbitrary: scalarArb }),
    Properties: fc.oneof({ weight: 8, arbitrary: fc.dictionary(fc.constantFrom(...PROPERTY_NAMES), propertyValueArb, { maxKeys: 6 }) }, { weight: 1, arbitrary: valueArb }),
    Condition: fc.oneof(fc.constantFrom(...CONDS, 'Nope'), scalarArb),
    DependsOn: fc.oneof(nameArb, fc.array(nameArb, { maxLength: 3 }), valueArb),
    Metadata: fc.oneof(fc.constant<Json>({ 'vpc-lint': { ignore: ['world-open-admin-port'] } }), valueArb),
  },
  { requiredKeys: ['Type'] },
);

export interface GeneratedTemplate {
  value: Json;
  yaml: string;
  json: string;
}

/** A CloudFormation template, rendered as YAML (with short-form tags) and as JSON. */
export const cfnTemplateArb: fc.Arbitrary<GeneratedTemplate> = fc
  .record(
    {
      AWSTemplateFormatVersion: fc.constantFrom('2010-09-09'),
      Transform: fc.constantFrom('AWS::Serverless-2016-10-31'),
      Parameters: fc.dictionary(
        fc.constantFrom(...PARAMS),
        fc.record({ Type: fc.constantFrom('String', 'AWS::EC2::Subnet::Id', 'List<AWS::EC2::Subnet::Id>', 'CommaDelimitedList', 'Number'), Default: scalarArb }, { requiredKeys: ['Type'] }),
        { maxKeys: 3 },
      ),
      Conditions: fc.dictionary(fc.constantFrom(...CONDS), valueArb, { maxKeys: 3 }),
      Mappings: fc.constant({ M: { a: { k: '10.0.0.0/16' }, b: { k: '0.0.0.0/0' } } }),
      Resources: fc.dictionary(fc.constantFrom(...IDS), resourceArb, { minKeys: 1, maxKeys: 10 }),
      Outputs: fc.dictionary(fc.constantFrom('O1', 'O2'), fc.record({ Value: valueArb }), { maxKeys: 2 }),
    },
    { requiredKeys: ['Resources'] },
  )
  .chain((value) => fc.integer().map((style) => ({ value: value as Json, yaml: toYaml(value as Json, style), json: JSON.stringify(value, null, 2) })));

// ── YAML rendering ───────────────────────────────────────────────────────────

const SHORT_FORMS: Record<string, string> = {
  Ref: '!Ref', 'Fn::GetAtt': '!GetAtt', 'Fn::If': '!If', 'Fn::Join': '!Join', 'Fn::Select': '!Select', 'Fn::Split': '!Split',
  'Fn::Sub': '!Sub', 'Fn::FindInMap': '!FindInMap', 'Fn::Equals': '!Equals', 'Fn::Not': '!Not', 'Fn::And': '!And', 'Fn::Or': '!Or',
  Condition: '!Condition', 'Fn::GetAZs': '!GetAZs', 'Fn::ImportValue': '!ImportValue', 'Fn::Base64': '!Base64', 'Fn::Cidr': '!Cidr',
};

function isMap(v: Json): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A scalar as YAML: JSON's double-quoted strings are valid YAML. */
function yamlScalar(v: Json): string {
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf';
  if (typeof v === 'string' && /^[A-Za-z][A-Za-z0-9]*$/.test(v) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(v)) return v;
  return JSON.stringify(v);
}

/** Flow style (one line); single-key intrinsic maps may take their short-form tag. */
function flow(v: Json, coin: Iterator<boolean>, tagged = false): string {
  if (Array.isArray(v)) return `[${v.map((i) => flow(i, coin)).join(', ')}]`;
  if (isMap(v)) {
    const keys = Object.keys(v);
    const tag = keys.length === 1 ? SHORT_FORMS[keys[0]!] : undefined;
    // A tagged scalar or flow collection inside a flow collection is valid YAML; a node has at
    // most one tag, so the argument of a short form is written in long form.
    if (tag && !tagged && coin.next().value) return `${tag} ${flow(v[keys[0]!]!, coin, true)}`;
    return `{${keys.map((k) => `${JSON.stringify(k)}: ${flow(v[k]!, coin)}`).join(', ')}}`;
  }
  return yamlScalar(v);
}

function block(v: Json, indent: string, coin: Iterator<boolean>): string {
  if (isMap(v) && Object.keys(v).length > 0 && !(Object.keys(v).length === 1 && SHORT_FORMS[Object.keys(v)[0]!] && coin.next().value)) {
    return Object.entries(v)
      .map(([k, val]) => {
        const key = yamlScalar(k);
        if ((isMap(val) && Object.keys(val).length > 0) || (Array.isArray(val) && val.length > 0 && coin.next().value)) {
          return `${indent}${key}:\n${block(val, indent + '  ', coin)}`;
        }
        return `${indent}${key}: ${flow(val, coin)}`;
      })
      .join('\n');
  }
  if (Array.isArray(v) && v.length > 0) return v.map((i) => `${indent}- ${flow(i, coin)}`).join('\n');
  return `${indent}${flow(v, coin)}`;
}

/** Block YAML; `style` seeds the choices between block and flow, long and short forms. */
export function toYaml(value: Json, style: number): string {
  return block(value, '', coins(style)) + '\n';
}

/** An endless, reproducible series of coin flips (a 32-bit xorshift). */
function* coins(seed: number): Generator<boolean, never> {
  let x = seed | 0 || 1;
  for (;;) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    yield (x & 1) === 1;
  }
}

// ── structural JSON mutation ─────────────────────────────────────────────────

type Path = (string | number)[];

function paths(v: Json, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((item, i) => paths(item, [...at, i], out));
  else if (isMap(v)) for (const [k, item] of Object.entries(v)) paths(item, [...at, k], out);
  return out;
}

function getAt(v: Json, p: Path): Json {
  let cur: Json = v;
  for (const k of p) cur = (cur as Record<string | number, Json>)[k]!;
  return cur;
}

function setAt(v: Json, p: Path, replacement: Json | undefined): Json {
  if (p.length === 0) return replacement ?? null;
  const [head, ...rest] = p;
  if (Array.isArray(v)) {
    const copy = [...v];
    if (rest.length === 0 && replacement === undefined) copy.splice(head as number, 1);
    else copy[head as number] = setAt(copy[head as number]!, rest, replacement);
    return copy;
  }
  const copy = { ...(v as Record<string, Json>) };
  if (rest.length === 0 && replacement === undefined) delete copy[head as string];
  else copy[head as string] = setAt(copy[head as string]!, rest, replacement);
  return copy;
}

/** Terraform-flavoured values: references, interpolations and unknowns. */
const tfValueArb: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom('${aws_vpc.main.id}', '${aws_subnet.public.id}', '${var.x}', '${module.m.out}', '${local.y}', '${', 'aws_instance.web', '0.0.0.0/0', true, 'true', 22, '22'),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
);

type Edit = { kind: 'replace'; at: number; value: Json } | { kind: 'delete'; at: number } | { kind: 'copy'; from: number; to: number };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: tfValueArb }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('copy' as const), from: fc.nat(), to: fc.nat() }),
);

/** One to eight edits at random places in a JSON document: replace a subtree, drop it, or copy one over another. */
export function jsonStructuralMutationArb(doc: Json): fc.Arbitrary<{ value: Json; text: string }> {
  return fc.array(editArb, { minLength: 1, maxLength: 8 }).map((edits) => {
    let v = doc;
    for (const e of edits) {
      const ps = paths(v);
      if (e.kind === 'replace') v = setAt(v, ps[e.at % ps.length]!, e.value);
      else if (e.kind === 'delete') {
        const p = ps[e.at % ps.length]!;
        if (p.length > 0) v = setAt(v, p, undefined);
      } else v = setAt(v, ps[e.to % ps.length]!, getAt(v, ps[e.from % ps.length]!));
    }
    return { value: v, text: JSON.stringify(v, null, 2) };
  });
}
