/**
 * Waiting for VS Code state in the e2e suite: each helper subscribes to the event that changes
 * the state, checks once at once, and resolves when the state holds. Mocha's timeout is the only
 * limit; nothing sleeps.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';

/** vpc-lint's diagnostics on a document. */
export function vpcLintDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'vpc-lint');
}

/** The rule slug of a diagnostic (its `code`). */
export function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (typeof code === 'string') return code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return undefined;
}

/** Resolves with `read()`'s value once `accept` holds for it, re-reading on each `event`. */
export function waitForState<T>(event: vscode.Event<unknown>, read: () => T, accept: (value: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    let done = false;
    const check = (): void => {
      if (done) return;
      const value = read();
      if (accept(value)) {
        done = true;
        subscription.dispose();
        resolve(value);
      }
    };
    const subscription = event(check);
    check();
  });
}

/** Waits until the document's vpc-lint diagnostics satisfy `accept`. */
export function waitForDiagnostics(uri: vscode.Uri, accept: (diagnostics: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return waitForState(vscode.languages.onDidChangeDiagnostics, () => vpcLintDiagnostics(uri), accept);
}

/** Waits for an open tab that `accept` recognises. */
export function waitForTab(accept: (tab: vscode.Tab) => boolean): Promise<vscode.Tab> {
  const find = (): vscode.Tab | undefined => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find(accept);
  return waitForState(vscode.window.tabGroups.onDidChangeTabs, find, (tab) => tab !== undefined) as Promise<vscode.Tab>;
}

/**
 * The language server processes this extension host started: node processes running a vpc-lint
 * server bundle with `--clientProcessId=` of this process (how vscode-languageclient starts an
 * IPC server). Linux only, read from /proc.
 */
export function languageServerPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    const args = cmdline.split('\0');
    if (args.some((a) => a.endsWith('server/out/server.js')) && args.includes(`--clientProcessId=${process.pid}`)) pids.push(Number(entry));
  }
  return pids;
}
