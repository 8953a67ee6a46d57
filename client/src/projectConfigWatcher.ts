/**
 * Tells the server when a `.vpc-lint.yaml` (or `.yml`, `.json`) is created, changed or deleted.
 * The server reads those files itself; a configuration-change notification makes it drop its
 * cached results and ask VS Code to pull the diagnostics of open files again.
 */
import * as vscode from 'vscode';
import { DidChangeConfigurationNotification, type LanguageClient } from 'vscode-languageclient/node';
import type { Log } from './log.js';

export const PROJECT_CONFIG_GLOB = '**/.vpc-lint.{yaml,yml,json}';

export function watchProjectConfigs(context: vscode.ExtensionContext, client: LanguageClient, log: Log): void {
  const watcher = vscode.workspace.createFileSystemWatcher(PROJECT_CONFIG_GLOB);
  const changed = (uri: vscode.Uri): void => {
    if (!client.isRunning()) return;
    log.info(`Project configuration changed: ${vscode.workspace.asRelativePath(uri)}`);
    client.sendNotification(DidChangeConfigurationNotification.type, { settings: null }).catch((error: unknown) => log.error('Could not tell the server about the configuration change', error));
  };
  context.subscriptions.push(watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(changed));
}
