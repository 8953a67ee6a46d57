/**
 * Builds the language client: how the server is started, which documents it sees, and how the
 * client reacts when the server fails.
 */
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  ResponseError,
  RevealOutputChannelOn,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type Message,
  type ServerOptions,
  vsdiag,
} from 'vscode-languageclient/node';
import { isCheckedFile, readSettingsFor, SETTINGS_SECTION } from './config.js';
import type { Log } from './log.js';

/** The client id; the language client reads `vpcLint.trace.server` because of it. */
export const CLIENT_ID = 'vpcLint';

/** The server bundle, relative to the extension root (esbuild writes it). */
export const SERVER_MODULE = 'server/out/server.js';

/** Files the server sees: YAML and JSON templates, and `*.template` files of any language. */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'file', language: 'json' },
  { scheme: 'file', language: 'jsonc' },
  { scheme: 'file', pattern: '**/*.template' },
  // Terraform modules (HCL and JSON).
  { scheme: 'file', language: 'terraform' },
  { scheme: 'file', pattern: '**/*.tf' },
  // CDK apps: the server puts an assembly's findings on the line that created the construct.
  { scheme: 'file', language: 'typescript' },
  { scheme: 'file', language: 'javascript' },
  { scheme: 'file', language: 'python' },
];

/** How many times the server may exit within {@link RESTART_WINDOW_MS} and still be restarted. */
export const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;
/** Connection errors in a row tolerated before the client shuts the connection down. */
const MAX_CONSECUTIVE_ERRORS = 3;

/**
 * Restarts a crashed server up to {@link MAX_RESTARTS} times in a rolling window, then gives up
 * with a message instead of restarting forever.
 */
export class RestartingErrorHandler implements ErrorHandler {
  private readonly exits: number[] = [];

  constructor(
    private readonly log: Log,
    private readonly now: () => number = Date.now,
  ) {}

  error(error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    this.log.error('Connection to the vpc-lint server failed', error);
    if (count !== undefined && count <= MAX_CONSECUTIVE_ERRORS) return { action: ErrorAction.Continue };
    return { action: ErrorAction.Shutdown };
  }

  closed(): CloseHandlerResult {
    const now = this.now();
    this.exits.push(now);
    while (this.exits.length > 0 && now - this.exits[0]! > RESTART_WINDOW_MS) this.exits.shift();
    if (this.exits.length <= MAX_RESTARTS) {
      this.log.warn(`The vpc-lint server stopped; restarting (${this.exits.length} of ${MAX_RESTARTS}).`);
      return { action: CloseAction.Restart };
    }
    return {
      action: CloseAction.DoNotRestart,
      message: `The vpc-lint server stopped ${this.exits.length} times in three minutes and will not be restarted. See the vpc-lint output for details.`,
    };
  }
}

/** Creates (but does not start) the language client. */
export function createClient(context: vscode.ExtensionContext, log: Log): LanguageClient {
  const serverModule = context.asAbsolutePath(SERVER_MODULE);
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: log.channel,
    traceOutputChannel: log.channel,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler: new RestartingErrorHandler(log),
    middleware: {
      workspace: {
        // Answer the server's settings requests with complete, typed settings (defaults filled
        // in) rather than VS Code's raw configuration object.
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (answers instanceof ResponseError || !Array.isArray(answers)) return answers;
          return params.items.map((item, index) =>
            item.section === SETTINGS_SECTION ? readSettingsFor(item.scopeUri) : answers[index],
          );
        },
      },
      // `vpcLint.files` (include/exclude globs) is matched here, where VS Code matches globs.
      provideDiagnostics: (document, previousResultId, token, next) =>
        document instanceof vscode.Uri || isCheckedFile(document)
          ? next(document, previousResultId, token)
          : { kind: vsdiag.DocumentDiagnosticReportKind.full, items: [] },
      provideCodeLenses: (document, token, next) => (isCheckedFile(document) ? next(document, token) : []),
    },
  };
  return new LanguageClient(CLIENT_ID, 'vpc-lint', serverOptions, clientOptions);
}
