/**
 * Reads a CDK cloud assembly (`cdk.out`): its `manifest.json`, the stack templates it lists,
 * nested stack templates (`*.nested.template.json`) and stage assemblies (`assembly-*`), plus the
 * construct metadata that ties each CloudFormation resource to its construct path and, when the
 * app was synthesised with them, its creation stack trace.
 *
 * Like every reader it never throws: problems come back in `errors`. It only reads files; no
 * part of the user's app runs. Every path the manifest names is resolved inside the assembly
 * folder, and one that would leave it (`../`, an absolute path, a link out) is refused.
 */
import * as nodeFs from 'node:fs';
import * as path from 'node:path';

/** The few file operations the reader needs; tests and the language server may supply their own. */
export interface AssemblyFileSystem {
  /** The file's text, or an error message when it cannot be read. */
  readText(file: string): { text: string } | { error: string };
  /** The canonical path with links resolved, or undefined when it does not exist. */
  realPath(file: string): string | undefined;
}

/** Reads from disk; relative paths are taken from `cwd`. */
export function diskFileSystem(cwd = process.cwd()): AssemblyFileSystem {
  return {
    readText(file) {
      try {
        return { text: nodeFs.readFileSync(path.resolve(cwd, file), 'utf8') };
      } catch (err) {
        return { error: fsErrorText(err) };
      }
    },
    realPath(file) {
      try {
        return nodeFs.realpathSync(path.resolve(cwd, file));
      } catch {
        return undefined;
      }
    },
  };
}

export function fsErrorText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return err instanceof Error ? err.message : String(err);
}

/** What the assembly knows about one CloudFormation resource. */
export interface CdkResource {
  /** Construct path without the leading slash, e.g. `WebStack/WebServer/Resource`. */
  path: string;
  /** Creation stack frames, innermost first, as the synthesiser wrote them. */
  trace?: string[];
}

/** One CloudFormation template of the assembly. */
export interface CdkTemplate {
  /** The template's path: the assembly folder as given, joined with the manifest's relative path. */
  file: string;
  text: string;
  /** The stack artifact id (`WebStack`, `ProdBastion8D6858D1`). */
  stackId: string;
  /** The parent template, for a nested stack. */
  parent?: string;
  /** Resources by logical id. */
  resources: Map<string, CdkResource>;
}

export type AssemblyErrorKind =
  /** A file the assembly needs is missing or unreadable. */
  | 'unreadable'
  /** A file is not the JSON it should be. */
  | 'invalid'
  /** The manifest names a path outside the assembly; it was not read. */
  | 'outside';

export interface AssemblyError {
  kind: AssemblyErrorKind;
  /** The file the problem is about (the manifest that names a bad path, or the bad file). */
  file: string;
  message: string;
}

export interface CdkAssembly {
  /** The assembly folder, as given. */
  dir: string;
  templates: CdkTemplate[];
  /** Every manifest read, the top one first. */
  manifests: string[];
}

export interface AssemblyRead {
  value: CdkAssembly;
  errors: AssemblyError[];
}

const STACK_ARTIFACT = 'aws:cloudformation:stack';
const NESTED_ASSEMBLY_ARTIFACT = 'cdk:cloud-assembly';
const LOGICAL_ID = 'aws:cdk:logicalId';
const CREATION_STACK = 'aws:cdk:creationStack';
const TEMPLATE_FILE = 'aws:cdk:templateFile';
const CDK_PATH = 'aws:cdk:path';
const ASSET_PATH = 'aws:asset:path';
const NESTED_STACK_TYPE = 'AWS::CloudFormation::Stack';

/** Stage assemblies nest inside each other; deeper than this is not a real app. */
const MAX_ASSEMBLY_DEPTH = 16;
/** Nested stacks nest too; the same guard. */
const MAX_NESTED_STACK_DEPTH = 16;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(obj: unknown, key: string): string | undefined {
  if (!isObject(obj)) return undefined;
  const v = obj[key];
  return typeof v === 'string' ? v : undefined;
}

function parseJson(text: string): { value: Json } | { error: string } {
  try {
    return { value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as Json };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** True when `p` lies inside `root` (both absolute or both relative to one folder). */
function contains(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Resolves a path the manifest gives relative to `base`, refusing any that would end up outside
 * `root`: absolute paths, drive letters, `..` segments that climb out, and links that point out.
 */
export function resolveInside(root: string, base: string, relative: string, fs: AssemblyFileSystem): string | undefined {
  if (relative === '' || relative.includes('\0')) return undefined;
  if (path.isAbsolute(relative) || path.win32.isAbsolute(relative) || /^[A-Za-z]:/.test(relative)) return undefined;
  // Manifests written on Windows may use backslashes; treat them as separators everywhere.
  const joined = path.join(base, ...relative.split(/[\\/]+/));
  if (!contains(root, joined)) return undefined;
  const realRoot = fs.realPath(root);
  const real = fs.realPath(joined);
  // A missing file is reported by the read itself; a present one must not lead out by a link.
  if (realRoot !== undefined && real !== undefined && !contains(realRoot, real)) return undefined;
  return joined;
}

/** Metadata entries by construct path (leading slash removed). */
type MetadataMap = Map<string, JsonObject[]>;

function addMetadata(into: MetadataMap, raw: unknown): void {
  if (!isObject(raw)) return;
  for (const [key, entries] of Object.entries(raw)) {
    if (!Array.isArray(entries)) continue;
    const p = key.replace(/^\/+/, '');
    const list = into.get(p) ?? [];
    for (const e of entries) if (isObject(e)) list.push(e);
    into.set(p, list);
  }
}

function stringArray(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out = value.filter((v): v is string => typeof v === 'string');
  return out.length > 0 ? out : undefined;
}

class AssemblyReader {
  private readonly templates: CdkTemplate[] = [];
  private readonly manifests: string[] = [];
  private readonly errors: AssemblyError[] = [];
  private readonly seenTemplates = new Set<string>();

  constructor(
    private readonly root: string,
    private readonly fs: AssemblyFileSystem,
  ) {}

  read(): AssemblyRead {
    this.readAssembly(this.root, 0);
    return { value: { dir: this.root, templates: this.templates, manifests: this.manifests }, errors: this.errors };
  }

  private error(kind: AssemblyErrorKind, file: string, message: string): void {
    this.errors.push({ kind, file, message });
  }

  private readJson(file: string): Json | undefined {
    const read = this.fs.readText(file);
    if ('error' in read) {
      this.error('unreadable', file, `cannot read ${path.basename(file)}: ${read.error}`);
      return undefined;
    }
    const parsed = parseJson(read.text);
    if ('error' in parsed) {
      this.error('invalid', file, `${path.basename(file)} is not valid JSON: ${parsed.error}`);
      return undefined;
    }
    return parsed.value;
  }

  private resolve(manifest: string, base: string, relative: string, what: string): string | undefined {
    const resolved = resolveInside(this.root, base, relative, this.fs);
    if (resolved === undefined) this.error('outside', manifest, `${what} ${JSON.stringify(relative)} lies outside the cloud assembly; it was not read.`);
    return resolved;
  }

  private readAssembly(dir: string, depth: number): void {
    const manifestFile = path.join(dir, 'manifest.json');
    this.manifests.push(manifestFile);
    const manifest = this.readJson(manifestFile);
    if (manifest === undefined) return;
    const artifacts = isObject(manifest) ? manifest['artifacts'] : undefined;
    if (!isObject(artifacts)) {
      this.error('invalid', manifestFile, 'manifest.json has no "artifacts" object; is this a CDK cloud assembly?');
      return;
    }
    for (const [id, artifact] of Object.entries(artifacts)) {
      if (!isObject(artifact)) continue;
      const type = stringField(artifact, 'type');
      if (type === STACK_ARTIFACT) this.readStack(manifestFile, dir, id, artifact);
      else if (type === NESTED_ASSEMBLY_ARTIFACT) {
        const sub = stringField(artifact['properties'], 'directoryName');
        if (sub === undefined) continue;
        if (depth >= MAX_ASSEMBLY_DEPTH) {
          this.error('invalid', manifestFile, `Stage assemblies nest deeper than ${MAX_ASSEMBLY_DEPTH} levels; ${sub} was not read.`);
          continue;
        }
        const subDir = this.resolve(manifestFile, dir, sub, 'Nested assembly');
        if (subDir !== undefined) this.readAssembly(subDir, depth + 1);
      }
    }
  }

  private readStack(manifestFile: string, dir: string, id: string, artifact: JsonObject): void {
    const templateName = stringField(artifact['properties'], 'templateFile');
    if (templateName === undefined) {
      this.error('invalid', manifestFile, `Stack ${id} names no templateFile.`);
      return;
    }
    const metadata: MetadataMap = new Map();
    addMetadata(metadata, artifact['metadata']);
    // aws-cdk-lib 2.170 and later keep the metadata in a file of its own.
    const extra = stringField(artifact, 'additionalMetadataFile');
    if (extra !== undefined) {
      const file = this.resolve(manifestFile, dir, extra, 'Metadata file');
      if (file !== undefined) addMetadata(metadata, this.readJson(file));
    }
    const templateFile = this.resolve(manifestFile, dir, templateName, 'Template');
    if (templateFile === undefined) return;

    // Which construct path owns which template: the stack itself and each nested stack say so
    // with an `aws:cdk:templateFile` entry. Resources belong to the deepest owner above them.
    const owners = new Map<string, string>();
    for (const [p, entries] of metadata) {
      for (const e of entries) {
        if (e['type'] !== TEMPLATE_FILE || typeof e['data'] !== 'string') continue;
        const file = resolveInside(this.root, dir, e['data'], this.fs);
        if (file !== undefined) owners.set(p, file);
      }
    }
    const resourcesByTemplate = new Map<string, Map<string, CdkResource>>();
    for (const [p, entries] of metadata) {
      const logical = entries.find((e) => e['type'] === LOGICAL_ID && typeof e['data'] === 'string');
      if (logical === undefined) continue;
      const creation = entries.find((e) => e['type'] === CREATION_STACK);
      // Older aws-cdk-lib versions put the trace on the logical id entry itself (with CDK_DEBUG).
      const trace = stringArray(creation?.['data']) ?? stringArray(logical['trace']);
      const owner = ownerOf(p, owners) ?? templateFile;
      const map = resourcesByTemplate.get(owner) ?? new Map<string, CdkResource>();
      map.set(logical['data'] as string, { path: p, ...(trace ? { trace } : {}) });
      resourcesByTemplate.set(owner, map);
    }
    this.readTemplate(manifestFile, dir, id, templateFile, undefined, resourcesByTemplate, 0);
  }

  private readTemplate(
    manifestFile: string,
    dir: string,
    stackId: string,
    file: string,
    parent: string | undefined,
    resourcesByTemplate: Map<string, Map<string, CdkResource>>,
    depth: number,
  ): void {
    if (this.seenTemplates.has(file)) return;
    this.seenTemplates.add(file);
    const read = this.fs.readText(file);
    if ('error' in read) {
      this.error('unreadable', file, `cannot read ${path.basename(file)}: ${read.error}`);
      return;
    }
    const resources = new Map(resourcesByTemplate.get(file) ?? []);
    const template: CdkTemplate = { file, text: read.text, stackId, resources, ...(parent !== undefined ? { parent } : {}) };
    this.templates.push(template);
    // A template that is not JSON is still handed to the engine, which reports where it breaks.
    const parsed = parseJson(read.text);
    if ('error' in parsed) return;
    const body = isObject(parsed.value) ? parsed.value['Resources'] : undefined;
    if (!isObject(body)) return;
    for (const [logicalId, res] of Object.entries(body)) {
      if (!isObject(res)) continue;
      const meta = res['Metadata'];
      const cdkPath = stringField(meta, CDK_PATH);
      // The template's own `aws:cdk:path` wins; the manifest's metadata may be switched off.
      if (cdkPath !== undefined) {
        const known = resources.get(logicalId);
        resources.set(logicalId, { ...known, path: cdkPath.replace(/^\/+/, '') });
      }
      const asset = stringField(meta, ASSET_PATH);
      if (res['Type'] === NESTED_STACK_TYPE && asset !== undefined && /\.template\.json$/i.test(asset)) {
        if (depth >= MAX_NESTED_STACK_DEPTH) continue;
        const nested = this.resolve(manifestFile, dir, asset, 'Nested stack template');
        if (nested !== undefined) this.readTemplate(manifestFile, dir, stackId, nested, file, resourcesByTemplate, depth + 1);
      }
    }
    // Nested stacks synthesised without asset metadata are still named by `aws:cdk:templateFile`.
    for (const other of resourcesByTemplate.keys()) {
      if (other !== file && !this.seenTemplates.has(other) && depth === 0 && /\.nested\.template\.json$/i.test(other)) {
        this.readTemplate(manifestFile, dir, stackId, other, file, resourcesByTemplate, depth + 1);
      }
    }
  }
}

/** The deepest construct path in `owners` that `p` lies under. */
function ownerOf(p: string, owners: Map<string, string>): string | undefined {
  let best: string | undefined;
  let bestLength = -1;
  for (const [owner, file] of owners) {
    if ((p === owner || p.startsWith(`${owner}/`)) && owner.length > bestLength) {
      best = file;
      bestLength = owner.length;
    }
  }
  return best;
}

/**
 * Reads the cloud assembly in `dir` (a folder holding `manifest.json`). Template paths in the
 * result are `dir` joined with the manifest's relative paths, so a relative `dir` gives relative
 * paths, as the CLI wants.
 */
export function readCdkAssembly(dir: string, fs: AssemblyFileSystem = diskFileSystem()): AssemblyRead {
  return new AssemblyReader(path.normalize(dir), fs).read();
}

/** True when a folder's entry names make it a cloud assembly: a manifest and the version marker. */
export function isAssemblyListing(names: ReadonlySet<string> | readonly string[]): boolean {
  const set = names instanceof Set ? names : new Set(names as readonly string[]);
  return set.has('manifest.json') && set.has('cdk.out');
}
