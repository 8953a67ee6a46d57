/**
 * The Terraform module an open `.tf` / `.tf.json` document belongs to: the files of its folder.
 * Diagnostics and code actions both check the whole module, so they see the same findings.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ConfigFolderReader, TerraformModuleFile } from '../engine.js';

/** A Terraform configuration file on disk (its folder can be read as a module). */
export function isTerraformSource(uri: string): boolean {
  return uri.startsWith('file:') && /\.tf(\.json)?$/i.test(uri);
}

/**
 * The Terraform files of the document's folder: the document itself under its own URI, the others
 * from their open buffers or the disk. Only that one folder is read, nothing named by a template.
 */
export function terraformModuleFiles(document: TextDocument, openText: (uri: string) => string | undefined): TerraformModuleFile[] {
  const dir = dirname(fileURLToPath(document.uri));
  const files: TerraformModuleFile[] = [{ file: document.uri, text: document.getText() }];
  const self = fileURLToPath(document.uri);
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => /\.tf(\.json)?$/i.test(n)).sort();
  } catch {
    // An unsaved or deleted folder: the document alone is the module.
  }
  for (const name of names) {
    const full = join(dir, name);
    if (full === self) continue;
    const uri = pathToFileURL(full).href;
    const text = openText(uri) ?? safeRead(full);
    if (text !== undefined) files.push({ file: uri, text });
  }
  return files;
}

function safeRead(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The configuration folders of a plan document, relative to the plan's own folder: files are named
 * by URI, open buffers win over the disk.
 */
export function planConfigReader(planUri: string, openText: (uri: string) => string | undefined): ConfigFolderReader {
  const base = dirname(fileURLToPath(planUri));
  return (dir) => {
    const folder = join(base, dir);
    let names: string[];
    try {
      names = readdirSync(folder).filter((n) => /\.tf(\.json)?$/i.test(n)).sort();
    } catch {
      return [];
    }
    const out: TerraformModuleFile[] = [];
    for (const name of names) {
      const uri = pathToFileURL(join(folder, name)).href;
      const text = openText(uri) ?? safeRead(join(folder, name));
      if (text !== undefined) out.push({ file: uri, text });
    }
    return out;
  };
}
