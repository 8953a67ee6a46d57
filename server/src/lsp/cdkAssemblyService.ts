/**
 * CDK in the editor: finds the cloud assemblies (`cdk.out`) in the workspace folders, checks each
 * as a whole, and shows every finding on the line of the app's source (`bin/app.ts`,
 * `lib/web-stack.ts`) that created the flagged construct, with related information pointing at
 * the synthesised template. When the app is synthesised again the assembly changes on disk; the
 * service hears of it through `workspace/didChangeWatchedFiles` (registered dynamically when the
 * client can) or, for clients that cannot, through a file-system watcher, and refreshes.
 *
 * Push clients get `publishDiagnostics` for the source files, open or not. Pull clients get the
 * source files' diagnostics in their `textDocument/diagnostic` answers and a
 * `workspace/diagnostic/refresh` whenever they change. Nothing of the app runs: only `cdk.out`
 * and the app's source text are read.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  type FileEvent,
  type InitializeParams,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CdkAssemblyCache, checkCdkAssembly } from '../engine.js';
import type { Finding } from '../rules/types.js';
import { toDiagnostic } from './diagnosticConverter.js';
import { errorText } from './errorText.js';
import type { PushDiagnosticsPublisher } from './pushDiagnosticsPublisher.js';
import type { SettingsService } from './settingsService.js';

/** Glob patterns the client watches for us: any JSON of an assembly, and stray manifests. */
export const CDK_WATCH_PATTERNS = ['**/cdk.out/**/*.json', '**/manifest.json'];

/** A synthesis writes many files; one refresh after the burst is enough. */
export const CDK_REFRESH_DEBOUNCE_MS = 200;

/** How deep below a workspace folder assemblies are looked for, and how many folders at most. */
const DISCOVERY_MAX_DEPTH = 5;
const DISCOVERY_MAX_FOLDERS = 5000;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', '__pycache__', 'venv', '.venv', 'target']);

/** A pull result id is the document's own id and the CDK generation, joined by this. */
const RESULT_ID_SEPARATOR = '#cdk';

type PullHandler = (params: DocumentDiagnosticParams, token: CancellationToken) => Promise<DocumentDiagnosticReport>;

export interface CdkAssemblyServiceDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  settings(): SettingsService;
  /** The push publisher, when the client gets pushed diagnostics. */
  publisher(): PushDiagnosticsPublisher | undefined;
  /** Overrides the debounce (tests may want 0). */
  debounceMs?: number;
}

interface AssemblyState {
  /** Absolute path of the assembly folder. */
  dir: string;
  /** Diagnostics by source-file URI. */
  bySource: Map<string, Diagnostic[]>;
  /** The findings behind them (on the templates, with `source`), for code actions. */
  findings: Finding[];
  /** What the last check learnt: templates a synthesis rewrote unchanged are not checked again. */
  cache: CdkAssemblyCache;
}

/** True when a folder listing makes it a cloud assembly. */
function isAssembly(name: string, entries: ReadonlySet<string>): boolean {
  return entries.has('manifest.json') && (entries.has('cdk.out') || name === 'cdk.out');
}

/** The absolute path of a `file:` URI, or undefined for other schemes. */
function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

function parsesAsJson(file: string): boolean {
  try {
    JSON.parse(fs.readFileSync(file, 'utf8'));
    return true;
  } catch {
    return false;
  }
}

/** Indexes, watches and reports the workspace's cloud assemblies. */
export class CdkAssemblyService {
  private readonly assemblies = new Map<string, AssemblyState>();
  /** Per source URI: bumped whenever its diagnostics change; part of the pull result id. */
  private readonly generations = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly watchers: fs.FSWatcher[] = [];
  private folders: string[] = [];
  private mode: 'pull' | 'push' = 'push';
  private canRefresh = false;
  private canRegisterWatchers = false;
  private disposed = false;

  constructor(private readonly deps: CdkAssemblyServiceDeps) {}

  private get connection(): Connection {
    return this.deps.connection;
  }

  /** Takes the workspace folders and the client's abilities from `initialize`. */
  initialize(params: InitializeParams, mode: 'pull' | 'push'): void {
    this.mode = mode;
    const capabilities: ClientCapabilities = params.capabilities;
    this.canRefresh = capabilities.workspace?.diagnostics?.refreshSupport === true;
    this.canRegisterWatchers = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    const folders = uris.map(uriToPath).filter((p): p is string => p !== undefined);
    if (folders.length === 0 && typeof params.rootPath === 'string') folders.push(params.rootPath);
    this.folders = folders;
    const publisher = this.deps.publisher();
    if (publisher !== undefined) publisher.extraDiagnostics = (uri) => this.diagnosticsFor(uri);
  }

  /** After `initialized`: watch, then find and check every assembly. */
  start(): void {
    if (this.folders.length === 0) return;
    if (this.canRegisterWatchers) {
      this.connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: CDK_WATCH_PATTERNS.map((globPattern) => ({ globPattern })) })
        .catch((error: unknown) => {
          this.connection.console.warn(`Could not watch CDK assemblies through the client (${errorText(error)}); watching the disk instead.`);
          this.canRegisterWatchers = false;
          for (const dir of this.assemblies.keys()) this.watchAssembly(dir);
          for (const folder of this.folders) this.watchForNewAssemblies(folder);
        });
    }
    this.discover().catch((error: unknown) => {
      this.connection.console.error(`Looking for CDK assemblies failed: ${errorText(error)}`);
    });
  }

  /** CDK diagnostics for a source file, from every assembly that maps findings to it. */
  diagnosticsFor(uri: string): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const a of this.assemblies.values()) out.push(...(a.bySource.get(uri) ?? []));
    return out;
  }

  /** The findings shown on a source file, as the engine reported them (on their templates). */
  findingsFor(uri: string): Finding[] {
    const out: Finding[] = [];
    for (const a of this.assemblies.values()) {
      for (const f of a.findings) if (f.source !== undefined && pathToFileURL(path.resolve(f.source.file)).href === uri) out.push(f);
    }
    return out;
  }

  /** `workspace/didChangeWatchedFiles`: refresh each assembly a changed file belongs to. */
  filesChanged(changes: readonly FileEvent[]): void {
    for (const change of changes) {
      const file = uriToPath(change.uri);
      if (file === undefined) continue;
      const dir = this.assemblyOf(file, change.type);
      if (dir !== undefined) this.schedule(dir);
    }
  }

  /**
   * Wraps the pull handler: a source file that has (or had) CDK diagnostics gets them added to
   * its report, open or not, with a result id that changes when either part changes.
   */
  wrapPullHandler(inner: PullHandler): PullHandler {
    return async (params, token) => {
      const uri = params.textDocument.uri;
      if (!this.generations.has(uri)) return inner(params, token);
      const generation = String(this.generations.get(uri));
      const previous = params.previousResultId;
      const cut = previous?.lastIndexOf(RESULT_ID_SEPARATOR) ?? -1;
      const innerPrevious = previous !== undefined && cut >= 0 ? previous.slice(0, cut) : undefined;
      const previousGeneration = previous !== undefined && cut >= 0 ? previous.slice(cut + RESULT_ID_SEPARATOR.length) : undefined;
      const withoutPrevious = { ...params, previousResultId: undefined };
      let report = await inner(innerPrevious ? { ...params, previousResultId: innerPrevious } : withoutPrevious, token);
      if (report.kind === DocumentDiagnosticReportKind.Unchanged) {
        if (previousGeneration === generation) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: previous! };
        // The document's own part is unchanged but the CDK part is not: the client needs it all.
        report = await inner(withoutPrevious, token);
      }
      const resultId = `${report.resultId ?? ''}${RESULT_ID_SEPARATOR}${generation}`;
      // An unopened source file has no id of its own; the CDK generation alone says "unchanged".
      if (resultId === previous) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
      const own = report.kind === DocumentDiagnosticReportKind.Full ? report.items : [];
      const enabled = (await this.deps.settings().get(uri)).enable;
      return { kind: DocumentDiagnosticReportKind.Full, resultId, items: enabled ? [...own, ...this.diagnosticsFor(uri)] : own };
    };
  }

  /** A document closed: a push client's view of it was cleared, so publish its CDK part again. */
  documentClosed(uri: string): void {
    if (this.mode === 'push' && this.diagnosticsFor(uri).length > 0) void this.publish(uri);
  }

  /** The settings changed: publish the CDK part of closed source files again. */
  settingsChanged(): void {
    if (this.mode !== 'push') return;
    for (const uri of this.generations.keys()) if (this.deps.documents.get(uri) === undefined) void this.publish(uri);
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const w of this.watchers.splice(0)) w.close();
  }

  // ── discovery and watching ──────────────────────────────────────────────────

  private async discover(): Promise<void> {
    const found: string[] = [];
    let visited = 0;
    const walk = async (dir: string, depth: number): Promise<void> => {
      if (depth > DISCOVERY_MAX_DEPTH || visited >= DISCOVERY_MAX_FOLDERS || this.disposed) return;
      visited++;
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      if (isAssembly(path.basename(dir), new Set(entries.map((e) => e.name)))) {
        found.push(dir);
        return;
      }
      for (const e of entries) {
        if (e.isDirectory() && !SKIPPED_FOLDERS.has(e.name) && !(e.name.startsWith('.') && e.name !== '.')) await walk(path.join(dir, e.name), depth + 1);
      }
    };
    for (const folder of this.folders) {
      await walk(folder, 0);
      if (!this.canRegisterWatchers) this.watchForNewAssemblies(folder);
    }
    for (const dir of found) {
      if (!this.canRegisterWatchers) this.watchAssembly(dir);
      this.index(dir);
    }
    this.connection.console.info(`vpc-lint: ${found.length === 0 ? 'no CDK assemblies' : `CDK assemblies: ${found.join(', ')}`}`);
    this.announce([...new Set([...this.assemblies.values()].flatMap((a) => [...a.bySource.keys()]))]);
  }

  /**
   * The assembly a changed file belongs to: a known assembly above it, else the topmost
   * `cdk.out` folder above it (a new assembly), else nothing.
   */
  private assemblyOf(file: string, type: FileChangeType): string | undefined {
    let topCdkOut: string | undefined;
    let dir = type === FileChangeType.Deleted && path.basename(file) === 'cdk.out' ? file : path.dirname(file);
    for (let i = 0; i < 64; i++) {
      if (this.assemblies.has(dir)) return dir;
      if (path.basename(dir) === 'cdk.out') topCdkOut = dir;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    if (topCdkOut !== undefined && this.folders.some((f) => topCdkOut === f || topCdkOut!.startsWith(f + path.sep))) return topCdkOut;
    return undefined;
  }

  /** Fallback for clients that cannot watch files for us: the disk, recursively, per assembly. */
  private watchAssembly(dir: string): void {
    if (this.disposed) return;
    try {
      const watcher = fs.watch(dir, { recursive: true, persistent: false }, (_event, name) => {
        if (name === null || /\.json$/i.test(String(name)) || String(name) === 'cdk.out') this.schedule(dir);
      });
      watcher.on('error', () => watcher.close());
      this.watchers.push(watcher);
    } catch (error) {
      this.connection.console.warn(`Cannot watch ${dir}: ${errorText(error)}; re-open the folder after synthesising.`);
    }
  }

  /** Notices a `cdk.out` that appears at the top of a workspace folder after start-up. */
  private watchForNewAssemblies(folder: string): void {
    if (this.disposed) return;
    try {
      const watcher = fs.watch(folder, { persistent: false }, (_event, name) => {
        if (String(name) !== 'cdk.out') return;
        const dir = path.join(folder, 'cdk.out');
        if (!this.assemblies.has(dir)) {
          this.watchAssembly(dir);
          this.schedule(dir);
        }
      });
      watcher.on('error', () => watcher.close());
      this.watchers.push(watcher);
    } catch {
      // A folder that cannot be watched still had its assemblies indexed at start-up.
    }
  }

  // ── indexing and reporting ──────────────────────────────────────────────────

  private schedule(dir: string): void {
    if (this.disposed) return;
    const pending = this.timers.get(dir);
    if (pending !== undefined) clearTimeout(pending);
    this.timers.set(
      dir,
      setTimeout(() => {
        this.timers.delete(dir);
        const before = new Set(this.assemblies.get(dir)?.bySource.keys() ?? []);
        this.index(dir);
        const after = this.assemblies.get(dir)?.bySource.keys() ?? [];
        this.announce([...new Set([...before, ...after])]);
      }, this.deps.debounceMs ?? CDK_REFRESH_DEBOUNCE_MS),
    );
  }

  /** (Re)checks one assembly and records which source files' diagnostics changed. */
  private index(dir: string): void {
    const previous = this.assemblies.get(dir);
    let bySource = new Map<string, Diagnostic[]>();
    let findings: Finding[] = [];
    const manifest = path.join(dir, 'manifest.json');
    if (fs.existsSync(manifest)) {
      // A manifest that does not parse is most likely being written by a synthesis still under
      // way; keep what is shown until the write that completes it.
      if (previous !== undefined && !parsesAsJson(manifest)) return;
      const cache = previous?.cache ?? new CdkAssemblyCache();
      try {
        const result = checkCdkAssembly(dir, {
          onRuleError: (rule, error) => this.connection.console.error(`Rule ${rule} failed on ${dir}: ${errorText(error)}`),
          assemblyCache: cache,
        });
        bySource = this.toSourceDiagnostics(result.findings);
        findings = result.findings;
        for (const u of result.unreadable) this.connection.tracer.log(`${u.file}: ${u.message}`);
      } catch (error) {
        this.connection.console.error(`Checking the CDK assembly ${dir} failed: ${errorText(error)}`);
        return;
      }
      this.assemblies.set(dir, { dir, bySource, findings, cache });
    } else {
      // The assembly was deleted (`cdk.out` removed); its diagnostics go with it.
      this.assemblies.delete(dir);
    }
    const uris = new Set([...(previous?.bySource.keys() ?? []), ...bySource.keys()]);
    for (const uri of uris) {
      const was = JSON.stringify(previous?.bySource.get(uri) ?? []);
      const now = JSON.stringify(bySource.get(uri) ?? []);
      if (was !== now || !this.generations.has(uri)) this.generations.set(uri, (this.generations.get(uri) ?? 0) + 1);
    }
  }

  /** Findings that know their source line, as diagnostics on that line. */
  private toSourceDiagnostics(findings: readonly Finding[]): Map<string, Diagnostic[]> {
    const out = new Map<string, Diagnostic[]>();
    for (const f of findings) {
      if (f.source === undefined) continue;
      const sourceUri = pathToFileURL(path.resolve(f.source.file)).href;
      const template = path.basename(f.file);
      const onSource: Finding = {
        ...f,
        file: f.source.file,
        range: f.source.range,
        related: [
          { file: path.resolve(f.file), range: f.range, message: `Synthesised as ${f.resource} (${f.resourceType}) in ${template}${f.cdkPath ? `, construct ${f.cdkPath}` : ''}` },
          ...(f.related ?? []).map((r) => ({ ...r, file: path.resolve(r.file) })),
        ],
      };
      const list = out.get(sourceUri) ?? [];
      list.push(toDiagnostic(onSource, sourceUri));
      out.set(sourceUri, list);
    }
    return out;
  }

  /** Tells the client that these source files' diagnostics may have changed. */
  private announce(uris: string[]): void {
    if (this.disposed) return;
    if (this.mode === 'pull') {
      if (!this.canRefresh) return;
      this.connection.languages.diagnostics
        .refresh()
        .catch((error: unknown) => this.connection.console.warn(`Diagnostics refresh failed: ${errorText(error)}`));
      return;
    }
    for (const uri of uris) void this.publish(uri);
  }

  /** Push: an open document goes through the publisher (its own and the CDK part); others directly. */
  private async publish(uri: string): Promise<void> {
    try {
      const publisher = this.deps.publisher();
      if (this.deps.documents.get(uri) !== undefined && publisher !== undefined) {
        publisher.schedule(uri);
        return;
      }
      const enabled = (await this.deps.settings().get(uri)).enable;
      await this.connection.sendDiagnostics({ uri, diagnostics: enabled ? this.diagnosticsFor(uri) : [] });
    } catch (error) {
      this.connection.console.error(`Publishing CDK diagnostics for ${uri} failed: ${errorText(error)}`);
    }
  }
}
