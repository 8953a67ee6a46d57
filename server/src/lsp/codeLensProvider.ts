/**
 * `textDocument/codeLens`: above each compute resource the internet can reach, what it is open on
 * and a "Show traffic path" lens that runs the client's `vpcLint.showTrafficPath` command.
 */
import type { CodeLens, CodeLensParams, CancellationToken, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SHOW_TRAFFIC_PATH_COMMAND } from '../../../protocol/src/lspExtensions.js';
import { portLabels } from '../analysis/reachability.js';
import { plainRange } from '../read/node.js';
import { byCompute, ofEach } from '../rules/describe.js';
import type { DocumentModels } from './documentModels.js';
import type { SettingsService } from './settingsService.js';
import { errorText } from './errorText.js';

export interface CodeLensDeps {
  documents: TextDocuments<TextDocument>;
  models: DocumentModels;
  settings: SettingsService;
  logError(message: string): void;
}

/** Builds the handler; it returns no lenses for closed, disabled or unrecognised documents. */
export function createCodeLensHandler(deps: CodeLensDeps) {
  return async (params: CodeLensParams, token?: CancellationToken): Promise<CodeLens[]> => {
    const uri = params.textDocument.uri;
    try {
      if (deps.documents.get(uri) === undefined) return [];
      const settings = await deps.settings.get(uri);
      const document = deps.documents.get(uri);
      if (!settings.enable || document === undefined || token?.isCancellationRequested) return [];
      const analysed = await deps.models.get(document);
      if (!analysed) return [];
      const lenses: CodeLens[] = [];
      const seen = new Set<string>();
      for (const group of byCompute(analysed.exposures.filter((x) => x.verdict === 'reachable'))) {
        const compute = group[0]!.compute;
        const id = compute.origin.id;
        if (seen.has(id) || compute.origin.file !== uri) continue;
        seen.add(id);
        const ports = portLabels(ofEach(group, (x) => x.ports));
        const range = plainRange(compute.origin.range);
        // A lens with an empty command id is shown as plain text.
        lenses.push({ range, command: { title: `⚠ reachable from the internet on ${ports.join(', ')}`, command: '' } });
        lenses.push({ range, command: { title: 'Show traffic path', command: SHOW_TRAFFIC_PATH_COMMAND, arguments: [uri, id] } });
      }
      return lenses;
    } catch (error) {
      deps.logError(`CodeLens for ${uri} failed: ${errorText(error)}`);
      return [];
    }
  };
}
