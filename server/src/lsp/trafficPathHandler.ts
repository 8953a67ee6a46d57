/**
 * `vpcLint/trafficPath` (client → server): the traffic path of one compute resource, today's and
 * the proposed one, with source locations. The path itself is built in analysis/trafficPath.ts;
 * this file only finds the document and the resource and converts sites to locations.
 */
import type { CancellationToken } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  SourceLocation,
  TrafficPathParams,
  TrafficPathResult,
  TrafficStep,
} from '../../../protocol/src/lspExtensions.js';
import { computeAtLine, findCompute, trafficPath, type TrafficStepInfo } from '../analysis/trafficPath.js';
import type { Site } from '../model/types.js';
import type { DocumentModels } from './documentModels.js';
import { errorText } from './errorText.js';

export interface TrafficPathDeps {
  /** The open documents (a `TextDocuments` collection). */
  documents: { get(uri: string): TextDocument | undefined };
  models: DocumentModels;
  /** The quick fix's template change for a reachable resource (fixPreview.ts); optional. */
  fixPreview?(document: TextDocument, resource: string): { title: string; diff: string } | undefined;
  logError(message: string): void;
}

/** Sites carry the engine's file name, which for open documents is their URI. */
export function toLocation(site: Site | undefined): SourceLocation | undefined {
  if (!site) return undefined;
  return { uri: site.file, range: { start: { ...site.range.start }, end: { ...site.range.end } } };
}

function toStep(step: TrafficStepInfo): TrafficStep {
  const out: TrafficStep = { kind: step.kind, title: step.title };
  if (step.detail !== undefined) out.detail = step.detail;
  const location = toLocation(step.site);
  if (location) out.location = location;
  if (step.highlight) out.highlight = true;
  return out;
}

function preview(deps: TrafficPathDeps, document: TextDocument, resource: string): { title: string; diff: string } | undefined {
  try {
    return deps.fixPreview?.(document, resource);
  } catch (error) {
    // The path is still worth showing without the diff.
    deps.logError(`The fix preview for ${resource} failed: ${errorText(error)}`);
    return undefined;
  }
}

/** Builds the handler; it answers `null` for unknown documents and resources, and never throws. */
export function createTrafficPathHandler(deps: TrafficPathDeps) {
  return async (params: TrafficPathParams, token?: CancellationToken): Promise<TrafficPathResult | null> => {
    const uri = params.textDocument.uri;
    try {
      const document = deps.documents.get(uri);
      if (document === undefined || token?.isCancellationRequested) return null;
      const analysed = await deps.models.get(document);
      if (!analysed) return null;
      const compute =
        params.resource !== undefined
          ? findCompute(analysed.model, params.resource)
          : params.position !== undefined
            ? computeAtLine(analysed.model, uri, params.position.line)
            : undefined;
      if (!compute) return null;
      const path = trafficPath(analysed.model, analysed.exposures, compute.origin.id);
      if (!path) return null;
      const fix = path.reachable ? preview(deps, document, path.resource) : undefined;
      return {
        ...(fix ? { fix } : {}),
        ...path,
        today: path.today.map(toStep),
        proposed: path.proposed.map(toStep),
        considerations: {
          ...path.considerations,
          monitoring: path.considerations.monitoring.map(({ site, ...m }) => {
            const location = toLocation(site);
            return location ? { ...m, location } : m;
          }),
        },
      };
    } catch (error) {
      deps.logError(`Traffic path for ${params.resource ?? 'a position'} in ${uri} failed: ${errorText(error)}`);
      return null;
    }
  };
}
