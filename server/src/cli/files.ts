/**
 * Turns the paths on the command line into input units. A unit is what the engine checks as one
 * thing: a single file, a CDK cloud assembly (a folder), or a Terraform module (a folder).
 * Folders are walked recursively; each folder is first classified, so a folder that is an input
 * in its own right is collected as a whole instead of file by file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { asciiText } from '../read/textFile.js';

/** File name endings worth offering to the engine when walking a folder. */
export const CANDIDATE_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json', '.template'];

/** Folders never walked into. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git']);

/** One file, checked on its own. `explicit` when the user named it on the command line. */
export interface FileUnit {
  kind: 'file';
  path: string;
  explicit: boolean;
}

/** A CDK cloud assembly (`cdk.out`): its templates, nested templates and stage assemblies. */
export interface CdkAssemblyUnit {
  kind: 'cdk-assembly';
  dir: string;
  /** The CloudFormation templates inside, nested stage assemblies included. */
  files: string[];
}

/** A Terraform module: every `.tf` / `.tf.json` file of one folder. */
export interface TerraformModuleUnit {
  kind: 'terraform-module';
  dir: string;
  files: string[];
}

export type InputUnit = FileUnit | CdkAssemblyUnit | TerraformModuleUnit;

/** A path that could not be read. Any of these makes the run exit with code 2. */
export interface InputError {
  path: string;
  message: string;
}

export interface CollectedInputs {
  units: InputUnit[];
  errors: InputError[];
}

/** How the walk treats a folder. */
export type FolderKind = 'skip' | 'walk' | 'cdk-assembly';

/** Depth guard against pathological trees; symbolic links to folders are never followed. */
const MAX_DEPTH = 64;

export function isCandidateFile(name: string): boolean {
  const lower = name.toLowerCase();
  return CANDIDATE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

export function isTerraformFile(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.endsWith('.tf') || lower.endsWith('.tf.json');
}

/**
 * Classifies a folder from its name and the names it contains. A cloud assembly has a
 * `manifest.json` next to the `cdk.out` version marker (or is itself named `cdk.out`).
 */
export function classifyFolder(name: string, entries: readonly string[], explicit = false): FolderKind {
  // A folder the user named is checked even if its name is on the skip list.
  if (!explicit && SKIPPED_FOLDERS.has(name)) return 'skip';
  const names = new Set(entries);
  if (names.has('manifest.json') && (names.has('cdk.out') || name === 'cdk.out')) return 'cdk-assembly';
  return 'walk';
}

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'not a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

/** Joins a display path with a child name without turning `.` into `./x`. */
function child(dir: string, name: string): string {
  return dir === '.' ? name : path.join(dir, name);
}

function sortedNames(entries: fs.Dirent[]): fs.Dirent[] {
  return [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

class Collector {
  readonly units: InputUnit[] = [];
  readonly errors: InputError[] = [];
  /** Real paths already collected, so `vpc-lint check a a/b.yaml` reports b.yaml once. */
  private readonly seen = new Set<string>();

  constructor(private readonly cwd: string) {}

  private firstVisit(displayPath: string): boolean {
    let key: string;
    try {
      key = fs.realpathSync(path.resolve(this.cwd, displayPath));
    } catch {
      key = path.resolve(this.cwd, displayPath);
    }
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }

  addPath(given: string): void {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(path.resolve(this.cwd, given));
    } catch (err) {
      this.errors.push({ path: given, message: describeFsError(err) });
      return;
    }
    if (stat.isDirectory()) {
      this.addFolder(given, path.basename(path.resolve(this.cwd, given)), 0, true);
    } else if (stat.isFile()) {
      if (!this.firstVisit(given)) return;
      // A Terraform file named on its own is a module of that one file (HCL needs the module path).
      if (isTerraformFile(path.basename(given))) this.units.push({ kind: 'terraform-module', dir: path.dirname(given), files: [given] });
      else this.units.push({ kind: 'file', path: given, explicit: true });
    } else {
      this.errors.push({ path: given, message: 'not a regular file or directory' });
    }
  }

  private readFolder(dir: string): fs.Dirent[] | undefined {
    try {
      return sortedNames(fs.readdirSync(path.resolve(this.cwd, dir), { withFileTypes: true }));
    } catch (err) {
      this.errors.push({ path: dir, message: describeFsError(err) });
      return undefined;
    }
  }

  /** True for a directory entry that is a regular file, following a symbolic link to a file. */
  private isFile(dir: string, entry: fs.Dirent): boolean {
    if (entry.isFile()) return true;
    if (!entry.isSymbolicLink()) return false;
    try {
      return fs.statSync(path.resolve(this.cwd, dir, entry.name)).isFile();
    } catch {
      // A dangling link found while walking is not input the user asked for.
      return false;
    }
  }

  private addFolder(dir: string, name: string, depth: number, explicit: boolean): void {
    if (depth > MAX_DEPTH) return;
    const entries = this.readFolder(dir);
    if (entries === undefined) return;
    const kind = classifyFolder(name, entries.map((e) => e.name), explicit);
    if (kind === 'skip') return;
    if (kind === 'cdk-assembly') {
      if (!this.firstVisit(dir)) return;
      this.units.push({ kind: 'cdk-assembly', dir, files: this.assemblyTemplates(dir, entries, 0) });
      return;
    }
    if (!this.firstVisit(dir)) return;
    const terraform: string[] = [];
    for (const entry of entries) {
      const p = child(dir, entry.name);
      if (entry.isDirectory()) {
        this.addFolder(p, entry.name, depth + 1, false);
      } else if (this.isFile(dir, entry)) {
        if (isTerraformFile(entry.name)) terraform.push(p);
        else if (isCandidateFile(entry.name) && this.firstVisit(p)) {
          this.units.push({ kind: 'file', path: p, explicit: false });
        }
      }
    }
    if (terraform.length > 0) this.units.push({ kind: 'terraform-module', dir, files: terraform });
  }

  /** The templates of a cloud assembly, including those of nested stage assemblies (`assembly-*`). */
  private assemblyTemplates(dir: string, entries: fs.Dirent[], depth: number): string[] {
    const files: string[] = [];
    for (const entry of entries) {
      const p = child(dir, entry.name);
      if (entry.isDirectory() && entry.name.startsWith('assembly-') && depth < MAX_DEPTH) {
        const nested = this.readFolder(p);
        if (nested) files.push(...this.assemblyTemplates(p, nested, depth + 1));
      } else if (entry.name.endsWith('.template.json') && this.isFile(dir, entry)) {
        files.push(p);
      }
    }
    return files;
  }
}

/**
 * Collects the input units for the given paths, in a stable order (paths in the order given,
 * folder entries sorted by name). Paths are resolved against `cwd` but reported as given.
 */
export function collectInputs(paths: readonly string[], cwd: string): CollectedInputs {
  const collector = new Collector(cwd);
  for (const p of paths) collector.addPath(p);
  return { units: collector.units, errors: collector.errors };
}

/** The files the engine reads for a unit. */
export function unitFiles(unit: InputUnit): string[] {
  return unit.kind === 'file' ? [unit.path] : unit.files;
}

/** Where a file stops being UTF-8: the byte, and the offset of the U+FFFD that replaced it in `text`. */
export interface InvalidUtf8 {
  byte: number;
  offset: number;
}

export type ReadOutcome = { ok: true; text: string; invalidUtf8?: InvalidUtf8 } | { ok: false; message: string };

/**
 * Reads a file as UTF-8, unchanged (the readers deal with a byte-order mark themselves). Bytes
 * that are not UTF-8 become U+FFFD, and the first of them is reported, so that the engine still
 * reads the rest and the user learns where the encoding breaks.
 */
export function readInputFile(file: string, cwd: string): ReadOutcome {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path.resolve(cwd, file));
  } catch (err) {
    return { ok: false, message: describeFsError(err) };
  }
  // ASCII (most templates) is its own text; the strict decoder is for the rest.
  const ascii = asciiText(bytes);
  if (ascii !== undefined) return { ok: true, text: ascii };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const invalid = firstInvalidUtf8(bytes, text);
    return invalid ? { ok: true, text, invalidUtf8: invalid } : { ok: true, text };
  }
}

/** The first U+FFFD in `text` that the file did not spell as UTF-8 (EF BF BD). */
function firstInvalidUtf8(bytes: Uint8Array, text: string): InvalidUtf8 | undefined {
  for (let offset = text.indexOf('\uFFFD'); offset >= 0; offset = text.indexOf('\uFFFD', offset + 1)) {
    // Everything before this point decoded cleanly (or is a genuine U+FFFD), so it re-encodes to the same bytes.
    const byte = Buffer.byteLength(text.slice(0, offset), 'utf8');
    if (!(bytes[byte] === 0xef && bytes[byte + 1] === 0xbf && bytes[byte + 2] === 0xbd)) return { byte, offset };
  }
  return undefined;
}
