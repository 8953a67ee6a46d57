/**
 * Code actions for vpc-lint diagnostics. Fixes are looked up by the diagnostic's code (the rule
 * slug) and resource, never by message text; edits are versioned, so a client never applies them
 * to a document that changed since.
 */
import {
  CodeActionKind,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextDocuments,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { checkDocument } from '../engine.js';
import { fixesFor, type CodeFix } from '../fix/index.js';
import type { Finding } from '../rules/types.js';
import { DIAGNOSTIC_SOURCE } from '../../../protocol/src/lspExtensions.js';

/** What a deferred action carries until the client resolves it. */
interface ActionData {
  uri: string;
  version: number;
  ruleId: string;
  resource: string;
  line: number;
  character: number;
  title: string;
}

export interface CodeActionDeps {
  documents: TextDocuments<TextDocument>;
  /** True when the client can resolve an action's edit later (VS Code): previews are computed then. */
  resolveEdits(): boolean;
  /**
   * What the client announced under `workspace.workspaceEdit`: `documentChanges` (versioned edits)
   * and `changeAnnotationSupport`. Without this, both are assumed (what VS Code and Neovim 0.7 can
   * apply); a client that announces neither gets plain `changes`.
   */
  workspaceEdit?(): { documentChanges: boolean; changeAnnotations: boolean };
  logError(message: string): void;
}

function findingFor(doc: TextDocument, d: Diagnostic): Finding | undefined {
  if (d.source !== DIAGNOSTIC_SOURCE) return undefined;
  const data = d.data as { ruleId?: string; resource?: string } | undefined;
  const ruleId = data?.ruleId ?? (typeof d.code === 'string' ? d.code : undefined);
  if (!ruleId) return undefined;
  const { findings } = checkDocument(doc.uri, doc.getText());
  return findings.find(
    (f) => f.ruleId === ruleId && (data?.resource === undefined || f.resource === data.resource) && f.range.start.line === d.range.start.line && f.range.start.character === d.range.start.character,
  );
}

function toEdit(doc: TextDocument, fix: CodeFix, deps: CodeActionDeps): WorkspaceEdit {
  const support = deps.workspaceEdit?.() ?? { documentChanges: true, changeAnnotations: true };
  // Versioned edits whenever the client takes them: never applied to a text that changed since.
  if (!support.documentChanges) return { changes: { [doc.uri]: fix.edits } };
  const needsConfirmation = fix.preview !== undefined && support.changeAnnotations;
  const annotationId = 'vpc-lint-fix';
  return {
    documentChanges: [
      {
        textDocument: { uri: doc.uri, version: doc.version },
        edits: fix.edits.map((e) => (needsConfirmation ? { ...e, annotationId } : e)),
      },
    ],
    ...(needsConfirmation ? { changeAnnotations: { [annotationId]: { label: fix.title, needsConfirmation: true, description: fix.preview } } } : {}),
  };
}

function toAction(doc: TextDocument, d: Diagnostic, fix: CodeFix, edit: WorkspaceEdit | undefined, data?: ActionData): CodeAction {
  return {
    title: fix.title,
    kind: fix.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite,
    diagnostics: [d],
    ...(fix.isPreferred ? { isPreferred: true } : {}),
    ...(edit ? { edit } : {}),
    ...(data ? { data } : {}),
  };
}

export function createCodeActionHandler(deps: CodeActionDeps) {
  return (params: CodeActionParams, token?: CancellationToken): CodeAction[] => {
    try {
      const doc = deps.documents.get(params.textDocument.uri);
      if (!doc) return [];
      const only = params.context.only;
      if (only && !only.some((k) => k === CodeActionKind.QuickFix || k.startsWith(`${CodeActionKind.QuickFix}.`) || CodeActionKind.QuickFix.startsWith(k))) return [];
      const out: CodeAction[] = [];
      for (const d of params.context.diagnostics) {
        if (token?.isCancellationRequested) return [];
        const finding = findingFor(doc, d);
        if (!finding) continue;
        for (const fix of fixesFor(doc.uri, doc.getText(), finding)) {
          if (deps.resolveEdits()) {
            const data: ActionData = { uri: doc.uri, version: doc.version, ruleId: finding.ruleId, resource: finding.resource, line: d.range.start.line, character: d.range.start.character, title: fix.title };
            out.push(toAction(doc, d, fix, undefined, data));
          } else out.push(toAction(doc, d, fix, toEdit(doc, fix, deps)));
        }
      }
      return out;
    } catch (error) {
      deps.logError(`Code actions failed: ${String(error)}`);
      return [];
    }
  };
}

export function createCodeActionResolveHandler(deps: CodeActionDeps) {
  return (action: CodeAction): CodeAction => {
    try {
      const data = action.data as ActionData | undefined;
      if (!data) return action;
      const doc = deps.documents.get(data.uri);
      // The document moved on since the action was offered: offer nothing rather than a wrong edit.
      if (!doc || doc.version !== data.version) return { ...action, disabled: { reason: 'The document changed; ask for quick fixes again.' } };
      const d = action.diagnostics?.[0] ?? ({ range: { start: { line: data.line, character: data.character }, end: { line: data.line, character: data.character } }, source: DIAGNOSTIC_SOURCE, code: data.ruleId, data: { ruleId: data.ruleId, resource: data.resource }, message: '' } as Diagnostic);
      const finding = findingFor(doc, d);
      if (!finding) return { ...action, disabled: { reason: 'The finding is gone.' } };
      const fix = fixesFor(doc.uri, doc.getText(), finding, { preview: true }).find((f) => f.title === data.title);
      if (!fix) return { ...action, disabled: { reason: 'This fix no longer applies.' } };
      return { ...action, edit: toEdit(doc, fix, deps) };
    } catch (error) {
      deps.logError(`Resolving a code action failed: ${String(error)}`);
      return action;
    }
  };
}
