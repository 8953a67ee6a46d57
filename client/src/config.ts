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
    rules: configuration.get<Record<string, unknown>>('rules', {}),
    files: {
      include: configuration.get<string[]>('files.include', []),
      exclude: configuration.get<string[]>('files.exclude', []),
    },
    trace: { server: configuration.get<string>('trace.server', DEFAULT_SETTINGS.trace.server) },
  });
}

/** Same as {@link readSettings}, for a URI string as it arrives from the server. */
export function readSettingsFor(scopeUri: string | undefined): VpcLintSettings {
  return readSettings(scopeUri === undefined ? undefined : vscode.Uri.parse(scopeUri));
}

/**
 * Whether `vpcLint.files` lets vpc-lint check this document: it matches one of `include` (or
 * `include` is empty) and none of `exclude`. Globs are matched by VS Code, as in `files.exclude`.
 */
export function isCheckedFile(document: vscode.TextDocument, settings: VpcLintSettings = readSettings(document.uri)): boolean {
  const matches = (pattern: string): boolean => vscode.languages.match({ pattern }, document) > 0;
  if (settings.files.include.length > 0 && !settings.files.include.some(matches)) return false;
  return !settings.files.exclude.some(matches);
}
