/**
 * Caches each open document's network model and exposures by (uri, version), for the features
 * that draw the network: the traffic-path request and CodeLens. Diagnostics have their own cache
 * (documentChecker.ts); both are dropped together when a document closes or settings change.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { modelDocument, type DocumentModel } from '../documentModel.js';
import { errorText } from './errorText.js';
import type { YamlBlockCache } from '../engine.js';
import type { AnalysisSettings } from './documentChecker.js';

export class DocumentModels {
  private readonly cache = new Map<string, { version: number; key: string; model: DocumentModel | undefined }>();

  /**
   * @param analysisSettings the trusted ranges that apply to a document, as for its diagnostics.
   * @param blocks the document's YAML block cache, shared with its diagnostics.
   */
  constructor(
    private readonly logError: (message: string) => void,
    private readonly analysisSettings: (uri: string) => Promise<AnalysisSettings> = async () => ({}),
    private readonly blocks: (uri: string) => YamlBlockCache | undefined = () => undefined,
  ) {}

  /** The model of this exact document version, built at most once; `undefined` if not a template. */
  async get(document: TextDocument): Promise<DocumentModel | undefined> {
    const options = await this.analysisSettings(document.uri);
    const key = (options.trustedCidrs ?? []).join(',');
    const cached = this.cache.get(document.uri);
    if (cached !== undefined && cached.version === document.version && cached.key === key) return cached.model;
    let model: DocumentModel | undefined;
    try {
      // The URI is the file name the model sees, so every site in it comes back as this URI.
      model = modelDocument(document.uri, document.getText(), { incremental: this.blocks(document.uri), trustedCidrs: options.trustedCidrs });
    } catch (error) {
      this.logError(`vpc-lint could not model ${document.uri}: ${errorText(error)}`);
    }
    this.cache.set(document.uri, { version: document.version, key, model });
    return model;
  }

  /** Drops one document (closed) or every document. */
  forget(uri?: string): void {
    if (uri === undefined) this.cache.clear();
    else this.cache.delete(uri);
  }
}
