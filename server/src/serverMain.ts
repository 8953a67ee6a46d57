/**
 * Entry point of the bundled language server (`server/out/server.js`). The VS Code client starts
 * it with `--node-ipc`; other editors start `vpc-lint lsp --stdio` or this file with `--stdio`.
 */
import { runLanguageServer } from './lsp/server.js';

runLanguageServer();
