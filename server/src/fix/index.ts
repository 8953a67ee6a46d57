/**
 * Quick fixes for a finding: the front door (REST and HTTP API), removing the public address,
 * narrowing a world-open rule, and suppressing the finding. Pure: text in, edits out.
 */
import { get, getEntry, withEntries, type MapNode } from '../read/node.js';
import { buildCloudFormationModel } from '../model/cloudformation/build.js';
import { analyse, type Exposure } from '../analysis/reachability.js';
import type { Finding } from '../rules/types.js';
import type { NetworkModel } from '../model/types.js';
import { CfnDocument } from './cloudformation/document.js';
import { emitFrontDoor, narrowRule, removeDanglingOutputs } from './cloudformation/emit.js';
import { planFrontDoor } from './plan.js';
import { templateDiff } from './preview.js';
import type { CodeFix, FrontDoorVariant } from './types.js';
import type { ModuleFile } from '../checkTerraform.js';
import { terraformFixes } from './terraform/fixes.js';
import { isHclFile, isTerraformFile, readModule, readModuleSync, withDocument } from './terraform/module.js';

export type { CodeFix } from './types.js';
export { cdkFrontDoorFix } from './cdk/frontDoor.js';

const EXPOSURE_RULES = new Set(['internet-reachable-compute', 'public-subnet-compute']);

export interface FixOptions {
  /** Compute the CloudFormation diff preview (slower; on for the editor's big fix). */
  preview?: boolean;
  /**
   * The other files of a Terraform module (the document's folder). The model needs them all: a
   * route in one file makes a subnet in another public. The document itself may be among them;
   * `text` wins.
   */
  moduleFiles?: readonly ModuleFile[];
}

interface Analysed {
  model: NetworkModel;
  exposures: Exposure[];
}

function analyseDoc(file: string, doc: CfnDocument): Analysed {
  const { model } = buildCloudFormationModel(doc.template, file, doc.read.lines, doc.read.syntax);
  return { model, exposures: analyse(model) };
}

/**
 * Every fix that applies to `finding` in this document. Never throws; an impossible fix is left
 * out. HCL (`.tf`) needs the asynchronous parser: use {@link fixesForAsync} for Terraform.
 */
export function fixesFor(file: string, text: string, finding: Finding, options: FixOptions = {}): CodeFix[] {
  if (isTerraformFile(file)) {
    const reads = readModuleSync(withDocument(file, text, options.moduleFiles));
    return reads ? terraformFixes(reads, file, finding, options) : [];
  }
  return cloudFormationFixes(file, text, finding, options);
}

/** {@link fixesFor} for every input, HCL included. */
export async function fixesForAsync(file: string, text: string, finding: Finding, options: FixOptions = {}): Promise<CodeFix[]> {
  if (!isTerraformFile(file)) return cloudFormationFixes(file, text, finding, options);
  try {
    const files = withDocument(file, text, options.moduleFiles);
    const reads = files.some((f) => isHclFile(f.file)) ? await readModule(files) : readModuleSync(files)!;
    return terraformFixes(reads, file, finding, options);
  } catch {
    return [];
  }
}

function cloudFormationFixes(file: string, text: string, finding: Finding, options: FixOptions): CodeFix[] {
  const out: CodeFix[] = [];
  // One parse and one analysis serve every fix; each fix writes into its own fork.
  const base = CfnDocument.open(text);
  if (!base) return out;
  let analysed: Analysed | undefined;
  const analysis = () => (analysed ??= analyseDoc(file, base));
  const attempt = (make: (doc: CfnDocument) => CodeFix | undefined) => {
    try {
      const f = make(base.fork());
      if (f && f.edits.length > 0) out.push(f);
    } catch {
      // A fix that cannot be written cleanly is not offered; the finding stays.
    }
  };
  if (EXPOSURE_RULES.has(finding.ruleId)) {
    attempt((doc) => frontDoorFix(doc, analysis(), finding, 'rest', options));
    attempt((doc) => frontDoorFix(doc, analysis(), finding, 'http', options));
    if (finding.ruleId === 'internet-reachable-compute') attempt((doc) => removePublicAddressFix(file, doc, analysis(), finding));
  }
  if (finding.ruleId === 'world-open-admin-port') attempt((doc) => narrowFix(doc, analysis(), finding));
  if (finding.resource) attempt((doc) => suppressFix(doc, finding));
  return out;
}

const AUTH_NOTE =
  'The API requires AWS_IAM authorization: callers sign requests with SigV4, anonymous calls are refused, and no authorizer or usage plan has to be added.';

function frontDoorFix(doc: CfnDocument, { model, exposures }: Analysed, finding: Finding, variant: FrontDoorVariant, options: FixOptions): CodeFix | undefined {
  const mine = exposures.filter((e) => e.compute.origin.id === finding.resource);
  const result = planFrontDoor({ model, exposures: mine, variant, takenIds: new Set(doc.template.resources.keys()) });
  if ('reason' in result) return undefined;
  emitFrontDoor(doc, result.plan);
  const edits = doc.textEdits();
  const title =
    variant === 'rest'
      ? `Put ${finding.resource} behind API Gateway (REST API, IAM auth) → VPC Link → internal NLB`
      : `Put ${finding.resource} behind API Gateway (HTTP API, IAM auth; cheaper per million calls) → VPC Link → internal NLB`;
  return {
    title,
    kind: 'quickfix',
    isPreferred: variant === 'rest',
    edits,
    preview: options.preview ? [AUTH_NOTE, templateDiff(doc.text, doc.applied()) ?? ''].join('\n\n').trim() : undefined,
    fixes: finding.ruleId,
  };
}

function removePublicAddressFix(file: string, doc: CfnDocument, { exposures }: Analysed, finding: Finding): CodeFix | undefined {
  const mine = exposures.filter((e) => e.compute.origin.id === finding.resource && e.verdict === 'reachable');
  if (mine.length === 0) return undefined;
  const res = doc.template.resources.get(finding.resource);
  const props = res?.properties;
  if (!props) return undefined;
  const removed = new Set<string>();
  for (const e of mine) {
    for (const a of e.publicAddresses) {
      if (a.kind === 'elastic-ip' && a.eip) {
        removed.add(a.eip.origin.id);
        if (a.eip.associationSite && a.eip.associationSite.id !== a.eip.origin.id) removed.add(a.eip.associationSite.id);
      }
    }
  }
  for (const id of removed) doc.deleteResource(id);
  removeDanglingOutputs(doc, removed, finding.resource);
  const kinds = new Set(mine.flatMap((e) => e.publicAddresses.map((a) => a.kind)));
  if (removed.size > 0) {
    // An Elastic IP hides the address the subnet or the interface would give on its own: look
    // again without it. Those edits only delete other resources, so the compute's text is as it was.
    const without = CfnDocument.open(doc.applied());
    if (!without) return undefined;
    for (const e of analyseDoc(file, without).exposures) {
      if (e.compute.origin.id === finding.resource && e.verdict === 'reachable') for (const a of e.publicAddresses) kinds.add(a.kind);
    }
  }
  if (kinds.has('associate-public-ip') || kinds.has('map-public-ip')) {
    if (mine[0]!.compute.computeKind === 'instance') {
      const nis = get(props, 'NetworkInterfaces');
      if (nis?.kind === 'seq' && nis.items.length) {
        for (const ni of nis.items) if (ni.kind === 'map') doc.setKey(ni, 'AssociatePublicIpAddress', false);
      } else {
        // A subnet's MapPublicIpOnLaunch can only be overridden on an explicit primary interface.
        const subnet = getEntry(props, 'SubnetId');
        const groups = getEntry(props, 'SecurityGroupIds');
        if (!subnet) return undefined;
        const ni: Record<string, import('./types.js').Expr> = { DeviceIndex: '0', AssociatePublicIpAddress: false, SubnetId: doc.expr(subnet.value) };
        if (groups) ni['GroupSet'] = doc.expr(groups.value);
        if (groups) doc.deleteEntry(props, groups);
        doc.deleteEntry(props, subnet);
        doc.setKey(withoutEntries(props, [subnet.key.value, groups?.key.value]), 'NetworkInterfaces', [ni]);
      }
    } else {
      return undefined;
    }
  }
  if (kinds.has('ipv6')) return undefined; // IPv6 addresses come from the subnet design; not a one-line change.
  return { title: `Remove the public address of ${finding.resource}`, kind: 'quickfix', edits: doc.textEdits(), fixes: finding.ruleId };
}

/** The map without some entries, so an insertion lands after the last entry that stays. */
function withoutEntries(map: MapNode, keys: unknown[]): MapNode {
  return withEntries(map, map.entries.filter((e) => !keys.includes(e.key.value)));
}

function narrowFix(doc: CfnDocument, { model }: Analysed, finding: Finding): CodeFix | undefined {
  for (const sg of model.securityGroups) {
    for (const rule of sg.ingress) {
      const here = rule.site.range.start.line === finding.range.start.line && rule.site.range.start.character === finding.range.start.character;
      if (!here || rule.source.kind !== 'cidr' || !sg.vpc) continue;
      narrowRule(doc, { vpcId: sg.vpc.origin.id }, { group: sg.origin.id, ruleResource: rule.ownId, family: rule.source.cidr.includes(':') ? 6 : 4, site: rule.site });
      return { title: `Allow this port only from the VPC's CIDR (${sg.vpc.origin.id})`, kind: 'quickfix', isPreferred: true, edits: doc.textEdits(), fixes: finding.ruleId };
    }
  }
  return undefined;
}

function suppressFix(doc: CfnDocument, finding: Finding): CodeFix | undefined {
  const res = doc.template.resources.get(finding.resource);
  if (!res || res.node.kind !== 'map') return undefined;
  const meta = getEntry(res.node, 'Metadata');
  const entry = { ignore: [finding.ruleId] };
  if (!meta) doc.setKey(res.node, 'Metadata', { 'vpc-lint': entry });
  else if (meta.value.kind === 'map') {
    const existing = getEntry(meta.value, 'vpc-lint');
    const ignore = existing ? get(existing.value, 'ignore') : undefined;
    if (ignore?.kind === 'seq') doc.appendItem(ignore, finding.ruleId);
    else if (existing?.value.kind === 'map') doc.setKey(existing.value, 'ignore', [finding.ruleId]);
    else doc.setKey(meta.value, 'vpc-lint', entry);
  } else return undefined;
  return { title: `Ignore ${finding.ruleId} for ${finding.resource} (adds Metadata)`, kind: 'quickfix', edits: doc.textEdits(), fixes: finding.ruleId };
}
