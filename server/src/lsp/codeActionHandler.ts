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
import { checkDocument, checkTerraformModuleAsync, type TerraformModuleFile, type YamlBlockCache } from '../engine.js';
import type { AnalysisSettings } from './documentChecker.js';
import { readFileSync } from 'node:fs';
import { cdkFrontDoorFix, fixesForAsync, type CodeFix } from '../fix/index.js';
import type { Finding } from '../rules/types.js';
import { DIAGNOSTIC_SOURCE } from '../../../protocol/src/lspExtensions.js';
import { isTerraformSource, terraformModuleFiles } from './terraformModuleFiles.js';

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
  /** CDK findings shown on an app's source file (on their templates, with `source`). */
  cdkFindings?(uri: string): Finding[];
  /** The analysis settings the diagnostics used (trusted ranges), so fixes match them. */
  analysisSettings?(uri: string): Promise<AnalysisSettings>;
  /** The document's YAML block cache, shared with its diagnostics. */
  blocks?(uri: string): YamlBlockCache | undefined;
}

/** A document's findings as the diagnostics were computed: a Terraform file with its whole folder. */
interface Checked {
  findings: Finding[];
  /** The Terraform module the document belongs to, when it is Terraform configuration. */
  moduleFiles?: TerraformModuleFile[];
  /** The findings are CDK findings shown on this app source (their `range` is the source line). */
  cdk?: boolean;
}

/** The fixes for a finding of the document, by the document's kind. */
async function fixesOf(doc: TextDocument, checked: Checked, finding: Finding, preview: boolean): Promise<CodeFix[]> {
  if (checked.cdk) {
    const fix = cdkFrontDoorFix(doc.getText(), finding, readFileSync(finding.file, 'utf8'));
    return fix ? [fix] : [];
  }
  return fixesForAsync(doc.uri, doc.getText(), finding, { preview, moduleFiles: checked.moduleFiles });
}

async function checkForFixes(doc: TextDocument, deps: CodeActionDeps): Promise<Checked> {
  const cdk = deps.cdkFindings?.(doc.uri) ?? [];
  // A CDK app's source: its findings live on the synthesised templates; match them by source line.
  if (cdk.length > 0) return { findings: cdk.map((f) => ({ ...f, range: f.source!.range })), cdk: true };
  // The same analysis as the diagnostics, or a diagnostic may find no finding to fix.
  const options = (await deps.analysisSettings?.(doc.uri)) ?? {};
  if (!isTerraformSource(doc.uri)) return { findings: checkDocument(doc.uri, doc.getText(), { ...options, incremental: deps.blocks?.(doc.uri) }).findings };
  const moduleFiles = terraformModuleFiles(doc, (uri) => deps.documents.get(uri)?.getText());
  const findings = (await checkTerraformModuleAsync(moduleFiles, options)).filter((f) => f.file === doc.uri);
  return { findings, moduleFiles };
}

function findingIn(checked: Checked, d: Diagnostic): Finding | undefined {
  if (d.source !== DIAGNOSTIC_SOURCE) return undefined;
  const data = d.data as { ruleId?: string; resource?: string } | undefined;
  const ruleId = data?.ruleId ?? (typeof d.code === 'string' ? d.code : undefined);
  if (!ruleId) return undefined;
  return checked.findings.find(
    (f) => f.ruleId === ruleId && (data?.resource === undefined || f.resource === data.resource) && f.range.start.line === d.range.start.line && f.range.start.character === d.range.start.character,
  );
}

function toEdit(doc: TextDocument, fix: CodeFix, deps: CodeActionDeps): WorkspaceEdit {
  const support = deps.workspaceEdit?.() ?? { documentChanges: true, changeAnnotations: true };
  const others = fix.moreEdits ?? [];
  // Versioned edits whenever the client takes them: never applied to a text that changed since.
  if (!support.documentChanges) return { changes: Object.fromEntries([[doc.uri, fix.edits], ...others.map((o) => [o.file, o.edits])]) };
  const needsConfirmation = fix.preview !== undefined && support.changeAnnotations;
  const annotationId = 'vpc-lint-fix';
  const annotate = <T extends object>(e: T) => (needsConfirmation ? { ...e, annotationId } : e);
  return {
    documentChanges: [
      {
        textDocument: { uri: doc.uri, version: doc.version },
        edits: fix.edits.map(annotate),
      },
      // Other files of a Terraform module: versioned when open, else as they are on disk (null).
      ...others.map((o) => ({ textDocument: { uri: o.file, version: deps.documents.get(o.file)?.version ?? null }, edits: o.edits.map(annotate) })),
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
  return async (params: CodeActionParams, token?: CancellationToken): Promise<CodeAction[]> => {
    try {
      const doc = deps.documents.get(params.textDocument.uri);
      if (!doc) return [];
      const only = params.context.only;
      if (only && !only.some((k) => k === CodeActionKind.QuickFix || k.startsWith(`${CodeActionKind.QuickFix}.`) || CodeActionKind.QuickFix.startsWith(k))) return [];
      const ours = params.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
      if (ours.length === 0) return [];
      const checked = await checkForFixes(doc, deps);
      const out: CodeAction[] = [];
      for (const d of ours) {
        if (token?.isCancellationRequested) return [];
        const finding = findingIn(checked, d);
        if (!finding) continue;
        for (const fix of await fixesOf(doc, checked, finding, false)) {
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
  return async (action: CodeAction): Promise<CodeAction> => {
    try {
      const data = action.data as ActionData | undefined;
      if (!data) return action;
      const doc = deps.documents.get(data.uri);
      // The document moved on since the action was offered: offer nothing rather than a wrong edit.
      if (!doc || doc.version !== data.version) return { ...action, disabled: { reason: 'The document changed; ask for quick fixes again.' } };
      const d = action.diagnostics?.[0] ?? ({ range: { start: { line: data.line, character: data.character }, end: { line: data.line, character: data.character } }, source: DIAGNOSTIC_SOURCE, code: data.ruleId, data: { ruleId: data.ruleId, resource: data.resource }, message: '' } as Diagnostic);
      const checked = await checkForFixes(doc, deps);
      const finding = findingIn(checked, d);
      if (!finding) return { ...action, disabled: { reason: 'The finding is gone.' } };
      const fix = (await fixesOf(doc, checked, finding, true)).find((f) => f.title === data.title);
      if (!fix) return { ...action, disabled: { reason: 'This fix no longer applies.' } };
      return { ...action, edit: toEdit(doc, fix, deps) };
    } catch (error) {
      deps.logError(`Resolving a code action failed: ${String(error)}`);
      return action;
    }
  };
}
