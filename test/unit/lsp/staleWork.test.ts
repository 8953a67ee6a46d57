/**
 * The server's incremental behaviour, without a connection: results cached by document version,
 * an edit re-reading only the resource it touched, and stale or cancelled pulls doing no check.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DocumentDiagnosticReportKind, type CancellationToken, type DocumentDiagnosticReport, type FullDocumentDiagnosticReport, type TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { normalizeSettings, type VpcLintSettings } from '../../../protocol/src/settings.js';
import { DocumentChecker, type AnalysisSettings, type CheckedDocument } from '../../../server/src/lsp/documentChecker.js';
import { createPullDiagnosticsHandler } from '../../../server/src/lsp/pullDiagnosticsHandler.js';
import type { SettingsService } from '../../../server/src/lsp/settingsService.js';

const FIXTURE = join(__dirname, '..', '..', 'fixtures', 'lsp', 'exposed.yaml');
const URI = pathToFileURL(FIXTURE).href;
const TEXT = readFileSync(FIXTURE, 'utf8');
const RULE = 'internet-reachable-compute';

const quiet = { error: (m: string) => assert.fail(m), trace: () => {} };
const NOT_CANCELLED: CancellationToken = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
const CANCELLED: CancellationToken = { isCancellationRequested: true, onCancellationRequested: () => ({ dispose() {} }) };

/** The fixture with `AssociatePublicIpAddress` set to `value`: an edit inside the instance only. */
function withPublicIp(value: 'true' | 'false'): string {
  const edited = TEXT.replace('AssociatePublicIpAddress: true', `AssociatePublicIpAddress: ${value}`);
  assert.ok(value === 'true' || edited !== TEXT, 'the fixture has no public-IP line to edit');
  return edited;
}

/** Open documents as the server's TextDocuments holds them: the newest version of each. */
class OpenDocuments {
  private readonly docs = new Map<string, TextDocument>();
  set(text: string, version: number): TextDocument {
    const doc = TextDocument.create(URI, 'yaml', version, text);
    this.docs.set(URI, doc);
    return doc;
  }
  get(uri: string): TextDocument | undefined {
    return this.docs.get(uri);
  }
  asTextDocuments(): TextDocuments<TextDocument> {
    return this as unknown as TextDocuments<TextDocument>;
  }
}

/** A checker that counts the checks it is asked for, and of which version. */
class CountingChecker extends DocumentChecker {
  readonly asked: number[] = [];
  override async checkAsync(document: TextDocument, options: AnalysisSettings = {}): Promise<CheckedDocument> {
    this.asked.push(document.version);
    return super.checkAsync(document, options);
  }
}

function settingsService(get: (uri: string) => Promise<VpcLintSettings>): SettingsService {
  return { get, forget() {} } as unknown as SettingsService;
}

function full(report: DocumentDiagnosticReport): FullDocumentDiagnosticReport {
  assert.equal(report.kind, DocumentDiagnosticReportKind.Full);
  return report as FullDocumentDiagnosticReport;
}

describe('DocumentChecker', () => {
  test('checks a document version once: a repeated request gets the same result, a new version a new one', () => {
    const checker = new DocumentChecker(quiet);
    const v1 = TextDocument.create(URI, 'yaml', 1, TEXT);
    const first = checker.check(v1);
    assert.equal(first.diagnostics.filter((d) => d.code === RULE).length, 1);
    const again = checker.check(TextDocument.create(URI, 'yaml', 1, TEXT));
    assert.equal(again, first, 'the same version must come from the cache');
    const v2 = checker.check(TextDocument.create(URI, 'yaml', 2, withPublicIp('false')));
    assert.notEqual(v2.resultId, first.resultId);
    assert.deepEqual(v2.diagnostics.filter((d) => d.code === RULE), []);
  });

  test('an edit inside one resource re-reads that resource only, and the findings follow the edit', () => {
    const checker = new DocumentChecker(quiet);
    checker.check(TextDocument.create(URI, 'yaml', 1, TEXT));
    const blocks = checker.blockCache(URI);
    assert.ok(blocks.lastParsed > 3, `the first read parses every block (${blocks.lastParsed})`);
    const edited = checker.check(TextDocument.create(URI, 'yaml', 2, withPublicIp('false')));
    assert.equal(blocks.lastParsed, 1);
    assert.deepEqual(edited.diagnostics.filter((d) => d.code === RULE), []);
    const back = checker.check(TextDocument.create(URI, 'yaml', 3, TEXT));
    assert.equal(blocks.lastParsed, 1, 'undoing the edit re-reads the instance again, and nothing else');
    assert.equal(back.diagnostics.filter((d) => d.code === RULE).length, 1);
  });

  test('a different analysis setting is a different result for the same version', () => {
    const checker = new DocumentChecker(quiet);
    const doc = TextDocument.create(URI, 'yaml', 1, TEXT);
    const open = checker.check(doc);
    const trusted = checker.check(doc, { trustedCidrs: ['0.0.0.0/0'] });
    assert.notEqual(trusted.resultId, open.resultId);
    assert.equal(checker.check(doc, { trustedCidrs: ['0.0.0.0/0'] }), trusted);
  });
});

describe('pull diagnostics: stale work is not done', () => {
  test('a pull cancelled before its check starts runs no check', async () => {
    const documents = new OpenDocuments();
    documents.set(TEXT, 1);
    const checker = new CountingChecker(quiet);
    const pull = createPullDiagnosticsHandler({ documents: documents.asTextDocuments(), checker, settings: settingsService(async () => normalizeSettings(undefined)), logError: assert.fail });
    const report = full(await pull({ textDocument: { uri: URI } }, CANCELLED));
    assert.deepEqual(report.items, []);
    assert.deepEqual(checker.asked, []);
  });

  test('a document edited while the settings were fetched is checked at its new version only', async () => {
    const documents = new OpenDocuments();
    documents.set(TEXT, 1);
    const checker = new CountingChecker(quiet);
    let release!: () => void;
    const fetched = new Promise<void>((resolve) => (release = resolve));
    const settings = settingsService(async () => {
      await fetched;
      return normalizeSettings(undefined);
    });
    const pull = createPullDiagnosticsHandler({ documents: documents.asTextDocuments(), checker, settings, logError: assert.fail });
    const pending = pull({ textDocument: { uri: URI } }, NOT_CANCELLED);
    documents.set(withPublicIp('false'), 2);
    release();
    const report = full(await pending);
    assert.deepEqual(checker.asked, [2], 'version 1 was stale before its check could start');
    assert.deepEqual(report.items.filter((d) => d.code === RULE), []);
  });

  test('a burst of pulls for one version runs one check and the repeat is answered "unchanged"', async () => {
    const documents = new OpenDocuments();
    documents.set(TEXT, 1);
    const checker = new CountingChecker(quiet);
    const pull = createPullDiagnosticsHandler({ documents: documents.asTextDocuments(), checker, settings: settingsService(async () => normalizeSettings(undefined)), logError: assert.fail });
    const reports = await Promise.all([1, 2, 3].map(() => pull({ textDocument: { uri: URI } }, NOT_CANCELLED)));
    const ids = new Set(reports.map((r) => full(r).resultId));
    assert.equal(ids.size, 1, 'every pull of version 1 shares one result');
    const repeat = await pull({ textDocument: { uri: URI }, previousResultId: [...ids][0] }, NOT_CANCELLED);
    assert.equal(repeat.kind, DocumentDiagnosticReportKind.Unchanged);
  });
});
