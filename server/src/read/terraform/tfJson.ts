/**
 * Terraform's JSON configuration syntax (`*.tf.json`). The offset-keeping JSON reader does the
 * reading; this module says whether a document is Terraform configuration.
 */
import { LineIndex, type Node, type ReadResult } from '../node.js';
import { readJson } from '../cloudformation/json.js';

export interface TfJsonRead extends ReadResult {
  isTerraform: boolean;
}

/** Top-level block types of a Terraform configuration file. */
const TOP_LEVEL = new Set(['resource', 'data', 'module', 'variable', 'output', 'locals', 'provider', 'terraform', 'moved', 'import', 'check', 'removed', '//']);

export function readTerraformJson(rawText: string, fileName = ''): TfJsonRead {
  const text = rawText.charCodeAt(0) === 0xfeff ? ' ' + rawText.slice(1) : rawText;
  const lines = new LineIndex(rawText);
  const result = readJson(text, lines);
  const byName = /\.tf\.json$/i.test(fileName);
  return { ...result, lines, isTerraform: byName || (result.root !== undefined && looksLikeTerraformJson(result.root)) };
}

/** DESIGN §2: only Terraform's top-level block types, one of them `resource`, `module` or `variable`. */
export function looksLikeTerraformJson(root: Node): boolean {
  if (root.kind !== 'map' || root.entries.length === 0) return false;
  if (!root.entries.every((e) => TOP_LEVEL.has(String(e.key.value)))) return false;
  return root.entries.some((e) => ['resource', 'module', 'variable'].includes(String(e.key.value)) && (e.value.kind === 'map' || e.value.kind === 'seq'));
}
