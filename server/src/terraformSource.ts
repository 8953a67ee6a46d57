/**
 * Plan findings point into the plan's JSON, which nobody edits; the resource is declared in a
 * `.tf` or `.tf.json` file. When the configuration sits next to the plan (the plan was written in
 * the root module's folder), each finding also gets `source`: the block that declares its
 * resource, found by configuration address (instance keys dropped) in the folder of its module.
 * Module folders come from the plan's own `configuration` (`module_calls.*.source`, local paths
 * only). Positions come from the HCL block scan and the JSON reader; no HCL parser is needed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { get, LineIndex, type Node, type Range } from './read/node.js';
import { readTerraformPlan } from './read/terraform/plan.js';
import { readTerraformJson } from './read/terraform/tfJson.js';
import { scanHcl } from './read/terraform/hcl.js';
import { splitAddress } from './model/terraform/refs.js';
import type { ModuleFile } from './checkTerraform.js';
import type { Finding } from './rules/types.js';

/** The Terraform files of a folder, relative to the plan's folder (`.`, `modules/web`). */
export type ConfigFolderReader = (dir: string) => readonly ModuleFile[];

/** Sets `source` on the plan's findings whose resource is declared in the configuration. */
export function locatePlanFindings(findings: Finding[], planFile: string, planText: string, readFolder: ConfigFolderReader): void {
  const mine = findings.filter((f) => f.file === planFile && f.resource && f.source === undefined);
  if (mine.length === 0) return;
  const read = readTerraformPlan(planText);
  const dirs = moduleDirs(get(get(read.root, 'configuration'), 'root_module'));
  const indexes = new Map<string, Map<string, { file: string; range: Range }>>();
  const indexOf = (dir: string) => {
    let index = indexes.get(dir);
    if (!index) indexes.set(dir, (index = declarations(readFolder(dir))));
    return index;
  };
  for (const f of mine) {
    const a = splitAddress(f.resource);
    if (!a) continue;
    // `module.web[0].module.db["a"]` is configured at `module.web.module.db`.
    const modulePath = a.module.replace(/\[[^\]]*\]/g, '');
    const dir = dirs.get(modulePath);
    if (dir === undefined) continue;
    const at = indexOf(dir).get(`${a.type}.${a.name}`);
    if (at) f.source = at;
  }
}

/** Module path (`module.web.module.db`) → folder relative to the root module, for local sources. */
function moduleDirs(root: Node | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (node: Node | undefined, modulePath: string, dir: string, depth: number) => {
    out.set(modulePath, dir);
    const calls = get(node, 'module_calls');
    if (calls?.kind !== 'map' || depth > 16) return;
    for (const e of calls.entries) {
      const source = get(e.value, 'source');
      if (source?.kind !== 'scalar' || typeof source.value !== 'string' || !/^\.\.?\//.test(source.value)) continue;
      walk(get(e.value, 'module'), `${modulePath ? `${modulePath}.` : ''}module.${String(e.key.value)}`, path.posix.normalize(path.posix.join(dir, source.value)), depth + 1);
    }
  };
  walk(root, '', '.', 0);
  return out;
}

/** `type.name` → where the block is declared, over the folder's `.tf` and `.tf.json` files. */
function declarations(files: readonly ModuleFile[]): Map<string, { file: string; range: Range }> {
  const out = new Map<string, { file: string; range: Range }>();
  for (const f of files) {
    if (/\.tf$/i.test(f.file)) {
      const lines = new LineIndex(f.text);
      for (const b of scanHcl(f.text)) {
        if (b.type === 'resource' && b.labels.length === 2) out.set(`${b.labels[0]}.${b.labels[1]}`, { file: f.file, range: lines.range(b.header) });
      }
    } else if (/\.tf\.json$/i.test(f.file)) {
      const read = readTerraformJson(f.text, f.file);
      const resource = get(read.root, 'resource');
      for (const byType of resource?.kind === 'map' ? resource.entries : []) {
        if (byType.value.kind !== 'map') continue;
        for (const byName of byType.value.entries) out.set(`${String(byType.key.value)}.${String(byName.key.value)}`, { file: f.file, range: read.lines.range(byName.key.span) });
      }
    }
  }
  return out;
}

/**
 * Reads configuration folders from the disk, relative to the plan file's folder. File names keep
 * the form of `planFile` (relative stays relative), as the CLI reports them.
 */
export function diskConfigReader(planFile: string, cwd = process.cwd()): ConfigFolderReader {
  const shown = path.dirname(planFile);
  const base = path.resolve(cwd, shown);
  return (dir) => {
    let names: string[];
    try {
      names = fs.readdirSync(path.join(base, dir)).filter((n) => /\.tf(\.json)?$/i.test(n)).sort();
    } catch {
      return [];
    }
    const out: ModuleFile[] = [];
    for (const n of names) {
      try {
        out.push({ file: path.join(shown, dir, n), text: fs.readFileSync(path.join(base, dir, n), 'utf8') });
      } catch {
        // An unreadable file declares nothing we can point at.
      }
    }
    return out;
  };
}
