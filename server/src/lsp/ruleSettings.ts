/**
 * Rule levels: what each rule's diagnostics become — a severity, or nothing (`off`). They come
 * from the nearest `.vpc-lint.yaml` above the document (schema: schemas/vpc-lint.schema.json),
 * then from the `vpcLint.rules` setting, which wins. Applied to finished diagnostics, so the
 * engine and its caches do not depend on them. The config file is data: it is parsed, never run.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { normalizeRuleLevels, type RuleLevel } from '../../../protocol/src/settings.js';

/** Config file names, looked for from the document's folder upwards. */
export const CONFIG_FILE_NAMES = ['.vpc-lint.yaml', '.vpc-lint.yml', '.vpc-lint.json'];

const SEVERITY: Record<Exclude<RuleLevel, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The rule levels a config file sets, and where it is. */
export interface ProjectConfig {
  file: string;
  rules: Record<string, RuleLevel>;
  /** Source ranges the project trusts (`trustedCidrs`). */
  trustedCidrs: string[];
}

/** Finds and reads `.vpc-lint.yaml` files; each is re-read only when its mtime changes. */
export class ProjectConfigs {
  private readonly cache = new Map<string, { mtimeMs: number; config: ProjectConfig }>();

  constructor(private readonly logError: (message: string) => void = () => undefined) {}

  /** The config that applies to a `file:` document, or undefined (other schemes, none found). */
  forDocument(uri: string): ProjectConfig | undefined {
    if (!uri.startsWith('file:')) return undefined;
    let dir: string;
    try {
      dir = dirname(fileURLToPath(uri));
    } catch {
      return undefined;
    }
    for (;;) {
      for (const name of CONFIG_FILE_NAMES) {
        const config = this.read(join(dir, name));
        if (config) return config;
      }
      const parent = dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  }

  private read(file: string): ProjectConfig | undefined {
    let mtimeMs: number;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) return undefined;
      mtimeMs = stat.mtimeMs;
    } catch {
      this.cache.delete(file);
      return undefined;
    }
    const cached = this.cache.get(file);
    if (cached && cached.mtimeMs === mtimeMs) return cached.config;
    let rules: Record<string, RuleLevel> = {};
    let trustedCidrs: string[] = [];
    try {
      const raw: unknown = parse(readFileSync(file, 'utf8'));
      if (typeof raw === 'object' && raw !== null) {
        rules = normalizeRuleLevels((raw as Record<string, unknown>)['rules']);
        const t = (raw as Record<string, unknown>)['trustedCidrs'];
        trustedCidrs = Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : [];
      }
    } catch (error) {
      // A broken config file must not take the diagnostics down; the editor's schema validation
      // shows what is wrong with it.
      this.logError(`Ignoring ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const config = { file, rules, trustedCidrs };
    this.cache.set(file, { mtimeMs, config });
    return config;
  }
}

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
