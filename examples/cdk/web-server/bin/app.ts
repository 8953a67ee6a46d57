#!/usr/bin/env node
// A CDK app whose web server sits in a public subnet, with a security group that lets SSH in
// from anywhere. vpc-lint must report it as reachable from the internet on the line below that
// creates the instance. cdk.out/ beside it is its synthesised assembly; vpc-lint only reads that.
import { App, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';

export class WebStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const vpc = new ec2.Vpc(this, 'Network', {
      maxAzs: 1,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 }],
    });

    const sshFromAnywhere = new ec2.SecurityGroup(this, 'WebServerSg', { vpc, description: 'Web server' });
    sshFromAnywhere.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22), 'SSH from anywhere');

    new ec2.Instance(this, 'WebServer', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: sshFromAnywhere,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
      machineImage: ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-0abcdef1234567890' }),
    });
  }
}

const app = new App();
new WebStack(app, 'WebStack');
app.synth();
