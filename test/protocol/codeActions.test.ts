/**
 * Protocol tests for quick fixes: the real server in process, asked for code actions by a client
 * that resolves edits lazily (VS Code) and by one that does not (Neovim 0.7, eglot). Each fix is
 * applied the way an editor would apply it, and the diagnostics are checked again.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  CodeActionRequest,
  CodeActionResolveRequest,
  CodeActionTriggerKind,
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  TextDocumentEdit,
  type ClientCapabilities,
  type CodeAction,
  type Diagnostic,
  type FullDocumentDiagnosticReport,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { LspTestClient, PULL_CAPABILITIES, PUSH_CAPABILITIES } from './lspTestClient.js';

const ROOT = join(__dirname, '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'cloudformation', 'public-web-server.yaml');
const REACHABLE = 'internet-reachable-compute';
const ADMIN_PORT = 'world-open-admin-port';

/** What VS Code announces for code actions and workspace edits, on top of pull diagnostics. */
const RESOLVING: ClientCapabilities = {
  ...PULL_CAPABILITIES,
  textDocument: {
    ...PULL_CAPABILITIES.textDocument,
    codeAction: {
      dynamicRegistration: false,
      isPreferredSupport: true,
      disabledSupport: true,
      dataSupport: true,
      resolveSupport: { properties: ['edit'] },
      codeActionLiteralSupport: { codeActionKind: { valueSet: [CodeActionKind.QuickFix, CodeActionKind.Refactor] } },
    },
  },
  workspace: {
    ...PULL_CAPABILITIES.workspace,
    workspaceEdit: { documentChanges: true, changeAnnotationSupport: { groupsOnLabel: true } },
  },
};

/** What Neovim 0.7 announces: push diagnostics, literal code actions, no resolve. */
const EAGER: ClientCapabilities = {
  ...PUSH_CAPABILITIES,
  textDocument: {
    ...PUSH_CAPABILITIES.textDocument,
    codeAction: {
      dynamicRegistration: false,
      isPreferredSupport: true,
      dataSupport: true,
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['', CodeActionKind.QuickFix, CodeActionKind.Refactor] } },
    },
  },
  workspace: { ...PUSH_CAPABILITIES.workspace, workspaceEdit: { documentChanges: true } },
};

function example(): { uri: string; text: string } {
  return { uri: pathToFileURL(EXAMPLE).href, text: readFileSync(EXAMPLE, 'utf8') };
}

/** Applies LSP text edits to a text, as an editor does: ranges refer to the text before any edit. */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => Math.min((lineStarts[p.line] ?? text.length) + p.character, text.length);
  const spans = edits.map((e, i) => ({ start: offset(e.range.start), end: offset(e.range.end), newText: e.newText, i }));
  // From the end backwards; of two inserts at one place, the first in the array ends up first.
  spans.sort((a, b) => b.start - a.start || b.i - a.i);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.newText + out.slice(s.end);
  return out;
}

/** The one versioned document edit of a workspace edit, checked for the URI and version it must carry. */
function documentEdit(edit: WorkspaceEdit | undefined, uri: string, version: number): TextEdit[] {
  assert.ok(edit, 'the action has no edit');
  assert.equal(edit.changes, undefined, 'unversioned `changes` could land on a newer text');
  const changes = edit.documentChanges ?? [];
  assert.equal(changes.length, 1, JSON.stringify(changes));
  const change = changes[0]!;
  assert.ok(TextDocumentEdit.is(change), `not a TextDocumentEdit: ${JSON.stringify(change)}`);
  assert.deepEqual(change.textDocument, { uri, version });
  assert.ok(change.edits.length > 0);
  return change.edits as TextEdit[];
}

function full(report: unknown): FullDocumentDiagnosticReport {
  const r = report as FullDocumentDiagnosticReport;
  assert.equal(r.kind, DocumentDiagnosticReportKind.Full, JSON.stringify(report));
  return r;
}

function withCode(diagnostics: Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}

function codeActions(client: LspTestClient, uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return client.connection
    .sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], triggerKind: CodeActionTriggerKind.Invoked },
    })
    .then((actions) => (actions ?? []).map((a) => a as CodeAction));
}

function resolve(client: LspTestClient, action: CodeAction): Promise<CodeAction> {
  return client.connection.sendRequest(CodeActionResolveRequest.type, action);
}

describe('code actions for a client that resolves edits (VS Code)', () => {
  const client = new LspTestClient();
  const { uri, text } = example();
  let current = text;

  before(async () => {
    await client.initialize(RESOLVING);
  });
  after(async () => {
    await client.dispose();
  });

  /** Opens the example afresh under a new URI (so tests do not share a document). */
  async function openCopy(name: string): Promise<string> {
    const copy = pathToFileURL(join(ROOT, 'examples', 'cloudformation', name)).href;
    await client.open(copy, text);
    return copy;
  }

  async function errorOn(docUri: string, code: string): Promise<Diagnostic> {
    const found = withCode(full(await client.pull(docUri)).items, code);
    assert.equal(found.length, 1, JSON.stringify(found, null, 2));
    return found[0]!;
  }

  test('the preferred action resolves to a versioned, annotated edit that removes the error', async () => {
    await client.open(uri, text);
    const diagnostic = await errorOn(uri, REACHABLE);
    assert.equal(diagnostic.severity, DiagnosticSeverity.Error);

    const actions = await codeActions(client, uri, diagnostic);
    const preferred = actions.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1, JSON.stringify(actions.map((a) => a.title)));
    const action = preferred[0]!;
    assert.match(action.title, /^Put WebServer behind API Gateway \(REST API, IAM auth\)/);
    assert.equal(action.kind, CodeActionKind.QuickFix);
    assert.deepEqual(action.diagnostics, [diagnostic]);
    // Edits are computed on resolve, for this client: none yet, only what finds the fix again.
    for (const a of actions) {
      assert.equal(a.edit, undefined, `${a.title} came with its edit`);
      assert.ok(a.data !== undefined, `${a.title} has no data to resolve with`);
    }

    const resolved = await resolve(client, action);
    assert.equal(resolved.disabled, undefined, JSON.stringify(resolved.disabled));
    const edits = documentEdit(resolved.edit, uri, 1);
    const annotations = resolved.edit?.changeAnnotations ?? {};
    for (const e of edits) {
      const id = (e as { annotationId?: string }).annotationId;
      assert.ok(id !== undefined && annotations[id] !== undefined, `edit without a known annotation: ${JSON.stringify(e)}`);
    }
    const annotation = Object.values(annotations)[0];
    assert.ok(annotation, 'no change annotation');
    assert.equal(annotation.needsConfirmation, true);
    assert.equal(annotation.label, action.title);
    // The CloudFormation diff of the change: what the user confirms.
    assert.match(annotation.description ?? '', /AWS::ApiGateway::RestApi/);
    assert.match(annotation.description ?? '', /AWS::ApiGateway::VpcLink/);
    assert.match(annotation.description ?? '', /AWS_IAM/);

    current = applyEdits(text, edits);
    assert.match(current, /Type: AWS::ApiGateway::VpcLink/);
    const version = await client.change(uri, [{ text: current }]);
    assert.equal(version, 2);
    const after = full(await client.pull(uri)).items;
    assert.deepEqual(withCode(after, REACHABLE), [], JSON.stringify(after, null, 2));
    assert.deepEqual(
      after.filter((d) => d.severity === DiagnosticSeverity.Error),
      [],
      'the fixed template has no error',
    );
  });

  test('an action resolved after the document changed is disabled and has no edit', async () => {
    const copy = await openCopy('stale.yaml');
    const diagnostic = await errorOn(copy, REACHABLE);
    const actions = await codeActions(client, copy, diagnostic);
    const action = actions.find((a) => a.isPreferred);
    assert.ok(action);
    // The user types before choosing the fix: version 2 now, the action was offered at 1.
    await client.change(copy, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }]);
    const resolved = await resolve(client, action);
    assert.equal(resolved.edit, undefined, 'a stale edit would land on the wrong lines');
    assert.ok(resolved.disabled, JSON.stringify(resolved));
    assert.match(resolved.disabled.reason, /changed/);
  });

  test('the world-open admin port is narrowed to the VPC CIDR', async () => {
    const copy = await openCopy('narrow.yaml');
    const diagnostic = await errorOn(copy, ADMIN_PORT);
    const actions = await codeActions(client, copy, diagnostic);
    const action = actions.find((a) => a.title.startsWith("Allow this port only from the VPC's CIDR"));
    assert.ok(action, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(action.isPreferred, true);
    const resolved = await resolve(client, action);
    const edits = documentEdit(resolved.edit, copy, 1);
    assert.deepEqual(edits.map((e) => e.newText), ['!GetAtt Vpc.CidrBlock']);
    const fixed = applyEdits(text, edits);
    assert.match(fixed, /CidrIp: !GetAtt Vpc\.CidrBlock\n/);
    await client.change(copy, [{ text: fixed }]);
    assert.deepEqual(withCode(full(await client.pull(copy)).items, ADMIN_PORT), []);
  });

  test('the ignore action adds Metadata, and the finding disappears', async () => {
    const copy = await openCopy('ignore.yaml');
    const diagnostic = await errorOn(copy, REACHABLE);
    const actions = await codeActions(client, copy, diagnostic);
    const action = actions.find((a) => a.title === `Ignore ${REACHABLE} for WebServer (adds Metadata)`);
    assert.ok(action, JSON.stringify(actions.map((a) => a.title)));
    assert.notEqual(action.isPreferred, true, 'ignoring must never be the preferred fix');
    const resolved = await resolve(client, action);
    const fixed = applyEdits(text, documentEdit(resolved.edit, copy, 1));
    assert.match(fixed, /\n {4}Metadata:\n {6}vpc-lint:\n {8}ignore:\n {10}- internet-reachable-compute\n/);
    await client.change(copy, [{ text: fixed }]);
    assert.deepEqual(withCode(full(await client.pull(copy)).items, REACHABLE), []);
  });
});

describe('code actions for a client that does not resolve (Neovim 0.7)', () => {
  const client = new LspTestClient();
  const { uri, text } = example();

  before(async () => {
    await client.initialize(EAGER);
  });
  after(async () => {
    await client.dispose();
  });

  test('gets each edit with the action, versioned, and applying the preferred one clears the error', async () => {
    const published = client.nextPublished(uri, (p) => withCode(p.diagnostics, REACHABLE).length > 0);
    await client.open(uri, text);
    const diagnostic = withCode((await published).diagnostics, REACHABLE)[0]!;
    const actions = await codeActions(client, uri, diagnostic);
    assert.ok(actions.length >= 4, JSON.stringify(actions.map((a) => a.title)));
    for (const a of actions) documentEdit(a.edit, uri, 1);
    const action = actions.find((a) => a.isPreferred);
    assert.ok(action);
    assert.match(action.title, /^Put WebServer behind API Gateway \(REST API/);
    const fixed = applyEdits(text, documentEdit(action.edit, uri, 1));

    const cleared = client.nextPublished(uri, (p) => p.version === 2 || withCode(p.diagnostics, REACHABLE).length === 0);
    await client.change(uri, [{ text: fixed }]);
    const after = await cleared;
    assert.deepEqual(withCode(after.diagnostics, REACHABLE), [], JSON.stringify(after, null, 2));
  });
});
