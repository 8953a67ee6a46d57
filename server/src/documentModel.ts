/**
 * One document to its network model and exposures, without running the rules: what the editor
 * features that draw the network (the traffic-path panel, CodeLens) need. CloudFormation only
 * for now; other formats return `undefined` until their builders are wired here as in check.ts.
 */
import { readCloudFormation } from './read/cloudformation/index.js';
import { READ_LIMITS } from './read/limits.js';
import { toTemplate } from './model/cloudformation/template.js';
import { buildCloudFormationModel } from './model/cloudformation/build.js';
import { analyse, type Exposure } from './analysis/reachability.js';
import type { NetworkModel } from './model/types.js';
import type { YamlBlockCache } from './read/cloudformation/yamlBlocks.js';

/** A document's model and what the reachability analysis made of it. */
export interface DocumentModel {
  model: NetworkModel;
  exposures: Exposure[];
}

export interface ModelOptions {
  maxFileBytes?: number;
  /** The document's block cache, shared with its diagnostics: the same text is not parsed twice. */
  incremental?: YamlBlockCache;
  /** As for diagnostics, so the drawn network and the findings agree. */
  trustedCidrs?: readonly string[];
}

/** The model of a template, or `undefined` when the text is not one (or too large to read). */
export function modelDocument(file: string, text: string, options: ModelOptions = {}): DocumentModel | undefined {
  if (text.length > (options.maxFileBytes ?? READ_LIMITS.maxFileBytes)) return undefined;
  const read = readCloudFormation(text, options.incremental);
  if (!read.isTemplate) return undefined;
  const template = toTemplate(read.root);
  if (!template) return undefined;
  const { model } = buildCloudFormationModel(template, file, read.lines, read.syntax);
  return { model, exposures: analyse(model, { trustedCidrs: options.trustedCidrs }) };
}
