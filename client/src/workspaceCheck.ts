/**
 * `vpcLint.checkWorkspace`: checks every template-like file of the workspace, with progress, and
 * shows the findings in the Problems panel. The server pulls diagnostics only for documents
 * shown in an editor; the others are asked for here, one by one, with the same request and the
 * same settings, and kept in a collection of their own until the file is shown (the editor's
 * own diagnostics then take over) or the command runs again.
 */
import * as vscode from 'vscode';
import { DocumentDiagnosticRequest, type DocumentDiagnosticReport, type LanguageClient } from 'vscode-languageclient/node';
import { isCheckedFile, readSettings } from './config.js';
import type { Log } from './log.js';

/** Files the server may read; the server itself decides whether a file is a template. */
const CANDIDATES = '**/*.{yaml,yml,json,template,tf}';
/** Never worth opening: dependencies, VCS data, and CDK output (checked through the app). */
const SKIPPED = '**/{node_modules,.git,.terraform,cdk.out}/**';
/** An upper bound, so that a huge monorepo does not open tens of thousands of documents. */
const MAX_FILES = 5000;

/** The outcome of one run. */
export interface WorkspaceCheckResult {
  files: number;
  problems: number;
  cancelled: boolean;
}

export class WorkspaceCheck implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('vpc-lint (workspace)');
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly client: LanguageClient,
    private readonly log: Log,
  ) {
    // A file shown in an editor gets its diagnostics from the pull model; drop the copy here.
    this.subscriptions.push(
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        for (const editor of editors) this.collection.delete(editor.document.uri);
      }),
    );
  }

  /** Runs the check with a cancellable progress notification. */
  run(): Thenable<WorkspaceCheckResult> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'vpc-lint: checking the workspace', cancellable: true },
      async (progress, token) => {
        const uris = await vscode.workspace.findFiles(CANDIDATES, SKIPPED, MAX_FILES, token);
        this.collection.clear();
        const visible = new Set(vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()));
        let files = 0;
        let problems = 0;
        for (const [index, uri] of uris.entries()) {
          if (token.isCancellationRequested) return { files, problems, cancelled: true };
          progress.report({ message: vscode.workspace.asRelativePath(uri), increment: 100 / uris.length });
          const diagnostics = await this.checkFile(uri, visible, token);
          if (diagnostics === undefined) continue;
          files++;
          problems += diagnostics.length;
          if (diagnostics.length > 0 && !visible.has(uri.toString())) this.collection.set(uri, diagnostics);
          if (index % 50 === 49) this.log.debug(`Workspace check: ${index + 1} of ${uris.length} files`);
        }
        const result = { files, problems, cancelled: false };
        this.log.info(`Workspace check: ${problems} problem(s) in ${files} file(s)`);
        return result;
      },
    );
  }

  /** The file's diagnostics, or undefined when it is not vpc-lint's to check. */
  private async checkFile(uri: vscode.Uri, visible: Set<string>, token: vscode.CancellationToken): Promise<vscode.Diagnostic[] | undefined> {
    try {
      // Opening (not showing) the document syncs it to the server, which reads only open documents.
      const document = await vscode.workspace.openTextDocument(uri);
      const settings = readSettings(uri);
      if (!settings.enable || !isCheckedFile(document, settings)) return undefined;
      if (visible.has(uri.toString())) return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'vpc-lint');
      const report: DocumentDiagnosticReport = await this.client.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: uri.toString() } }, token);
      if (report.kind !== 'full') return [];
      return await this.client.protocol2CodeConverter.asDiagnostics(report.items);
    } catch (error) {
      if (!token.isCancellationRequested) this.log.error(`Workspace check of ${uri.toString()} failed`, error);
      return undefined;
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}
