/**
 * A small LSP client for the editor-latency benchmark: spawns a language server over stdio,
 * opens one document, applies edits and measures the time from sending `didChange` to the
 * diagnostics for that edit (a `textDocument/diagnostic` response for a pull client, the
 * `publishDiagnostics` for a push client).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type MessageConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { now } from './measure.js';

export type DiagnosticsStyle = 'pull' | 'push';

export interface ServerSpec {
  /** Node arguments: the server's script and its own flags. */
  args: string[];
  cwd: string;
  style: DiagnosticsStyle;
  /** Answers `workspace/configuration` for a section; undefined when the client should not announce it. */
  configuration?: (section: string | undefined) => unknown;
}

/** A text edit as LSP sends it, in the document's lines and UTF-16 characters. */
export interface Edit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

export class LspSession {
  private readonly connection: MessageConnection;
  private readonly child: ChildProcess;
  private version = 1;
  private waiters: ((p: PublishDiagnosticsParams) => void)[] = [];
  stderr = '';

  private constructor(
    private readonly spec: ServerSpec,
    readonly uri: string,
  ) {
    this.child = spawn(process.execPath, spec.args, { cwd: spec.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (d: Buffer) => {
      if (this.stderr.length < 10_000) this.stderr += d.toString();
    });
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      if (p.uri !== this.uri) return;
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w(p);
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map((i) => spec.configuration?.(i.section) ?? null));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.listen();
  }

  /** Starts the server, initialises it and opens the document. */
  static async open(spec: ServerSpec, uri: string, languageId: string, text: string): Promise<LspSession> {
    const s = new LspSession(spec, uri);
    await s.initialize();
    const first = spec.style === 'push' ? s.nextPublish() : undefined;
    await s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: s.version, text } });
    if (first) await first;
    else await s.pull();
    return s;
  }

  private async initialize(): Promise<void> {
    const capabilities: ClientCapabilities = {
      textDocument: {
        synchronization: { dynamicRegistration: false, didSave: false },
        publishDiagnostics: { versionSupport: true, relatedInformation: true },
        ...(this.spec.style === 'pull' ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      },
      workspace: this.spec.configuration ? { configuration: true, didChangeConfiguration: { dynamicRegistration: false } } : {},
    };
    await this.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities });
    await this.connection.sendNotification('initialized', {});
  }

  /** Resolves with the next `publishDiagnostics` for the document (optionally: for this version). */
  nextPublish(version?: number): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => {
      const wait = (p: PublishDiagnosticsParams) => {
        if (version !== undefined && p.version !== undefined && p.version !== version) this.waiters.push(wait);
        else resolve(p);
      };
      this.waiters.push(wait);
    });
  }

  /** Waits until a publish has no diagnostics at all (the server parsed the file cleanly), or times out. */
  async settleClean(timeoutMs: number): Promise<boolean> {
    const deadline = now() + timeoutMs;
    for (;;) {
      const left = deadline - now();
      if (left <= 0) return false;
      const p = await Promise.race([this.nextPublish(), new Promise<undefined>((r) => setTimeout(() => r(undefined), left))]);
      if (p === undefined) return false;
      if (p.diagnostics.length === 0) return true;
    }
  }

  pull(): Promise<{ kind: string; items?: unknown[] }> {
    return this.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: this.uri } });
  }

  /**
   * Sends one edit and resolves with the milliseconds until its diagnostics arrived and how many
   * there were.
   */
  async edit(edit: Edit): Promise<{ ms: number; diagnostics: number }> {
    const version = ++this.version;
    const published = this.spec.style === 'push' ? this.nextPublish(version) : undefined;
    const t0 = now();
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: this.uri, version }, contentChanges: [edit] });
    if (published) {
      const p = await published;
      return { ms: now() - t0, diagnostics: p.diagnostics.length };
    }
    const report = await this.pull();
    return { ms: now() - t0, diagnostics: report.items?.length ?? 0 };
  }

  async changeConfiguration(settings: unknown): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings });
  }

  /** Shuts the server down politely, then makes sure the process is gone. */
  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) resolve();
      else this.child.once('exit', () => resolve());
    });
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone; the kill below covers it.
    }
    const timer = setTimeout(() => this.child.kill(), 5000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}

/** The position of a UTF-16 offset in `text`. */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}
