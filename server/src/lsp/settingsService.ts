/**
 * Per-resource settings, fetched with `workspace/configuration` and cached by URI until the client
 * says they changed (STYLE §3: never one global value).
 */
import type { Connection } from 'vscode-languageserver/node';
import { normalizeSettings, SETTINGS_SECTION, type VpcLintSettings } from '../../../protocol/src/settings.js';
import { errorText } from './errorText.js';

/** Reads `vpcLint.*` for a document, or the defaults when the client cannot be asked. */
export class SettingsService {
  private readonly cache = new Map<string, Promise<VpcLintSettings>>();

  /**
   * @param connection where to ask
   * @param canAsk whether the client announced `workspace.configuration`; Neovim and eglot do,
   *   but a client that does not would answer with an error.
   */
  constructor(
    private readonly connection: Connection,
    private readonly canAsk: boolean,
  ) {}

  /** The settings for one document; asks the client once per URI until {@link forget}. */
  get(uri: string): Promise<VpcLintSettings> {
    if (!this.canAsk) return Promise.resolve(normalizeSettings(undefined));
    let settings = this.cache.get(uri);
    if (settings === undefined) {
      settings = this.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(
        (raw: unknown) => normalizeSettings(raw),
        (error: unknown) => {
          this.connection.console.warn(`Could not read ${SETTINGS_SECTION} settings for ${uri}: ${errorText(error)}`);
          return normalizeSettings(undefined);
        },
      );
      this.cache.set(uri, settings);
    }
    return settings;
  }

  /** Drops one document's settings (closed) or all of them (the configuration changed). */
  forget(uri?: string): void {
    if (uri === undefined) this.cache.clear();
    else this.cache.delete(uri);
  }
}
