/**
 * Protocol tests for CDK: the real server, in process, with a workspace folder holding a CDK app
 * (`app.ts`, `cdk.json`) and its synthesised `cdk.out`. The diagnostic appears on the app.ts line
 * that creates the public instance, goes away when the app is re-synthesised with the instance in
 * a private subnet, and comes back with the public variant; the server learns of each synthesis
 * from `workspace/didChangeWatchedFiles` or, for clients that cannot watch, from the disk.
 *
 * The tests in this file share one project and run in order: each leaves the assembly in the
 * state the next one starts from.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  CodeActionTriggerKind,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  type ClientCapabilities,
  type CodeAction,
  type Diagnostic,
  type FileEvent,
  type FullDocumentDiagnosticReport,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { createProject, removeProject, synthInto, type CdkProject } from '../fixtures/cdk-apps/synth.js';
import { LspTestClient, PULL_CAPABILITIES, PUSH_CAPABILITIES } from './lspTestClient.js';

const RULE = 'internet-reachable-compute';

function withWatching(capabilities: ClientCapabilities): ClientCapabilities {
  return { ...capabilities, workspace: { ...capabilities.workspace, didChangeWatchedFiles: { dynamicRegistration: true } } };
}

const reachable = (diagnostics: Diagnostic[]): Diagnostic[] => diagnostics.filter((d) => d.code === RULE);
const hasReachable = (p: PublishDiagnosticsParams): boolean => reachable(p.diagnostics).length > 0;
const lacksReachable = (p: PublishDiagnosticsParams): boolean => !hasReachable(p);

/** Zero-based line of the instance in the project's current app.ts. */
function instanceLine(project: CdkProject): number {
  const line = fs.readFileSync(project.appFile, 'utf8').split('\n').findIndex((l) => l.includes("new ec2.Instance(this, 'WebServer'"));
  assert.ok(line >= 0);
  return line;
}

/** What a client's file watcher reports after `cdk synth`: the manifest and the template changed. */
async function notifySynth(client: LspTestClient, project: CdkProject): Promise<void> {
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
    changes: ['manifest.json', 'WebStack.template.json', 'WebStack.metadata.json'].map(
      (name): FileEvent => ({ uri: pathToFileURL(path.join(project.cdkOut, name)).href, type: FileChangeType.Changed }),
    ),
  });
}

describe('CDK assemblies over LSP', () => {
  let project: CdkProject;
  let appUri: string;
  let templateUri: string;

  before(async () => {
    project = createProject();
    appUri = pathToFileURL(project.appFile).href;
    templateUri = pathToFileURL(path.join(project.cdkOut, 'WebStack.template.json')).href;
    await synthInto(project, 'public-instance');
  });
  after(() => removeProject(project));

  describe('a push client that watches files for the server (Neovim)', () => {
    const client = new LspTestClient();
    after(() => client.dispose());

    it('publishes a diagnostic on the app.ts line that creates the public instance', async () => {
      const published = client.nextPublished(appUri, hasReachable);
      await client.initialize(withWatching(PUSH_CAPABILITIES), [project.dir]);
      const params = await published;
      const [d] = reachable(params.diagnostics);
      const line = instanceLine(project);
      assert.deepEqual(d!.range.start, { line, character: 4 });
      assert.equal(d!.range.end.line, line);
      assert.equal(d!.source, 'vpc-lint');
      // The first related location is the synthesised resource in the template.
      const first = d!.relatedInformation?.[0];
      assert.equal(first?.location.uri, templateUri);
      assert.match(first!.message, /^Synthesised as WebServer[0-9A-F]{8} \(AWS::EC2::Instance\) in WebStack\.template\.json, construct WebStack\/WebServer\/Resource$/);
      assert.ok(d!.relatedInformation!.length > 1, 'the route, gateway and security group rule are related too');
      const watch = client.registrations.find((r) => r.method === DidChangeWatchedFilesNotification.method);
      assert.ok(watch, `the server registers a file watcher; got ${JSON.stringify(client.registrations)}`);
    });

    it('keeps the diagnostic while app.ts is open and after it closes', async () => {
      const text = fs.readFileSync(project.appFile, 'utf8');
      const whileOpen = client.nextPublished(appUri, (p) => p.version === 1);
      await client.open(appUri, text, 'typescript');
      assert.equal(reachable((await whileOpen).diagnostics).length, 1);
      const afterClose = client.nextPublished(appUri, hasReachable);
      await client.close(appUri);
      assert.equal(reachable((await afterClose).diagnostics).length, 1);
    });

    it('offers the front door as a TypeScript edit of app.ts', async () => {
      const text = fs.readFileSync(project.appFile, 'utf8');
      const published = client.nextPublished(appUri, (p) => p.version === 1);
      await client.open(appUri, text, 'typescript');
      const [d] = reachable((await published).diagnostics);
      const actions = ((await client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: appUri },
        range: d!.range,
        context: { diagnostics: [d!], triggerKind: CodeActionTriggerKind.Invoked },
      })) ?? []) as CodeAction[];
      const fix = actions.find((a) => a.title.includes('in the CDK app'));
      assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
      const changes = fix.edit?.documentChanges ?? Object.entries(fix.edit?.changes ?? {}).map(([uri, edits]) => ({ textDocument: { uri }, edits }));
      const edits = changes.flatMap((c) => ('edits' in c ? c.edits : []));
      assert.ok(changes.every((c) => 'textDocument' in c && c.textDocument.uri === appUri));
      assert.ok(edits.some((e) => 'newText' in e && e.newText.includes('new elbv2.NetworkLoadBalancer')));
      await client.close(appUri);
    });

    it('clears it when the app is re-synthesised with the instance in a private subnet', async () => {
      await synthInto(project, 'private-instance');
      const cleared = client.nextPublished(appUri, lacksReachable);
      await notifySynth(client, project);
      const params = await cleared;
      // The VPC still lacks flow logs: the file keeps that diagnostic, on the Vpc line.
      assert.ok(params.diagnostics.some((d) => d.code === 'vpc-flow-logs-missing'));
    });

    it('shows it again when the public variant is synthesised once more', async () => {
      await synthInto(project, 'public-instance');
      const back = client.nextPublished(appUri, hasReachable);
      await notifySynth(client, project);
      const [d] = reachable((await back).diagnostics);
      assert.equal(d!.range.start.line, instanceLine(project));
    });
  });

  describe('a pull client that watches files for the server (VS Code)', () => {
    const client = new LspTestClient();
    after(() => client.dispose());
    let resultId: string | undefined;

    it('answers a pull for app.ts, unopened, with the diagnostic', async () => {
      const refreshed = client.nextRefresh();
      await client.initialize(withWatching(PULL_CAPABILITIES), [project.dir]);
      await refreshed;
      const report = await client.pull(appUri);
      assert.equal(report.kind, DocumentDiagnosticReportKind.Full);
      const full = report as FullDocumentDiagnosticReport;
      assert.equal(reachable(full.items)[0]?.range.start.line, instanceLine(project));
      resultId = full.resultId;
      assert.ok(resultId);
      assert.equal((await client.pull(appUri, resultId)).kind, DocumentDiagnosticReportKind.Unchanged);
    });

    it('asks for a refresh after a synthesis and then answers without the diagnostic', async () => {
      await synthInto(project, 'private-instance');
      const refreshed = client.nextRefresh();
      await notifySynth(client, project);
      await refreshed;
      const report = await client.pull(appUri, resultId);
      assert.equal(report.kind, DocumentDiagnosticReportKind.Full);
      assert.deepEqual(reachable((report as FullDocumentDiagnosticReport).items), []);
    });

    it('leaves other documents alone', async () => {
      const other = pathToFileURL(path.join(project.dir, 'notes.yaml')).href;
      await client.open(other, 'just: yaml\n');
      const report = await client.pull(other);
      assert.equal(report.kind, DocumentDiagnosticReportKind.Full);
      assert.deepEqual((report as FullDocumentDiagnosticReport).items, []);
      assert.ok(!(report as FullDocumentDiagnosticReport).resultId?.includes('#cdk'));
      await client.close(other);
    });
  });

  describe('a project synthesised for the first time after the server started', () => {
    const client = new LspTestClient();
    const fresh = createProject();
    const freshApp = pathToFileURL(fresh.appFile).href;
    after(async () => {
      await client.dispose();
      removeProject(fresh);
    });

    it('is found when its cdk.out appears, and cleared when cdk.out is deleted', async () => {
      await client.initialize(withWatching(PUSH_CAPABILITIES), [fresh.dir]);
      await synthInto(fresh, 'public-instance');
      const appeared = client.nextPublished(freshApp, hasReachable);
      await notifySynth(client, fresh);
      assert.equal(reachable((await appeared).diagnostics)[0]?.range.start.line, instanceLine(fresh));

      fs.rmSync(fresh.cdkOut, { recursive: true, force: true });
      const cleared = client.nextPublished(freshApp, (p) => p.diagnostics.length === 0);
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
        changes: [{ uri: pathToFileURL(path.join(fresh.cdkOut, 'manifest.json')).href, type: FileChangeType.Deleted }],
      });
      await cleared;
    });
  });

  describe('a push client that cannot watch files (eglot)', () => {
    const client = new LspTestClient();
    after(() => client.dispose());

    it('notices a new synthesis on disk by itself', async () => {
      // The assembly holds the private variant: app.ts gets its other diagnostics first.
      const initial = client.nextPublished(appUri);
      await client.initialize(PUSH_CAPABILITIES, [project.dir]);
      assert.deepEqual(reachable((await initial).diagnostics), []);
      assert.equal(client.registrations.length, 0);
      const appeared = client.nextPublished(appUri, hasReachable);
      await synthInto(project, 'public-instance');
      const [d] = reachable((await appeared).diagnostics);
      assert.equal(d!.range.start.line, instanceLine(project));
    });
  });
});
