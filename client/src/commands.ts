/**
 * The palette commands besides the traffic path (registered in panel/): check the workspace and
 * restart the server. Their ids and titles are declared in package.json `contributes.commands`.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Log } from './log.js';
import { WorkspaceCheck } from './workspaceCheck.js';

export const CHECK_WORKSPACE_COMMAND = 'vpcLint.checkWorkspace';
export const RESTART_SERVER_COMMAND = 'vpcLint.restartServer';

export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient, log: Log): void {
  const workspaceCheck = new WorkspaceCheck(client, log);
  context.subscriptions.push(
    workspaceCheck,
    vscode.commands.registerCommand(CHECK_WORKSPACE_COMMAND, async () => {
      if (!client.isRunning()) {
        void vscode.window.showWarningMessage('The vpc-lint server is not running. Run "vpc-lint: Restart Server" first.');
        return undefined;
      }
      const result = await workspaceCheck.run();
      if (!result.cancelled) {
        void vscode.window.showInformationMessage(`vpc-lint: ${result.problems} problem(s) in ${result.files} file(s).`);
      }
      return result;
    }),
    vscode.commands.registerCommand(RESTART_SERVER_COMMAND, () =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Restarting the vpc-lint server' }, async () => {
        log.info('Restarting the server (command)');
        try {
          await client.restart();
        } catch (error) {
          log.error('The vpc-lint server did not restart', error);
          void vscode.window.showErrorMessage('The vpc-lint server did not restart; see the vpc-lint output.');
        }
      }),
    ),
  );
}
