/**
 * Turns engine findings into LSP diagnostics. Pure: no connection, no documents.
 */
import { pathToFileURL } from 'node:url';
import { isAbsolute } from 'node:path';
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import { DIAGNOSTIC_SOURCE, type VpcLintDiagnosticData } from '../../../protocol/src/lspExtensions.js';
import type { Finding, Severity } from '../rules/types.js';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** A URI scheme of two or more characters; one letter followed by a colon is a Windows drive. */
const URI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]+:/;

/**
 * Maps a `file` the engine reported back to a URI. The engine is called with the document's URI
 * as its file name, so locations in the same document carry that URI unchanged; other values are
 * URIs already, absolute paths, or paths relative to the document.
 */
export function fileToUri(file: string, documentUri: string): string | undefined {
  if (file === documentUri || URI_SCHEME.test(file)) return file;
  if (isAbsolute(file)) return pathToFileURL(file).href;
  try {
    return new URL(file, documentUri).href;
  } catch {
    return undefined;
  }
}

/**
 * One finding as one diagnostic: `code` is the rule's slug and `codeDescription` links its docs
 * (STYLE §4); `data` carries what code actions need to find the fix again.
 */
export function toDiagnostic(finding: Finding, documentUri: string): Diagnostic {
  const data: VpcLintDiagnosticData = { ruleId: finding.ruleId, resource: finding.resource };
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data,
  };
  if (finding.docsUrl) diagnostic.codeDescription = { href: finding.docsUrl };
  const related: DiagnosticRelatedInformation[] = [];
  // Where the resource is declared, when that is another file (a plan's resource in a .tf file).
  const declared = finding.source !== undefined && finding.source.file !== finding.file ? fileToUri(finding.source.file, documentUri) : undefined;
  if (declared !== undefined) related.push({ location: { uri: declared, range: finding.source!.range }, message: `${finding.resource} is declared here` });
  for (const location of finding.related ?? []) {
    const uri = fileToUri(location.file, documentUri);
    if (uri !== undefined) related.push({ location: { uri, range: location.range }, message: location.message });
  }
  if (related.length > 0) diagnostic.relatedInformation = related;
  return diagnostic;
}
