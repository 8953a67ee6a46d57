/**
 * A real VS Code for the end-to-end tests: code-server (VS Code 1.139 with a Node extension
 * host, installed by scripts/e2e-setup.mjs) on a free loopback port, its workbench shown in
 * Debian's Chromium through playwright-core. Used by the launcher (extension-host tests) and by
 * the UI check. Everything waits for state: a log line, a page event, an element; never a timer
 * guessing how long something takes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** The repository root. */
export const ROOT = join(__dirname, '..', '..');
/** The gitignored cache folder scripts/e2e-setup.mjs installs into. */
export const CACHE = join(ROOT, '.vscode-test');
/** Where the tools are; these paths mirror `PATHS` in scripts/e2e-setup.mjs. */
export const TOOLS = {
  node: join(CACHE, 'node24', 'node_modules', 'node', 'bin', 'node'),
  codeServer: join(CACHE, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  chromium: process.env['VPC_LINT_E2E_CHROMIUM'] ?? '/usr/bin/chromium',
};

/** Flags for headless Chromium as root, offline (docs: shared notes on editor tests). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** A private HOME (code-server and Chromium write there), with the XDG folders inside it. */
export function isolatedHome(): { env: NodeJS.ProcessEnv; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vpc-lint-e2e-home-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: dir,
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_STATE_HOME: join(dir, 'state'),
    XDG_CACHE_HOME: join(dir, 'cache'),
  };
  for (const name of ['config', 'data', 'state', 'cache']) mkdirSync(join(dir, name), { recursive: true });
  return { env, dir };
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Runs code-server's CLI once (e.g. `--install-extension`) and resolves with its output. */
export function codeServerCli(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(TOOLS.node, [TOOLS.codeServer, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`code-server ${args.join(' ')} exited with ${code}:\n${output}`))));
  });
}

/** Installs a .vsix into an extensions folder the way a user would, with `--install-extension`. */
export async function installVsix(vsix: string, extensionsDir: string, userDataDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  return codeServerCli(['--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix, '--force'], env);
}

export interface CodeServerOptions {
  userDataDir: string;
  extensionsDir: string;
  env: NodeJS.ProcessEnv;
  /** Extra environment for the server and so for its extension hosts. */
  extraEnv?: NodeJS.ProcessEnv;
  /** Receives code-server's own output lines (the extension host's stdout ends up there too). */
  onOutput?: (line: string) => void;
}

/** A running code-server; {@link stop} ends its whole process group. */
export class CodeServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  /** The remote authority the workbench uses for files on the server. */
  get authority(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** A server path as the workbench's remote URI. */
  remoteUri(path: string): string {
    return `vscode-remote://${this.authority}${encodeURI(path)}`;
  }

  /**
   * The workbench URL for a folder; `payload` pairs are what VS Code's `--extensionTestsPath`
   * and `--extensionDevelopmentPath` become on the web (honoured with the smoke-test driver on).
   */
  url(folder: string, payload: Array<[string, string]> = []): string {
    const query = new URLSearchParams({ folder });
    if (payload.length > 0) query.set('payload', JSON.stringify(payload));
    return `http://${this.authority}/?${query.toString()}`;
  }

  static async start(options: CodeServerOptions): Promise<CodeServer> {
    const port = await freePort();
    const args = [
      TOOLS.codeServer,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--reconnection-grace-time',
      '5',
      '--user-data-dir',
      options.userDataDir,
      '--extensions-dir',
      options.extensionsDir,
      '--vscode-option',
      'enable-smoke-test-driver',
    ];
    // Its own process group (detached), so that stop() also ends extension hosts and the
    // language server they started.
    const child = spawn(TOOLS.node, args, {
      env: { ...options.env, ...options.extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const server = new CodeServer(child, port);
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      const onLine = (line: string): void => {
        options.onOutput?.(line);
        if (/HTTP server listening on/.test(line)) resolve();
      };
      for (const stream of [child.stdout, child.stderr]) {
        let buffer = '';
        stream?.setEncoding('utf8').on('data', (chunk: string) => {
          seen += chunk;
          buffer += chunk;
          const lines = buffer.split('\n');
          buffer = lines.pop() ?? '';
          lines.forEach(onLine);
        });
      }
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`code-server exited with ${code} before listening:\n${seen}`)));
    });
    return server;
  }

  /** Ends code-server and everything it started; resolves once it has exited. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null || this.child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      process.kill(-this.child.pid, 'SIGTERM');
    } catch {
      // The group is already gone.
    }
    await exited;
    try {
      // Stragglers of the group (a language server that ignores SIGTERM) are ended for good.
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // Nothing left.
    }
  }
}

/** Headless Chromium with a fresh profile, offline flags, and one page. */
export async function openBrowser(env: NodeJS.ProcessEnv): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: TOOLS.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    env: env as Record<string, string>,
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  return { browser, page };
}

/** Removes a temporary folder, ignoring what is already gone. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}
