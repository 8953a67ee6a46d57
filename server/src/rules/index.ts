/** Every rule, registered explicitly (no import side effects). Order is the order of the docs. */
import { apiGatewayMethodWithoutAuth } from './apiGatewayMethodWithoutAuth.js';
import { internetReachableCompute } from './internetReachableCompute.js';
import { invalidTemplate } from './invalidTemplate.js';
import { naclAllowsAllInbound } from './naclAllowsAllInbound.js';
import { publicSubnetCompute } from './publicSubnetCompute.js';
import { vpcFlowLogsMissing } from './vpcFlowLogsMissing.js';
import { vpcLinkPublicTarget } from './vpcLinkPublicTarget.js';
import { worldOpenAdminPort } from './worldOpenAdminPort.js';
import type { Rule } from './types.js';

export const rules: readonly Rule[] = [
  invalidTemplate,
  internetReachableCompute,
  publicSubnetCompute,
  worldOpenAdminPort,
  naclAllowsAllInbound,
  vpcFlowLogsMissing,
  apiGatewayMethodWithoutAuth,
  vpcLinkPublicTarget,
];

export function ruleBySlug(slug: string): Rule | undefined {
  return rules.find((r) => r.slug === slug);
}
