/**
 * The project's `.vpc-lint.yaml` (or `.yml`, `.json`): rule levels and trusted source ranges,
 * found from a file's folder upwards. Read by the language server and the CLI alike, so a
 * project's settings hold in the editor and in CI. The file is data: parsed, never run.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { normalizeRuleLevels, type RuleLevel } from '../../protocol/src/settings.js';

/** Config file names, looked for from the document's folder upwards. */
export const CONFIG_FILE_NAMES = ['.vpc-lint.yaml', '.vpc-lint.yml', '.vpc-lint.json'];


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
    return this.forFolder(dir);
  }

  /** The config of the nearest folder at or above `dir` that has one. */
  forFolder(dir: string): ProjectConfig | undefined {
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

