/**
 * A CDK cloud assembly through the pipeline: read the manifest and its templates, run each
 * template through the CloudFormation checks, then put on every finding the construct path of
 * its resource and the line of the app's source that created the construct. Never throws and
 * never runs the app: a broken manifest is a finding, a missing file is reported as unreadable.
 */
import * as path from 'node:path';
import { diskFileSystem, readCdkAssembly, type AssemblyFileSystem } from './read/cdk/assembly.js';
import { CdkSourceMapper, diskSourceFileSystem, type SourceFileSystem, type SourceLocation } from './read/cdk/sourceMap.js';
import { checkDocument } from './check.js';
import { baseFinding } from './rules/describe.js';
import { invalidTemplate } from './rules/invalidTemplate.js';
import type { Finding } from './rules/types.js';
import type { CdkAssemblyCheck, CdkCheckOptions } from './engine.js';

const START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function checkCdkAssembly(dir: string, options: CdkCheckOptions = {}): CdkAssemblyCheck {
  const cwd = options.cwd ?? process.cwd();
  const fs: AssemblyFileSystem = options.assemblyFs ?? diskFileSystem(cwd);
  const sourceFs: SourceFileSystem = options.sourceFs ?? diskSourceFileSystem(cwd);
  const { value: assembly, errors } = readCdkAssembly(dir, fs);
  const findings: Finding[] = [];
  const unreadable: CdkAssemblyCheck['unreadable'] = [];
  for (const e of errors) {
    if (e.kind === 'unreadable') unreadable.push({ file: e.file, message: e.message });
    else findings.push(baseFinding(invalidTemplate, { file: e.file, range: START, id: '', type: '' }, e.message));
  }

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
    const result = checkDocument(template.file, template.text, options);
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
  return { findings, files: assembly.templates.map((t) => t.file), unreadable };
}
