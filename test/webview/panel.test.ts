/**
 * The traffic-path panel in a real browser: the HTML the extension serves (client/src/panel/html.ts),
 * the bundled webview script and stylesheet, Debian's Chromium driven by playwright-core, offline.
 * `acquireVsCodeApi` is a stub that records what the webview posts; the host's messages are
 * dispatched as VS Code dispatches them, as `message` events on the window.
 *
 * Needs Debian's `chromium` package (`apt-get install -y chromium`); VPC_LINT_CHROMIUM overrides
 * the binary. Screenshots go to test-artifacts/webview/.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createNonce, renderPanelHtml } from '../../client/src/panel/html.js';
import type { TrafficPathResult } from '../../protocol/src/lspExtensions.js';
import type { UpdateMessage, WebviewToHostMessage } from '../../protocol/src/webviewMessages.js';

const ROOT = join(__dirname, '..', '..');
const BUNDLE = join(ROOT, 'client', 'out', 'webview');
const ARTIFACTS = join(ROOT, 'test-artifacts', 'webview');
const CHROMIUM = process.env['VPC_LINT_CHROMIUM'] ?? '/usr/bin/chromium';
const RECORDED: TrafficPathResult = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'webview', 'public-web-server.path.json'), 'utf8'));
const URI = 'file:///workspace/examples/cloudformation/public-web-server.yaml';

/** A few of the variables VS Code sets on the webview's root, with Light+ and Dark+ values. */
const THEMES = {
  light: {
    bodyClass: 'vscode-light',
    vars: {
      '--vscode-font-family': 'system-ui, sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-editor-font-family': 'monospace',
      '--vscode-editor-font-size': '13px',
      '--vscode-foreground': '#616161',
      '--vscode-editor-background': '#ffffff',
      '--vscode-descriptionForeground': '#717171',
      '--vscode-panel-border': '#e5e5e5',
      '--vscode-focusBorder': '#0090f1',
      '--vscode-errorForeground': '#a1260d',
      '--vscode-editorWidget-background': '#f3f3f3',
      '--vscode-editorWidget-foreground': '#616161',
      '--vscode-inputValidation-errorBackground': '#f2dede',
      '--vscode-badge-background': '#c4c4c4',
      '--vscode-badge-foreground': '#333333',
      '--vscode-button-background': '#007acc',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-hoverBackground': '#0062a3',
      '--vscode-input-background': '#ffffff',
      '--vscode-input-foreground': '#616161',
      '--vscode-input-border': '#cecece',
      '--vscode-textLink-foreground': '#006ab1',
      '--vscode-textBlockQuote-background': '#f2f2f2',
      '--vscode-textCodeBlock-background': '#dcdcdc66',
      '--vscode-charts-green': '#388a34',
      '--vscode-editorWarning-foreground': '#bf8803',
      '--vscode-diffEditor-insertedTextBackground': '#9ccc2c40',
      '--vscode-diffEditor-removedTextBackground': '#ff000033',
      '--vscode-list-hoverBackground': '#e8e8e8',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      '--vscode-font-family': 'system-ui, sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-editor-font-family': 'monospace',
      '--vscode-editor-font-size': '13px',
      '--vscode-foreground': '#cccccc',
      '--vscode-editor-background': '#1e1e1e',
      '--vscode-descriptionForeground': '#ccccccb3',
      '--vscode-panel-border': '#80808059',
      '--vscode-focusBorder': '#007fd4',
      '--vscode-errorForeground': '#f48771',
      '--vscode-editorWidget-background': '#252526',
      '--vscode-editorWidget-foreground': '#cccccc',
      '--vscode-inputValidation-errorBackground': '#5a1d1d',
      '--vscode-badge-background': '#4d4d4d',
      '--vscode-badge-foreground': '#ffffff',
      '--vscode-button-background': '#0e639c',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-hoverBackground': '#1177bb',
      '--vscode-input-background': '#3c3c3c',
      '--vscode-input-foreground': '#cccccc',
      '--vscode-input-border': '#3c3c3c',
      '--vscode-textLink-foreground': '#3794ff',
      '--vscode-textBlockQuote-background': '#222222',
      '--vscode-textCodeBlock-background': '#0a0a0a66',
      '--vscode-charts-green': '#89d185',
      '--vscode-editorWarning-foreground': '#cca700',
      '--vscode-diffEditor-insertedTextBackground': '#9ccc2c33',
      '--vscode-diffEditor-removedTextBackground': '#ff000033',
      '--vscode-list-hoverBackground': '#2a2d2e',
    },
  },
} as const;

type ThemeName = keyof typeof THEMES;

const DIFF = [
  '--- a/public-web-server.yaml',
  '+++ b/public-web-server.yaml',
  '@@ -34,3 +34,2 @@',
  '       CidrBlock: 10.0.1.0/24',
  '       AvailabilityZone: !Select [0, !GetAZs ""]',
  '-      MapPublicIpOnLaunch: true',
].join('\n');

/**
 * What the page reported through bindings (not polled: Playwright's polling helpers evaluate
 * strings, which the panel's CSP rightly forbids): posts to the host and CSP violations.
 */
class Recorded {
  readonly posted: WebviewToHostMessage[] = [];
  readonly violations: string[] = [];
  private readonly waiters: { accept: () => boolean; resolve: () => void }[] = [];

  add(kind: 'posted' | 'violation', value: unknown): void {
    if (kind === 'posted') this.posted.push(value as WebviewToHostMessage);
    else this.violations.push(String(value));
    for (const w of [...this.waiters]) {
      if (w.accept()) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }

  /** Resolves once `accept` holds; fails after ten seconds. */
  until(accept: () => boolean, what = 'the webview'): Promise<void> {
    if (accept()) return Promise.resolve();
    return within(10_000, what, new Promise((resolve) => this.waiters.push({ accept, resolve })));
  }
}

/** Builds the webview bundle with the project's own bundle script. */
function buildBundle(): void {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), 'webview'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(result.status, 0, `bundling the webview failed:\n${result.stdout}\n${result.stderr}`);
  assert.ok(existsSync(join(BUNDLE, 'panel.js')) && existsSync(join(BUNDLE, 'panel.css')), 'the bundle has no panel.js/panel.css');
}

/** Serves the panel's HTML at / and the bundle folder at /webview/, nothing else. */
async function serve(): Promise<{ server: Server; origin: string; setHtml(html: string): void }> {
  let html = '';
  const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    const match = /^\/webview\/(panel\.(?:js|css)(?:\.map)?)$/.exec(path);
    if (!match) {
      res.writeHead(404).end();
      return;
    }
    const file = match[1]!;
    res.writeHead(200, { 'content-type': types[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream' }).end(readFileSync(join(BUNDLE, file)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, origin, setHtml: (h) => (html = h) };
}

/**
 * Runs in the page before the panel's script: the stub `acquireVsCodeApi`, the CSP violation
 * listener, and the theme as VS Code applies it (colours on <html>, the kind as a <body> class).
 * Plain JavaScript text: a serialised TypeScript function would carry tsx's helpers with it.
 */
function initScript(bodyClass: string, vars: Readonly<Record<string, string>>): string {
  return `(() => {
  let state;
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => void window.__report('posted', m),
    getState: () => state,
    setState: (s) => { state = s; },
  });
  document.addEventListener('securitypolicyviolation', (e) => void window.__report('violation', e.violatedDirective + ' ' + e.blockedURI));
  document.addEventListener('DOMContentLoaded', () => {
    for (const [name, value] of Object.entries(${JSON.stringify(vars)})) document.documentElement.style.setProperty(name, value);
    document.body.classList.add(${JSON.stringify(bodyClass)});
  });
})();`;
}

/** Rejects after `ms`, so that a webview that never answers fails the test instead of hanging it. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

describe('traffic-path webview in Chromium', { timeout: 120_000 }, () => {
  let browser: Browser;
  let http: Awaited<ReturnType<typeof serve>>;
  let home: string;

  before(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is not installed at ${CHROMIUM}. Install Debian's package: apt-get install -y chromium (or set VPC_LINT_CHROMIUM).`);
    }
    buildBundle();
    mkdirSync(ARTIFACTS, { recursive: true });
    http = await serve();
    home = mkdtempSync(join(tmpdir(), 'vpc-lint-chromium-'));
    browser = await chromium.launch({
      timeout: 30_000,
      executablePath: CHROMIUM,
      headless: true,
      // Root needs --no-sandbox; the rest keeps Chromium off the network.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache') },
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (http ? http.server.close(() => resolve()) : resolve()));
    if (home) rmSync(home, { recursive: true, force: true });
  });

  /** Opens the panel's page with the stub API and a theme; resolves once the webview posted `ready`. */
  async function openPanel(theme: ThemeName): Promise<{ page: Page; errors: string[]; foreign: string[]; recorded: Recorded }> {
    const nonce = createNonce();
    http.setHtml(
      renderPanelHtml({
        cspSource: http.origin,
        nonce,
        scriptUri: `${http.origin}/webview/panel.js`,
        styleUri: `${http.origin}/webview/panel.css`,
      }),
    );
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    const foreign: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') errors.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(http.origin)) return route.continue();
      foreign.push(url);
      return route.abort();
    });
    const recorded = new Recorded();
    await page.exposeBinding('__report', (_source, kind: 'posted' | 'violation', value: unknown) => recorded.add(kind, value));
    const { bodyClass, vars } = THEMES[theme];
    await page.addInitScript({ content: initScript(bodyClass, vars) });
    await page.goto(`${http.origin}/`);
    await recorded.until(() => recorded.posted.some((m) => m.type === 'ready'), "the webview's ready message");
    return { page, errors, foreign, recorded };
  }

  async function send(page: Page, message: UpdateMessage): Promise<void> {
    await page.evaluate((data) => window.dispatchEvent(new MessageEvent('message', { data })), message);
  }

  for (const theme of ['light', 'dark'] as const) {
    test(`${theme} theme: both paths drawn, reveal on click and Enter, no CSP violation or console error`, async () => {
      const { page, errors, foreign, recorded } = await openPanel(theme);
      try {
        await send(page, { type: 'update', path: RECORDED, uri: URI, version: 1, monthlyRequests: 10_000_000 });
        const today = page.locator('#today .step');
        const proposed = page.locator('#proposed .step');
        await today.first().waitFor({ state: 'visible' });
        assert.equal(await today.count(), RECORDED.today.length);
        assert.equal(await proposed.count(), RECORDED.proposed.length);
        assert.ok(await page.locator('#today-heading').isVisible());
        assert.ok(await page.locator('#proposed-heading').isVisible());
        assert.ok(await proposed.last().isVisible());
        assert.equal(await page.locator('#today .step.highlight').count(), RECORDED.today.filter((s) => s.highlight).length);
        assert.match((await page.locator('#status').textContent()) ?? '', /reachable from the internet on tcp\/22, tcp\/80/);

        // Every box is focusable and labelled.
        for (const box of await page.locator('.step').all()) {
          assert.equal(await box.getAttribute('tabindex'), '0');
          assert.equal(await box.getAttribute('role'), 'button');
          assert.ok(((await box.getAttribute('aria-label')) ?? '').length > 10);
        }

        // Highlighted boxes look different from the others in this theme.
        const border = (selector: string) => page.locator(selector).first().evaluate((e) => getComputedStyle(e).borderTopColor);
        assert.notEqual(await border('#today .step.highlight'), await border('#today .step:not(.highlight)'));

        // A box without a source (the user) posts nothing, even when clicked.
        await today.first().click({ force: true });
        // Click: the route step reveals its source.
        const routeIndex = RECORDED.today.findIndex((s) => s.kind === 'route');
        await today.nth(routeIndex).click();
        // Keyboard: Enter on the security-group step, reached with the arrow keys from the route.
        await today.nth(routeIndex).focus();
        const ruleIndex = RECORDED.today.findIndex((s) => s.kind === 'security-group-rule');
        for (let i = routeIndex; i < ruleIndex; i++) await page.keyboard.press('ArrowDown');
        assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-index')), String(ruleIndex));
        await page.keyboard.press('Enter');

        await recorded.until(() => recorded.posted.filter((m) => m.type === 'reveal').length >= 2);
        const reveals = recorded.posted.filter((m) => m.type === 'reveal');
        assert.deepEqual(reveals, [
          { type: 'reveal', location: RECORDED.today[routeIndex]!.location },
          { type: 'reveal', location: RECORDED.today[ruleIndex]!.location },
        ]);

        // ArrowRight crosses to the proposed column.
        await page.keyboard.press('ArrowRight');
        assert.ok(await page.evaluate(() => document.getElementById('proposed')!.contains(document.activeElement)));

        // Cost for the user's own figure: 10 million requests a month.
        assert.equal(await page.locator('#cost-rest').textContent(), '$35.00');
        assert.equal(await page.locator('#cost-http').textContent(), '$10.00');
        assert.match((await page.locator('#cost-source').textContent()) ?? '', /checked \d{4}-\d{2}-\d{2}/);
        await page.locator('#requests').fill('400000000');
        await page.locator('#requests').press('Tab');
        assert.equal(await page.locator('#cost-http').textContent(), '$390.00');
        await recorded.until(() => recorded.posted.some((m) => m.type === 'setRequests'));
        assert.deepEqual(recorded.posted.filter((m) => m.type === 'setRequests'), [{ type: 'setRequests', monthly: 400_000_000 }]);

        // Without a diff the panel says how to get one; with one it draws it.
        assert.match((await page.locator('#diff').textContent()) ?? '', /Apply the quick fix to preview the change/);
        await send(page, { type: 'update', path: RECORDED, uri: URI, version: 2, diff: DIFF });
        await page.locator('#diff pre.diff').waitFor();
        assert.equal(await page.locator('#diff .line.del').count(), 1);

        await page.screenshot({ path: join(ARTIFACTS, `panel-${theme}.png`), fullPage: true });

        assert.deepEqual(recorded.violations, [], 'Content-Security-Policy violations');
        assert.deepEqual(errors, [], 'console errors');
        assert.deepEqual(foreign, [], 'requests outside the bundle');
      } finally {
        await page.close();
      }
    });
  }

  test('refresh asks the host with a request id and settles on the answer', async () => {
    const { page, errors, recorded } = await openPanel('dark');
    try {
      await send(page, { type: 'update', path: RECORDED, uri: URI });
      await page.locator('#refresh').click();
      await recorded.until(() => recorded.posted.some((m) => m.type === 'refresh'));
      const refresh = recorded.posted.find((m) => m.type === 'refresh');
      assert.ok(refresh && refresh.type === 'refresh');
      assert.equal(await page.locator('#refresh').getAttribute('aria-busy'), 'true');
      await page.evaluate((data) => window.dispatchEvent(new MessageEvent('message', { data })), { type: 'refreshed', requestId: refresh.requestId, ok: true });
      assert.equal(await page.locator('#refresh').getAttribute('aria-busy'), null);
      await send(page, { type: 'update', path: null, uri: URI });
      assert.match((await page.locator('#status').textContent()) ?? '', /not compute/);
      assert.ok(await page.locator('#content').isHidden());
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });

  test('the policy is enforced: an injected inline script is blocked and reported', async () => {
    const { page, recorded } = await openPanel('light');
    try {
      await page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__injected = true';
        document.body.append(s);
      });
      await recorded.until(() => recorded.violations.length > 0);
      assert.equal(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected), undefined);
      assert.match(recorded.violations[0]!, /^script-src/);
    } finally {
      await page.close();
    }
  });
});
