/**
 * `textDocument/diagnostic` (pull model, LSP 3.17) for clients that announce
 * `textDocument.diagnostic`. The client decides when to pull and cancels stale pulls.
 */
import {
  DocumentDiagnosticReportKind,
  type CancellationToken,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentChecker } from './documentChecker.js';
import type { SettingsService } from './settingsService.js';
import { applyRuleLevels, effectiveRuleLevels, analysisSettingsFor, ruleLevelsKey, type ProjectConfigs } from './ruleSettings.js';
import { errorText } from './errorText.js';

const EMPTY: DocumentDiagnosticReport = { kind: DocumentDiagnosticReportKind.Full, items: [] };

/** What the handler needs; passed in so that it can be built and tested without a server. */
export interface PullDiagnosticsDeps {
  documents: TextDocuments<TextDocument>;
  checker: DocumentChecker;
  settings: SettingsService;
  /** `.vpc-lint.yaml` files; their rule levels apply under the `vpcLint.rules` setting's. */
  configs?: ProjectConfigs;
  logError(message: string): void;
}

/**
 * Builds the handler. It answers `unchanged` when the client already holds the current result,
 * an empty full report for closed, disabled or unrecognised documents, and never throws.
 */
export function createPullDiagnosticsHandler(deps: PullDiagnosticsDeps) {
  return async (params: DocumentDiagnosticParams, token: CancellationToken): Promise<DocumentDiagnosticReport> => {
    const uri = params.textDocument.uri;
    try {
      const document = deps.documents.get(uri);
      if (document === undefined) return EMPTY;
      const settings = await deps.settings.get(uri);
      if (!settings.enable || token.isCancellationRequested) return EMPTY;
      // The document may have changed or closed while the settings were fetched; check what is
      // open now, and cache nothing for a closed document.
      const current = deps.documents.get(uri);
      if (current === undefined) return EMPTY;
      const checked = await deps.checker.checkAsync(current, analysisSettingsFor(deps.configs?.forDocument(uri), settings));
      // Rule levels apply to the cached diagnostics; they are part of the result id, so that a
      // changed `.vpc-lint.yaml` is re-sent even when the document is unchanged.
      const levels = effectiveRuleLevels(deps.configs?.forDocument(uri), settings.rules);
      const resultId = `${checked.resultId}:${ruleLevelsKey(levels)}`;
      if (params.previousResultId === resultId) {
        return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
      }
      return { kind: DocumentDiagnosticReportKind.Full, resultId, items: applyRuleLevels(checked.diagnostics, levels) };
    } catch (error) {
      deps.logError(`Diagnostics for ${uri} failed: ${errorText(error)}`);
      return EMPTY;
    }
  };
}
