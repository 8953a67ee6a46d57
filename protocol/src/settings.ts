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

/** Settings for one resource (a document or a workspace folder). */
export interface VpcLintSettings {
  /** `vpcLint.enable`: when false, documents under this scope get no diagnostics. */
  enable: boolean;
  trace: {
    /** `vpcLint.trace.server`: read by the language client only; the server ignores it. */
    server: TraceSetting;
  };
}

/** The defaults, identical to those declared in package.json. */
export const DEFAULT_SETTINGS: Readonly<VpcLintSettings> = Object.freeze({
  enable: true,
  trace: Object.freeze({ server: 'off' as TraceSetting }),
});

/**
 * Turns whatever a client sent for the `vpcLint` section (an object, `null`, a partial object)
 * into complete settings. Values of the wrong type are ignored, not trusted.
 */
export function normalizeSettings(raw: unknown): VpcLintSettings {
  const settings: VpcLintSettings = { enable: DEFAULT_SETTINGS.enable, trace: { server: DEFAULT_SETTINGS.trace.server } };
  if (typeof raw !== 'object' || raw === null) return settings;
  const record = raw as Record<string, unknown>;
  if (typeof record['enable'] === 'boolean') settings.enable = record['enable'];
  const trace = record['trace'];
  if (typeof trace === 'object' && trace !== null) {
    const server = (trace as Record<string, unknown>)['server'];
    if (server === 'off' || server === 'messages' || server === 'verbose') settings.trace.server = server;
  }
  return settings;
}
