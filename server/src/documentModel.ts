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

/** A document's model and what the reachability analysis made of it. */
export interface DocumentModel {
  model: NetworkModel;
  exposures: Exposure[];
}

/** The model of a template, or `undefined` when the text is not one (or too large to read). */
export function modelDocument(file: string, text: string, maxFileBytes = READ_LIMITS.maxFileBytes): DocumentModel | undefined {
  if (text.length > maxFileBytes) return undefined;
  const read = readCloudFormation(text);
  if (!read.isTemplate) return undefined;
  const template = toTemplate(read.root);
  if (!template) return undefined;
  const { model } = buildCloudFormationModel(template, file, read.lines);
  return { model, exposures: analyse(model) };
}
