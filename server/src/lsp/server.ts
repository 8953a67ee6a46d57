/**
 * The one place where the language server is wired: capabilities, documents, diagnostics and
 * settings. Everything here is glue; the work happens in the engine (`../engine.ts`).
 */
import {
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  RequestType,
  TextDocuments,
  TextDocumentSyncKind,
  CodeActionKind,
  type ClientCapabilities,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  DIAGNOSTIC_PROVIDER_ID,
  TRAFFIC_PATH_METHOD,
  type TrafficPathParams,
  type TrafficPathResult,
} from '../../../protocol/src/lspExtensions.js';
import { SETTINGS_SECTION } from '../../../protocol/src/settings.js';
import { DocumentChecker } from './documentChecker.js';
import { CdkAssemblyService } from './cdkAssemblyService.js';
import { DocumentModels } from './documentModels.js';
import { createTrafficPathHandler } from './trafficPathHandler.js';
import { fixPreview } from './fixPreview.js';
import { createCodeLensHandler } from './codeLensProvider.js';
import { createCodeActionHandler, createCodeActionResolveHandler, type CodeActionDeps } from './codeActionHandler.js';
import { createPullDiagnosticsHandler } from './pullDiagnosticsHandler.js';
import { PushDiagnosticsPublisher } from './pushDiagnosticsPublisher.js';
import { SettingsService } from './settingsService.js';
import { analysisSettingsFor, ProjectConfigs } from './ruleSettings.js';
import { errorText } from './errorText.js';

/**
 * How this client gets diagnostics. Pull when it announces `textDocument.diagnostic` (VS Code);
 * push otherwise (Neovim 0.7, eglot 1.9). Never both for one client.
 */
export type DiagnosticsMode = 'pull' | 'push';

/** Chooses the diagnostics mode from the client's capabilities. */
export function diagnosticsModeFor(capabilities: ClientCapabilities): DiagnosticsMode {
  return capabilities.textDocument?.diagnostic !== undefined ? 'pull' : 'push';
}

/**
 * Serves vpc-lint over an existing connection: the VS Code extension (IPC), `vpc-lint lsp --stdio`
 * and the protocol tests (in-memory streams) all come through here. Call once per connection;
 * it starts listening.
 */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const checker = new DocumentChecker(
    {
      error: (message) => connection.console.error(message),
      trace: (message) => connection.tracer.log(message),
    },
    (uri) => documents.get(uri)?.getText(),
  );
  // `.vpc-lint.yaml` rule levels and trusted ranges (see ruleSettings.ts).
  const configs = new ProjectConfigs((message) => connection.console.warn(message));
  let mode: DiagnosticsMode = 'push';
  let canRefresh = false;
  let registerConfigurationChange = false;
  // Replaced in onInitialize, once the client has said whether it can be asked for settings.
  let settings = new SettingsService(connection, false);
  // The drawn network (CodeLens, traffic path) reads through the checker's block cache and with
  // the same trusted ranges, so it agrees with the diagnostics and costs no second full parse.
  const analysisSettings = async (uri: string) => analysisSettingsFor(configs.forDocument(uri), await settings.get(uri));
  const models = new DocumentModels(
    (message) => connection.console.error(message),
    analysisSettings,
    (uri) => checker.blockCache(uri),
  );
  let publisher: PushDiagnosticsPublisher | undefined;
  // CDK: findings of the workspace's cloud assemblies, on the app's source lines.
  const cdk = new CdkAssemblyService({ connection, documents, settings: () => settings, publisher: () => publisher });
  let resolveEdits = false;
  let changeAnnotations = false;

  connection.onInitialize((params): InitializeResult => {
    const capabilities = params.capabilities;
    // Clients that resolve edits lazily (VS Code) get the CloudFormation diff preview as well.
    resolveEdits = capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true;
    changeAnnotations = capabilities.workspace?.workspaceEdit?.changeAnnotationSupport !== undefined;
    mode = diagnosticsModeFor(capabilities);
    canRefresh = capabilities.workspace?.diagnostics?.refreshSupport === true;
    registerConfigurationChange = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    settings = new SettingsService(connection, capabilities.workspace?.configuration === true);
    if (mode === 'push') publisher = new PushDiagnosticsPublisher(connection, documents, checker, settings, undefined, configs);
    cdk.initialize(params, mode);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix], resolveProvider: true },
        ...(mode === 'pull'
          ? {
              diagnosticProvider: {
                identifier: DIAGNOSTIC_PROVIDER_ID,
                interFileDependencies: false,
                workspaceDiagnostics: false,
              },
            }
          : {}),
      },
      serverInfo: { name: 'vpc-lint' },
    };
  });

  connection.onInitialized(() => {
    connection.console.info(`vpc-lint language server ready (${mode} diagnostics)`);
    cdk.start();
    if (registerConfigurationChange) {
      connection.client
        .register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION })
        .catch((error: unknown) => connection.console.warn(`Could not watch settings: ${errorText(error)}`));
    }
  });

  connection.onDidChangeConfiguration(() => {
    settings.forget();
    // Results are keyed by document version only; drop them so that no client keeps a result
    // computed under the old settings as "unchanged".
    checker.forget();
    models.forget();
    cdk.settingsChanged();
    if (publisher !== undefined) publisher.scheduleAll();
    else if (canRefresh) {
      connection.languages.diagnostics
        .refresh()
        .catch((error: unknown) => connection.console.warn(`Diagnostics refresh failed: ${errorText(error)}`));
    }
  });

  connection.languages.diagnostics.on(
    cdk.wrapPullHandler(
      createPullDiagnosticsHandler({
        documents,
        checker,
        get settings() {
          return settings;
        },
        configs,
        logError: (message) => connection.console.error(message),
      }),
    ),
  );

  connection.onDidChangeWatchedFiles((params) => cdk.filesChanged(params.changes));

  connection.onRequest(
    new RequestType<TrafficPathParams, TrafficPathResult | null, void>(TRAFFIC_PATH_METHOD),
    createTrafficPathHandler({ documents, models, fixPreview, logError: (message) => connection.console.error(message) }),
  );

  const codeActionDeps: CodeActionDeps = {
    documents,
    cdkFindings: (uri) => cdk.findingsFor(uri),
    analysisSettings,
    blocks: (uri) => checker.blockCache(uri),
    resolveEdits: () => resolveEdits,
    // Edits stay versioned for every client, so none applies a fix to a document that moved on;
    // Neovim 0.7 applies documentChanges without announcing them. Annotations only where supported.
    workspaceEdit: () => ({ documentChanges: true, changeAnnotations }),
    logError: (message) => connection.console.error(message),
  };
  connection.onCodeAction(createCodeActionHandler(codeActionDeps));
  connection.onCodeActionResolve(createCodeActionResolveHandler(codeActionDeps));

  connection.onCodeLens(
    createCodeLensHandler({
      documents,
      models,
      get settings() {
        return settings;
      },
      logError: (message) => connection.console.error(message),
    }),
  );

  documents.onDidChangeContent((event) => publisher?.schedule(event.document.uri));
  documents.onDidClose((event) => {
    const uri = event.document.uri;
    checker.forget(uri);
    models.forget(uri);
    settings.forget(uri);
    publisher?.clear(uri);
    cdk.documentClosed(uri);
  });

  connection.onShutdown(() => {
    publisher?.dispose();
    cdk.dispose();
  });

  documents.listen(connection);
  connection.listen();
}

/**
 * Runs the server on the transport named on the command line (`--stdio`, `--node-ipc`,
 * `--socket=N`, `--pipe=NAME`). `vpc-lint lsp --stdio` and the bundled `server/out/server.js`
 * call this.
 */
export function runLanguageServer(): void {
  startServer(createConnection(ProposedFeatures.all));
}
