/**
 * A Terraform module opened for fixing: every file read once (HCL asynchronously), the module's
 * network model, and one editor per file. A fix edits whichever files declare what it touches;
 * the edits come back grouped by file.
 */
import type { ReadResult } from '../../read/node.js';
import { readTerraformHcl } from '../../read/terraform/hcl.js';
import { readTerraformJson } from '../../read/terraform/tfJson.js';
import { buildFromReads, type ModuleFile } from '../../checkTerraform.js';
import { analyse, type Exposure } from '../../analysis/reachability.js';
import type { NetworkModel } from '../../model/types.js';
import type { TextEdit } from '../types.js';
import type { TfBodyRef, TfFileEditor } from './editor.js';
import { TfHclEditor } from './hclFile.js';
import { openTfJson } from './jsonFile.js';

export interface TfRead {
  file: string;
  text: string;
  read: ReadResult;
}

export const isHclFile = (file: string): boolean => /\.tf$/i.test(file);
export const isTfJsonFile = (file: string): boolean => /\.tf\.json$/i.test(file);
export const isTerraformFile = (file: string): boolean => isHclFile(file) || isTfJsonFile(file);

/** Reads the module's files; HCL needs the asynchronous parser. */
export async function readModule(files: readonly ModuleFile[]): Promise<TfRead[]> {
  const out: TfRead[] = [];
  for (const f of files) {
    if (isHclFile(f.file)) out.push({ ...f, read: await readTerraformHcl(f.text, f.file) });
    else if (isTfJsonFile(f.file)) out.push({ ...f, read: readTerraformJson(f.text, f.file) });
  }
  return out;
}

/** The same without HCL: undefined when the module has a `.tf` file (use {@link readModule}). */
export function readModuleSync(files: readonly ModuleFile[]): TfRead[] | undefined {
  if (files.some((f) => isHclFile(f.file))) return undefined;
  return files.filter((f) => isTfJsonFile(f.file)).map((f) => ({ ...f, read: readTerraformJson(f.text, f.file) }));
}

/** The files of the module with `file` in it holding `text` (the editor's unsaved version). */
export function withDocument(file: string, text: string, moduleFiles: readonly ModuleFile[] | undefined): ModuleFile[] {
  const others = (moduleFiles ?? []).filter((f) => f.file !== file);
  return [{ file, text }, ...others];
}

export class TfModule {
  readonly model: NetworkModel;
  readonly exposures: Exposure[];
  private readonly editors = new Map<string, TfFileEditor>();

  private constructor(reads: readonly TfRead[]) {
    this.model = buildFromReads(reads).model;
    this.exposures = analyse(this.model);
    for (const r of reads) {
      const ed = isHclFile(r.file) ? new TfHclEditor(r.file, r.text) : openTfJson(r.file, r.text, r.read.root);
      if (ed) this.editors.set(r.file, ed);
    }
  }

  /** Undefined when a file has read errors: an edit might land in the wrong place. */
  static open(reads: readonly TfRead[]): TfModule | undefined {
    if (reads.some((r) => r.read.errors.length > 0 || !r.read.root)) return undefined;
    return new TfModule(reads);
  }

  editor(file: string): TfFileEditor | undefined {
    return this.editors.get(file);
  }

  /** The file and body that declare a resource (`type.name`; an instance key is ignored). */
  locate(address: string): { ed: TfFileEditor; body: TfBodyRef } | undefined {
    const base = address.replace(/\[[^\]]*\]$/, '');
    for (const ed of this.editors.values()) {
      const body = ed.resource(base);
      if (body) return { ed, body };
    }
    return undefined;
  }

  /**
   * Deletes resources (Elastic IPs, their associations) and the outputs anywhere in the module
   * that read them: an output naming a deleted resource fails the plan.
   */
  deleteResources(addresses: readonly string[]): void {
    if (addresses.length === 0) return;
    const bases = addresses.map((a) => a.replace(/\[[^\]]*\]$/, ''));
    for (const a of bases) this.locate(a)?.ed.deleteResource(a);
    for (const ed of this.editors.values()) ed.deleteOutputsMentioning(bases);
  }

  /** Every resource address of the module, so new names never collide. */
  addresses(): Set<string> {
    return new Set([...this.editors.values()].flatMap((e) => e.addresses()));
  }

  /**
   * A reference to one instance's attribute: `aws_subnet.a.id`, `aws_subnet.a[0].id` under
   * `count`, `values(aws_subnet.a)[0].id` under `for_each`.
   */
  ref(address: string, attr: string): string {
    const base = address.replace(/\[[^\]]*\]$/, '');
    const at = this.locate(base);
    if (at && at.ed.has(at.body, 'count')) return `${base}[0].${attr}`;
    if (at && at.ed.has(at.body, 'for_each')) return `values(${base})[0].${attr}`;
    return `${base}.${attr}`;
  }

  /** The edits per file, the given file's first; files without edits are left out. */
  edits(primary: string): { edits: TextEdit[]; more: { file: string; edits: TextEdit[] }[] } {
    for (const ed of this.editors.values()) ed.finish();
    const more: { file: string; edits: TextEdit[] }[] = [];
    let edits: TextEdit[] = [];
    for (const [file, ed] of this.editors) {
      const e = ed.buf.textEdits();
      if (file === primary) edits = e;
      else if (e.length > 0) more.push({ file, edits: e });
    }
    return { edits, more };
  }

  /** Each edited file's new text (for tests and previews). */
  appliedTexts(): Map<string, string> {
    return new Map([...this.editors].filter(([, ed]) => ed.buf.size > 0).map(([file, ed]) => [file, ed.buf.applied()]));
  }
}
