/**
 * A CDK cloud assembly through the pipeline: read the manifest and its templates, run each
 * template through the CloudFormation checks, then put on every finding the construct path of
 * its resource and the line of the app's source that created the construct. Never throws and
 * never runs the app: a broken manifest is a finding, a missing file is reported as unreadable.
 */
import * as path from 'node:path';
import { diskFileSystem, readCdkAssembly, type AssemblyFileSystem } from './read/cdk/assembly.js';
import { CdkSourceMapper, diskSourceFileSystem, type SourceFileSystem, type SourceLocation } from './read/cdk/sourceMap.js';
import { checkDocumentValue } from './check.js';
import { baseFinding } from './rules/describe.js';
import { invalidTemplate } from './rules/invalidTemplate.js';
import type { Finding } from './rules/types.js';
import type { CdkAssemblyCheck, CdkCheckOptions, CheckOptions, DocumentCheck } from './engine.js';

const START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function checkCdkAssembly(dir: string, options: CdkCheckOptions = {}): CdkAssemblyCheck {
  const cwd = options.cwd ?? process.cwd();
  const fs: AssemblyFileSystem = options.assemblyFs ?? diskFileSystem(cwd);
  const sourceFs: SourceFileSystem = options.sourceFs ?? diskSourceFileSystem(cwd);
  const { value: assembly, errors } = readCdkAssembly(dir, fs);
  const findings: Finding[] = [];
  const unreadable: CdkAssemblyCheck['unreadable'] = [];

  // The app lives next to cdk.out, in the form the caller gave (relative stays relative).
  const absoluteDir = path.resolve(cwd, assembly.dir);
  const display = (file: string): string => {
    if (path.isAbsolute(assembly.dir) || !path.isAbsolute(file)) return file;
    return path.relative(cwd, file) || file;
  };
  const projectDir = path.isAbsolute(assembly.dir) ? path.dirname(absoluteDir) : path.relative(cwd, path.dirname(absoluteDir)) || '.';
  const mapper = new CdkSourceMapper({ projectDir, fs: sourceFs });
  const located = new Map<string, SourceLocation | undefined>();

  for (const template of assembly.templates) {
    let result: DocumentCheck;
    if (options.assemblyCache) result = options.assemblyCache.check(template.file, template.text, options);
    else {
      const checked = checkDocumentValue(template.file, template.text, options);
      result = checked.check;
      if (checked.value !== undefined) template.useParsed(checked.value);
    }
    if (!result.recognized) continue;
    for (const finding of result.findings) {
      const resource = finding.file === template.file ? template.resource(finding.resource) : undefined;
      if (resource !== undefined) {
        finding.cdkPath = resource.path;
        if (!located.has(resource.path)) located.set(resource.path, mapper.locate(resource.path, resource.trace));
        const source = located.get(resource.path);
        if (source !== undefined) finding.source = { file: display(source.file), range: source.range };
      }
      findings.push(finding);
    }
  }
  options.assemblyCache?.finish();
  // Last: the metadata file is parsed when first needed, so its problems are known only now.
  const assemblyFindings: Finding[] = [];
  for (const e of errors) {
    if (e.kind === 'unreadable') unreadable.push({ file: e.file, message: e.message });
    else assemblyFindings.push(baseFinding(invalidTemplate, { file: e.file, range: START, id: '', type: '' }, e.message));
  }
  return { findings: [...assemblyFindings, ...findings], files: assembly.templates.map((t) => t.file), unreadable };
}

interface CachedTemplate {
  text: string;
  /** The options that decide the findings, as `optionsKey` gives them. */
  options: string;
  result: DocumentCheck;
  /** Rules that threw, in order, to tell the caller again when the result is reused. */
  ruleErrors: [string, unknown][];
}

/** The options a template's findings depend on. */
function optionsKey(options: CheckOptions): string {
  return JSON.stringify([options.disabledRules ? [...options.disabledRules].sort() : null, options.maxFileBytes ?? null, options.trustedCidrs ?? null]);
}

/**
 * State kept between checks of one cloud assembly (the editor keeps one per assembly): a template
 * whose text and options are those of its last check is not checked again. A synthesis rewrites
 * every file, and the editor hears of each write, while most templates come out the same.
 * Results are the same with or without it, rule errors included.
 */
export class CdkAssemblyCache {
  private templates = new Map<string, CachedTemplate>();
  private seen = new Map<string, CachedTemplate>();
  /** Templates checked (not reused) since the cache was made, for tests and benchmarks. */
  checked = 0;

  /** The check of one template, reused when nothing it depends on has changed. */
  check(file: string, text: string, options: CheckOptions): DocumentCheck {
    const key = optionsKey(options);
    let entry = this.templates.get(file);
    if (entry === undefined || entry.text !== text || entry.options !== key) {
      const ruleErrors: [string, unknown][] = [];
      const onRuleError = (slug: string, error: unknown): void => {
        ruleErrors.push([slug, error]);
        options.onRuleError?.(slug, error);
      };
      this.checked++;
      entry = { text, options: key, result: checkDocumentValue(file, text, { ...options, onRuleError }).check, ruleErrors };
    } else {
      for (const [slug, error] of entry.ruleErrors) options.onRuleError?.(slug, error);
    }
    this.seen.set(file, entry);
    // The caller adds construct paths and source lines to the findings: it gets copies.
    return { ...entry.result, findings: structuredClone(entry.result.findings) };
  }

  /** Ends one check of the assembly: templates it no longer has are forgotten. */
  finish(): void {
    this.templates = this.seen;
    this.seen = new Map();
  }
}
