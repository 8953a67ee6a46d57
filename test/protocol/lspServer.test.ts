/**
 * Protocol tests: the real language server, in process, driven over LSP by a test client that
 * plays VS Code (pull diagnostics) or Neovim 0.7 (push diagnostics).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  TextDocumentSyncKind,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type FullDocumentDiagnosticReport,
  type Range,
} from 'vscode-languageserver/node';
import { internetReachableCompute } from '../../server/src/rules/internetReachableCompute.js';
import { LspTestClient, PULL_CAPABILITIES, PUSH_CAPABILITIES } from './lspTestClient.js';

const FIXTURES = join(__dirname, '..', 'fixtures', 'lsp');
const RULE = 'internet-reachable-compute';

/** A URI in the fixtures folder for a document that exists only in the editor. */
function unsavedUri(name: string): string {
  return pathToFileURL(join(FIXTURES, name)).href;
}

function fixture(name: string): { uri: string; text: string } {
  const path = join(FIXTURES, name);
  return { uri: pathToFileURL(path).href, text: readFileSync(path, 'utf8') };
}

/** The text a range covers (the fixtures have LF line ends). */
function textAt(text: string, range: Range): string {
  const lines = text.split('\n');
  const offset = (line: number, character: number) =>
    lines.slice(0, line).reduce((sum, l) => sum + l.length + 1, 0) + character;
  return text.slice(offset(range.start.line, range.start.character), offset(range.end.line, range.end.character));
}

/** The zero-based line of the first line containing `needle`, and the column where it starts. */
function locate(text: string, needle: string, fromLine = 0): { line: number; character: number } {
  const lines = text.split('\n');
  for (let line = fromLine; line < lines.length; line++) {
    const character = lines[line]!.indexOf(needle);
    if (character >= 0) return { line, character };
  }
  throw new Error(`fixture has no line containing ${JSON.stringify(needle)}`);
}

function full(report: DocumentDiagnosticReport): FullDocumentDiagnosticReport {
  assert.equal(report.kind, DocumentDiagnosticReportKind.Full, `expected a full report, got ${JSON.stringify(report)}`);
  return report as FullDocumentDiagnosticReport;
}

function reachable(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.code === RULE);
}

describe('a pull-diagnostics client (VS Code)', () => {
  const client = new LspTestClient();
  const exposed = fixture('exposed.yaml');

  before(async () => {
    await client.initialize(PULL_CAPABILITIES);
  });
  after(async () => {
    await client.dispose();
  });

  test('is offered pull diagnostics and incremental sync', async () => {
    // A second client, so that this test can look at the initialize result on its own.
    const other = new LspTestClient();
    try {
      const result = await other.initialize(PULL_CAPABILITIES);
      assert.deepEqual(result.capabilities.textDocumentSync, { openClose: true, change: TextDocumentSyncKind.Incremental });
      assert.deepEqual(result.capabilities.diagnosticProvider, {
        identifier: 'vpc-lint',
        interFileDependencies: false,
        workspaceDiagnostics: false,
      });
      assert.equal(result.serverInfo?.name, 'vpc-lint');
    } finally {
      await other.dispose();
    }
  });

  test('gets the internet-reachable-compute error on the instance, with its proof', async () => {
    await client.open(exposed.uri, exposed.text);
    const report = full(await client.pull(exposed.uri));
    const found = reachable(report.items);
    assert.equal(found.length, 1, JSON.stringify(report.items, null, 2));
    const diagnostic = found[0]!;

    const key = locate(exposed.text, 'WebServer:');
    assert.deepEqual(diagnostic.range, {
      start: key,
      end: { line: key.line, character: key.character + 'WebServer'.length },
    });
    assert.equal(textAt(exposed.text, diagnostic.range), 'WebServer');
    assert.equal(diagnostic.severity, DiagnosticSeverity.Error);
    assert.equal(diagnostic.source, 'vpc-lint');
    assert.equal(diagnostic.code, RULE);
    assert.deepEqual(diagnostic.codeDescription, { href: internetReachableCompute.docsUrl });
    assert.deepEqual(diagnostic.data, { ruleId: RULE, resource: 'WebServer' });
    assert.equal(typeof diagnostic.message, 'string');
    assert.match(diagnostic.message as string, /WebServer[^]*tcp\/22/);

    // The related locations prove the path: the default route, the gateway and the open
    // security-group rule, all in this document.
    const related = diagnostic.relatedInformation ?? [];
    for (const info of related) assert.equal(info.location.uri, exposed.uri);
    const relatedText = related.map((info) => textAt(exposed.text, info.location.range));
    const context = JSON.stringify(related, null, 2);
    assert.ok(relatedText.includes('DefaultRoute'), `no related location on the route: ${context}`);
    assert.ok(relatedText.includes('InternetGateway'), `no related location on the gateway: ${context}`);
    const openRule = locate(exposed.text, 'IpProtocol: tcp');
    const openCidr = locate(exposed.text, 'CidrIp: 0.0.0.0/0');
    const ruleLocation = related.find(
      (info) => info.location.range.start.line === openRule.line && info.location.range.start.character === openRule.character,
    );
    assert.ok(ruleLocation !== undefined, `no related location on the open security-group rule: ${context}`);
    assert.ok(ruleLocation.location.range.end.line >= openCidr.line, `the rule's range should cover its CidrIp: ${context}`);
  });

  test('answers "unchanged" when the client already has the current result', async () => {
    const first = full(await client.pull(exposed.uri));
    assert.ok(first.resultId !== undefined);
    const second = await client.pull(exposed.uri, first.resultId);
    assert.deepEqual(second, { kind: DocumentDiagnosticReportKind.Unchanged, resultId: first.resultId });
  });

  test('an incremental edit that closes the exposure clears the error', async () => {
    const before = full(await client.pull(exposed.uri));
    // Edit from the bottom up so that each range is still valid after the previous change.
    const publicIp = locate(exposed.text, 'AssociatePublicIpAddress: true');
    const valueStart = publicIp.character + 'AssociatePublicIpAddress: '.length;
    const openRule = locate(exposed.text, '- IpProtocol: tcp');
    const nextRule = locate(exposed.text, '- IpProtocol: tcp', openRule.line + 1);
    await client.change(exposed.uri, [
      {
        range: { start: { line: publicIp.line, character: valueStart }, end: { line: publicIp.line, character: valueStart + 4 } },
        text: 'false',
      },
      // Removes the four lines of the tcp/22 0.0.0.0/0 rule.
      { range: { start: { line: openRule.line, character: 0 }, end: { line: nextRule.line, character: 0 } }, text: '' },
    ]);
    const after = full(await client.pull(exposed.uri, before.resultId));
    assert.notEqual(after.resultId, before.resultId);
    assert.deepEqual(reachable(after.items), [], JSON.stringify(after.items, null, 2));
  });

  test('plain YAML that is not a template gets no diagnostics', async () => {
    const plain = fixture('not-cloudformation.yaml');
    await client.open(plain.uri, plain.text);
    assert.deepEqual(full(await client.pull(plain.uri)).items, []);
  });

  test('broken YAML gets a located diagnostic, and the server keeps answering', async () => {
    const broken = fixture('broken.yaml');
    await client.open(broken.uri, broken.text);
    const report = full(await client.pull(broken.uri));
    assert.ok(report.items.length > 0, 'expected a syntax diagnostic');
    const errors = report.items.filter((d) => d.severity === DiagnosticSeverity.Error);
    assert.ok(errors.length > 0, JSON.stringify(report.items, null, 2));
    for (const diagnostic of errors) {
      assert.equal(diagnostic.source, 'vpc-lint');
      assert.ok(diagnostic.range.start.line >= 0 && diagnostic.range.start.line < broken.text.split('\n').length);
    }
    // The unclosed flow sequence starts on the CidrBlock line; the error is reported there or after.
    const unclosed = locate(broken.text, 'CidrBlock: [').line;
    assert.ok(errors.some((d) => d.range.end.line >= unclosed), JSON.stringify(errors, null, 2));

    const fresh = fixture('exposed.yaml');
    const again = unsavedUri('exposed-again.yaml');
    await client.open(again, fresh.text);
    assert.equal(reachable(full(await client.pull(again)).items).length, 1);
  });

  test('vpcLint.enable = false silences a document; a settings change asks the client to pull again', async () => {
    const copy = unsavedUri('exposed-disabled.yaml');
    client.settings.set(copy, { enable: false });
    await client.open(copy, exposed.text);
    assert.deepEqual(full(await client.pull(copy)).items, []);

    client.settings.delete(copy);
    const refreshed = client.nextRefresh();
    await client.changeConfiguration();
    await refreshed;
    assert.equal(reachable(full(await client.pull(copy)).items).length, 1);
  });

  test('a closed document is not reported, and nothing was ever pushed', async () => {
    await client.close(exposed.uri);
    assert.deepEqual(full(await client.pull(exposed.uri)).items, []);
    assert.deepEqual(client.published, [], 'a pull client must never receive publishDiagnostics');
  });
});

describe('a push-only client (Neovim 0.7, eglot 1.9)', () => {
  const client = new LspTestClient();
  const exposed = fixture('exposed.yaml');

  before(async () => {
    const result = await client.initialize(PUSH_CAPABILITIES);
    assert.equal(result.capabilities.diagnosticProvider, undefined, 'a push client must not be offered pull diagnostics');
  });
  after(async () => {
    await client.dispose();
  });

  test('gets publishDiagnostics for the opened version', async () => {
    const published = client.nextPublished(exposed.uri);
    await client.open(exposed.uri, exposed.text);
    const params = await published;
    assert.equal(params.version, 1);
    const found = reachable(params.diagnostics);
    assert.equal(found.length, 1, JSON.stringify(params.diagnostics, null, 2));
    assert.equal(textAt(exposed.text, found[0]!.range), 'WebServer');
    assert.ok((found[0]!.relatedInformation ?? []).length >= 3);
  });

  test('a burst of edits is published once, for the last version', async () => {
    const publicIp = locate(exposed.text, 'AssociatePublicIpAddress: true');
    const valueStart = publicIp.character + 'AssociatePublicIpAddress: '.length;
    const published = client.nextPublished(exposed.uri);
    const count = client.published.length;
    await client.change(exposed.uri, [
      { range: { start: { line: publicIp.line, character: valueStart }, end: { line: publicIp.line, character: valueStart + 4 } }, text: 'fals' },
    ]);
    const last = await client.change(exposed.uri, [
      { range: { start: { line: publicIp.line, character: valueStart + 4 }, end: { line: publicIp.line, character: valueStart + 4 } }, text: 'e' },
    ]);
    const params = await published;
    assert.equal(params.version, last);
    assert.equal(client.published.length, count + 1);
    assert.deepEqual(reachable(params.diagnostics), []);
  });

  test('closing the document clears its diagnostics', async () => {
    const cleared = client.nextPublished(exposed.uri);
    await client.close(exposed.uri);
    assert.deepEqual((await cleared).diagnostics, []);
  });
});
