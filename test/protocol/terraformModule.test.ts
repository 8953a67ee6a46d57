/**
 * The server checks a Terraform file with the rest of its folder (one module), through the
 * asynchronous HCL parser, and never runs the engine on CDK app sources.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionRequest, CodeActionTriggerKind, TextDocumentEdit, type CodeAction, type Diagnostic } from 'vscode-languageserver/node';
import { LspTestClient, PULL_CAPABILITIES } from './lspTestClient.js';

const fixtures = join(__dirname, '..', 'fixtures', 'terraform', 'hcl');

test('an open .tf file gets the findings of its module, from sibling files on disk too', async (t) => {
  // The module: the network in one file, the instance in another; only the instance file is open.
  const dir = mkdtempSync(join(tmpdir(), 'vpc-lint-tf-'));
  const source = readFileSync(join(fixtures, 'public-instance.tf'), 'utf8');
  const split = source.indexOf('\nresource "aws_instance" "web"') + 1;
  assert.ok(split > 0, 'the fixture declares an instance');
  writeFileSync(join(dir, 'network.tf'), source.slice(0, split));
  const instanceText = source.slice(split);
  writeFileSync(join(dir, 'instance.tf'), instanceText);
  const client = new LspTestClient();
  t.after(() => client.dispose());
  await client.initialize(PULL_CAPABILITIES);
  const uri = pathToFileURL(join(dir, 'instance.tf')).href;
  await client.open(uri, instanceText, 'terraform');
  const report = await client.pull(uri);
  assert.equal(report.kind, 'full');
  if (report.kind !== 'full') return;
  const codes = report.items.map((d) => d.code);
  assert.ok(codes.includes('internet-reachable-compute'), `got ${JSON.stringify(codes)}`);
  const d = report.items.find((x) => x.code === 'internet-reachable-compute')!;
  assert.equal(d.range.start.line, 0, 'on the resource block header of instance.tf');
  assert.ok(d.relatedInformation?.some((r) => r.location.uri.endsWith('/network.tf')), 'related locations name the sibling file');
});

test('code actions on a .tf file fix it with its module: both front doors, edits that parse', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vpc-lint-tf-fix-'));
  const source = readFileSync(join(fixtures, 'public-instance.tf'), 'utf8');
  const split = source.indexOf('\nresource "aws_instance" "web"') + 1;
  writeFileSync(join(dir, 'network.tf'), source.slice(0, split));
  const instanceText = source.slice(split);
  writeFileSync(join(dir, 'instance.tf'), instanceText);
  const client = new LspTestClient();
  t.after(() => client.dispose());
  await client.initialize({ ...PULL_CAPABILITIES, workspace: { ...PULL_CAPABILITIES.workspace, workspaceEdit: { documentChanges: true } } });
  const uri = pathToFileURL(join(dir, 'instance.tf')).href;
  await client.open(uri, instanceText, 'terraform');
  const report = await client.pull(uri);
  assert.equal(report.kind, 'full');
  if (report.kind !== 'full') return;
  const d = report.items.find((x) => x.code === 'internet-reachable-compute') as Diagnostic;
  assert.ok(d, 'the instance is reported');
  const actions = ((await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: d.range,
    context: { diagnostics: [d], triggerKind: CodeActionTriggerKind.Invoked },
  })) ?? []) as CodeAction[];
  const titles = actions.map((a) => a.title);
  assert.ok(titles.some((x) => x.includes('(REST API')) && titles.some((x) => x.includes('(HTTP API')), titles.join(' | '));
  const rest = actions.find((a) => a.title.includes('(REST API'))!;
  const changes = rest.edit?.documentChanges ?? [];
  // The instance file gets the new blocks; the security group in network.tf is narrowed there.
  const byUri = new Map(changes.filter(TextDocumentEdit.is).map((c) => [c.textDocument.uri, c]));
  assert.equal(byUri.get(uri)?.textDocument.version, 1);
  assert.ok(byUri.get(uri)!.edits.some((e) => 'newText' in e && e.newText.includes('resource "aws_api_gateway_rest_api"')));
  const network = byUri.get(pathToFileURL(join(dir, 'network.tf')).href);
  assert.ok(network, `network.tf is edited too: ${JSON.stringify([...byUri.keys()])}`);
  assert.equal(network.textDocument.version, null, 'not open: the edit applies to the file on disk');
});

test('a CDK app source gets no engine diagnostics of its own', async (t) => {
  const client = new LspTestClient();
  t.after(() => client.dispose());
  await client.initialize(PULL_CAPABILITIES);
  const uri = 'file:///project/bin/app.ts';
  await client.open(uri, 'const Resources = { Type: "AWS::EC2::Instance" };\nAWSTemplateFormatVersion: 1\n', 'typescript');
  const report = await client.pull(uri);
  assert.equal(report.kind, 'full');
  if (report.kind === 'full') assert.deepEqual(report.items, []);
});
