/**
 * Rule levels: what each rule's diagnostics become — a severity, or nothing (`off`). They come
 * from the nearest `.vpc-lint.yaml` above the document (schema: schemas/vpc-lint.schema.json),
 * then from the `vpcLint.rules` setting, which wins. Applied to finished diagnostics, so the
 * engine and its caches do not depend on them. The config file is data: it is parsed, never run.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { RuleLevel } from '../../../protocol/src/settings.js';
import type { ProjectConfig } from '../projectConfig.js';

export { CONFIG_FILE_NAMES, ProjectConfigs, type ProjectConfig } from '../projectConfig.js';

const SEVERITY: Record<Exclude<RuleLevel, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The config file's levels overlaid with the settings' (settings win). */
export function effectiveRuleLevels(config: ProjectConfig | undefined, settings: Record<string, RuleLevel>): Record<string, RuleLevel> {
  return { ...(config?.rules ?? {}), ...settings };
}

/** A short, stable text for a set of levels: part of a pull result id, so a change re-sends. */
export function ruleLevelsKey(levels: Record<string, RuleLevel>): string {
  return Object.keys(levels)
    .sort()
    .map((slug) => `${slug}=${levels[slug]}`)
    .join(',');
}

/** Drops the diagnostics of rules set to `off` and gives the others their configured severity. */
export function applyRuleLevels(diagnostics: Diagnostic[], levels: Record<string, RuleLevel>): Diagnostic[] {
  if (Object.keys(levels).length === 0) return diagnostics;
  const out: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const level = typeof diagnostic.code === 'string' ? levels[diagnostic.code] : undefined;
    if (level === undefined) out.push(diagnostic);
    else if (level !== 'off') out.push({ ...diagnostic, severity: SEVERITY[level] });
  }
  return out;
}

/** Trusted source ranges: the config file's and the setting's together, in a stable order. */
export function effectiveTrustedCidrs(config: ProjectConfig | undefined, settings: readonly string[]): string[] {
  return [...new Set([...(config?.trustedCidrs ?? []), ...settings])].sort();
}

/** What changes the analysis itself for a document: the trusted ranges of its config and settings. */
export function analysisSettingsFor(config: ProjectConfig | undefined, settings: { trustedCidrs: readonly string[] }): { trustedCidrs: string[] } {
  return { trustedCidrs: effectiveTrustedCidrs(config, settings.trustedCidrs) };
}
