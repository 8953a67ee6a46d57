import { Kind } from '../model/types.js';
import { baseFinding } from './describe.js';
import { DOCS_BASE, type Finding, type Rule } from './types.js';

export const vpcFlowLogsMissing: Rule = {
  id: 'I2003',
  slug: 'vpc-flow-logs-missing',
  severity: 'info',
  title: 'VPC has no flow logs',
  description:
    'No flow log records the traffic of this VPC (nor of all of its subnets). Without API Gateway in front, VPC Flow Logs and ' +
    'CloudWatch are the only record of who reached the instances. Add a flow log with the VPC as its resource.',
  docsUrl: `${DOCS_BASE}vpc-flow-logs-missing.md`,
  appliesTo: [Kind.Vpc],
  check(model) {
    const out: Finding[] = [];
    for (const vpc of model.vpcs) {
      if (vpc.flowLogs.length > 0) continue;
      if (vpc.subnets.length > 0 && vpc.subnets.every((s) => s.flowLogs.length > 0)) continue;
      out.push(
        baseFinding(
          vpcFlowLogsMissing,
          vpc.origin,
          `VPC ${vpc.origin.id} has no flow logs, so traffic to and from its instances leaves no record. Add a flow log for the VPC (AWS::EC2::FlowLog or aws_flow_log).`,
        ),
      );
    }
    return out;
  },
};
