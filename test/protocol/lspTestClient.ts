/**
 * A minimal LSP client for protocol tests. It runs the real server in this process over a pair of
 * in-memory streams, plays the editor's side, and turns notifications into awaitable promises so
 * that tests wait for events, never for time.
 */
import { basename } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import {
  createConnection,
  createMessageConnection,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  InitializedNotification,
  InitializeRequest,
  ProposedFeatures,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  DiagnosticRefreshRequest,
  LogMessageNotification,
  type ClientCapabilities,
  type DocumentDiagnosticReport,
  type InitializeResult,
  type MessageConnection,
  type PublishDiagnosticsParams,
  type Registration,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';
import { startServer } from '../../server/src/lsp/server.js';

/** What VS Code announces for diagnostics: pull, with refresh. */
export const PULL_CAPABILITIES: ClientCapabilities = {
  textDocument: {
    synchronization: { dynamicRegistration: false },
    diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
  },
  workspace: { configuration: true, diagnostics: { refreshSupport: true } },
};

/** What Neovim 0.7 and eglot 1.9 announce: push only. */
export const PUSH_CAPABILITIES: ClientCapabilities = {
  textDocument: {
    synchronization: { dynamicRegistration: false },
    publishDiagnostics: { relatedInformation: true },
  },
  workspace: { configuration: true },
};

interface Waiter<T> {
  accept(value: T): boolean;
  resolve(value: T): void;
}

/** The editor's side of one in-process server. */
export class LspTestClient {
  readonly connection: MessageConnection;
  /** Every `publishDiagnostics` received, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** Every capability the server registered dynamically (`client/registerCapability`), in order. */
  readonly registrations: Registration[] = [];
  /** Every `window/logMessage` received, for failure messages. */
  readonly logs: string[] = [];
  /** How often the server asked the client to pull again. */
  refreshRequests = 0;
  /** Settings returned for `workspace/configuration`, by scope URI; `*` for any other scope. */
  readonly settings = new Map<string, unknown>();

  private readonly serverConnection;
  private readonly waiters: Waiter<PublishDiagnosticsParams>[] = [];
  private readonly refreshWaiters: (() => void)[] = [];
  private readonly versions = new Map<string, number>();

  constructor() {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    // Reader/writer objects, not raw streams: with raw streams the library ends the process when
    // a stream closes, which would end the test run.
    this.serverConnection = createConnection(
      ProposedFeatures.all,
      new StreamMessageReader(toServer),
      new StreamMessageWriter(toClient),
    );
    startServer(this.serverConnection);
    this.connection = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push(params);
      for (let i = 0; i < this.waiters.length; i++) {
        const waiter = this.waiters[i]!;
        if (waiter.accept(params)) {
          this.waiters.splice(i, 1);
          waiter.resolve(params);
          return;
        }
      }
    });
    this.connection.onNotification(LogMessageNotification.type, (params) => {
      this.logs.push(params.message);
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map((item) => this.settings.get(item.scopeUri ?? '*') ?? this.settings.get('*') ?? null),
    );
    this.connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations);
    });
    this.connection.onRequest(DiagnosticRefreshRequest.type, () => {
      this.refreshRequests++;
      for (const resolve of this.refreshWaiters.splice(0)) resolve();
    });
    this.connection.listen();
  }

  /**
   * `initialize` + `initialized`. processId is null so the server starts no parent watchdog.
   * `workspaceFolders` are file paths, sent as URIs.
   */
  async initialize(capabilities: ClientCapabilities, workspaceFolders: readonly string[] = []): Promise<InitializeResult> {
    const folders = workspaceFolders.map((p) => ({ uri: pathToFileURL(p).href, name: basename(p) }));
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: null,
      rootUri: folders[0]?.uri ?? null,
      capabilities,
      workspaceFolders: folders.length > 0 ? folders : null,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  async open(uri: string, text: string, languageId = 'yaml'): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  /** Sends incremental changes; returns the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: changes,
    });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  pull(uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
    return this.connection.sendRequest(DocumentDiagnosticRequest.type, {
      textDocument: { uri },
      ...(previousResultId === undefined ? {} : { previousResultId }),
    });
  }

  async changeConfiguration(): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  /** Resolves with the next published diagnostics for `uri` that satisfy `accept`. */
  nextPublished(uri: string, accept: (params: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => {
      this.waiters.push({ accept: (params) => params.uri === uri && accept(params), resolve });
    });
  }

  /** Resolves when the server next sends `workspace/diagnostic/refresh`. */
  nextRefresh(): Promise<void> {
    return new Promise((resolve) => this.refreshWaiters.push(resolve));
  }

  /** `shutdown`, then both ends are disposed. `exit` is not sent: it would end this process. */
  async dispose(): Promise<void> {
    await this.connection.sendRequest(ShutdownRequest.type);
    this.connection.dispose();
    this.serverConnection.dispose();
  }
}
