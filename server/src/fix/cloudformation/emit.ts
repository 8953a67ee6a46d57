/**
 * Writes a front-door plan into a CloudFormation template (YAML or JSON) as minimal text edits.
 */
import { get, getEntry, type MapNode, type Node } from '../../read/node.js';
import { Intrinsic } from '../../read/cloudformation/intrinsics.js';
import type { Expr, FrontDoorPlan, NarrowPlan } from '../types.js';
import type { CfnDocument } from './document.js';

const ref = (id: string): Expr => ({ $ref: id });

export function emitFrontDoor(doc: CfnDocument, plan: FrontDoorPlan): void {
  const res = doc.template.resources;
  const compute = res.get(plan.computeId);
  if (!compute?.properties) throw new Error(`${plan.computeId} has no Properties`);
  const added: [string, Record<string, Expr>][] = [];
  let subnets: string[];
  if ('existing' in plan.privateSubnet) {
    subnets = plan.privateSubnet.existing;
  } else {
    const c = plan.privateSubnet.create;
    subnets = [c.name];
    const current = currentSubnetId(doc, plan);
    const az = current ? get(res.get(current)?.properties, 'AvailabilityZone') : undefined;
    added.push([c.name, { Type: 'AWS::EC2::Subnet', Properties: { VpcId: ref(plan.vpcId), CidrBlock: c.cidr, AvailabilityZone: az ? raw(doc, az) : { $azIndex: 0 } } }]);
    added.push([c.routeTable, { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref(plan.vpcId) } }]);
    added.push([c.association, { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: ref(c.name), RouteTableId: ref(c.routeTable) } }]);
    if (c.natRoute) {
      const n = c.natRoute.nat;
      let natId: string;
      if ('existing' in n) natId = n.existing;
      else {
        natId = n.create.name;
        added.push([n.create.eip, { Type: 'AWS::EC2::EIP', ...(n.create.attachment ? { DependsOn: n.create.attachment } : {}), Properties: { Domain: 'vpc' } }]);
        added.push([n.create.name, { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: ref(n.create.publicSubnet), AllocationId: { $getAtt: [n.create.eip, 'AllocationId'] } } }]);
      }
      added.push([c.natRoute.route, { Type: 'AWS::EC2::Route', Properties: { RouteTableId: ref(c.routeTable), DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: ref(natId) } }]);
    }
  }

  moveCompute(doc, plan, subnets);
  for (const id of plan.dropPublicAddress.removeResources) doc.deleteResource(id);
  removeDanglingOutputs(doc, new Set(plan.dropPublicAddress.removeResources), plan.computeId);
  for (const n of plan.narrow) narrowRule(doc, plan, n);

  const nm = plan.names;
  added.push([nm.nlb, { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'network', Scheme: 'internal', Subnets: subnets.map(ref) } }]);
  const tgProps: Record<string, Expr> = { Protocol: 'TCP', Port: plan.port, VpcId: ref(plan.vpcId), TargetType: 'instance' };
  if (plan.computeKind === 'instance') tgProps['Targets'] = [{ Id: ref(plan.computeId), Port: plan.port }];
  added.push([nm.targetGroup, { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: tgProps }]);
  added.push([nm.listener, { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: ref(nm.nlb), Protocol: 'TCP', Port: plan.port, DefaultActions: [{ Type: 'forward', TargetGroupArn: ref(nm.targetGroup) }] } }]);
  const uri = (path: string): Expr => ({ $sub: `http://\${${nm.nlb}.DNSName}:${plan.port}${path}` });
  if (plan.variant === 'rest') {
    added.push([nm.vpcLink, { Type: 'AWS::ApiGateway::VpcLink', Properties: { Name: { $sub: `\${AWS::StackName}-${plan.computeId}` }, TargetArns: [ref(nm.nlb)] } }]);
    added.push([nm.api, { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: { $sub: `\${AWS::StackName}-${plan.computeId}` }, EndpointConfiguration: { Types: ['REGIONAL'] } } }]);
    added.push([nm.proxyResource, { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: ref(nm.api), ParentId: { $getAtt: [nm.api, 'RootResourceId'] }, PathPart: '{proxy+}' } }]);
    const integration = (path: string, params: boolean): Record<string, Expr> => ({
      Type: 'HTTP_PROXY',
      IntegrationHttpMethod: 'ANY',
      ConnectionType: 'VPC_LINK',
      ConnectionId: ref(nm.vpcLink),
      Uri: uri(path),
      ...(params ? { RequestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' } } : {}),
    });
    added.push([nm.proxyMethod, { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: ref(nm.api), ResourceId: ref(nm.proxyResource), HttpMethod: 'ANY', AuthorizationType: 'AWS_IAM', RequestParameters: { 'method.request.path.proxy': true }, Integration: integration('/{proxy}', true) } }]);
    added.push([nm.rootMethod, { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: ref(nm.api), ResourceId: { $getAtt: [nm.api, 'RootResourceId'] }, HttpMethod: 'ANY', AuthorizationType: 'AWS_IAM', Integration: integration('/', false) } }]);
    added.push([nm.deployment, { Type: 'AWS::ApiGateway::Deployment', DependsOn: [nm.proxyMethod, nm.rootMethod], Properties: { RestApiId: ref(nm.api) } }]);
    added.push([nm.stage, { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: ref(nm.api), DeploymentId: ref(nm.deployment), StageName: 'prod' } }]);
  } else {
    added.push([nm.vpcLink, { Type: 'AWS::ApiGatewayV2::VpcLink', Properties: { Name: { $sub: `\${AWS::StackName}-${plan.computeId}` }, SubnetIds: subnets.map(ref) } }]);
    added.push([nm.api, { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: { $sub: `\${AWS::StackName}-${plan.computeId}` }, ProtocolType: 'HTTP' } }]);
    added.push([nm.integration, { Type: 'AWS::ApiGatewayV2::Integration', Properties: { ApiId: ref(nm.api), IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', ConnectionType: 'VPC_LINK', ConnectionId: ref(nm.vpcLink), IntegrationUri: ref(nm.listener), PayloadFormatVersion: '1.0' } }]);
    added.push([nm.route, { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: ref(nm.api), RouteKey: 'ANY /{proxy+}', AuthorizationType: 'AWS_IAM', Target: { $sub: `integrations/\${${nm.integration}}` } } }]);
    added.push([nm.stage, { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: ref(nm.api), StageName: '$default', AutoDeploy: true } }]);
  }
  const front = plan.variant === 'rest' ? 'API Gateway REST API (IAM auth)' : 'API Gateway HTTP API (IAM auth)';
  doc.appendResources(added, `Added by vpc-lint: ${plan.computeId} is now reached through ${front} -> VPC Link -> internal NLB.`);
}

function raw(doc: CfnDocument, node: Node): Expr {
  // Copying the user's own expression keeps the new subnet in the same Availability Zone.
  return doc.expr(node);
}

function currentSubnetId(doc: CfnDocument, plan: FrontDoorPlan): string | undefined {
  const props = doc.template.resources.get(plan.computeId)?.properties;
  const node = plan.computeKind === 'instance' ? get(props, 'SubnetId') ?? get(firstNi(props), 'SubnetId') : firstOf(get(props, 'VPCZoneIdentifier'));
  return refTarget(node);
}

function firstNi(props: MapNode | undefined): Node | undefined {
  const nis = get(props, 'NetworkInterfaces');
  return nis?.kind === 'seq' ? nis.items[0] : undefined;
}

function firstOf(node: Node | undefined): Node | undefined {
  return node?.kind === 'seq' ? node.items[0] : node;
}

function refTarget(node: Node | undefined): string | undefined {
  const r = get(node, Intrinsic.Ref);
  return r?.kind === 'scalar' && typeof r.value === 'string' ? r.value : undefined;
}

function moveCompute(doc: CfnDocument, plan: FrontDoorPlan, subnets: string[]): void {
  const props = doc.template.resources.get(plan.computeId)!.properties!;
  for (const eni of plan.interfaces) {
    const eniProps = doc.template.resources.get(eni)?.properties;
    if (eniProps) doc.setKey(eniProps, 'SubnetId', ref(subnets[0]!));
  }
  if (plan.computeKind === 'instance') {
    const nis = get(props, 'NetworkInterfaces');
    if (nis?.kind === 'seq' && nis.items.length > 0) {
      for (const ni of nis.items) {
        if (ni.kind !== 'map') continue;
        if (getEntry(ni, 'SubnetId')) doc.setKey(ni, 'SubnetId', ref(subnets[0]!));
        if (getEntry(ni, 'AssociatePublicIpAddress')) doc.setKey(ni, 'AssociatePublicIpAddress', false);
      }
    } else {
      doc.setKey(props, 'SubnetId', ref(subnets[0]!));
    }
    return;
  }
  doc.setKey(props, 'VPCZoneIdentifier', subnets.map(ref));
  const tgs = getEntry(props, 'TargetGroupARNs');
  if (tgs?.value.kind === 'seq') doc.appendItem(tgs.value, ref(plan.names.targetGroup));
  else doc.setKey(props, 'TargetGroupARNs', [ref(plan.names.targetGroup)]);
  // The launch template or configuration is where a public IP is asked for.
  const lt = get(props, 'LaunchTemplate') ?? get(get(get(props, 'MixedInstancesPolicy'), 'LaunchTemplate'), 'LaunchTemplateSpecification');
  const ltId = refTarget(get(lt, 'LaunchTemplateId') ?? get(lt, 'LaunchTemplateName'));
  const lcId = refTarget(get(props, 'LaunchConfigurationName'));
  if (plan.dropPublicAddress.associatePublicIp && ltId) {
    const data = get(doc.template.resources.get(ltId)?.properties, 'LaunchTemplateData');
    const nis = get(data, 'NetworkInterfaces');
    if (nis?.kind === 'seq') for (const ni of nis.items) if (ni.kind === 'map' && getEntry(ni, 'AssociatePublicIpAddress')) doc.setKey(ni, 'AssociatePublicIpAddress', false);
  }
  if (plan.dropPublicAddress.associatePublicIp && lcId) {
    const lcProps = doc.template.resources.get(lcId)?.properties;
    if (lcProps && getEntry(lcProps, 'AssociatePublicIpAddress')) doc.setKey(lcProps, 'AssociatePublicIpAddress', false);
  }
}

/** Narrows a world-open rule's source to the VPC's own CIDR. */
export function narrowRule(doc: CfnDocument, plan: { vpcId: string }, n: NarrowPlan): void {
  let rule: Node | undefined;
  if (n.ruleResource) rule = doc.template.resources.get(n.ruleResource)?.properties;
  else {
    const ingress = get(doc.template.resources.get(n.group)?.properties, 'SecurityGroupIngress');
    if (ingress?.kind === 'seq') rule = ingress.items.find((i) => doc.read.lines.position(i.span[0]).line === n.site.range.start.line && doc.read.lines.position(i.span[0]).character === n.site.range.start.character);
  }
  if (rule?.kind !== 'map') return;
  if (n.family === 4) {
    const e = getEntry(rule, 'CidrIp');
    if (e) doc.replaceValue(e.value, { $getAtt: [plan.vpcId, 'CidrBlock'] });
  } else {
    const e = getEntry(rule, 'CidrIpv6');
    if (e) doc.replaceValue(e.value, doc.syntax === 'yaml' ? { $raw: `!Select [0, !GetAtt ${plan.vpcId}.Ipv6CidrBlocks]` } : { 'Fn::Select': [0, { 'Fn::GetAtt': [plan.vpcId, 'Ipv6CidrBlocks'] }] });
  }
}

/**
 * Outputs that name a removed resource would break the stack; they go with it. So do outputs that
 * read the public address of `publicAddressOf` (a compute that no longer has one): `PublicIp` fails
 * the deployment, `PublicDnsName` is empty. When no output is left, the section goes too.
 */
export function removeDanglingOutputs(doc: CfnDocument, removed: ReadonlySet<string>, publicAddressOf?: string): void {
  if (removed.size === 0 && publicAddressOf === undefined) return;
  const root = doc.template.root;
  const outputs = getEntry(root, 'Outputs');
  if (outputs?.value.kind !== 'map') return;
  const attrs = publicAddressOf === undefined ? [] : PUBLIC_ADDRESS_ATTRIBUTES.map((a) => `${publicAddressOf}.${a}`);
  const gone = outputs.value.entries.filter((entry) => mentions(entry.value, removed) || readsAttribute(entry.value, attrs));
  if (gone.length === 0) return;
  if (gone.length === outputs.value.entries.length) return doc.deleteEntry(root, outputs);
  for (const entry of gone) doc.deleteEntry(outputs.value, entry);
}

const PUBLIC_ADDRESS_ATTRIBUTES = ['PublicIp', 'PublicDnsName'];

/** Whether `node` reads one of `attrs` (`Id.Attr`), by `Fn::GetAtt` or inside an `Fn::Sub` string. */
function readsAttribute(node: Node, attrs: readonly string[]): boolean {
  if (attrs.length === 0) return false;
  if (node.kind === 'scalar') return typeof node.value === 'string' && attrs.some((a) => (node.value as string).includes(`\${${a}}`));
  if (node.kind === 'seq') return node.items.some((i) => readsAttribute(i, attrs));
  const getAtt = get(node, Intrinsic.GetAtt);
  if (getAtt?.kind === 'seq') {
    const [id, attr] = getAtt.items;
    if (id?.kind === 'scalar' && attr?.kind === 'scalar' && attrs.includes(`${String(id.value)}.${String(attr.value)}`)) return true;
  }
  if (getAtt?.kind === 'scalar' && attrs.includes(String(getAtt.value))) return true;
  return node.entries.some((e) => readsAttribute(e.value, attrs));
}

function mentions(node: Node, ids: ReadonlySet<string>): boolean {
  if (node.kind === 'scalar') return typeof node.value === 'string' && [...ids].some((id) => node.value === id || (node.value as string).includes(`\${${id}`));
  if (node.kind === 'seq') return node.items.some((i) => mentions(i, ids));
  return node.entries.some((e) => mentions(e.value, ids));
}
