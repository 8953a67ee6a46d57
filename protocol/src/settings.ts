/**
 * The `vpcLint.*` settings. The extension contributes them (package.json `contributes.configuration`);
 * the client answers the server's `workspace/configuration` requests for the `vpcLint` section with
 * this shape; the server reads them per document. Other LSP clients may send any subset, or
 * nothing: missing values fall back to {@link DEFAULT_SETTINGS}.
 */

/** The configuration section every setting lives under. */
export const SETTINGS_SECTION = 'vpcLint';

/** How much of the client–server traffic the language client logs (`vpcLint.trace.server`). */
export type TraceSetting = 'off' | 'messages' | 'verbose';

/** What a rule's findings become (`vpcLint.rules`, `.vpc-lint.yaml` `rules`): a severity, or off. */
export type RuleLevel = 'error' | 'warning' | 'info' | 'hint' | 'off';

/** The accepted {@link RuleLevel} values. */
export const RULE_LEVELS: readonly RuleLevel[] = ['error', 'warning', 'info', 'hint', 'off'];

/** Settings for one resource (a document or a workspace folder). */
export interface VpcLintSettings {
  /** `vpcLint.enable`: when false, documents under this scope get no diagnostics. */
  enable: boolean;
  /**
   * `vpcLint.rules`: rule slug → severity or `off`. Overrides the rule's default severity and the
   * `rules` of a `.vpc-lint.yaml`; applied by the server, so every LSP client gets it.
   */
  rules: Record<string, RuleLevel>;
  /**
   * `vpcLint.files`: globs of files to check (`include`, empty: every file the server reads)
   * and to leave alone (`exclude`). Applied by the VS Code client, which matches them.
   */
  files: { include: string[]; exclude: string[] };
  /**
   * `vpcLint.trustedCidrs`: source ranges you trust (office, VPN egress). A security-group rule that
   * admits only these is not internet exposure. Added to a `.vpc-lint.yaml`'s `trustedCidrs`.
   */
  trustedCidrs: string[];
  trace: {
    /** `vpcLint.trace.server`: read by the language client only; the server ignores it. */
    server: TraceSetting;
  };
}

/** The defaults, identical to those declared in package.json. */
export const DEFAULT_SETTINGS: Readonly<VpcLintSettings> = Object.freeze({
  enable: true,
  rules: Object.freeze({}) as Record<string, RuleLevel>,
  files: Object.freeze({ include: [] as string[], exclude: [] as string[] }),
  trustedCidrs: Object.freeze([]) as unknown as string[],
  trace: Object.freeze({ server: 'off' as TraceSetting }),
});

/**
 * Turns whatever a client sent for the `vpcLint` section (an object, `null`, a partial object)
 * into complete settings. Values of the wrong type are ignored, not trusted.
 */
export function normalizeSettings(raw: unknown): VpcLintSettings {
  const settings: VpcLintSettings = {
    enable: DEFAULT_SETTINGS.enable,
    rules: {},
    files: { include: [], exclude: [] },
    trustedCidrs: [],
    trace: { server: DEFAULT_SETTINGS.trace.server },
  };
  if (typeof raw !== 'object' || raw === null) return settings;
  const record = raw as Record<string, unknown>;
  if (typeof record['enable'] === 'boolean') settings.enable = record['enable'];
  settings.rules = normalizeRuleLevels(record['rules']);
  const files = record['files'];
  if (typeof files === 'object' && files !== null) {
    settings.files.include = stringList((files as Record<string, unknown>)['include']);
    settings.files.exclude = stringList((files as Record<string, unknown>)['exclude']);
  }
  settings.trustedCidrs = stringList(record['trustedCidrs']);
  const trace = record['trace'];
  if (typeof trace === 'object' && trace !== null) {
    const server = (trace as Record<string, unknown>)['server'];
    if (server === 'off' || server === 'messages' || server === 'verbose') settings.trace.server = server;
  }
  return settings;
}

/** Keeps the entries of a `rules` map whose value is a {@link RuleLevel}; drops the rest. */
export function normalizeRuleLevels(raw: unknown): Record<string, RuleLevel> {
  const rules: Record<string, RuleLevel> = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return rules;
  for (const [slug, level] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof level === 'string' && (RULE_LEVELS as readonly string[]).includes(level)) rules[slug] = level as RuleLevel;
  }
  return rules;
}

function stringList(raw: unknown): string[] {
  return Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string' && v.length > 0) : [];
}
