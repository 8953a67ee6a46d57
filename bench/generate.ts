/**
 * Generates realistic CloudFormation templates of a given size: VPC "cells" with public and
 * private subnets, NAT, security groups, EIPs, instances, conditions and intrinsics.
 * Deterministic, so figures from two runs compare.
 */

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
