/**
 * The template change of the quick fix the traffic-path panel shows: the preferred fix for the
 * resource's reachability finding, applied to the text in memory, as a unified diff.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkDocument } from '../engine.js';
import { fixesFor } from '../fix/index.js';
import { unifiedDiff } from './unifiedDiff.js';

const REACHABLE_RULE = 'internet-reachable-compute';

/** The preferred fix's title and diff, or `undefined` when no fix applies. */
export function fixPreview(document: TextDocument, resource: string): { title: string; diff: string } | undefined {
  const text = document.getText();
  const finding = checkDocument(document.uri, text).findings.find((f) => f.ruleId === REACHABLE_RULE && f.resource === resource);
  if (!finding) return undefined;
  const fixes = fixesFor(document.uri, text, finding).filter((f) => f.fixes === REACHABLE_RULE && f.kind === 'quickfix');
  const fix = fixes.find((f) => f.isPreferred) ?? fixes[0];
  if (!fix) return undefined;
  const after = TextDocument.applyEdits(document, fix.edits);
  const name = document.uri.slice(document.uri.lastIndexOf('/') + 1);
  return { title: fix.title, diff: unifiedDiff(text, after, name) };
}
