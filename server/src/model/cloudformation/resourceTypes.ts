/** The CloudFormation resource types vpc-lint models. */
export enum CfnType {
  Vpc = 'AWS::EC2::VPC',
  Subnet = 'AWS::EC2::Subnet',
  RouteTable = 'AWS::EC2::RouteTable',
  Route = 'AWS::EC2::Route',
  SubnetRouteTableAssociation = 'AWS::EC2::SubnetRouteTableAssociation',
  InternetGateway = 'AWS::EC2::InternetGateway',
  GatewayAttachment = 'AWS::EC2::VPCGatewayAttachment',
  NatGateway = 'AWS::EC2::NatGateway',
  EgressOnlyGateway = 'AWS::EC2::EgressOnlyInternetGateway',
  Eip = 'AWS::EC2::EIP',
  EipAssociation = 'AWS::EC2::EIPAssociation',
  NetworkInterface = 'AWS::EC2::NetworkInterface',
  NetworkInterfaceAttachment = 'AWS::EC2::NetworkInterfaceAttachment',
  Instance = 'AWS::EC2::Instance',
  SecurityGroup = 'AWS::EC2::SecurityGroup',
  SecurityGroupIngress = 'AWS::EC2::SecurityGroupIngress',
  NetworkAcl = 'AWS::EC2::NetworkAcl',
  NetworkAclEntry = 'AWS::EC2::NetworkAclEntry',
  SubnetNetworkAclAssociation = 'AWS::EC2::SubnetNetworkAclAssociation',
  AutoScalingGroup = 'AWS::AutoScaling::AutoScalingGroup',
  LaunchConfiguration = 'AWS::AutoScaling::LaunchConfiguration',
  LaunchTemplate = 'AWS::EC2::LaunchTemplate',
  FlowLog = 'AWS::EC2::FlowLog',
  LoadBalancerV2 = 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  RestVpcLink = 'AWS::ApiGateway::VpcLink',
  HttpVpcLink = 'AWS::ApiGatewayV2::VpcLink',
  RestMethod = 'AWS::ApiGateway::Method',
  HttpRoute = 'AWS::ApiGatewayV2::Route',
  RestApi = 'AWS::ApiGateway::RestApi',
  HttpApi = 'AWS::ApiGatewayV2::Api',
  TargetGroup = 'AWS::ElasticLoadBalancingV2::TargetGroup',
  Listener = 'AWS::ElasticLoadBalancingV2::Listener',
}

const CANONICAL: ReadonlyMap<string, string> = new Map(Object.values(CfnType).map((t) => [t, t]));

/**
 * The type name as the one string this module holds, when vpc-lint models the type: the builder
 * compares types constantly (switches, target checks), and a string read from a document is a
 * fresh copy whose every comparison reads its characters; the shared one compares by identity.
 */
export function canonicalType(type: string): string {
  return CANONICAL.get(type) ?? type;
}
