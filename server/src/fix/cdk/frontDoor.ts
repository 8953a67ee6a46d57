/**
 * The front door for a CDK app: a TypeScript edit at the line of the app that creates the exposed
 * instance (the finding's `source`). The plan comes from the synthesised template, as for
 * CloudFormation; the code is written with aws-cdk-lib's own constructs: the instance moves to
 * a private subnet (`PRIVATE_WITH_EGRESS`, or a new `ec2.PrivateSubnet` with a NAT gateway when
 * the VPC has none), and an internal `elbv2.NetworkLoadBalancer`, an `apigw.VpcLink` and an
 * `apigw.RestApi` with IAM authorization and a `{proxy+}` ANY method put it behind API Gateway.
 *
 * The app's source is read as text, never run or type-checked: the statement that creates the
 * instance is found by bracket matching (strings, template literals and comments skipped), and
 * imports are added in the file's own style when missing.
 */
import { readCloudFormation } from '../../read/cloudformation/index.js';
import { toTemplate } from '../../model/cloudformation/template.js';
import { buildCloudFormationModel } from '../../model/cloudformation/build.js';
import { analyse } from '../../analysis/reachability.js';
import type { Finding } from '../../rules/types.js';
import { EditBuffer } from '../editBuffer.js';
import { planFrontDoor } from '../plan.js';
import type { CodeFix } from '../types.js';

/** The aws-cdk-lib modules the snippet uses, with the alias it prefers. */
const MODULES = {
  ec2: 'aws-ec2',
  elbv2: 'aws-elasticloadbalancingv2',
  targets: 'aws-elasticloadbalancingv2-targets',
  apigw: 'aws-apigateway',
} as const;
type ModuleKey = keyof typeof MODULES;

const EXPOSURE_RULES = new Set(['internet-reachable-compute', 'public-subnet-compute']);

/**
 * The front-door fix for a CDK finding, as edits of the app's source file. `templateText` is the
 * synthesised template the finding is on.
 */
export function cdkFrontDoorFix(sourceText: string, finding: Finding, templateText: string): CodeFix | undefined {
  if (!EXPOSURE_RULES.has(finding.ruleId) || !finding.source || finding.resourceType !== 'AWS::EC2::Instance') return undefined;
  const read = readCloudFormation(templateText);
  const template = read.isTemplate && read.errors.length === 0 ? toTemplate(read.root) : undefined;
  if (!template) return undefined;
  const { model } = buildCloudFormationModel(template, finding.file, read.lines, read.syntax);
  const mine = analyse(model).filter((e) => e.compute.origin.id === finding.resource);
  const planned = planFrontDoor({ model, exposures: mine, variant: 'rest', takenIds: new Set(template.resources.keys()) });
  if ('reason' in planned) return undefined;
  const plan = planned.plan;

  const buf = new EditBuffer(sourceText);
  const stmt = findStatement(sourceText, buf.lines.offset(finding.source.range.start));
  if (!stmt) return undefined;
  const props = sourceText.slice(stmt.newAt, stmt.end);
  const vpc = /[{,]\s*vpc\s*:\s*([\w.]+)/.exec(props)?.[1] ?? (/[{,]\s*vpc\s*[,}]/.test(props) ? 'vpc' : undefined);
  if (!vpc) return undefined; // the instance's VPC is not named where it is created
  const id = /\(\s*this\s*,\s*['"]([\w-]+)['"]/.exec(props)?.[1] ?? plan.computeId;
  const v = lowerCamel(id);
  const alias = aliases(sourceText);
  const ec2 = alias.ec2 ?? 'ec2';
  const indent = buf.lineIndent(stmt.newAt);
  const port = plan.port;

  // Where the instance goes: the VPC's private subnets with egress, or a new one with NAT.
  let selection: string;
  let before = '';
  if ('existing' in plan.privateSubnet) {
    selection = `{ subnetType: ${ec2}.SubnetType.PRIVATE_WITH_EGRESS }`;
  } else {
    const subnet = `${v}PrivateSubnet`;
    const c = plan.privateSubnet.create;
    before = [
      `// Added by vpc-lint: ${vpc} has no private subnet with egress, so ${id} gets one, with a NAT gateway.`,
      `const ${subnet} = new ${ec2}.PrivateSubnet(this, '${id}PrivateSubnet', {`,
      `  vpcId: ${vpc}.vpcId,`,
      `  availabilityZone: ${vpc}.availabilityZones[0],`,
      `  cidrBlock: '${c.cidr}',`,
      `});`,
      ...(c.natRoute && 'existing' in c.natRoute.nat
        ? []
        : [`const ${v}Nat = (${vpc}.publicSubnets[0] as ${ec2}.PublicSubnet).addNatGateway();`, `${subnet}.addDefaultNatRoute(${v}Nat.ref);`]),
    ]
      .map((l) => indent + l)
      .join('\n');
    selection = `{ subnets: [${subnet}] }`;
  }

  // The instance's own props: its subnet selection, and no public IP.
  const subnetType = /vpcSubnets\s*:\s*\{\s*subnetType\s*:\s*[\w.]+SubnetType\.PUBLIC\s*\}/.exec(props);
  if (subnetType) buf.add(stmt.newAt + subnetType.index, stmt.newAt + subnetType.index + subnetType[0].length, `vpcSubnets: ${selection}`);
  else if (/vpcSubnets\s*:/.test(props)) return undefined; // a selection vpc-lint cannot rewrite safely
  else {
    const vpcProp = /([{,]\s*)(vpc(?:\s*:\s*[\w.]+)?)(\s*,)/.exec(props);
    if (!vpcProp) return undefined;
    const at = stmt.newAt + vpcProp.index + vpcProp[1]!.length + vpcProp[2]!.length + vpcProp[3]!.length;
    buf.add(at, at, ` vpcSubnets: ${selection},`);
  }
  const publicIp = /associatePublicIpAddress\s*:\s*true/.exec(props);
  if (publicIp) buf.add(stmt.newAt + publicIp.index, stmt.newAt + publicIp.index + publicIp[0].length, 'associatePublicIpAddress: false');
  if (!stmt.variable) buf.add(stmt.newAt, stmt.newAt, `const ${v} = `);
  const instance = stmt.variable ?? v;
  if (before) buf.add(stmt.start, stmt.start, `${before}\n`);

  const elbv2 = alias.elbv2 ?? 'elbv2';
  const targets = alias.targets ?? 'targets';
  const apigw = alias.apigw ?? 'apigw';
  const integration = (path: string, params: boolean) => [
    `new ${apigw}.Integration({`,
    `  type: ${apigw}.IntegrationType.HTTP_PROXY,`,
    `  integrationHttpMethod: 'ANY',`,
    `  uri: \`http://\${${v}Nlb.loadBalancerDnsName}:${port}${path}\`,`,
    `  options: {`,
    `    connectionType: ${apigw}.ConnectionType.VPC_LINK,`,
    `    vpcLink: ${v}VpcLink,`,
    ...(params ? [`    requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },`] : []),
    `  },`,
    `})`,
  ];
  const after = [
    '',
    `// Added by vpc-lint: ${id} is now reached through API Gateway (REST API, IAM auth) -> VPC Link -> internal NLB.`,
    `${instance}.connections.allowFrom(${ec2}.Peer.ipv4(${vpc}.vpcCidrBlock), ${ec2}.Port.tcp(${port}), 'From the internal NLB in front of it');`,
    `const ${v}Nlb = new ${elbv2}.NetworkLoadBalancer(this, '${id}Nlb', {`,
    `  ${vpc === 'vpc' ? 'vpc' : `vpc: ${vpc}`},`,
    `  internetFacing: false,`,
    `  vpcSubnets: ${selection},`,
    `});`,
    `${v}Nlb.addListener('${id}Listener', { port: ${port} }).addTargets('${id}Targets', {`,
    `  port: ${port},`,
    `  targets: [new ${targets}.InstanceTarget(${instance}, ${port})],`,
    `});`,
    `const ${v}VpcLink = new ${apigw}.VpcLink(this, '${id}VpcLink', { targets: [${v}Nlb] });`,
    `const ${v}Api = new ${apigw}.RestApi(this, '${id}Api', {`,
    `  endpointTypes: [${apigw}.EndpointType.REGIONAL],`,
    `  // Callers sign requests with SigV4; anonymous calls are refused.`,
    `  defaultMethodOptions: { authorizationType: ${apigw}.AuthorizationType.IAM },`,
    `});`,
    `${v}Api.root.addMethod('ANY', ${integration('/', false).join('\n')});`,
    `${v}Api.root.addResource('{proxy+}').addMethod('ANY', ${integration('/{proxy}', true).join('\n')}, {`,
    `  requestParameters: { 'method.request.path.proxy': true },`,
    `});`,
  ]
    .map((l) => (l ? indent + l.replace(/\n/g, `\n${indent}`) : l))
    .join('\n');
  buf.add(stmt.end, stmt.end, `\n${after}`);
  addImports(sourceText, buf, alias, ['ec2', 'elbv2', 'targets', 'apigw']);
  return {
    title: `Put ${id} behind API Gateway in the CDK app (RestApi, IAM auth) → VpcLink → internal NetworkLoadBalancer`,
    kind: 'quickfix',
    isPreferred: true,
    edits: buf.textEdits(),
    fixes: finding.ruleId,
  };
}

function lowerCamel(id: string): string {
  const clean = id.replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
  const v = clean.charAt(0).toLowerCase() + clean.slice(1);
  return /^[A-Za-z_]/.test(v) ? v : `c${v}`;
}

interface Statement {
  /** Start of the statement's line. */
  start: number;
  /** The `new` of the construct. */
  newAt: number;
  /** After the statement's `;` (or its closing parenthesis). */
  end: number;
  /** `const web = new …`: the variable it is assigned to. */
  variable?: string;
}

/** The statement that creates the construct whose `new` is at or after `offset` on its line. */
export function findStatement(text: string, offset: number): Statement | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset) < 0 ? text.length : text.indexOf('\n', offset);
  const newAt = text.slice(offset, lineEnd).search(/\bnew\s/) >= 0 ? offset + text.slice(offset, lineEnd).search(/\bnew\s/) : text.slice(lineStart, lineEnd).search(/\bnew\s/) + lineStart;
  if (newAt < lineStart) return undefined;
  const head = text.slice(lineStart, newAt);
  // Only a statement of its own: `new X(…);` or `const x = new X(…);`, not an argument of a call.
  const decl = /^\s*(?:(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*)?$/.exec(head);
  if (!decl) return undefined;
  const open = text.indexOf('(', newAt);
  const close = matchParen(text, open);
  if (open < 0 || close < 0) return undefined;
  let end = close + 1;
  const semi = /^[ \t]*;/.exec(text.slice(end));
  if (semi) end += semi[0].length;
  return { start: lineStart, newAt, end, variable: decl[1] };
}

/** The index of the `)` closing the `(` at `open`; strings, template literals and comments skipped. */
function matchParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === '/' && text[i + 1] === '/') i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    else if (c === '/' && text[i + 1] === '*') i = text.indexOf('*/', i + 2) < 0 ? text.length : text.indexOf('*/', i + 2) + 1;
    else if (c === '"' || c === "'" || c === '`') {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return c === ')' ? i : -1;
    }
  }
  return -1;
}

/** The name each aws-cdk-lib module is imported under, in either import style. */
function aliases(text: string): Partial<Record<ModuleKey, string>> {
  const out: Partial<Record<ModuleKey, string>> = {};
  for (const key of Object.keys(MODULES) as ModuleKey[]) {
    const mod = MODULES[key];
    const star = new RegExp(`import\\s+\\*\\s+as\\s+([\\w$]+)\\s+from\\s+['"]aws-cdk-lib/${mod}['"]`).exec(text);
    const named = new RegExp(`\\b${mod.replace(/-/g, '_')}\\s+as\\s+([\\w$]+)`).exec(text);
    const alias = star?.[1] ?? named?.[1];
    if (alias) out[key] = alias;
  }
  return out;
}

/** Adds the missing imports after the last import, as `import * as x from 'aws-cdk-lib/…'` or `{ aws_x as x }`. */
function addImports(text: string, buf: EditBuffer, have: Partial<Record<ModuleKey, string>>, wanted: ModuleKey[]): void {
  const missing = wanted.filter((k) => !have[k]);
  if (missing.length === 0) return;
  const imports = [...text.matchAll(/^import\s[^;]*;[ \t]*$/gm)];
  const last = imports[imports.length - 1];
  const at = last ? last.index! + last[0].length : 0;
  const quote = /from\s+"/.test(text) && !/from\s+'/.test(text) ? '"' : "'";
  const namedStyle = /import\s*\{[^}]*\baws_\w+\s+as\s+\w+[^}]*\}\s*from\s*['"]aws-cdk-lib['"]/.test(text) && !/from\s+['"]aws-cdk-lib\/aws-/.test(text);
  const lines = namedStyle
    ? [`import { ${missing.map((k) => `${MODULES[k].replace(/-/g, '_')} as ${k}`).join(', ')} } from ${quote}aws-cdk-lib${quote};`]
    : missing.map((k) => `import * as ${k} from ${quote}aws-cdk-lib/${MODULES[k]}${quote};`);
  buf.add(at, at, `${at === 0 ? '' : '\n'}${lines.join('\n')}${at === 0 ? '\n' : ''}`);
}
