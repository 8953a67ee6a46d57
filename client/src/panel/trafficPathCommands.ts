/**
 * Wires the traffic-path panel into VS Code: the `vpcLint.showTrafficPath` command (also run by
 * the server's CodeLens), a "Show traffic path" code action on vpc-lint's reachability
 * diagnostics, and the serializer that restores the panel after a reload.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  DIAGNOSTIC_SOURCE,
  SHOW_TRAFFIC_PATH_COMMAND,
  TRAFFIC_PATH_METHOD,
  type ShowTrafficPathOptions,
  type TrafficPathResult,
} from '../../../protocol/src/lspExtensions.js';
import type { TrafficPanelState } from '../../../protocol/src/webviewMessages.js';
import { DOCUMENT_SELECTOR } from '../client.js';
import type { Log } from '../log.js';
import { TrafficPathPanel, type PanelTarget, type TrafficPanelHost } from './trafficPathPanel.js';

/** The diagnostic the code action is offered on. */
const REACHABLE_RULE = 'internet-reachable-compute';

/** Registers the command, the code action provider and the panel serializer. */
export function registerTrafficPath(context: vscode.ExtensionContext, client: LanguageClient, log: Log): void {
  const host: TrafficPanelHost = {
    extensionUri: context.extensionUri,
    log,
    memento: context.globalState,
    requestPath: (params, token) => client.sendRequest<TrafficPathResult | null>(TRAFFIC_PATH_METHOD, params, token),
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_TRAFFIC_PATH_COMMAND, (uri?: unknown, resource?: unknown, options?: unknown) => {
      const target = targetFrom(uri, resource, options);
      if (!target) {
        void vscode.window.showInformationMessage('Open a CloudFormation template and put the cursor in a compute resource to show its traffic path.');
        return;
      }
      TrafficPathPanel.createOrShow(host, target);
    }),
    vscode.languages.registerCodeActionsProvider(DOCUMENT_SELECTOR, new TrafficPathCodeActions(), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
    vscode.window.registerWebviewPanelSerializer(TrafficPathPanel.viewType, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
        TrafficPathPanel.revive(panel, host, state as TrafficPanelState | undefined);
      },
    }),
  );
}

/** Reads the command's arguments `[uri, resource?, options?]`, or falls back to the cursor. */
function targetFrom(uri: unknown, resource: unknown, options: unknown): PanelTarget | undefined {
  const diff = typeof options === 'object' && options !== null ? (options as ShowTrafficPathOptions).diff : undefined;
  const extra = typeof diff === 'string' ? { diff } : {};
  if (typeof uri === 'string' || uri instanceof vscode.Uri) {
    const parsed = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
    return typeof resource === 'string' ? { uri: parsed, resource, ...extra } : { uri: parsed, ...cursorIn(parsed), ...extra };
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const position = editor.selection.active;
  return { uri: editor.document.uri, position: { line: position.line, character: position.character } };
}

function cursorIn(uri: vscode.Uri): { position?: { line: number; character: number } } {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.toString() !== uri.toString()) return {};
  return { position: { line: editor.selection.active.line, character: editor.selection.active.character } };
}

/** "Show traffic path" on each reachability diagnostic. */
class TrafficPathCodeActions implements vscode.CodeActionProvider {
  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE || codeOf(diagnostic) !== REACHABLE_RULE) continue;
      const resource = resourceOf(diagnostic);
      const action = new vscode.CodeAction(resource ? `Show traffic path of ${resource}` : 'Show traffic path', vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.command = {
        title: action.title,
        command: SHOW_TRAFFIC_PATH_COMMAND,
        arguments: resource ? [document.uri.toString(), resource] : [document.uri.toString()],
      };
      actions.push(action);
    }
    return actions;
  }
}

function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (typeof code === 'string') return code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return undefined;
}

/** The language client keeps LSP `Diagnostic.data` on the diagnostics it creates. */
function resourceOf(diagnostic: vscode.Diagnostic): string | undefined {
  const data = (diagnostic as vscode.Diagnostic & { data?: unknown }).data;
  if (typeof data !== 'object' || data === null) return undefined;
  const resource = (data as Record<string, unknown>)['resource'];
  return typeof resource === 'string' ? resource : undefined;
}
