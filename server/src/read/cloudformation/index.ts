/**
 * Entry point for CloudFormation text: picks the JSON or YAML reader, and says whether the text
 * is a CloudFormation template at all (plain YAML/JSON must get no findings).
 */
import { get, LineIndex, type Node, type ReadResult } from '../node.js';
import { readJson } from './json.js';
import { readYaml } from './yaml.js';
import { readYamlBlocks, type BlockLayout, type YamlBlockCache } from './yamlBlocks.js';
import { Section } from './intrinsics.js';

export type CfnSyntax = 'json' | 'yaml';

export interface CfnRead extends ReadResult {
  syntax: CfnSyntax;
  /** True when the text is a CloudFormation (or SAM) template. */
  isTemplate: boolean;
  /** How the text was split into cached blocks, when it was read by blocks. */
  layout?: BlockLayout;
}

export function readCloudFormation(rawText: string, cache?: YamlBlockCache): CfnRead {
  // A BOM is replaced by a space of the same length so offsets stay those of the editor's text.
  // The full YAML parser skips a BOM itself and is given the raw text: a space there would
  // indent the first line and break the document.
  const text = rawText.charCodeAt(0) === 0xfeff ? ' ' + rawText.slice(1) : rawText;
  const lines = new LineIndex(rawText);
  const syntax: CfnSyntax = /^\s*[{[]/.test(text) ? 'json' : 'yaml';
  let result: ReadResult;
  let layout: BlockLayout | undefined;
  if (syntax === 'json') result = readJson(text, lines);
  else {
    const blocks = cache ? readYamlBlocks(text, cache) : undefined;
    layout = blocks?.layout;
    result = blocks ? { root: blocks.root, errors: blocks.errors, lines } : readYaml(rawText, lines);
  }
  const isTemplate = result.root ? looksLikeTemplate(result.root) : looksLikeTemplateText(text);
  return { ...result, lines, syntax, isTemplate: isTemplate || (result.errors.length > 0 && looksLikeTemplateText(text)), layout };
}

/** DESIGN §2: `AWSTemplateFormatVersion`, or `Resources` whose values have `Type: AWS::…`. */
export function looksLikeTemplate(root: Node): boolean {
  if (root.kind !== 'map') return false;
  if (get(root, Section.FormatVersion)) return true;
  const resources = get(root, Section.Resources);
  if (resources?.kind !== 'map') return false;
  return resources.entries.some((e) => {
    const type = get(e.value, 'Type');
    return type?.kind === 'scalar' && typeof type.value === 'string' && /^(AWS|Alexa|Custom)::/.test(type.value);
  });
}

/** For text the parser could not read: the same test by pattern, so a half-typed template still gets its syntax error. */
export function looksLikeTemplateText(text: string): boolean {
  return /^[\s{]*["']?AWSTemplateFormatVersion["']?\s*:/m.test(text) || /["']?Type["']?\s*:\s*["']?AWS::[A-Za-z0-9]+::/.test(text);
}
