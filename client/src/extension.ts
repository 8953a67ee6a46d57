/**
 * The extension's entry point: starts the language client on the first YAML or JSON file.
 */
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createClient } from './client.js';
import { Log } from './log.js';
import { registerTrafficPath } from './panel/trafficPathCommands.js';
import { registerCommands } from './commands.js';
import { watchProjectConfigs } from './projectConfigWatcher.js';
import { StatusBar } from './statusBar.js';

let client: LanguageClient | undefined;

/** Called by VS Code on an activation event (package.json `activationEvents`). */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = new Log();
  context.subscriptions.push(log);
  client = createClient(context, log);
  // Registered before the server starts, so that a restored traffic-path panel finds its command.
  registerTrafficPath(context, client, log);
  registerCommands(context, client, log);
  watchProjectConfigs(context, client, log);
  context.subscriptions.push(new StatusBar(client));
  try {
    await client.start();
  } catch (error) {
    // The client has already reported the failure to the user; keep the details in the log.
    log.error('The vpc-lint language server did not start', error);
  }
}

/** Called by VS Code on shutdown; stops the server so that it does not outlive the window. */
export async function deactivate(): Promise<void> {
  const stopping = client;
  client = undefined;
  if (stopping === undefined) return;
  try {
    await stopping.stop();
  } catch {
    // A server that never started, or already died, has nothing left to stop.
  }
}
