/**
 * `textDocument/publishDiagnostics` (push model) for clients without pull diagnostics, such as
 * Neovim 0.7 and eglot 1.9. Each document is checked once typing pauses, and its diagnostics are
 * cleared when it closes.
 */
import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentChecker } from './documentChecker.js';
import type { SettingsService } from './settingsService.js';
import { applyRuleLevels, effectiveRuleLevels, analysisSettingsFor, type ProjectConfigs } from './ruleSettings.js';
import { errorText } from './errorText.js';

/** How long a document must stay unchanged before it is checked and published. */
export const PUSH_DEBOUNCE_MS = 150;

/** Debounces and publishes diagnostics per URI. */
export class PushDiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /**
   * Diagnostics that other sources hold for a document and that are published with its own,
   * e.g. CDK findings on the line of an app's source file (see cdkAssemblyService.ts).
   */
  extraDiagnostics: (uri: string) => Diagnostic[] = () => [];

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly checker: DocumentChecker,
    private readonly settings: SettingsService,
    private readonly delayMs = PUSH_DEBOUNCE_MS,
    /** `.vpc-lint.yaml` files; their rule levels apply under the `vpcLint.rules` setting's. */
    private readonly configs?: ProjectConfigs,
  ) {}

  /** (Re)starts the document's timer; only the last of a burst of changes is checked. */
  schedule(uri: string): void {
    const pending = this.timers.get(uri);
    if (pending !== undefined) clearTimeout(pending);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.publish(uri);
      }, this.delayMs),
    );
  }

  /** Schedules every open document, e.g. after the settings changed. */
  scheduleAll(): void {
    for (const document of this.documents.all()) this.schedule(document.uri);
  }

  /** Cancels a pending check and clears what the client shows for the document. */
  clear(uri: string): void {
    const pending = this.timers.get(uri);
    if (pending !== undefined) clearTimeout(pending);
    this.timers.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] }).catch((error: unknown) => {
      this.connection.console.error(`Clearing diagnostics for ${uri} failed: ${errorText(error)}`);
    });
  }

  /** Stops every pending timer (shutdown). */
  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private async publish(uri: string): Promise<void> {
    try {
      const document = this.documents.get(uri);
      if (document === undefined) return;
      const settings = await this.settings.get(uri);
      // A newer change or a close while the settings were fetched has its own timer or clear.
      const current = this.documents.get(uri);
      if (current === undefined || current.version !== document.version || this.timers.has(uri)) return;
      const own = settings.enable ? (await this.checker.checkAsync(current, analysisSettingsFor(this.configs?.forDocument(uri), settings))).diagnostics : [];
      // The HCL parser is asynchronous: a newer version may have arrived meanwhile.
      if (this.documents.get(uri)?.version !== current.version) return;
      const levels = effectiveRuleLevels(this.configs?.forDocument(uri), settings.rules);
      const diagnostics = settings.enable ? applyRuleLevels([...own, ...this.extraDiagnostics(uri)], levels) : [];
      await this.connection.sendDiagnostics({ uri, version: current.version, diagnostics });
    } catch (error) {
      this.connection.console.error(`Publishing diagnostics for ${uri} failed: ${errorText(error)}`);
    }
  }
}
