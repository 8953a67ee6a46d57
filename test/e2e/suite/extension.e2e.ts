/* eslint-disable @typescript-eslint/no-explicit-any -- the manifest is untyped JSON */
/**
 * vpc-lint in a real VS Code (code-server 4.139), installed from the packaged .vsix. The
 * workspace is a temporary copy of examples/ (the launcher's folder argument).
 */
import { strict as assert } from 'node:assert';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import { languageServerPids, ruleOf, waitForDiagnostics, waitForTab } from './waits.js';

const EXTENSION_ID = 'vpc-lint.vpc-lint';
const REST_API_FIX = 'Put WebServer behind API Gateway (REST API';

function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the e2e run opens a workspace folder');
  return vscode.Uri.joinPath(folder.uri, relative);
}

const isWebServerError = (d: vscode.Diagnostic): boolean =>
  ruleOf(d) === 'internet-reachable-compute' && d.severity === vscode.DiagnosticSeverity.Error && d.message.includes('WebServer');

suite('vpc-lint extension (installed from the .vsix)', () => {
  const template = (): vscode.Uri => workspaceFile('cloudformation/public-web-server.yaml');

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    // Installed from the .vsix into the extensions folder, not loaded from the source checkout.
    assert.match(extension.extensionPath, /vpc-lint\.vpc-lint-\d+\.\d+\.\d+$/);
    const document = await vscode.workspace.openTextDocument(template());
    await vscode.window.showTextDocument(document);
    await extension.activate();
  });

  test('an exposed instance gets an error diagnostic with the path in related information', async () => {
    const diagnostics = await waitForDiagnostics(template(), (ds) => ds.some(isWebServerError));
    const error = diagnostics.find(isWebServerError)!;
    assert.match(error.message, /tcp\/22/);
    assert.ok((error.relatedInformation?.length ?? 0) > 0, 'related information points at the route, gateway and rule');
  });

  test('a CodeLens says on which ports the instance is reachable, and offers the traffic path', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', template());
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.some((t) => /reachable from the internet on tcp\/22, tcp\/80/.test(t)), titles.join(' | '));
    assert.ok(titles.includes('Show traffic path'), titles.join(' | '));
  });

  test('the traffic-path panel opens for the instance', async () => {
    const opened = waitForTab((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('vpcLint.trafficPath'));
    await vscode.commands.executeCommand('vpcLint.showTrafficPath', template().toString(), 'WebServer');
    const tab = await opened;
    assert.match(tab.label, /WebServer/);
  });

  test('the REST API quick fix clears the error', async () => {
    const uri = template();
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const error = (await waitForDiagnostics(uri, (ds) => ds.some(isWebServerError))).find(isWebServerError)!;
    // Resolve up to 50 actions, so that the edit (computed lazily, codeAction/resolve) is there.
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, error.range, vscode.CodeActionKind.QuickFix.value, 50);
    const fix = actions.find((a) => a.title.startsWith(REST_API_FIX));
    assert.ok(fix, `a quick fix titled "${REST_API_FIX}…" among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(fix.edit, 'the quick fix carries its edit once resolved');
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the edit applies');
    const after = await waitForDiagnostics(uri, (ds) => !ds.some(isWebServerError));
    assert.ok(!after.some(isWebServerError));
  });

  test('the manifest declares settings with descriptions, schemas, workspace trust and a walkthrough', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as Record<string, any>;
    const properties = manifest['contributes']['configuration']['properties'] as Record<string, { description?: string; markdownDescription?: string }>;
    for (const key of ['vpcLint.enable', 'vpcLint.rules', 'vpcLint.files.include', 'vpcLint.files.exclude', 'vpcLint.trace.server']) {
      assert.ok(properties[key], `${key} is contributed`);
      assert.ok((properties[key]!.description ?? properties[key]!.markdownDescription ?? '').length > 20, `${key} has a description`);
    }
    assert.equal(manifest['capabilities']['untrustedWorkspaces']['supported'], true);
    assert.equal(manifest['contributes']['yamlValidation'][0]['url'], './schemas/vpc-lint.schema.json');
    assert.equal(manifest['contributes']['jsonValidation'][0]['url'], './schemas/vpc-lint.schema.json');
    assert.ok(manifest['contributes']['walkthroughs'][0]['steps'].length >= 4);
  });

  test('the palette has the commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['vpcLint.showTrafficPath', 'vpcLint.checkWorkspace', 'vpcLint.restartServer']) assert.ok(commands.includes(id), id);
  });

  test('vpcLint.rules turns a rule off and raises another to an error', async () => {
    const uri = workspaceFile('cloudformation/public-autoscaling-group.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await waitForDiagnostics(uri, (ds) => ds.some((d) => ruleOf(d) === 'vpc-flow-logs-missing'));
    const configuration = vscode.workspace.getConfiguration('vpcLint');
    await configuration.update('rules', { 'vpc-flow-logs-missing': 'off', 'world-open-admin-port': 'error' }, vscode.ConfigurationTarget.Workspace);
    try {
      await waitForDiagnostics(
        uri,
        (ds) => !ds.some((d) => ruleOf(d) === 'vpc-flow-logs-missing') && ds.some((d) => ruleOf(d) === 'world-open-admin-port' && d.severity === vscode.DiagnosticSeverity.Error),
      );
    } finally {
      await configuration.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForDiagnostics(uri, (ds) => ds.some((d) => ruleOf(d) === 'vpc-flow-logs-missing'));
  });

  test('a .vpc-lint.yaml sets rule levels, and removing it restores them', async () => {
    const uri = workspaceFile('cloudformation/public-autoscaling-group.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const isError = (ds: vscode.Diagnostic[]): boolean => ds.some((d) => ruleOf(d) === 'internet-reachable-compute' && d.severity === vscode.DiagnosticSeverity.Error);
    await waitForDiagnostics(uri, isError);
    const config = workspaceFile('.vpc-lint.yaml');
    await vscode.workspace.fs.writeFile(config, Buffer.from('rules:\n  internet-reachable-compute: warning\n'));
    try {
      await waitForDiagnostics(uri, (ds) => ds.some((d) => ruleOf(d) === 'internet-reachable-compute' && d.severity === vscode.DiagnosticSeverity.Warning));
    } finally {
      await vscode.workspace.fs.delete(config);
    }
    await waitForDiagnostics(uri, isError);
  });

  test('Check Workspace reports the files nobody opened', async () => {
    const result = await vscode.commands.executeCommand<{ files: number; problems: number; cancelled: boolean }>('vpcLint.checkWorkspace');
    assert.ok(result && !result.cancelled);
    assert.ok(result.files >= 4, `checked ${result.files} files`);
    assert.ok(result.problems > 0);
    const unopened = workspaceFile('cloudformation/front-door.yaml');
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === unopened.toString()));
    const all = vscode.languages.getDiagnostics().filter(([, ds]) => ds.some((d) => d.source === 'vpc-lint'));
    assert.ok(all.length >= 2, `diagnostics in ${all.map(([u]) => vscode.workspace.asRelativePath(u)).join(', ')}`);
  });

  test('vpc-lint: Restart Server starts a new server that diagnoses again', async function () {
    if (process.platform !== 'linux') this.skip();
    const uri = workspaceFile('cloudformation/public-autoscaling-group.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await waitForDiagnostics(uri, (ds) => ds.some((d) => ruleOf(d) === 'internet-reachable-compute'));
    const before = languageServerPids();
    await vscode.commands.executeCommand('vpcLint.restartServer');
    await waitForDiagnostics(uri, (ds) => {
      const now = languageServerPids();
      return now.some((pid) => !before.includes(pid)) && ds.some((d) => ruleOf(d) === 'internet-reachable-compute');
    });
  });

  test('the server restarts after a crash and diagnoses again', async function () {
    if (process.platform !== 'linux') this.skip();
    const uri = workspaceFile('cloudformation/public-autoscaling-group.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await waitForDiagnostics(uri, (ds) => ds.some((d) => ruleOf(d) === 'internet-reachable-compute'));
    const before = languageServerPids();
    assert.ok(before.length >= 1, 'a language server runs');
    for (const pid of before) process.kill(pid, 'SIGKILL');
    // The client restarts the server and pulls the open documents' diagnostics from the new one;
    // each change of the diagnostics is a moment to look.
    const restarted = (ds: vscode.Diagnostic[]): boolean => {
      const now = languageServerPids();
      return now.length >= 1 && now.every((pid) => !before.includes(pid)) && ds.some((d) => ruleOf(d) === 'internet-reachable-compute');
    };
    await waitForDiagnostics(uri, restarted);
  });
});
