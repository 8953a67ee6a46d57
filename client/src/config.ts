/**
 * Typed access to the `vpcLint.*` settings. Nothing else in the client reads
 * `workspace.getConfiguration` directly.
 */
import * as vscode from 'vscode';
import {
  DEFAULT_SETTINGS,
  normalizeSettings,
  SETTINGS_SECTION,
  type VpcLintSettings,
} from '../../protocol/src/settings.js';

export { SETTINGS_SECTION };

/** The settings that apply to a resource (a document or folder URI), with defaults filled in. */
export function readSettings(scope?: vscode.Uri): VpcLintSettings {
  const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope ?? null);
  return normalizeSettings({
    enable: configuration.get<boolean>('enable', DEFAULT_SETTINGS.enable),
    trace: { server: configuration.get<string>('trace.server', DEFAULT_SETTINGS.trace.server) },
  });
}

/** Same as {@link readSettings}, for a URI string as it arrives from the server. */
export function readSettingsFor(scopeUri: string | undefined): VpcLintSettings {
  return readSettings(scopeUri === undefined ? undefined : vscode.Uri.parse(scopeUri));
}
