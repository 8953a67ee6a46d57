/**
 * The traffic-path webview panel: one instance, opened by `vpcLint.showTrafficPath` (command,
 * CodeLens, code action) and revived by VS Code after a reload. It asks the server for the path
 * (`vpcLint/trafficPath`), sends it to the webview, asks again while the document is edited, and
 * reveals a step's source when the webview says so.
 */
import * as vscode from 'vscode';
import type { LspPosition, LspRange, TrafficPathParams, TrafficPathResult } from '../../../protocol/src/lspExtensions.js';
import {
  parseWebviewMessage,
  type HostToWebviewMessage,
  type TrafficPanelState,
  type WebviewToHostMessage,
} from '../../../protocol/src/webviewMessages.js';
import type { Log } from '../log.js';
import { createNonce, renderPanelHtml } from './html.js';

/** The bundle folder, relative to the extension root: the only place the webview may load from. */
export const WEBVIEW_BUNDLE_DIR = ['client', 'out', 'webview'] as const;

/** Edits are batched: the path is requested again this long after the last keystroke. */
const UPDATE_DELAY_MS = 300;

/** The memento key of the user's monthly request figure. */
const REQUESTS_KEY = 'vpcLint.trafficPath.monthlyRequests';

/** What the panel needs from the extension. */
export interface TrafficPanelHost {
  extensionUri: vscode.Uri;
  log: Log;
  /** Where the user's monthly request figure is kept across panels and sessions. */
  memento: vscode.Memento;
  /** Sends `vpcLint/trafficPath` to the server. */
  requestPath(params: TrafficPathParams, token?: vscode.CancellationToken): Promise<TrafficPathResult | null>;
}

/** Which resource the panel shows. `resource` is filled in once the server has named it. */
export interface PanelTarget {
  uri: vscode.Uri;
  resource?: string;
  position?: LspPosition;
  /** The quick fix's template diff, when the caller has it. */
  diff?: string;
}

export class TrafficPathPanel implements vscode.Disposable {
  static readonly viewType = 'vpcLint.trafficPath';
  private static current: TrafficPathPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private updateTimer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: vscode.CancellationTokenSource | undefined;
  private ready = false;

  /** Opens the panel on `target`, or points the open one at it. */
  static createOrShow(host: TrafficPanelHost, target: PanelTarget): TrafficPathPanel {
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    if (TrafficPathPanel.current) {
      TrafficPathPanel.current.retarget(target);
      TrafficPathPanel.current.panel.reveal(column, true);
      return TrafficPathPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(TrafficPathPanel.viewType, 'Traffic path', { viewColumn: column, preserveFocus: true }, TrafficPathPanel.webviewOptions(host.extensionUri));
    TrafficPathPanel.current = new TrafficPathPanel(panel, host, target);
    return TrafficPathPanel.current;
  }

  /** Called by the serializer when VS Code restores a panel after a reload. */
  static revive(panel: vscode.WebviewPanel, host: TrafficPanelHost, state: TrafficPanelState | undefined): TrafficPathPanel | undefined {
    if (!state || typeof state.uri !== 'string') {
      panel.dispose();
      return undefined;
    }
    TrafficPathPanel.current?.dispose();
    panel.webview.options = TrafficPathPanel.webviewOptions(host.extensionUri);
    TrafficPathPanel.current = new TrafficPathPanel(panel, host, { uri: vscode.Uri.parse(state.uri), resource: state.resource });
    return TrafficPathPanel.current;
  }

  /** Scripts on; loading only from the bundle folder; no command URIs. */
  static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, ...WEBVIEW_BUNDLE_DIR)],
    };
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly host: TrafficPanelHost,
    private target: PanelTarget,
  ) {
    this.panel.webview.html = this.html();
    this.setTitle();
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseWebviewMessage(raw);
        if (message) void this.onMessage(message);
        else this.host.log.warn(`Traffic path panel: ignored an unknown message ${JSON.stringify(raw)}`);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.uri.toString() === this.target.uri.toString() && event.contentChanges.length > 0) this.scheduleUpdate();
      }),
    );
  }

  dispose(): void {
    if (TrafficPathPanel.current === this) TrafficPathPanel.current = undefined;
    if (this.updateTimer !== undefined) clearTimeout(this.updateTimer);
    this.inFlight?.cancel();
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private retarget(target: PanelTarget): void {
    this.target = target;
    this.setTitle();
    if (this.ready) void this.update();
  }

  private setTitle(): void {
    this.panel.title = this.target.resource ? `Traffic path: ${this.target.resource}` : 'Traffic path';
  }

  private html(): string {
    const webview = this.panel.webview;
    const bundle = vscode.Uri.joinPath(this.host.extensionUri, ...WEBVIEW_BUNDLE_DIR);
    return renderPanelHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(bundle, 'panel.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(bundle, 'panel.css')).toString(),
    });
  }

  private post(message: HostToWebviewMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private async onMessage(message: WebviewToHostMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        await this.update();
        return;
      case 'reveal':
        await this.reveal(message.location.uri, message.location.range);
        return;
      case 'setRequests':
        await this.host.memento.update(REQUESTS_KEY, message.monthly);
        return;
      case 'refresh': {
        const error = await this.update();
        this.post({ type: 'refreshed', requestId: message.requestId, ok: error === undefined, ...(error === undefined ? {} : { error }) });
        return;
      }
    }
  }

  private scheduleUpdate(): void {
    if (this.updateTimer !== undefined) clearTimeout(this.updateTimer);
    this.updateTimer = setTimeout(() => {
      this.updateTimer = undefined;
      if (this.ready) void this.update();
    }, UPDATE_DELAY_MS);
  }

  /** Asks the server for the path and sends it to the webview; returns the error text, if any. */
  private async update(): Promise<string | undefined> {
    this.inFlight?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.inFlight = source;
    const target = this.target;
    const uri = target.uri.toString();
    try {
      // The server only knows open documents; opening one (without showing it) syncs it.
      const document = await vscode.workspace.openTextDocument(target.uri);
      const params: TrafficPathParams = { textDocument: { uri } };
      if (target.resource !== undefined) params.resource = target.resource;
      else if (target.position !== undefined) params.position = target.position;
      const path = await this.host.requestPath(params, source.token);
      if (source.token.isCancellationRequested || target !== this.target) return undefined;
      if (path && target.resource === undefined) {
        target.resource = path.resource;
        this.setTitle();
      }
      const monthly = this.host.memento.get<number>(REQUESTS_KEY);
      this.post({
        type: 'update',
        path,
        uri,
        version: document.version,
        // A diff handed to the command wins over the server's preview of its preferred fix.
        ...(target.diff !== undefined ? { diff: target.diff } : path?.fix ? { diff: path.fix.diff } : {}),
        ...(monthly === undefined ? {} : { monthlyRequests: monthly }),
      });
      return undefined;
    } catch (error) {
      if (source.token.isCancellationRequested) return undefined;
      const text = error instanceof Error ? error.message : String(error);
      this.host.log.error(`Traffic path for ${target.resource ?? uri} failed`, error);
      this.post({ type: 'update', path: null, uri, error: `The traffic path could not be computed: ${text}` });
      return text;
    } finally {
      if (this.inFlight === source) this.inFlight = undefined;
      source.dispose();
    }
  }

  private async reveal(uri: string, range: LspRange): Promise<void> {
    const target = vscode.Uri.parse(uri);
    const selection = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === target.toString());
    try {
      await vscode.window.showTextDocument(target, { selection, viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    } catch (error) {
      this.host.log.error(`Could not show ${uri}`, error);
    }
  }
}
