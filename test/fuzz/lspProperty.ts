/**
 * The language server fed random edit sequences: incremental changes at random places (garbage,
 * deletions of everything, huge lines, whole templates pasted) interleaved with diagnostic pulls,
 * code actions (and their resolution), CodeLens and traffic-path requests. After every step the
 * server must answer a pull, and the diagnostics must lie inside the text the editor now holds.
 */
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionRequest,
  CodeActionResolveRequest,
  CodeLensRequest,
  DocumentDiagnosticReportKind,
  RequestType,
  type ClientCapabilities,
  type CodeAction,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type Range,
  type TextDocumentContentChangeEvent,
  type TextEdit,
} from 'vscode-languageserver/node';
import { TRAFFIC_PATH_METHOD } from '../../protocol/src/lspExtensions.js';
import { LspTestClient, PULL_CAPABILITIES } from '../protocol/lspTestClient.js';
import { lineLengths, rangeProblem, seedTemplates, type Seed } from './fuzzSupport.js';

type Step =
  | { kind: 'change'; from: number; to: number; text: string }
  | { kind: 'replaceAll'; text: string }
  | { kind: 'pull' }
  | { kind: 'codeActions' }
  | { kind: 'codeLens' }
  | { kind: 'trafficPath'; at: number };

const frac = fc.double({ min: 0, max: 1, noNaN: true });

function stepArb(seeds: Seed[]): fc.Arbitrary<Step> {
  const pasted = fc.oneof(
    fc.constantFrom('', '\t', '\uFEFF', '\r\n', '\0', '\uD800', ': ', '- ', '!Ref ', '"', '{', '}', '[', 'Type: AWS::EC2::Instance\n', '  Properties:\n    SubnetId: !Ref Sub\n'),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.integer({ min: 1000, max: 30000 }).map((n) => 'x'.repeat(n)),
    fc.integer({ min: 0, max: seeds.length - 1 }).chain((i) => fc.tuple(frac, frac).map(([a, b]) => {
      const t = seeds[i]!.text;
      const [s, e] = [Math.floor(Math.min(a, b) * t.length), Math.floor(Math.max(a, b) * t.length)];
      return t.slice(s, e);
    })),
  );
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('change' as const), from: frac, to: frac, text: pasted }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('replaceAll' as const), text: fc.oneof(fc.constant(''), fc.integer({ min: 0, max: seeds.length - 1 }).map((i) => seeds[i]!.text)) }) },
    { weight: 2, arbitrary: fc.constant({ kind: 'pull' as const }) },
    { weight: 2, arbitrary: fc.constant({ kind: 'codeActions' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'codeLens' as const }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('trafficPath' as const), at: frac }) },
  );
}

/** VS Code's pull capabilities, optionally with lazily resolved code-action edits. */
function capabilities(resolve: boolean): ClientCapabilities {
  return {
    ...PULL_CAPABILITIES,
    textDocument: {
      ...PULL_CAPABILITIES.textDocument,
      codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor.rewrite'] } }, ...(resolve ? { resolveSupport: { properties: ['edit'] } } : {}), dataSupport: true },
    },
  };
}

function rangeProblems(what: string, ranges: Range[], text: string): string[] {
  const lines = lineLengths(text);
  return ranges.map((r) => rangeProblem(r, lines)).filter((p): p is string => p !== undefined).map((p) => `${what}: ${p}`);
}

function editsOf(action: CodeAction, uri: string): { version: number | null; edits: TextEdit[] }[] {
  const out: { version: number | null; edits: TextEdit[] }[] = [];
  for (const c of action.edit?.documentChanges ?? []) {
    if ('textDocument' in c && c.textDocument.uri === uri) out.push({ version: c.textDocument.version, edits: c.edits as TextEdit[] });
  }
  for (const edits of Object.values(action.edit?.changes ?? {})) out.push({ version: null, edits });
  return out;
}

const trafficPath = new RequestType<{ textDocument: { uri: string }; position?: { line: number; character: number } }, unknown, void>(TRAFFIC_PATH_METHOD);

/** Runs one edit session; throws with a description of the first broken promise. */
export async function runSession(seed: Seed, steps: Step[], resolve: boolean): Promise<{ requests: number }> {
  const client = new LspTestClient();
  const uri = `file:///fuzz/${seed.file.replace(/[^A-Za-z0-9._-]/g, '_')}`;
  let mirror = TextDocument.create(uri, 'yaml', 1, seed.text);
  let requests = 0;
  const problems: string[] = [];
  const pull = async (): Promise<Diagnostic[]> => {
    requests++;
    const report: DocumentDiagnosticReport = await client.pull(uri);
    if (report.kind !== DocumentDiagnosticReportKind.Full) return [];
    problems.push(...rangeProblems(`diagnostic after ${mirror.version - 1} changes`, report.items.flatMap((d) => [d.range, ...(d.relatedInformation ?? []).filter((r) => r.location.uri === uri).map((r) => r.location.range)]), mirror.getText()));
    return report.items;
  };
  try {
    await client.initialize(capabilities(resolve));
    await client.open(uri, seed.text);
    for (const step of steps) {
      const text = mirror.getText();
      if (step.kind === 'change' || step.kind === 'replaceAll') {
        let change: TextDocumentContentChangeEvent;
        if (step.kind === 'replaceAll') change = { text: step.text };
        else {
          const [a, b] = [Math.floor(Math.min(step.from, step.to) * text.length), Math.floor(Math.max(step.from, step.to) * text.length)];
          change = { range: { start: mirror.positionAt(a), end: mirror.positionAt(b) }, text: step.text };
        }
        const version = await client.change(uri, [change]);
        mirror = TextDocument.update(mirror, [change], version);
      } else if (step.kind === 'codeActions') {
        const diagnostics = await pull();
        requests++;
        const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
          textDocument: { uri },
          range: diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          context: { diagnostics },
        })) ?? [];
        for (const a of actions) {
          let action = a as CodeAction;
          if (!action.edit && action.data !== undefined) {
            requests++;
            action = await client.connection.sendRequest(CodeActionResolveRequest.type, action);
          }
          for (const { version, edits } of editsOf(action, uri)) {
            if (version !== null && version !== mirror.version) problems.push(`"${action.title}" edits version ${version}, the document is at ${mirror.version}`);
            problems.push(...rangeProblems(`edit of "${action.title}"`, edits.map((e) => e.range), mirror.getText()));
          }
        }
      } else if (step.kind === 'codeLens') {
        requests++;
        const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
        problems.push(...rangeProblems('code lens', lenses.map((l) => l.range), mirror.getText()));
      } else if (step.kind === 'trafficPath') {
        requests++;
        await client.connection.sendRequest(trafficPath, { textDocument: { uri }, position: mirror.positionAt(Math.floor(step.at * text.length)) });
      }
      // Whatever happened, the server answers a pull about the current text.
      await pull();
      if (problems.length > 0) break;
    }
    const errors = client.logs.filter((l) => /failed|could not model/i.test(l));
    if (errors.length > 0) problems.push(...errors.map((e) => `server logged: ${e}`));
  } finally {
    await client.dispose();
  }
  if (problems.length > 0) throw new Error(`LSP session on ${seed.file}:\n  ${problems.slice(0, 10).join('\n  ')}\n--- text now ---\n${mirror.getText().slice(0, 3000)}`);
  return { requests };
}

export function lspSessionProperty(): fc.IAsyncProperty<[number, Step[], boolean]> {
  const seeds = seedTemplates().filter((s) => /cloudformation|lsp/.test(s.file));
  return fc.asyncProperty(fc.integer({ min: 0, max: seeds.length - 1 }), fc.array(stepArb(seeds), { minLength: 1, maxLength: 25 }), fc.boolean(), async (i, steps, resolve) => {
    await runSession(seeds[i]!, steps, resolve);
    return true;
  });
}
