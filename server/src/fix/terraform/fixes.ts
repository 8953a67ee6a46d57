/**
 * The quick fixes for a finding in a Terraform module (`.tf`, `.tf.json`): the front door (REST
 * and HTTP API), removing the public address, narrowing a world-open rule, and suppressing the
 * finding. Each fix opens the module afresh, so their edits never mix.
 *
 * Suppression is a `# vpc-lint-ignore <slug>` comment above the resource block in HCL. JSON has no
 * comments; Terraform ignores a `"//"` key in any object, so in `.tf.json` the resource gets
 * `"//": "vpc-lint-ignore <slug>"`. The model builder honours both.
 */
import type { Finding } from '../../rules/types.js';
import { planFrontDoor } from '../plan.js';
import type { CodeFix, FrontDoorVariant } from '../types.js';
import { emitTfFrontDoor, narrowTfRule } from './emit.js';
import { TfModule, type TfRead } from './module.js';

const EXPOSURE_RULES = new Set(['internet-reachable-compute', 'public-subnet-compute']);

const AUTH_NOTE =
  'The API requires AWS_IAM authorization: callers sign requests with SigV4, anonymous calls are refused, and no authorizer or usage plan has to be added.';

export interface TfFixOptions {
  preview?: boolean;
}

export function terraformFixes(reads: readonly TfRead[], file: string, finding: Finding, options: TfFixOptions = {}): CodeFix[] {
  const out: CodeFix[] = [];
  const attempt = (make: () => CodeFix | undefined) => {
    try {
      const f = make();
      if (f && (f.edits.length > 0 || (f.moreEdits?.length ?? 0) > 0)) out.push(f);
    } catch {
      // A fix that cannot be written cleanly is not offered; the finding stays.
    }
  };
  if (!TfModule.open(reads)) return out;
  const open = () => TfModule.open(reads)!;
  if (EXPOSURE_RULES.has(finding.ruleId)) {
    attempt(() => frontDoorFix(open(), file, finding, 'rest', options));
    attempt(() => frontDoorFix(open(), file, finding, 'http', options));
    if (finding.ruleId === 'internet-reachable-compute') attempt(() => removePublicAddressFix(open(), file, finding));
  }
  if (finding.ruleId === 'world-open-admin-port') attempt(() => narrowFix(open(), file, finding));
  if (finding.resource) attempt(() => suppressFix(open(), file, finding));
  return out;
}

function result(m: TfModule, file: string, fix: Omit<CodeFix, 'edits' | 'moreEdits'>): CodeFix {
  const { edits, more } = m.edits(file);
  return { ...fix, edits, ...(more.length ? { moreEdits: more } : {}) };
}

function frontDoorFix(m: TfModule, file: string, finding: Finding, variant: FrontDoorVariant, options: TfFixOptions): CodeFix | undefined {
  const mine = m.exposures.filter((e) => e.compute.origin.id === finding.resource);
  const planned = planFrontDoor({ model: m.model, exposures: mine, variant, takenIds: m.addresses() });
  if ('reason' in planned) return undefined;
  const current = mine[0]?.subnet?.origin.id;
  emitTfFrontDoor(m, planned.plan, { currentSubnet: current && m.locate(current) ? current : undefined });
  const title =
    variant === 'rest'
      ? `Put ${finding.resource} behind API Gateway (REST API, IAM auth) → VPC Link → internal NLB`
      : `Put ${finding.resource} behind API Gateway (HTTP API, IAM auth; cheaper per million calls) → VPC Link → internal NLB`;
  const fix = result(m, file, { title, kind: 'quickfix', isPreferred: variant === 'rest', fixes: finding.ruleId });
  if (options.preview) fix.preview = AUTH_NOTE;
  return fix;
}

function removePublicAddressFix(m: TfModule, file: string, finding: Finding): CodeFix | undefined {
  const mine = m.exposures.filter((e) => e.compute.origin.id === finding.resource && e.verdict === 'reachable');
  const at = m.locate(finding.resource);
  if (mine.length === 0 || !at) return undefined;
  const compute = mine[0]!.compute;
  const removed = new Set<string>();
  let needsFalse = false;
  for (const e of mine) {
    for (const a of e.publicAddresses) {
      if (a.kind === 'elastic-ip' && a.eip) {
        removed.add(a.eip.origin.id);
        if (a.eip.associationSite) removed.add(a.eip.associationSite.id);
      } else if (a.kind === 'ipv6') return undefined; // IPv6 addresses come from the subnet design
      else needsFalse = true;
    }
    // An Elastic IP hides what the subnet would give on its own.
    if (e.subnet?.mapPublicIpOnLaunch.known && e.subnet.mapPublicIpOnLaunch.value) needsFalse = true;
    if (e.placement.associatePublicIp?.known && e.placement.associatePublicIp.value) needsFalse = true;
  }
  m.deleteResources([...removed]);
  if (needsFalse) {
    // The instance's own argument wins over its subnet's and its launch template's.
    if (compute.computeKind !== 'instance' || at.ed.nested(at.body, 'network_interface').length > 0) return undefined;
    at.ed.set(at.body, 'associate_public_ip_address', false);
  }
  return result(m, file, { title: `Remove the public address of ${finding.resource}`, kind: 'quickfix', fixes: finding.ruleId });
}

function narrowFix(m: TfModule, file: string, finding: Finding): CodeFix | undefined {
  for (const sg of m.model.securityGroups) {
    for (const rule of sg.ingress) {
      const here = rule.site.file === finding.file && rule.site.range.start.line === finding.range.start.line && rule.site.range.start.character === finding.range.start.character;
      if (!here || rule.source.kind !== 'cidr' || !sg.vpc) continue;
      const family = rule.source.cidr.includes(':') ? 6 : 4;
      if (!narrowTfRule(m, sg.vpc.origin.id, { group: sg.origin.id, ruleResource: rule.ownId, family, site: rule.site })) return undefined;
      return result(m, file, { title: `Allow this port only from the VPC's CIDR (${sg.vpc.origin.id})`, kind: 'quickfix', isPreferred: true, fixes: finding.ruleId });
    }
  }
  return undefined;
}

function suppressFix(m: TfModule, file: string, finding: Finding): CodeFix | undefined {
  const at = m.locate(finding.resource);
  if (!at) return undefined;
  at.ed.suppress(finding.resource.replace(/\[[^\]]*\]$/, ''), finding.ruleId);
  const how = at.ed.syntax === 'hcl' ? 'adds a # vpc-lint-ignore comment' : 'adds a "//" vpc-lint-ignore key';
  return result(m, file, { title: `Ignore ${finding.ruleId} for ${finding.resource} (${how})`, kind: 'quickfix', fixes: finding.ruleId });
}
