/**
 * Records the traffic path the webview tests draw: the server's answer for WebServer in
 * examples/cloudformation/public-web-server.yaml, with a machine-independent URI. Run again when
 * the path's shape changes:
 *
 *   node --import tsx test/webview/recordPath.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentModels } from '../../server/src/lsp/documentModels.js';
import { createTrafficPathHandler } from '../../server/src/lsp/trafficPathHandler.js';

export const RECORDED_URI = 'file:///workspace/examples/cloudformation/public-web-server.yaml';
export const RECORDED_PATH_FILE = join(__dirname, '..', 'fixtures', 'webview', 'public-web-server.path.json');

function record(): void {
  const text = readFileSync(join(__dirname, '..', '..', 'examples', 'cloudformation', 'public-web-server.yaml'), 'utf8');
  const document = TextDocument.create(RECORDED_URI, 'yaml', 1, text);
  const documents = { get: (uri: string) => (uri === RECORDED_URI ? document : undefined) };
  const handler = createTrafficPathHandler({ documents, models: new DocumentModels((m) => console.error(m)), logError: (m) => console.error(m) });
  const path = handler({ textDocument: { uri: RECORDED_URI }, resource: 'WebServer' });
  if (!path) throw new Error('no path for WebServer');
  writeFileSync(RECORDED_PATH_FILE, `${JSON.stringify(path, null, 2)}\n`);
  console.log(`wrote ${RECORDED_PATH_FILE}`);
}

if (require.main === module) record();
