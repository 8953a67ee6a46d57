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
import { resourceSpans, type Span } from './resourceSpans.js';
import { keepShape } from '../keepShape.js';
import { readTextFile } from '../textFile.js';

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
        return { text: readTextFile(path.resolve(cwd, file)) };
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
  /** Resources by logical id. Built on first use: it means parsing the template. */
  readonly resources: Map<string, CdkResource>;
  /** The same as `resources.get(logicalId)`, found without parsing the whole template. */
  resource(logicalId: string): CdkResource | undefined;
  /**
   * Hands over the template's value, parsed from `text` by someone else (the check parses it
   * anyway): lookups then read it instead of walking the text. Never changed by the template.
   */
  useParsed(value: unknown): void;
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

/** A construct path as the metadata keys it (`/WebStack/WebServer/Resource`), without the leading slashes. */
function withoutLeadingSlashes(key: string): string {
  let i = 0;
  while (key.charCodeAt(i) === 47) i++;
  return i === 0 ? key : key.slice(i);
}

function stringArray(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out = value.filter((v): v is string => typeof v === 'string');
  return out.length > 0 ? out : undefined;
}

/** Calls `visit` with each construct path and its entries, paths in first-seen order. */
function forEachPath(sources: readonly unknown[], visit: (p: string, entries: readonly unknown[]) => void): void {
  const objects = sources.filter(isObject);
  // One source whose keys each start with a single slash names every path once: no merging needed.
  // (Listing the keys of a large object is not cheap; it is done once.)
  const keys = objects.length === 1 ? Object.keys(objects[0]!) : undefined;
  if (keys !== undefined && keys.every((k) => k.charCodeAt(0) === 47 && k.charCodeAt(1) !== 47)) {
    const raw = objects[0]!;
    for (const key of keys) {
      const entries = raw[key];
      if (Array.isArray(entries)) visit(key.slice(1), entries);
    }
    return;
  }
  // Otherwise entries for one path may come from several keys and sources: merge them in order.
  const merged = new Map<string, unknown[]>();
  for (const raw of objects) {
    for (const [key, entries] of Object.entries(raw)) {
      if (!Array.isArray(entries)) continue;
      const p = withoutLeadingSlashes(key);
      const list = merged.get(p) ?? [];
      for (const e of entries) list.push(e);
      merged.set(p, list);
    }
  }
  for (const [p, entries] of merged) visit(p, entries);
}

/** The metadata of one construct that has a logical id. */
interface ConstructEntry {
  path: string;
  logical: JsonObject;
  creation: JsonObject | undefined;
  /** Built on first use. */
  resource?: CdkResource;
}

function resourceOf(entry: ConstructEntry): CdkResource {
  if (entry.resource !== undefined) return entry.resource;
  // Older aws-cdk-lib versions put the trace on the logical id entry itself (with CDK_DEBUG).
  const trace = stringArray(entry.creation?.['data']) ?? stringArray(entry.logical['trace']);
  entry.resource = { path: entry.path, ...(trace ? { trace } : {}) };
  return entry.resource;
}

/**
 * The construct metadata of one stack artifact: the manifest's own and that of its metadata file.
 * One pass finds which construct owns which template (that decides which nested templates to read)
 * and which constructs have logical ids; the resources themselves are built when looked up.
 *
 * The metadata file (aws-cdk-lib 2.170 and later) is as large as the template. It is parsed only
 * when it can change an answer: when it may name a nested template, or hold a creation trace, or
 * when a resource has no `aws:cdk:path` of its own in the template.
 */
class StackMetadata {
  private loaded: { owners: Map<string, string>; constructs: ConstructEntry[] } | undefined;
  /** Template → logical id → construct; the last construct with a logical id wins. */
  private byTemplate: Map<string, Map<string, ConstructEntry>> | undefined;

  constructor(
    /** The manifest's own metadata, parsed with the manifest. */
    private readonly inline: unknown,
    /** The metadata file's text, parsed on first need (undefined when there is none). */
    private readonly fileText: string | undefined,
    /** Reports a metadata file that is not JSON, once, when it is first parsed. */
    private readonly onInvalid: (message: string) => void,
    /** The stack's own template, owner of every resource no nested stack claims. */
    private readonly templateFile: string,
    private readonly resolveOwned: (relative: string) => string | undefined,
  ) {}

  /** The manifest's own metadata as text, for the same searches as the file's. */
  private inlineText: string | undefined;
  /** The answers of {@link mayHold}, once found. */
  private readonly may = new Map<'nest' | 'trace', boolean>();

  /**
   * True when the metadata may name a nested template, or may hold a creation trace: searched
   * for in the text, so that the file is parsed only when it may. A `\\u` escape can hide
   * either, so it counts too.
   */
  private mayHold(what: 'nest' | 'trace'): boolean {
    let answer = this.may.get(what);
    if (answer === undefined) {
      this.inlineText ??= this.inline === undefined ? '' : JSON.stringify(this.inline);
      answer = [this.fileText, this.inlineText].some((t) => t !== undefined && (what === 'nest' ? mayNest(t) : mayTrace(t)));
      this.may.set(what, answer);
    }
    return answer;
  }

  /** True when the metadata may hold a creation trace, which only it has. */
  get mayTrace(): boolean {
    return this.mayHold('trace');
  }

  private load(): { owners: Map<string, string>; constructs: ConstructEntry[] } {
    if (this.loaded !== undefined) return this.loaded;
    const sources: unknown[] = [this.inline];
    if (this.fileText !== undefined) {
      const parsed = parseJson(this.fileText);
      if ('error' in parsed) this.onInvalid(parsed.error);
      else sources.push(parsed.value);
    }
    const owners = new Map<string, string>();
    const constructs: ConstructEntry[] = [];
    forEachPath(sources, (p, entries) => {
      let logical: JsonObject | undefined;
      let creation: JsonObject | undefined;
      for (const e of entries) {
        if (!isObject(e)) continue;
        const type = e['type'];
        if (type === TEMPLATE_FILE) {
          const file = typeof e['data'] === 'string' ? this.resolveOwned(e['data']) : undefined;
          if (file !== undefined) owners.set(p, file);
        } else if (type === LOGICAL_ID) {
          if (logical === undefined && typeof e['data'] === 'string') logical = e;
        } else if (type === CREATION_STACK) {
          creation ??= e;
        }
      }
      if (logical !== undefined) constructs.push({ path: p, logical, creation });
    });
    this.loaded = { owners, constructs };
    return this.loaded;
  }

  /** True when a nested template other than `file` that is not in `seen` owns constructs. */
  ownsUnreadNested(file: string, seen: ReadonlySet<string>): boolean {
    if (this.loaded === undefined && !this.mayHold('nest')) return false;
    for (const owned of this.load().owners.values()) {
      if (owned !== file && !seen.has(owned) && NESTED_TEMPLATE.test(owned)) return true;
    }
    return false;
  }

  /** Templates that own at least one construct with a logical id, in the metadata's order. */
  templates(): IterableIterator<string> {
    return this.index().keys();
  }

  /** What the metadata alone says about a resource of `file`. */
  resource(file: string, logicalId: string): CdkResource | undefined {
    const entry = this.index().get(file)?.get(logicalId);
    return entry === undefined ? undefined : resourceOf(entry);
  }

  /** Every resource of `file` the metadata knows, by logical id. */
  resources(file: string): Map<string, CdkResource> {
    const out = new Map<string, CdkResource>();
    for (const [id, entry] of this.index().get(file) ?? []) out.set(id, resourceOf(entry));
    return out;
  }

  private index(): Map<string, Map<string, ConstructEntry>> {
    if (this.byTemplate !== undefined) return this.byTemplate;
    const { owners, constructs } = this.load();
    const byTemplate = new Map<string, Map<string, ConstructEntry>>();
    for (const entry of constructs) {
      const owner = ownerOf(entry.path, owners) ?? this.templateFile;
      let map = byTemplate.get(owner);
      if (map === undefined) byTemplate.set(owner, (map = new Map()));
      map.set(entry.logical['data'] as string, entry);
    }
    this.byTemplate = byTemplate;
    return byTemplate;
  }
}

const NESTED_TEMPLATE = /\.nested\.template\.json$/i;

/**
 * Whether metadata text may name a nested template, or hold a creation trace; a `\\u` escape
 * could hide either. (Plain searches where they will do: a pattern of alternatives over a 70 KB
 * file costs what parsing a tenth of it does.)
 */
const MAY_NEST = /\\u|\.nested\.template\.json/i;

function mayNest(t: string): boolean {
  return MAY_NEST.test(t);
}

function mayTrace(t: string): boolean {
  return t.includes('\\u') || t.includes(CREATION_STACK) || t.includes('"trace');
}

/**
 * A template read from the assembly. Its resources come from the stack's metadata, overridden by
 * each resource's own `aws:cdk:path` in the template when the template is valid JSON.
 */
class AssemblyTemplate implements CdkTemplate {
  private all: Map<string, CdkResource> | undefined;
  /** Spans of the `Resources` members; null when the walk failed. */
  private spans: Map<string, Span> | null | undefined;

  constructor(
    readonly file: string,
    readonly text: string,
    readonly stackId: string,
    readonly parent: string | undefined,
    private readonly metadata: StackMetadata,
    /** The parsed template, when reading it has parsed it already. */
    private parsed?: { value: Json } | { error: string },
  ) {}

  get resources(): Map<string, CdkResource> {
    if (this.all !== undefined) return this.all;
    const resources = this.metadata.resources(this.file);
    const body = this.body();
    if (body !== undefined) {
      for (const [logicalId, res] of Object.entries(body)) {
        const cdkPath = isObject(res) ? stringField(res['Metadata'], CDK_PATH) : undefined;
        // The template's own `aws:cdk:path` wins; the manifest's metadata may be switched off.
        if (cdkPath !== undefined) {
          const known = resources.get(logicalId);
          resources.set(logicalId, { ...known, path: cdkPath.replace(/^\/+/, '') });
        }
      }
    }
    this.all = resources;
    this.parsed = undefined;
    return resources;
  }

  resource(logicalId: string): CdkResource | undefined {
    if (this.all !== undefined) return this.all.get(logicalId);
    const own = this.ownPath(logicalId);
    // The own path of a template that parsed wins; all the metadata could add is a creation trace.
    if (typeof own === 'string' && this.parsed !== undefined && !('error' in this.parsed) && !this.metadata.mayTrace) return { path: own.replace(/^\/+/, '') };
    const known = this.metadata.resource(this.file, logicalId);
    // Only the resource's own `aws:cdk:path` can change what the metadata says. The answer the
    // walk gives is exact when the template is JSON; when it is not, the template does not count,
    // so an answer that agrees with the metadata is right either way. Anything else is settled
    // by parsing the whole template, as `resources` does.
    if (own === undefined) return known;
    if (own !== null && known !== undefined && known.path === own.replace(/^\/+/, '')) return known;
    return this.resources.get(logicalId);
  }

  /**
   * The resource's `aws:cdk:path` in the template; undefined when it has none (or the template
   * has no such resource); null when that cannot be told without parsing the whole template.
   */
  private ownPath(logicalId: string): string | undefined | null {
    // Without the key spelled out (or hidden by a \u escape) no resource has the metadata.
    if (!this.text.includes(CDK_PATH) && !this.text.includes('\\u')) return undefined;
    if (this.parsed !== undefined) {
      const body = this.body();
      const res = body !== undefined && Object.hasOwn(body, logicalId) ? body[logicalId] : undefined;
      return isObject(res) ? stringField(res['Metadata'], CDK_PATH) : undefined;
    }
    if (this.spans === undefined) this.spans = resourceSpans(this.text) ?? null;
    if (this.spans === null) return null;
    const span = this.spans.get(logicalId);
    if (span === undefined) return undefined;
    const value = parseJson(this.text.slice(span[0], span[1]));
    if ('error' in value) return null;
    return isObject(value.value) ? stringField(value.value['Metadata'], CDK_PATH) : undefined;
  }

  useParsed(value: unknown): void {
    if (this.all === undefined) this.parsed ??= { value: value as Json };
  }

  /** The template's `Resources` object, or undefined when the template is not JSON or has none. */
  body(): JsonObject | undefined {
    const parsed = this.parsed ?? parseJson(this.text);
    this.parsed = parsed;
    if ('error' in parsed) return undefined;
    const body = isObject(parsed.value) ? parsed.value['Resources'] : undefined;
    return isObject(body) ? body : undefined;
  }
}

/** Resolves paths the same way within one read, each link at most once. */
function memoisedRealPaths(fs: AssemblyFileSystem): AssemblyFileSystem {
  const real = new Map<string, string | undefined>();
  return {
    readText: (file) => fs.readText(file),
    realPath(file) {
      if (!real.has(file)) real.set(file, fs.realPath(file));
      return real.get(file);
    },
  };
}

class AssemblyReader {
  private readonly templates: CdkTemplate[] = [];
  private readonly manifests: string[] = [];
  private readonly errors: AssemblyError[] = [];
  private readonly seenTemplates = new Set<string>();
  private readonly fs: AssemblyFileSystem;

  constructor(
    private readonly root: string,
    fs: AssemblyFileSystem,
  ) {
    this.fs = memoisedRealPaths(fs);
  }

  read(): AssemblyRead {
    this.readAssembly(this.root, 0);
    return { value: { dir: this.root, templates: this.templates, manifests: this.manifests }, errors: this.errors };
  }

  private error(kind: AssemblyErrorKind, file: string, message: string): void {
    this.errors.push({ kind, file, message });
  }

  private readText(file: string): string | undefined {
    const read = this.fs.readText(file);
    if ('error' in read) {
      this.error('unreadable', file, `cannot read ${path.basename(file)}: ${read.error}`);
      return undefined;
    }
    return read.text;
  }

  private readJson(file: string): Json | undefined {
    const text = this.readText(file);
    if (text === undefined) return undefined;
    const parsed = parseJson(text);
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
    // aws-cdk-lib 2.170 and later keep the metadata in a file of its own.
    const extra = stringField(artifact, 'additionalMetadataFile');
    let extraText: string | undefined;
    let extraFile: string | undefined;
    if (extra !== undefined) {
      extraFile = this.resolve(manifestFile, dir, extra, 'Metadata file');
      if (extraFile !== undefined) extraText = this.readText(extraFile);
    }
    const templateFile = this.resolve(manifestFile, dir, templateName, 'Template');
    if (templateFile === undefined) return;
    // Which construct path owns which template: the stack itself and each nested stack say so
    // with an `aws:cdk:templateFile` entry. Resources belong to the deepest owner above them.
    const invalid = (message: string) => this.error('invalid', extraFile!, `${path.basename(extraFile!)} is not valid JSON: ${message}`);
    const metadata = new StackMetadata(artifact['metadata'], extraText, invalid, templateFile, (relative) => resolveInside(this.root, dir, relative, this.fs));
    this.readTemplate(manifestFile, dir, id, templateFile, undefined, metadata, 0);
  }

  private readTemplate(manifestFile: string, dir: string, stackId: string, file: string, parent: string | undefined, metadata: StackMetadata, depth: number): void {
    if (this.seenTemplates.has(file)) return;
    this.seenTemplates.add(file);
    const read = this.fs.readText(file);
    if ('error' in read) {
      this.error('unreadable', file, `cannot read ${path.basename(file)}: ${read.error}`);
      return;
    }
    // Only a template that holds a nested stack, or a stack whose metadata names a nested template
    // not read yet, needs parsing here. A nested stack's type cannot hide from the text search but
    // behind a \u escape.
    const mayNest = read.text.includes(NESTED_STACK_TYPE) || read.text.includes('\\u') || (depth === 0 && metadata.ownsUnreadNested(file, this.seenTemplates));
    const parsed = mayNest ? parseJson(read.text) : undefined;
    const template = new AssemblyTemplate(file, read.text, stackId, parent, metadata, parsed);
    this.templates.push(template);
    if (!mayNest) return;
    // A template that is not JSON is still handed to the engine, which reports where it breaks.
    const body = template.body();
    if (body === undefined) return;
    for (const res of Object.values(body)) {
      if (!isObject(res)) continue;
      const asset = stringField(res['Metadata'], ASSET_PATH);
      if (res['Type'] === NESTED_STACK_TYPE && asset !== undefined && /\.template\.json$/i.test(asset)) {
        if (depth >= MAX_NESTED_STACK_DEPTH) continue;
        const nested = this.resolve(manifestFile, dir, asset, 'Nested stack template');
        if (nested !== undefined) this.readTemplate(manifestFile, dir, stackId, nested, file, metadata, depth + 1);
      }
    }
    // Nested stacks synthesised without asset metadata are still named by `aws:cdk:templateFile`.
    for (const other of metadata.templates()) {
      if (other !== file && !this.seenTemplates.has(other) && depth === 0 && NESTED_TEMPLATE.test(other)) {
        this.readTemplate(manifestFile, dir, stackId, other, file, metadata, depth + 1);
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

// The per-check classes keep their shapes across full collections (see keepShape.ts).
keepShape(new AssemblyReader('', diskFileSystem()));
keepShape(new StackMetadata(undefined, undefined, () => undefined, '', () => undefined));
