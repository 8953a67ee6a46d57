/**
 * Caches each open document's network model and exposures by (uri, version), for the features
 * that draw the network: the traffic-path request and CodeLens. Diagnostics have their own cache
 * (documentChecker.ts); both are dropped together when a document closes or settings change.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { modelDocument, type DocumentModel } from '../documentModel.js';
import { errorText } from './errorText.js';

export class DocumentModels {
  private readonly cache = new Map<string, { version: number; model: DocumentModel | undefined }>();

  constructor(private readonly logError: (message: string) => void) {}

  /** The model of this exact document version, built at most once; `undefined` if not a template. */
  get(document: TextDocument): DocumentModel | undefined {
    const cached = this.cache.get(document.uri);
    if (cached !== undefined && cached.version === document.version) return cached.model;
    let model: DocumentModel | undefined;
    try {
      // The URI is the file name the model sees, so every site in it comes back as this URI.
      model = modelDocument(document.uri, document.getText());
    } catch (error) {
      this.logError(`vpc-lint could not model ${document.uri}: ${errorText(error)}`);
    }
    this.cache.set(document.uri, { version: document.version, model });
    return model;
  }

  /** Drops one document (closed) or every document. */
  forget(uri?: string): void {
    if (uri === undefined) this.cache.clear();
    else this.cache.delete(uri);
  }
}
