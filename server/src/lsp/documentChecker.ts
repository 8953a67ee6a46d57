/**
 * Runs the engine on open documents and caches the diagnostics by (uri, version), so that a
 * repeated pull of an unchanged document costs nothing and can be answered with "unchanged".
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { checkDocument, checkTerraformModuleAsync, locatePlanFindings, YamlBlockCache } from '../engine.js';
import type { Diagnostic } from 'vscode-languageserver/node';
import { toDiagnostic } from './diagnosticConverter.js';
import { errorText } from './errorText.js';
import { isTerraformSource, planConfigReader, terraformModuleFiles } from './terraformModuleFiles.js';

/** The diagnostics of one document version. */
export interface CheckedDocument {
  uri: string;
  version: number;
  /** The analysis options the diagnostics were computed with. */
  optionsKey?: string;
  /** Changes whenever the diagnostics were computed afresh; the pull model's `resultId`. */
  resultId: string;
  diagnostics: Diagnostic[];
}

/** Settings that change what the analysis finds (not merely how findings are shown). */
export interface AnalysisSettings {
  trustedCidrs?: readonly string[];
}

function optionsKey(o: AnalysisSettings): string {
  return (o.trustedCidrs ?? []).join(',');
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

  /**
   * @param openText the text of an open document by URI, so a module check sees unsaved edits
   *   of the other files of the folder too.
   */
  constructor(
    private readonly log: CheckerLog,
    private readonly openText: (uri: string) => string | undefined = () => undefined,
  ) {}

  /** The diagnostics of this exact document version (and analysis options), computed at most once. */
  check(document: TextDocument, options: AnalysisSettings = {}): CheckedDocument {
    return this.cached(document, options) ?? this.store(document, options, this.diagnose(document, options));
  }

  /**
   * Like {@link check}, for every input: a Terraform file is checked with the rest of its folder
   * (one module; open buffers win over the disk), which needs the asynchronous HCL parser.
   */
  async checkAsync(document: TextDocument, options: AnalysisSettings = {}): Promise<CheckedDocument> {
    if (!isTerraformSource(document.uri)) return this.check(document, options);
    return this.cached(document, options) ?? this.store(document, options, await this.diagnoseTerraform(document, options));
  }

  /** The document's YAML block cache; the network model of the same version reads through it too. */
  blockCache(uri: string): YamlBlockCache {
    let cache = this.blocks.get(uri);
    if (!cache) this.blocks.set(uri, (cache = new YamlBlockCache()));
    return cache;
  }

  private cached(document: TextDocument, options: AnalysisSettings): CheckedDocument | undefined {
    const cached = this.cache.get(document.uri);
    return cached !== undefined && cached.version === document.version && cached.optionsKey === optionsKey(options) ? cached : undefined;
  }

  private store(document: TextDocument, options: AnalysisSettings, diagnostics: Diagnostic[]): CheckedDocument {
    const checked: CheckedDocument = {
      uri: document.uri,
      version: document.version,
      resultId: String(this.nextResultId++),
      diagnostics,
      optionsKey: optionsKey(options),
    };
    this.cache.set(document.uri, checked);
    return checked;
  }

  private async diagnoseTerraform(document: TextDocument, options: AnalysisSettings): Promise<Diagnostic[]> {
    const uri = document.uri;
    try {
      const files = terraformModuleFiles(document, this.openText);
      const findings = await checkTerraformModuleAsync(files, {
        trustedCidrs: options.trustedCidrs,
        onRuleError: (rule, error) => this.log.error(`Rule ${rule} failed on ${uri}: ${errorText(error)}`),
      });
      return findings.filter((f) => f.file === uri).map((f) => toDiagnostic(f, uri));
    } catch (error) {
      this.log.error(`vpc-lint failed on ${uri}: ${errorText(error)}`);
      return [];
    }
  }

  /** Drops one document (closed) or every document (settings changed). */
  forget(uri?: string): void {
    if (uri === undefined) this.cache.clear();
    else {
      this.cache.delete(uri);
      this.blocks.delete(uri);
    }
  }

  private diagnose(document: TextDocument, options: AnalysisSettings): Diagnostic[] {
    const uri = document.uri;
    if (SOURCE_CODE.test(uri)) return []; // CDK app sources: their diagnostics come from the assembly
    try {
      // The URI is the file name the engine sees, so every location it reports in this
      // document comes back as this URI (see fileToUri).
      const incremental = this.blockCache(uri);
      const result = checkDocument(uri, document.getText(), {
        trustedCidrs: options.trustedCidrs,
        incremental,
        onRuleError: (rule, error) => this.log.error(`Rule ${rule} failed on ${uri}: ${errorText(error)}`),
      });
      if (!result.recognized) {
        this.log.trace(`${uri}: not an input vpc-lint reads; no diagnostics`);
        return [];
      }
      // A plan next to its configuration: each diagnostic also links to the .tf block.
      if (result.format === 'terraform-plan' && uri.startsWith('file:')) locatePlanFindings(result.findings, uri, document.getText(), planConfigReader(uri, this.openText));
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

/** Programming-language sources never hold a template; the engine is not run on them. */
const SOURCE_CODE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|py|java|cs|go)$/i;
