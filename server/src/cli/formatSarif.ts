/**
 * `--format sarif`: SARIF 2.1.0 as GitHub code scanning consumes it. One run; the driver lists
 * every rule (id = slug); each result points at its file relative to `%SRCROOT%` (the folder the
 * CLI ran in) with 1-based lines and columns. The traffic path becomes a code flow, related
 * locations become `relatedLocations`.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Range } from '../read/node.js';
import type { Finding, Rule, Severity } from '../rules/types.js';
import type { CheckReport } from './report.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SARIF_VERSION = '2.1.0';
export const SRCROOT = '%SRCROOT%';
/** Key of our entry in `partialFingerprints`; bump the suffix if the hashed fields ever change. */
export const FINGERPRINT_KEY = 'vpcLint/v1';

/** The rule metadata SARIF needs; `Rule` objects satisfy it. */
export type RuleMetadata = Pick<Rule, 'id' | 'slug' | 'severity' | 'title' | 'description' | 'docsUrl'>;

export interface SarifOptions {
  /** The folder relative paths are taken from; `%SRCROOT%` stands for it. */
  cwd: string;
  toolVersion: string;
  informationUri: string;
}

export type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

/** GitHub ranks security alerts by this score (0–10) in `properties["security-severity"]`. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', info: '2.0' };

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

interface PhysicalLocation {
  artifactLocation: ArtifactLocation;
  region: Region;
}

interface SarifLocation {
  id?: number;
  physicalLocation: PhysicalLocation;
  logicalLocations?: { name: string; fullyQualifiedName?: string; kind: string }[];
  message?: { text: string };
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; precision: string; 'security-severity': string };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
  codeFlows?: { threadFlows: { locations: { location: SarifLocation }[] }[] }[];
  partialFingerprints: Record<string, string>;
  properties: { code: string; resource: string; resourceType: string; ports?: string[]; cdkPath?: string };
}

export interface SarifLog {
  $schema: string;
  version: typeof SARIF_VERSION;
  runs: {
    tool: {
      driver: {
        name: string;
        version: string;
        semanticVersion: string;
        informationUri: string;
        rules: SarifRule[];
      };
    };
    columnKind: 'utf16CodeUnits';
    results: SarifResult[];
  }[];
}

/** `internet-reachable-compute` → `InternetReachableCompute`. */
export function ruleName(slug: string): string {
  return slug
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/**
 * A file as SARIF wants it: relative to `%SRCROOT%` with forward slashes and percent-encoded
 * segments, or an absolute `file:` URI when it lies outside the folder the CLI ran in.
 */
export function artifactLocation(file: string, cwd: string): ArtifactLocation {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    return { uri: pathToFileURL(absolute).href };
  }
  const uri = relative.split(path.sep).map(encodeURIComponent).join('/');
  return { uri, uriBaseId: SRCROOT };
}

/** LSP ranges are zero-based and end-exclusive; SARIF's are 1-based, end column exclusive too. */
export function sarifRegion(range: Range): Region {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function physicalLocation(file: string, range: Range, cwd: string): PhysicalLocation {
  return { artifactLocation: artifactLocation(file, cwd), region: sarifRegion(range) };
}

function toSarifRule(rule: RuleMetadata): SarifRule {
  return {
    id: rule.slug,
    name: ruleName(rule.slug),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    helpUri: rule.docsUrl,
    help: { text: `${rule.description}\n\n${rule.docsUrl}`, markdown: `${rule.description}\n\n[${rule.id} documentation](${rule.docsUrl})` },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: ['security', 'network', 'vpc-lint'], precision: 'high', 'security-severity': SECURITY_SEVERITY[rule.severity] },
  };
}

/** Metadata for a finding whose rule is not in the list (the reader's own syntax findings). */
function adHocRule(f: Finding): RuleMetadata {
  return {
    id: f.code,
    slug: f.ruleId,
    severity: f.severity,
    title: f.ruleId,
    description: f.message,
    docsUrl: f.docsUrl ?? '',
  };
}

function fingerprint(ruleId: string, resource: string, uri: string): string {
  return createHash('sha256').update(`${ruleId}\u0000${resource}\u0000${uri}`).digest('hex').slice(0, 32);
}

export function toSarif(report: CheckReport, rules: readonly RuleMetadata[], options: SarifOptions): SarifLog {
  const driverRules: SarifRule[] = [];
  const indexBySlug = new Map<string, number>();
  const addRule = (rule: RuleMetadata): number => {
    const existing = indexBySlug.get(rule.slug);
    if (existing !== undefined) return existing;
    const sarifRule = toSarifRule(rule);
    if (sarifRule.helpUri === '') sarifRule.helpUri = options.informationUri;
    driverRules.push(sarifRule);
    indexBySlug.set(rule.slug, driverRules.length - 1);
    return driverRules.length - 1;
  };
  for (const rule of rules) addRule(rule);

  // Identical (rule, resource, file) triples get an ordinal so each keeps its own alert.
  const fingerprintCounts = new Map<string, number>();
  const results: SarifResult[] = report.findings.map((f) => {
    const ruleIndex = indexBySlug.get(f.ruleId) ?? addRule(adHocRule(f));
    const primary = physicalLocation(f.file, f.range, options.cwd);
    const base = fingerprint(f.ruleId, f.resource, primary.artifactLocation.uri);
    const seen = fingerprintCounts.get(base) ?? 0;
    fingerprintCounts.set(base, seen + 1);

    const result: SarifResult = {
      ruleId: f.ruleId,
      ruleIndex,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: primary,
          logicalLocations: [{ name: f.resource, fullyQualifiedName: f.resource, kind: 'resource' }],
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: seen === 0 ? base : `${base}:${seen}` },
      properties: { code: f.code, resource: f.resource, resourceType: f.resourceType },
    };
    if (f.ports !== undefined) result.properties.ports = [...f.ports];
    // CDK: the app's source line that created the construct comes first among the related
    // locations, so that code scanning links from the template to the code the user edits.
    const related = [
      ...(f.source !== undefined
        ? [{ file: f.source.file, range: f.source.range, message: f.cdkPath !== undefined ? `CDK source: construct ${f.cdkPath} is created here` : `Terraform configuration: ${f.resource} is declared here` }]
        : []),
      ...(f.related ?? []),
    ];
    if (related.length > 0) {
      result.relatedLocations = related.map((r, i) => ({
        id: i + 1,
        physicalLocation: physicalLocation(r.file, r.range, options.cwd),
        message: { text: r.message },
      }));
    }
    if (f.cdkPath !== undefined) result.properties.cdkPath = f.cdkPath;
    const steps = (f.path ?? []).filter((s) => s.file !== undefined && s.range !== undefined);
    if (steps.length > 0) {
      result.codeFlows = [
        {
          threadFlows: [
            {
              locations: steps.map((s) => ({
                location: {
                  physicalLocation: physicalLocation(s.file!, s.range!, options.cwd),
                  message: { text: s.label ?? `${s.kind} ${s.resource}` },
                },
              })),
            },
          ],
        },
      ];
    }
    return result;
  });

  return {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            name: 'vpc-lint',
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            informationUri: options.informationUri,
            rules: driverRules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function formatSarif(report: CheckReport, rules: readonly RuleMetadata[], options: SarifOptions): string {
  return JSON.stringify(toSarif(report, rules, options), null, 2) + '\n';
}
