/**
 * The fuzz properties, defined once: the node:test suites in this folder run each with a small,
 * CI-sized case count, and bench/fuzzLong.ts runs all of them with a large one.
 *
 * What every property asserts, whatever the input: no exception escapes, every read problem and
 * every finding has a well-ordered range inside the document, and applying an offered fix leaves
 * a document that still reads cleanly.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkDocument, checkCdkAssembly } from '../../server/src/engine.js';
import { checkTerraformHcl } from '../../server/src/checkTerraform.js';
import { readCloudFormation } from '../../server/src/read/cloudformation/index.js';
import { readJson } from '../../server/src/read/cloudformation/json.js';
import { readYaml } from '../../server/src/read/cloudformation/yaml.js';
import { scanJson } from '../../server/src/read/jsonScan.js';
import { readTerraformPlan } from '../../server/src/read/terraform/plan.js';
import { readTerraformJson } from '../../server/src/read/terraform/tfJson.js';
import type { Node, ReadResult } from '../../server/src/read/node.js';
import { readCdkAssembly, type AssemblyFileSystem } from '../../server/src/read/cdk/assembly.js';
import { resourceSpans } from '../../server/src/read/cdk/resourceSpans.js';
import type { SourceFileSystem } from '../../server/src/read/cdk/sourceMap.js';
import { fixesFor } from '../../server/src/fix/index.js';
import { cfnTemplateArb, jsonStructuralMutationArb } from './generators.js';
import { lspSessionProperty } from './lspProperty.js';
import { findingProblems, lineLengths, mutatedTemplateArb, mutationArb, rangeProblem, REPO_ROOT, seedTemplates, type Seed } from './fuzzSupport.js';

/** One property: a name, its CI case count, and the fast-check property itself. */
export interface FuzzProperty {
  name: string;
  ciRuns: number;
  // The properties' input types differ; the runner only passes them to fc.check.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  property(): fc.IRawProperty<any, boolean>;
}

function fail(what: string, problems: string[]): void {
  if (problems.length > 0) throw new Error(`${what}:\n  ${problems.slice(0, 10).join('\n  ')}`);
}

// ── reader-level checks ──────────────────────────────────────────────────────

/** Every node span and error span lies inside the text; the walk tolerates shared (aliased) nodes. */
function readProblems(text: string, read: ReadResult): string[] {
  const out: string[] = [];
  const n = text.length;
  const bad = (s: readonly [number, number]) => !(Number.isInteger(s[0]) && Number.isInteger(s[1]) && s[0] >= 0 && s[0] <= s[1] && s[1] <= n);
  for (const e of read.errors) {
    if (bad(e.span)) out.push(`error ${e.code} span ${JSON.stringify(e.span)} outside [0, ${n}]`);
    if (!e.message) out.push(`error ${e.code} without a message`);
  }
  const seen = new Set<Node>();
  const stack: Node[] = read.root ? [read.root] : [];
  while (stack.length > 0 && seen.size < 200_000) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    if (bad(node.span)) out.push(`${node.kind} span ${JSON.stringify(node.span)} outside [0, ${n}]`);
    if (node.kind === 'map') {
      for (const e of node.entries) {
        if (bad(e.key.span)) out.push(`key span ${JSON.stringify(e.key.span)} outside [0, ${n}]`);
        stack.push(e.value);
      }
    } else if (node.kind === 'seq') stack.push(...node.items);
  }
  const lines = lineLengths(text);
  for (const e of read.errors) {
    const p = rangeProblem(read.lines.range(e.span), lines);
    if (p) out.push(`error ${e.code}: ${p}`);
  }
  return out.slice(0, 10);
}

/** Every reader on the same text: none throws, every span is inside the text. */
function allReaders(text: string): string[] {
  const out: string[] = [];
  const cfn = readCloudFormation(text);
  out.push(...readProblems(text, cfn).map((p) => `readCloudFormation: ${p}`));
  out.push(...readProblems(text, readYaml(text)).map((p) => `readYaml: ${p}`));
  out.push(...readProblems(text, readJson(text)).map((p) => `readJson: ${p}`));
  out.push(...readProblems(text, readTerraformPlan(text)).map((p) => `readTerraformPlan: ${p}`));
  out.push(...readProblems(text, readTerraformJson(text, 'main.tf.json')).map((p) => `readTerraformJson: ${p}`));
  const scan = scanJson(text);
  if (scan.error && !(scan.error.offset >= 0 && scan.error.offset <= text.length)) out.push(`scanJson: error offset ${scan.error.offset} outside the text`);
  return out;
}

function checkProblems(file: string, text: string): string[] {
  const result = checkDocument(file, text);
  if (!result.recognized && result.findings.length > 0) return ['findings on an unrecognised document'];
  return findingProblems(file, text, result.findings);
}

// ── fixes ────────────────────────────────────────────────────────────────────

/**
 * Applies every fix offered for every finding of a document that reads cleanly; each result must
 * read cleanly too and check without throwing. Returns the problems found and the number of fixes applied.
 */
export function fixProblems(file: string, text: string): { problems: string[]; applied: number } {
  const problems: string[] = [];
  let applied = 0;
  if (readCloudFormation(text).errors.length > 0) return { problems, applied };
  const { findings } = checkDocument(file, text);
  const doc = TextDocument.create('file:///fuzz', 'yaml', 1, text);
  const lines = lineLengths(text);
  for (const finding of findings) {
    for (const fix of fixesFor(file, text, finding)) {
      for (const e of fix.edits) {
        const p = rangeProblem(e.range, lines);
        if (p) problems.push(`"${fix.title}": edit range ${p}`);
      }
      const sorted = fix.edits.map((e) => ({ start: doc.offsetAt(e.range.start), end: doc.offsetAt(e.range.end) })).sort((a, b) => a.start - b.start || a.end - b.end);
      for (let i = 1; i < sorted.length; i++) {
        if (sorted[i]!.start < sorted[i - 1]!.end) problems.push(`"${fix.title}": overlapping edits`);
      }
      const after = TextDocument.applyEdits(doc, fix.edits);
      applied++;
      const reread = readCloudFormation(after);
      if (reread.errors.length > 0) {
        problems.push(`"${fix.title}" for ${finding.ruleId} ${finding.resource} left a document that does not read: ${reread.errors.slice(0, 3).map((e) => `${e.code} ${e.message} at ${JSON.stringify(reread.lines.range(e.span).start)}`).join('; ')}\n--- after ---\n${after.slice(0, 4000)}`);
      } else if (!reread.isTemplate) {
        problems.push(`"${fix.title}" left a document that is no longer a template`);
      }
      problems.push(...checkProblems(file, after).map((p) => `after "${fix.title}": ${p}`));
    }
  }
  return { problems, applied };
}

// ── seeds ────────────────────────────────────────────────────────────────────

function jsonSeeds(dir: string, suffix: RegExp): { file: string; value: never }[] {
  const abs = path.join(REPO_ROOT, dir);
  return readdirSync(abs)
    .filter((n) => suffix.test(n))
    .sort()
    .map((n) => ({ file: `${dir}/${n}`, value: JSON.parse(readFileSync(path.join(abs, n), 'utf8')) as never }));
}

function textSeeds(dir: string, suffix: RegExp): Seed[] {
  const abs = path.join(REPO_ROOT, dir);
  return readdirSync(abs)
    .filter((n) => suffix.test(n))
    .sort()
    .map((n) => ({ file: `${dir}/${n}`, text: readFileSync(path.join(abs, n), 'utf8') }));
}

/** Templates whose findings have fixes: mutations of these keep fixes in play. */
const FIXABLE = ['public-web-server.yaml', 'public-web-server.json', 'asg-launch-template.yaml', 'eni-elastic-ip.yaml', 'standalone-ingress-ssh.yaml', 'admin-port-rdp-ipv6.yaml', 'short-form-tags.yaml', 'fn-if-subnet-elastic-ip.yaml'];

function fixableSeeds(): Seed[] {
  const dir = 'test/fixtures/cloudformation';
  const seeds = FIXABLE.map((n) => ({ file: `${dir}/${n}`, text: readFileSync(path.join(REPO_ROOT, dir, n), 'utf8') }));
  for (const f of readdirSync(path.join(REPO_ROOT, 'examples', 'cloudformation')).sort()) {
    seeds.push({ file: `examples/cloudformation/${f}`, text: readFileSync(path.join(REPO_ROOT, 'examples', 'cloudformation', f), 'utf8') });
  }
  return seeds;
}

/** Mutations that keep a template readable more often than not: layout, comments, renames, copies. */
const gentleMutationArb: fc.Arbitrary<(s: Seed) => Seed> = fc
  .oneof(
    fc.constant((t: string) => t.replace(/\r?\n/g, '\r\n')),
    fc.constant((t: string) => '\uFEFF' + t),
    fc.constant((t: string) => t.replace(/\n(?=\S)/, '\n# a comment at the top level\n')),
    fc.constant((t: string) => t + '\n'),
    fc.constant((t: string) => t.replace(/\s+$/, '')),
    fc.constant((t: string) => t.replace(/\n[ ]{2}/g, '\n    ').replace(/\n([ ]{4})+/g, (s) => s + s.slice(1))),
    fc.constant((t: string) => {
      // Anchor the first SubnetId value and alias it in the later ones.
      let n = 0;
      return t.replace(/^(\s*SubnetId: )(.+)$/gm, (_, head: string, value: string) => (n++ === 0 ? `${head}&subnet ${value}` : `${head}*subnet`));
    }),
    fc.integer({ min: 0, max: 40 }).map((k) => (t: string) => {
      // Remove one line: often a property the model needs.
      const lines = t.split('\n');
      lines.splice(k % lines.length, 1);
      return lines.join('\n');
    }),
  )
  .map((m) => (s: Seed) => ({ file: s.file, text: m(s.text) }));

// ── the properties ───────────────────────────────────────────────────────────

/** The in-memory file system's working folder: a name, never read from disk. */
const VIRTUAL_CWD = path.resolve(path.sep, 'virtual');

const FILE_NAMES = ['template.yaml', 'template.json', 'main.tf.json', 'plan.json', 'x.template'];

export const PROPERTIES: FuzzProperty[] = [
  {
    name: 'arbitrary text through every reader and the pipeline',
    ciRuns: 300,
    property: () =>
      fc.property(
        fc.constantFrom(...FILE_NAMES),
        fc.oneof(
          fc.string({ maxLength: 400 }),
          fc.string({ unit: 'binary', maxLength: 400 }),
          fc.string({ unit: 'binary', maxLength: 300 }).map((s) => `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${s}`),
          fc.json({ maxDepth: 6 }),
          fc.json({ maxDepth: 4 }).map((j) => `{"format_version": "1.2", "planned_values": ${j}, "configuration": ${j}}`),
        ),
        (file, text) => {
          fail(`readers on ${JSON.stringify(text.slice(0, 200))}`, allReaders(text));
          fail(`checkDocument(${file})`, checkProblems(file, text));
          return true;
        },
      ),
  },
  {
    name: 'mutated real templates through every reader and the pipeline',
    ciRuns: 400,
    property: () =>
      fc.property(mutatedTemplateArb(seedTemplates()), (m) => {
        fail(`readers on ${m.file} after ${m.mutations}`, allReaders(m.text));
        fail(`checkDocument(${m.file}) after ${m.mutations}`, checkProblems(m.file, m.text));
        return true;
      }),
  },
  {
    name: 'generated CloudFormation templates (YAML and JSON) through the pipeline',
    ciRuns: 300,
    property: () =>
      fc.property(cfnTemplateArb, (t) => {
        for (const [file, text] of [['gen.yaml', t.yaml], ['gen.json', t.json]] as const) {
          const read = readCloudFormation(text);
          // The generator writes valid YAML and JSON; a read error is a reader bug or a generator bug.
          fail(`reading generated ${file}`, read.errors.map((e) => `${e.code} ${e.message} at ${JSON.stringify(read.lines.range(e.span).start)}`));
          fail(`checkDocument(${file})`, checkProblems(file, text));
        }
        return true;
      }),
  },
  {
    name: 'structurally mutated Terraform plans through the pipeline',
    ciRuns: 200,
    property: () => {
      const seeds = jsonSeeds('test/fixtures/terraform/plan', /\.json$/);
      return fc.property(
        fc.integer({ min: 0, max: seeds.length - 1 }).chain((i) => jsonStructuralMutationArb(seeds[i]!.value).map((m) => ({ file: seeds[i]!.file, ...m }))),
        (m) => {
          fail(`checkDocument(${m.file}) mutated`, checkProblems(m.file, m.text));
          return true;
        },
      );
    },
  },
  {
    name: 'structurally mutated .tf.json files through the pipeline',
    ciRuns: 200,
    property: () => {
      const seeds = jsonSeeds('test/fixtures/terraform/json', /\.tf\.json$/);
      return fc.property(
        fc.integer({ min: 0, max: seeds.length - 1 }).chain((i) => jsonStructuralMutationArb(seeds[i]!.value).map((m) => ({ file: seeds[i]!.file, ...m }))),
        (m) => {
          fail(`checkDocument(${m.file}) mutated`, checkProblems(m.file, m.text));
          return true;
        },
      );
    },
  },
  {
    name: 'mutated Terraform HCL through the HCL reader and the pipeline',
    ciRuns: 60,
    property: () => {
      const seeds = textSeeds('test/fixtures/terraform/hcl', /\.tf$/);
      return fc.asyncProperty(mutatedTemplateArb(seeds), async (m) => {
        const result = await checkTerraformHcl(m.file, m.text);
        fail(`checkTerraformHcl(${m.file}) after ${m.mutations}`, findingProblems(m.file, m.text, result.findings));
        return true;
      });
    },
  },
  {
    name: 'generated CDK assemblies: manifest paths never leave the assembly',
    ciRuns: 150,
    property: () => {
      const seeds = seedTemplates().filter((s) => s.file.endsWith('.json') && s.file.includes('cloudformation'));
      const relPath = fc.oneof(
        fc.constantFrom('Stack.template.json', 'Nested.nested.template.json', '../outside.template.json', '../../etc/passwd', '/etc/passwd', 'C:\\Windows\\x.json', 'sub/../Stack.template.json', 'sub/../../x.json', 'assembly-Stage', 'assembly-Stage/../..', '', 'a\0b', 'link-out/x.template.json'),
        fc.string({ maxLength: 12 }),
      );
      const artifact = fc.oneof(
        fc.record({ type: fc.constant('aws:cloudformation:stack'), properties: fc.record({ templateFile: relPath }), metadata: fc.dictionary(fc.constantFrom('/Stack/Web/Resource', '/Stack', 'x'), fc.array(fc.record({ type: fc.constantFrom('aws:cdk:logicalId', 'aws:cdk:templateFile', 'aws:cdk:creationStack'), data: fc.oneof(relPath, fc.array(fc.string(), { maxLength: 3 })) }), { maxLength: 3 }), { maxKeys: 3 }) }),
        fc.record({ type: fc.constant('cdk:cloud-assembly'), properties: fc.record({ directoryName: relPath }) }),
        fc.jsonValue({ maxDepth: 3 }),
      );
      return fc.property(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), artifact, { maxKeys: 4 }),
        fc.integer({ min: 0, max: Math.max(0, seeds.length - 1) }),
        fc.boolean(),
        (artifacts, seedIndex, nestedManifest) => {
          const dir = path.join('app', 'cdk.out');
          const files = new Map<string, string>();
          files.set(path.join(dir, 'manifest.json'), JSON.stringify({ version: '36.0.0', artifacts }));
          if (nestedManifest) files.set(path.join(dir, 'assembly-Stage', 'manifest.json'), JSON.stringify({ version: '36.0.0', artifacts }));
          const template = seeds[seedIndex]?.text ?? '{}';
          for (const name of ['Stack.template.json', 'Nested.nested.template.json', 'assembly-Stage/Stack.template.json']) files.set(path.join(dir, name), template);
          files.set(path.join('app', 'outside.template.json'), template);
          files.set(path.join('etc', 'passwd'), 'root:x:0:0');
          const read: string[] = [];
          const assemblyFs: AssemblyFileSystem = {
            readText(file) {
              const key = path.normalize(file);
              read.push(key);
              const text = files.get(key);
              return text === undefined ? { error: 'no such file or directory' } : { text };
            },
            realPath(file) {
              const key = path.normalize(file);
              // `link-out` is a symbolic link that leads out of the assembly.
              if (key.startsWith(path.join(dir, 'link-out'))) return path.resolve('/elsewhere', path.relative(path.join(dir, 'link-out'), key));
              return files.has(key) || key === dir ? path.resolve(VIRTUAL_CWD, key) : undefined;
            },
          };
          const sourceFs: SourceFileSystem = { readText: () => undefined, list: () => undefined };
          const result = checkCdkAssembly(dir, { assemblyFs, sourceFs, cwd: VIRTUAL_CWD });
          const outside = [...read, ...result.files].filter((f) => path.relative(dir, f).startsWith('..') || path.isAbsolute(path.relative(dir, f)));
          fail(`files read outside the assembly for ${JSON.stringify(artifacts)}`, outside);
          for (const f of result.findings) {
            const text = files.get(path.normalize(f.file));
            if (text !== undefined) fail(`finding in ${f.file}`, findingProblems(f.file, text, [f]));
          }
          return true;
        },
      );
    },
  },
  {
    name: 'CDK resources looked up one at a time are what reading the whole template gives',
    ciRuns: 200,
    property: () => {
      const cdkPath = fc.constantFrom('S/Web/Resource', '/S/Web/Resource', '//S/Other/Resource', 'S/Sg/Resource', '', 'S/W\u00e9b/"x"');
      const ids = ['Vpc', 'Subnet', 'Sg', 'Web', 'Eip', 'Missing'];
      return fc.property(
        cfnTemplateArb,
        fc.array(fc.option(cdkPath), { minLength: 12, maxLength: 12 }),
        fc.array(fc.option(fc.record({ path: cdkPath, id: fc.constantFrom(...ids), trace: fc.boolean() })), { maxLength: 8 }),
        fc.constantFrom(0, 1, 2, '\t'),
        fc.option(mutationArb, { freq: 3 }),
        (t, templatePaths, constructs, indent, mutate) => {
          const value = structuredClone(t.value) as { Resources: Record<string, Record<string, unknown>> };
          Object.values(value.Resources).forEach((res, i) => {
            const p = templatePaths[i];
            if (p !== null && p !== undefined && typeof res === 'object' && res !== null) res['Metadata'] = { ...(res['Metadata'] as object), 'aws:cdk:path': p };
          });
          const valid = JSON.stringify(value, undefined, indent);
          const text = mutate ? mutate(valid) : valid;
          let parsed = true;
          try {
            JSON.parse(text.replace(/^\uFEFF/, ''));
          } catch {
            parsed = false;
          }
          if (parsed) {
            const spans = resourceSpans(text);
            const body = (JSON.parse(text.replace(/^\uFEFF/, '')) as { Resources?: unknown }).Resources;
            const expected = typeof body === 'object' && body !== null && !Array.isArray(body) ? Object.entries(body) : [];
            if (spans === undefined || spans.size !== expected.length) throw new Error(`walk found ${spans?.size} resources, JSON.parse ${expected.length}`);
            for (const [id, v] of expected) {
              const span = spans.get(id);
              if (span === undefined || JSON.stringify(JSON.parse(text.slice(span[0], span[1]))) !== JSON.stringify(v)) throw new Error(`walk disagrees on ${id}`);
            }
          }
          const metadata: Record<string, unknown[]> = { '/S': [{ type: 'aws:cdk:templateFile', data: 'S.template.json' }] };
          for (const c of constructs) {
            if (c === null) continue;
            const entries = (metadata[`/${c.path}`] ??= []);
            entries.push({ type: 'aws:cdk:logicalId', data: c.id });
            if (c.trace) entries.push({ type: 'aws:cdk:creationStack', data: [`new S (/app/${c.id}.ts:1:1)`] });
          }
          const dir = path.join(VIRTUAL_CWD, 'cdk.out');
          const files = new Map([
            [path.join(dir, 'manifest.json'), JSON.stringify({ version: '36.0.0', artifacts: { S: { type: 'aws:cloudformation:stack', properties: { templateFile: 'S.template.json' }, metadata } } })],
            [path.join(dir, 'S.template.json'), text],
          ]);
          const assemblyFs: AssemblyFileSystem = {
            readText: (file) => (files.has(file) ? { text: files.get(file)! } : { error: 'no such file or directory' }),
            realPath: (file) => (files.has(file) || file === dir ? file : undefined),
          };
          const lazy = readCdkAssembly(dir, assemblyFs).value.templates[0];
          const eager = readCdkAssembly(dir, assemblyFs).value.templates[0];
          if (lazy === undefined || eager === undefined) throw new Error('the template was not read');
          for (const id of new Set([...ids, ...eager.resources.keys(), ...Object.keys(value.Resources)])) {
            const one = JSON.stringify(lazy.resource(id));
            const all = JSON.stringify(eager.resources.get(id));
            if (one !== all) throw new Error(`${id}: looked up ${one}, whole template ${all}`);
          }
          return true;
        },
      );
    },
  },
  {
    name: 'every fix offered on a generated template leaves a document that reads cleanly',
    ciRuns: 150,
    property: () =>
      fc.property(cfnTemplateArb, fc.boolean(), (t, json) => {
        const file = json ? 'gen.json' : 'gen.yaml';
        fail(`fixes on ${file}`, fixProblems(file, json ? t.json : t.yaml).problems);
        return true;
      }),
  },
  {
    name: 'every fix offered on a mutated real template leaves a document that reads cleanly',
    ciRuns: 60,
    property: () => {
      const seeds = fixableSeeds();
      return fc.property(fc.integer({ min: 0, max: seeds.length - 1 }), fc.array(gentleMutationArb, { maxLength: 3 }), (i, ms) => {
        const s = ms.reduce((acc, m) => m(acc), seeds[i]!);
        fail(`fixes on mutated ${s.file}`, fixProblems(s.file, s.text).problems);
        return true;
      });
    },
  },
  {
    name: 'the language server under random edit sequences keeps answering with diagnostics inside the text',
    ciRuns: 40,
    property: lspSessionProperty,
  },
];
