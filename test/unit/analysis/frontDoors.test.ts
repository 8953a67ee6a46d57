/**
 * Listener → target group → compute: an Auto Scaling group joins a load balancer through its own
 * `TargetGroupARNs`, an instance through the target group's `Targets`. The traffic path and the
 * quick fixes tell an existing API Gateway front door by these links.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { frontDoorsOf } from '../../../server/src/analysis/trafficPath.js';
import { modelDocument } from '../../../server/src/documentModel.js';

const FRONT_DOOR = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'cloudformation', 'front-door.yaml'), 'utf8');

/** A group of the front-door example's shape, naming these target groups. */
function asg(name: string, targetGroups: string[]): string {
  const arns = targetGroups.length ? `\n      TargetGroupARNs:\n${targetGroups.map((t) => `        - !Ref ${t}`).join('\n')}` : '';
  return `
  ${name}:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      MinSize: "1"
      MaxSize: "2"
      LaunchTemplate:
        LaunchTemplateId: !Ref WebLaunchTemplate
        Version: !GetAtt WebLaunchTemplate.LatestVersionNumber
      VPCZoneIdentifier:
        - !Ref PrivateSubnetA${arns}
`;
}

/** The example with its instance replaced by groups, a second target group and a second listener on it. */
function template(): string {
  const instance = /\n  WebServer:\n[\s\S]*?\n\n/.exec(FRONT_DOOR);
  assert.ok(instance, 'the example has no WebServer block');
  const groups = `
  WebLaunchTemplate:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        InstanceType: t3.micro
        ImageId: ami-0abcdef1234567890
        SecurityGroupIds:
          - !Ref WebSecurityGroup
${asg('WebGroup', ['TargetGroup'])}${asg('TwiceNamed', ['TargetGroup', 'TargetGroup', 'AdminTargetGroup'])}${asg('Unbalanced', [])}
  AdminTargetGroup:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      Protocol: TCP
      Port: 8080
      VpcId: !Ref Vpc
      TargetType: instance

  AdminListener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref LoadBalancer
      Protocol: TCP
      Port: 8080
      DefaultActions:
        - Type: forward
          TargetGroupArn: !Ref AdminTargetGroup

`;
  return FRONT_DOOR.replace(instance[0], `\n${groups}`).replace(/      Targets:\n        - Id: !Ref WebServer\n/, '');
}

test('Auto Scaling groups reach the load balancer through the target groups they name, once per listener', () => {
  const text = template();
  const doc = modelDocument('front-door-asg.yaml', text);
  assert.ok(doc, 'the template did not model');
  const { model } = doc;
  const compute = (id: string) => {
    const c = model.computes.find((x) => x.origin.id === id);
    assert.ok(c, `no compute ${id}`);
    return c;
  };
  const [lb] = model.loadBalancers;
  assert.ok(lb);
  const targets = (lb.targets ?? []).map((t) => `${t.compute.origin.id}:${t.listenerPort}:${t.targetGroup.id}`);
  assert.deepEqual(targets.sort(), ['TwiceNamed:8080:AdminTargetGroup', 'TwiceNamed:80:TargetGroup', 'WebGroup:80:TargetGroup']);
  const doors = (id: string) => frontDoorsOf(model, compute(id)).map((d) => `${d.method.origin.id}→${d.link.origin.id}→${d.loadBalancer.origin.id}:${d.target.listenerPort}`);
  assert.ok(doors('WebGroup').length > 0);
  assert.ok(doors('WebGroup').every((d) => d.endsWith(':80')), doors('WebGroup').join());
  assert.deepEqual(doors('Unbalanced'), []);
});
