/**
 * Maps a CDK construct path back to the line of the app's source that created the construct.
 *
 * Two ways, best first:
 * 1. the creation stack trace the synthesiser recorded (aws-cdk-lib records one per resource
 *    unless told not to): the first frame in the user's own code, not in `node_modules`;
 * 2. otherwise the construct id, looked up as a string literal in the app's source files
 *    (`new ec2.Instance(this, 'WebServer', …)`), trying the path's segments from the innermost
 *    outwards, so a resource that a library construct creates maps to the line that created
 *    the library construct.
 *
 * Only reads files; nothing of the app runs.
 */
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { readTextFile } from '../textFile.js';
import type { Range } from '../node.js';
import { keepShape } from '../keepShape.js';

export interface SourceLocation {
  file: string;
  range: Range;
}

/** What the mapper needs from the file system. */
export interface SourceFileSystem {
  readText(file: string): string | undefined;
  /** Entries of a folder, or undefined when it cannot be listed. */
  list(dir: string): { name: string; isDirectory: boolean; isFile: boolean }[] | undefined;
  /** The absolute path with links resolved, or undefined when it does not exist. */
  realPath?(file: string): string | undefined;
}

export function diskSourceFileSystem(cwd = process.cwd()): SourceFileSystem {
  return {
    readText(file) {
      try {
        const abs = path.resolve(cwd, file);
        // Most files asked for are absent (cdk.json, a trace's file on another machine): a
        // missing file is answered without the cost of an exception.
        const stat = nodeFs.statSync(abs, { throwIfNoEntry: false });
        if (stat === undefined || stat.size > MAX_SOURCE_BYTES) return undefined;
        return readTextFile(abs);
      } catch {
        return undefined;
      }
    },
    list(dir) {
      try {
        return nodeFs
          .readdirSync(path.resolve(cwd, dir), { withFileTypes: true })
          .map((e) => ({ name: e.name, isDirectory: e.isDirectory(), isFile: e.isFile() }))
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      } catch {
        return undefined;
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

/** Source files larger than this are not read (they are generated or bundled, not an app). */
const MAX_SOURCE_BYTES = 2 * 1024 * 1024;
/** How many source files the construct-id search reads at most, and how deep it walks. */
const MAX_SOURCE_FILES = 2000;
const MAX_SOURCE_DEPTH = 8;

/** Languages CDK apps are written in. */
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.py', '.java', '.cs', '.go'];
const SKIPPED_DIRS = new Set(['node_modules', 'cdk.out', '.git', 'dist', 'out', 'build', 'target', 'obj', '__pycache__', 'venv', '.venv']);

function isSourceFile(name: string): boolean {
  const lower = name.toLowerCase();
  return !lower.endsWith('.d.ts') && SOURCE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** One parsed stack frame. */
export interface Frame {
  file: string;
  /** 1-based, as in the trace. */
  line: number;
  column: number;
}

/**
 * Parses one frame as aws-cdk-lib writes it: `new Web (/app/lib/web.ts:12:5)`,
 * `    at new Web (/app/lib/web.ts:12:5)`, `/app/bin/app.ts:3:1`, `file:///app/app.mjs:3:1`.
 * Summaries such as `...new Vpc2 in aws-cdk-lib...` are not frames.
 */
export function parseFrame(raw: string): Frame | undefined {
  let s = raw.trim();
  if (s.startsWith('...') || s.startsWith('(')) return undefined;
  if (s.startsWith('at ')) s = s.slice(3);
  const paren = /\(([^()]*)\)$/.exec(s);
  const location = paren ? paren[1]! : s;
  const m = /^(.*?):(\d+)(?::(\d+))?$/.exec(location);
  if (!m) return undefined;
  let file = m[1]!;
  if (file.startsWith('file://')) {
    try {
      file = decodeURIComponent(new URL(file).pathname);
      // `file:///C:/x` gives `/C:/x`.
      if (/^\/[A-Za-z]:\//.test(file)) file = file.slice(1);
    } catch {
      return undefined;
    }
  }
  if (file === '' || file.startsWith('node:') || file === 'native' || file.startsWith('<')) return undefined;
  return { file, line: Number(m[2]), column: m[3] !== undefined ? Number(m[3]) : 1 };
}

/** True for a frame in a library or the runtime rather than the user's app. */
function isLibraryFrame(file: string): boolean {
  return /[\\/]node_modules[\\/]/.test(file) || /[\\/]site-packages[\\/]/.test(file) || file.startsWith('internal/');
}

/**
 * The construct ids to look for, innermost first: `WebStack/WebServer/Resource` gives
 * `WebServer` then nothing else (the first segment is the stack or stage the app names, whose line
 * says nothing about this construct). CDK's own child ids (`Resource`, `Default`) are skipped, and a
 * nested stack's `Tier.NestedStack/Tier.NestedStackResource` gives `Tier`.
 */
export function constructIds(cdkPath: string): string[] {
  const segments = cdkPath.split('/').filter((s) => s.length > 0);
  const ids: string[] = [];
  for (let i = segments.length - 1; i >= 1; i--) {
    let id = segments[i]!;
    if (id === 'Resource' || id === 'Default') continue;
    id = id.replace(/\.NestedStack(Resource)?$/, '');
    if (id.length > 0 && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Line starts of a text, for offset → position. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The zero-based line that holds `offset`. */
function lineAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The range from `column` (0-based) to the end of the line's code, without trailing blanks. */
function lineRange(lines: string[], line: number, column: number): Range {
  const text = (lines[line] ?? '').replace(/\r$/, '');
  const end = text.replace(/\s+$/, '').length;
  const start = Math.min(Math.max(column, 0), end);
  return { start: { line, character: start }, end: { line, character: Math.max(end, start) } };
}

export interface SourceMapperOptions {
  /**
   * The app's folder: the parent of `cdk.out`. The construct-id search walks it (skipping
   * `node_modules` and `cdk.out`), starting with the file `cdk.json`'s `app` command names.
   */
  projectDir: string;
  fs?: SourceFileSystem;
}

/** Maps construct paths of one assembly to source locations; caches what it reads. */
export class CdkSourceMapper {
  private readonly fs: SourceFileSystem;
  private readonly texts = new Map<string, string | undefined>();
  private readonly lineIndex = new Map<string, { lines: string[]; starts: number[] }>();
  private sourceFiles: string[] | undefined;
  private projectRealPath: { path: string | undefined } | undefined;

  constructor(private readonly options: SourceMapperOptions) {
    this.fs = options.fs ?? diskSourceFileSystem();
  }

  /** Where the construct at `cdkPath` was created, or undefined when neither way finds it. */
  locate(cdkPath: string, trace?: readonly string[]): SourceLocation | undefined {
    return (trace ? this.fromTrace(trace) : undefined) ?? this.fromConstructId(cdkPath);
  }

  /** The first frame of the user's code that names a readable source file and a line in it. */
  fromTrace(trace: readonly string[]): SourceLocation | undefined {
    for (const raw of trace) {
      const frame = parseFrame(raw);
      if (frame === undefined || isLibraryFrame(frame.file) || !isSourceFile(frame.file)) continue;
      // A compiled .js next to its .ts has other line numbers than the file the user edits; the
      // construct id finds the line in the .ts instead.
      if (/\.js$/i.test(frame.file) && this.text(frame.file.replace(/\.js$/i, '.ts')) !== undefined) return undefined;
      const file = this.inProject(frame.file);
      const text = this.text(file);
      // Traces from another machine (CI) name files that are not here; fall back to the id.
      if (text === undefined) return undefined;
      const { lines } = this.lines(file, text);
      if (frame.line < 1 || frame.line > lines.length) return undefined;
      return { file, range: lineRange(lines, frame.line - 1, frame.column - 1) };
    }
    return undefined;
  }

  /** The construct id as a construct-id argument (`, 'Id'`) in the app's source. */
  fromConstructId(cdkPath: string): SourceLocation | undefined {
    const files = this.files();
    if (files.length === 0) return undefined;
    for (const id of constructIds(cdkPath)) {
      const quoted = `(['"\`])${escapeRegExp(id)}\\1`;
      // Preferred: the id as the second argument of a constructor call; else any literal.
      for (const pattern of [new RegExp(`,\\s*${quoted}`, 'g'), new RegExp(quoted, 'g')]) {
        for (const file of files) {
          const text = this.text(file);
          if (text === undefined) continue;
          pattern.lastIndex = 0;
          const m = pattern.exec(text);
          if (!m) continue;
          const offset = m.index + m[0].length - id.length - 2;
          const { lines, starts } = this.lines(file, text);
          const line = lineAt(starts, offset);
          const lineText = lines[line] ?? '';
          // Start at the `new` of the call when it is on this line, else at the line's code.
          const character = offset - starts[line]!;
          const newAt = lineText.lastIndexOf('new ', character);
          const first = lineText.search(/\S/);
          return { file, range: lineRange(lines, line, newAt >= 0 ? newAt : Math.max(first, 0)) };
        }
      }
    }
    return undefined;
  }

  /**
   * Traces name the real path of each file (links resolved: `/private/var/…` on macOS); a file
   * inside the project is expressed under the project folder as given, the path the editor uses.
   */
  private inProject(file: string): string {
    this.projectRealPath ??= { path: this.fs.realPath?.(this.options.projectDir) };
    const root = this.projectRealPath.path;
    if (root === undefined) return file;
    const rel = path.relative(root, file);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return file;
    return path.join(this.options.projectDir, rel);
  }

  /** The file's lines and where each starts, worked out once per file. */
  private lines(file: string, text: string): { lines: string[]; starts: number[] } {
    let index = this.lineIndex.get(file);
    if (index === undefined) this.lineIndex.set(file, (index = { lines: text.split('\n'), starts: lineStarts(text) }));
    return index;
  }

  private text(file: string): string | undefined {
    if (!this.texts.has(file)) this.texts.set(file, this.fs.readText(file));
    return this.texts.get(file);
  }

  /** The app's source files: cdk.json's entry file first, then its folder, then the rest. */
  private files(): string[] {
    if (this.sourceFiles !== undefined) return this.sourceFiles;
    const root = this.options.projectDir;
    const entry = this.entryFile();
    const all: string[] = [];
    this.walk(root, 0, all);
    // A compiled .js beside its .ts is the same code; search the .ts the user edits.
    const set = new Set(all);
    const files = all.filter((f) => !(/\.js$/i.test(f) && set.has(f.replace(/\.js$/i, '.ts'))));
    const entryDir = entry !== undefined ? path.dirname(entry) : undefined;
    const rank = (f: string): number => (f === entry ? 0 : entryDir !== undefined && path.dirname(f) === entryDir ? 1 : 2);
    files.sort((a, b) => rank(a) - rank(b));
    if (entry !== undefined && !set.has(entry) && this.text(entry) !== undefined) files.unshift(entry);
    this.sourceFiles = files;
    return files;
  }

  private walk(dir: string, depth: number, out: string[]): void {
    if (depth > MAX_SOURCE_DEPTH || out.length >= MAX_SOURCE_FILES) return;
    const entries = this.fs.list(dir);
    if (entries === undefined) return;
    for (const e of entries) {
      if (out.length >= MAX_SOURCE_FILES) return;
      const p = path.join(dir, e.name);
      if (e.isDirectory) {
        if (!SKIPPED_DIRS.has(e.name) && !e.name.startsWith('.') && !e.name.startsWith('cdk.out')) this.walk(p, depth + 1, out);
      } else if (e.isFile && isSourceFile(e.name)) {
        out.push(p);
      }
    }
  }

  /** The source file `cdk.json`'s `app` command runs, e.g. `bin/app.ts` in `npx ts-node bin/app.ts`. */
  private entryFile(): string | undefined {
    const text = this.fs.readText(path.join(this.options.projectDir, 'cdk.json'));
    if (text === undefined) return undefined;
    let app: unknown;
    try {
      app = (JSON.parse(text) as { app?: unknown }).app;
    } catch {
      return undefined;
    }
    if (typeof app !== 'string') return undefined;
    const token = app
      .split(/\s+/)
      .map((t) => t.replace(/^['"]|['"]$/g, ''))
      .find((t) => isSourceFile(t));
    return token === undefined ? undefined : path.join(this.options.projectDir, token);
  }
}

keepShape(new CdkSourceMapper({ projectDir: '' }));
