/**
 * Trusted source ranges come from the `vpcLint.trustedCidrs` setting and from `trustedCidrs` in
 * the nearest `.vpc-lint.yaml`; the server re-checks (not merely re-labels) when they change.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionRequest, CodeLensRequest, type CodeAction, type CodeLens } from 'vscode-languageserver/node';
import { LspTestClient, PULL_CAPABILITIES } from './lspTestClient.js';

const example = readFileSync(join(__dirname, '..', '..', 'examples', 'cloudformation', 'public-web-server.yaml'), 'utf8')
  .replace('CidrIp: 0.0.0.0/0', 'CidrIp: 198.51.100.0/24')
  .replace('Default: 0.0.0.0/0', 'Default: 198.51.100.0/24');

async function exposureCodes(client: LspTestClient, uri: string): Promise<string[]> {
  const report = await client.pull(uri);
  assert.equal(report.kind, 'full');
  return report.kind === 'full' ? report.items.map((d) => String(d.code)).filter((c) => c.endsWith('-compute')) : [];
}

test('the trustedCidrs setting turns an office-only rule from an error into a public-subnet warning', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vpc-lint-trusted-'));
  writeFileSync(join(dir, 'web.yaml'), example);
  const uri = pathToFileURL(join(dir, 'web.yaml')).href;
  const client = new LspTestClient();
  t.after(() => client.dispose());
  await client.initialize(PULL_CAPABILITIES);
  await client.open(uri, example);
  assert.deepEqual(await exposureCodes(client, uri), ['internet-reachable-compute']);
  const reachableLenses = async () => {
    const lenses: CodeLens[] = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
    return lenses.filter((l) => /reachable from the internet/.test(l.command?.title ?? '')).length;
  };
  assert.equal(await reachableLenses(), 1);
  client.settings.set('*', { trustedCidrs: ['198.51.100.0/24'] });
  await client.changeConfiguration();
  assert.deepEqual(await exposureCodes(client, uri), ['public-subnet-compute']);
  // The drawn network agrees with the diagnostics: no "reachable" lens any more.
  assert.equal(await reachableLenses(), 0);
  // And the warning that replaced the error still finds its fixes.
  const report = await client.pull(uri);
  const warning = report.kind === 'full' ? report.items.find((d) => d.code === 'public-subnet-compute') : undefined;
  assert.ok(warning);
  const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: warning.range, context: { diagnostics: [warning] } })) as CodeAction[] | null;
  assert.ok(actions?.some((a) => a.title.startsWith('Put WebServer behind API Gateway (REST API')), JSON.stringify(actions?.map((a) => a.title)));
});

test('trustedCidrs in the project .vpc-lint.yaml applies to documents below it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vpc-lint-trusted-'));
  writeFileSync(join(dir, '.vpc-lint.yaml'), 'trustedCidrs:\n  - 198.51.100.0/24\n');
  writeFileSync(join(dir, 'web.yaml'), example);
  const uri = pathToFileURL(join(dir, 'web.yaml')).href;
  const client = new LspTestClient();
  t.after(() => client.dispose());
  await client.initialize(PULL_CAPABILITIES);
  await client.open(uri, example);
  assert.deepEqual(await exposureCodes(client, uri), ['public-subnet-compute']);
});
