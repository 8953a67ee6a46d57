/**
 * End-to-end, in a real VS Code: packages the extension (`scripts/package.mjs`), installs the
 * .vsix into a fresh extensions folder with code-server's `--install-extension`, and runs the
 * extension-host suite in test/e2e/suite through `@vscode/test-electron`'s `runTests`, whose
 * "VS Code executable" is our launcher (code-server + headless Chromium).
 *
 * Needs what `node scripts/e2e-setup.mjs` installs (Node 24 and code-server 4.139.1 in
 * .vscode-test/, Debian's chromium); `before` runs it, so the first run takes a few minutes.
 * Set VPC_LINT_VSIX to test an already built .vsix.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runTests } from '@vscode/test-electron';
import * as esbuild from 'esbuild';
import type { Page } from 'playwright-core';
import { CodeServer, isolatedHome, installVsix, openBrowser, removeDir, ROOT } from './codeServer.js';

const SUITE_OUT = join(ROOT, 'out', 'e2e', 'suite');
/** Screenshots of the UI check, kept as CI artifacts. */
const ARTIFACTS = join(ROOT, 'test-artifacts', 'e2e');

/**
 * User settings for the test profiles: no gallery queries, update checks or start page (the
 * machines are offline, and each would only add noise to the logs).
 */
const USER_SETTINGS = {
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
};

/** A fresh profile with {@link USER_SETTINGS} and the .vsix installed; its two folders. */
async function freshProfile(name: string): Promise<{ userDataDir: string; extensionsDir: string }> {
  const userDataDir = join(tmp, name, 'user-data');
  const extensionsDir = join(tmp, name, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const home = isolatedHome();
  try {
    const output = await installVsix(vsix, extensionsDir, userDataDir, home.env);
    assert.match(output, /was successfully installed/, output);
  } finally {
    removeDir(home.dir);
  }
  return { userDataDir, extensionsDir };
}

/** Runs a repository script with this Node; fails the test with its output when it fails. */
function runScript(script: string, args: string[] = []): void {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', script), ...args], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    assert.fail(`${script} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** Installs the e2e tools if missing, and packages the extension; the .vsix path. */
export function prepareVsix(tmp: string): string {
  runScript('e2e-setup.mjs');
  const prebuilt = process.env['VPC_LINT_VSIX'];
  if (prebuilt) return prebuilt;
  const vsix = join(tmp, 'vpc-lint.vsix');
  runScript('package.mjs', ['--out', vsix]);
  return vsix;
}

/** A workspace the tests may edit: a copy of examples/. */
export function copyExamples(tmp: string): string {
  const workspace = join(tmp, 'workspace');
  cpSync(join(ROOT, 'examples'), workspace, { recursive: true });
  return workspace;
}

let tmp = '';
let vsix = '';

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'vpc-lint-e2e-'));
  vsix = prepareVsix(tmp);
  // The extension-host suite, bundled beside node_modules so that `mocha` resolves at run time.
  removeDir(SUITE_OUT);
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ['test/e2e/suite/index.ts', 'test/e2e/suite/extension.e2e.ts'],
    outdir: SUITE_OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
});

after(() => {
  if (tmp) removeDir(tmp);
});

test('extension-host suite passes against the installed .vsix', { timeout: 600_000 }, async () => {
  const started = Date.now();
  const { userDataDir, extensionsDir } = await freshProfile('extension-host');
  const code = await runTests({
    vscodeExecutablePath: join(ROOT, 'test', 'e2e', 'launcher.sh'),
    extensionDevelopmentPath: join(ROOT, 'test', 'e2e', 'harness'),
    extensionTestsPath: join(SUITE_OUT, 'index.js'),
    launchArgs: [copyExamples(join(tmp, 'extension-host')), `--user-data-dir=${userDataDir}`, `--extensions-dir=${extensionsDir}`],
    extensionTestsEnv: { VPC_LINT_NODE: process.execPath },
  });
  assert.equal(code, 0);
  console.log(`e2e: extension-host suite in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

/** Runs a keyboard command with the workbench focused. */
async function press(page: Page, keys: string): Promise<void> {
  await page.keyboard.press(keys);
}

test('UI: squiggle and Problems entry, traffic-path panel, quick fix clears it', { timeout: 300_000 }, async () => {
  const started = Date.now();
  mkdirSync(ARTIFACTS, { recursive: true });
  removeDir(join(ARTIFACTS, 'ui-failure.png'));
  const { userDataDir, extensionsDir } = await freshProfile('ui');
  const workspace = copyExamples(join(tmp, 'ui'));
  const home = isolatedHome();
  const server = await CodeServer.start({ userDataDir, extensionsDir, env: home.env });
  const { browser, page } = await openBrowser(home.env);
  page.setDefaultTimeout(60_000);
  try {
    await page.goto(server.url(workspace));
    await page.locator('.monaco-workbench').waitFor();
    // The explorer shows the folder once the workbench has connected to the server.
    await page.locator('.explorer-folders-view').waitFor();

    // Open the template from the Explorer, as a user would.
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'cloudformation' }).click();
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'public-web-server.yaml' }).dblclick();
    await page.locator('.tab.active', { hasText: 'public-web-server.yaml' }).waitFor();
    const quickInput = page.locator('.quick-input-widget input');

    // The Problems panel lists the finding; selecting it reveals the squiggle.
    await press(page, 'Control+Shift+M');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'EC2 instance WebServer is reachable from the internet' });
    await problem.waitFor();
    await problem.click();
    const squiggle = page.locator('.monaco-editor .squiggly-error');
    await squiggle.first().waitFor();
    // The status-bar item shows the server running and the counts.
    await page.locator('#workbench\\.parts\\.statusbar [aria-label^="vpc-lint running, 1 error"]').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'problems.png') });

    // The palette command opens the traffic-path panel for the resource under the cursor (the
    // Problems entry put it on WebServer); its webview renders both paths.
    await press(page, 'F1');
    await quickInput.fill('>vpc-lint: Show Traffic Path');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Traffic Path' }).first().waitFor();
    await press(page, 'Enter');
    await page.locator('.tab', { hasText: 'Traffic path: WebServer' }).waitFor();
    const webview = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await webview.locator('#today li').first().waitFor();
    await webview.locator('#proposed li').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'panel.png') });
    // The CodeLens text is checked by the extension-host suite (executeCodeLensProvider): in the
    // DOM, the editor draws and redraws lenses as it lays out, which gives no state to wait for.

    // Back to the error, in the editor: Ctrl+. offers the REST API front door first; applying it
    // clears the error.
    await problem.click();
    await squiggle.first().waitFor();
    await press(page, 'Control+1');
    await press(page, 'Control+.');
    const fix = page.locator('.action-widget .monaco-list-row.action', { hasText: 'Put WebServer behind API Gateway (REST API' });
    await fix.waitFor();
    // The list focuses the item under the mouse; Enter applies the focused one.
    await fix.hover();
    await page.locator('.action-widget .monaco-list-row.action.focused', { hasText: 'Put WebServer behind API Gateway (REST API' }).waitFor();
    await press(page, 'Enter');
    // The fix's edits carry a change annotation that needs confirmation (its description is the
    // template diff), so VS Code shows them in the Refactor Preview, unticked; tick the file (all
    // of its changes) and apply.
    const fileRow = page.locator('.monaco-list-row[role="checkbox"]', { hasText: 'public-web-server.yaml' });
    await fileRow.waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'refactor-preview.png') });
    const fileCheckbox = fileRow.locator('.edit-checkbox');
    await fileCheckbox.click();
    await page.locator('.monaco-list-row[role="checkbox"] .edit-checkbox[aria-checked="false"]').first().waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await problem.waitFor({ state: 'detached' });
    await squiggle.first().waitFor({ state: 'detached' });
    await page.screenshot({ path: join(ARTIFACTS, 'problems-after-fix.png') });
  } catch (error) {
    await page.screenshot({ path: join(ARTIFACTS, 'ui-failure.png') }).catch(() => undefined);
    throw error;
  } finally {
    await browser.close();
    await server.stop();
    removeDir(home.dir);
  }
  console.log(`e2e: UI check in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${ARTIFACTS}`);
});
