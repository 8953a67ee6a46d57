/**
 * Runs the engine on open documents and caches the diagnostics by (uri, version), so that a
 * repeated pull of an unchanged document costs nothing and can be answered with "unchanged".
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { checkDocument, YamlBlockCache } from '../engine.js';
import type { Diagnostic } from 'vscode-languageserver/node';
import { toDiagnostic } from './diagnosticConverter.js';
import { errorText } from './errorText.js';

/** The diagnostics of one document version. */
export interface CheckedDocument {
  uri: string;
  version: number;
  /** Changes whenever the diagnostics were computed afresh; the pull model's `resultId`. */
  resultId: string;
  diagnostics: Diagnostic[];
}

/** Where the checker reports what it had to drop. */
export interface CheckerLog {
  error(message: string): void;
  trace(message: string): void;
}

/** Computes and caches diagnostics per document version. */
export class DocumentChecker {
  private readonly cache = new Map<string, CheckedDocument>();
  /** Parsed YAML blocks per open document: an edit re-reads only the blocks it touched. */
  private readonly blocks = new Map<string, YamlBlockCache>();
  private nextResultId = 1;

  constructor(private readonly log: CheckerLog) {}

  /** The diagnostics of this exact document version, computed at most once. */
  check(document: TextDocument): CheckedDocument {
    const cached = this.cache.get(document.uri);
    if (cached !== undefined && cached.version === document.version) return cached;
    const checked: CheckedDocument = {
      uri: document.uri,
      version: document.version,
      resultId: String(this.nextResultId++),
      diagnostics: this.diagnose(document),
    };
    this.cache.set(document.uri, checked);
    return checked;
  }

  /** Drops one document (closed) or every document (settings changed). */
  forget(uri?: string): void {
    if (uri === undefined) this.cache.clear();
    else {
      this.cache.delete(uri);
      this.blocks.delete(uri);
    }
  }

  private diagnose(document: TextDocument): Diagnostic[] {
    const uri = document.uri;
    try {
      // The URI is the file name the engine sees, so every location it reports in this
      // document comes back as this URI (see fileToUri).
      let incremental = this.blocks.get(uri);
      if (!incremental) this.blocks.set(uri, (incremental = new YamlBlockCache()));
      const result = checkDocument(uri, document.getText(), {
        incremental,
        onRuleError: (rule, error) => this.log.error(`Rule ${rule} failed on ${uri}: ${errorText(error)}`),
      });
      if (!result.recognized) {
        this.log.trace(`${uri}: not an input vpc-lint reads; no diagnostics`);
        return [];
      }
      const diagnostics: Diagnostic[] = [];
      for (const finding of result.findings) {
        if (finding.file !== uri) {
          // A finding that belongs to another file would be drawn at a wrong place here.
          this.log.trace(`${uri}: skipped ${finding.ruleId} reported for ${finding.file}`);
          continue;
        }
        diagnostics.push(toDiagnostic(finding, uri));
      }
      return diagnostics;
    } catch (error) {
      this.log.error(`vpc-lint failed on ${uri}: ${errorText(error)}`);
      return [];
    }
  }
}
