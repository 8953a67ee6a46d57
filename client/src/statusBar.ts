/**
 * The status-bar item: the server's state and how many vpc-lint problems are shown, e.g.
 * "vpc-lint ✓" / "vpc-lint 1 error, 2 warnings". Clicking it opens the Problems panel.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';

/** The item's id; VS Code shows its name in the status bar's context menu. */
export const STATUS_BAR_ID = 'vpcLint.status';

/** Counts of vpc-lint diagnostics across all documents, by severity. */
export interface ProblemCounts {
  errors: number;
  warnings: number;
  infos: number;
}

export function countProblems(all: ReadonlyArray<[vscode.Uri, readonly vscode.Diagnostic[]]>): ProblemCounts {
  const counts: ProblemCounts = { errors: 0, warnings: 0, infos: 0 };
  for (const [, diagnostics] of all) {
    for (const d of diagnostics) {
      if (d.source !== 'vpc-lint') continue;
      if (d.severity === vscode.DiagnosticSeverity.Error) counts.errors++;
      else if (d.severity === vscode.DiagnosticSeverity.Warning) counts.warnings++;
      else counts.infos++;
    }
  }
  return counts;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(STATUS_BAR_ID, vscode.StatusBarAlignment.Left, 0);
  private readonly subscriptions: vscode.Disposable[] = [];
  private state: 'starting' | 'running' | 'stopped' = 'starting';

  constructor(client: LanguageClient) {
    this.item.name = 'vpc-lint';
    this.item.command = 'workbench.actions.view.problems';
    this.subscriptions.push(
      client.onDidChangeState((event) => {
        this.state = event.newState === State.Running ? 'running' : event.newState === State.Starting ? 'starting' : 'stopped';
        this.render();
      }),
      vscode.languages.onDidChangeDiagnostics(() => this.render()),
    );
    if (client.state === State.Running) this.state = 'running';
    this.render();
    this.item.show();
  }

  private render(): void {
    const counts = countProblems(vscode.languages.getDiagnostics());
    const summary = [
      counts.errors > 0 ? plural(counts.errors, 'error') : '',
      counts.warnings > 0 ? plural(counts.warnings, 'warning') : '',
      counts.infos > 0 ? `${counts.infos} info` : '',
    ].filter(Boolean);
    if (this.state === 'stopped') {
      this.item.text = '$(circle-slash) vpc-lint';
      this.item.tooltip = 'The vpc-lint server is not running. Run "vpc-lint: Restart Server" or see the vpc-lint output.';
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else if (this.state === 'starting') {
      this.item.text = '$(sync~spin) vpc-lint';
      this.item.tooltip = 'The vpc-lint server is starting';
      this.item.backgroundColor = undefined;
    } else {
      this.item.text = `$(shield) vpc-lint${counts.errors + counts.warnings > 0 ? ` $(error) ${counts.errors} $(warning) ${counts.warnings}` : ' $(check)'}`;
      this.item.tooltip = `vpc-lint is running: ${summary.length > 0 ? summary.join(', ') : 'no problems'} in open files. Click to show the Problems panel.`;
      this.item.backgroundColor = undefined;
    }
    this.item.accessibilityInformation = { label: `vpc-lint ${this.state}${summary.length > 0 ? `, ${summary.join(', ')}` : ''}` };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
