/**
 * Emacs 28 with Debian's eglot 1.9, in batch mode, as a real push-only LSP client of the server
 * (started over stdio the way `vpc-lint lsp --stdio` starts it); diagnostics are read back from
 * Flymake. Needs `emacs` and Debian's `elpa-eglot`: the CI script installs `emacs-nox
 * elpa-eglot`; without them this test fails rather than skips.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(__dirname, 'eglotDiagnostics.el');
const SERVER_MAIN = join(ROOT, 'server', 'src', 'serverMain.ts');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'lsp', 'exposed.yaml');
const ELPA = '/usr/share/emacs/site-lisp/elpa';

interface EmacsDiagnostic {
  line: number;
  column: number;
  type: string;
  text: string;
}

interface EmacsReport {
  diagnostics?: EmacsDiagnostic[];
  pull_provider?: boolean;
  exit_status?: number;
  error?: string;
}

function requireEglot(): void {
  const probe = spawnSync('emacs', ['--version'], { encoding: 'utf8' });
  const hasEglot = existsSync(ELPA) && readdirNames(ELPA).some((n) => n.startsWith('eglot-'));
  if (probe.error !== undefined || probe.status !== 0 || !hasEglot) {
    assert.fail('Emacs with eglot is not installed. Install it with `apt-get install -y emacs-nox elpa-eglot`; the CI script installs it.');
  }
}

function readdirNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function runEmacs(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('emacs', ['-Q', '--batch', '-l', SCRIPT], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

test('Emacs eglot (push diagnostics, Flymake) shows internet-reachable-compute on the instance', { timeout: 90_000 }, async () => {
  requireEglot();
  const home = mkdtempSync(join(tmpdir(), 'vpc-lint-emacs-'));
  try {
    const out = join(home, 'diagnostics.json');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_CACHE_HOME: join(home, 'cache'),
      VPC_LINT_SERVER_CMD: JSON.stringify([process.execPath, '--import', 'tsx', SERVER_MAIN, '--stdio']),
      VPC_LINT_FILE: FIXTURE,
      VPC_LINT_OUT: out,
    };
    const { code, stderr } = await runEmacs(env);
    let report: EmacsReport;
    try {
      report = JSON.parse(readFileSync(out, 'utf8')) as EmacsReport;
    } catch {
      assert.fail(`Emacs wrote no report (exit ${code}); stderr:\n${stderr}`);
    }
    const context = `exit ${code}; report ${JSON.stringify(report, null, 2)}; stderr:\n${stderr.slice(-4000)}`;
    assert.equal(report.error, undefined, context);
    assert.equal(code, 0, context);
    assert.equal(report.pull_provider, false, `a push-only client must not be offered pull diagnostics; ${context}`);

    const lines = readFileSync(FIXTURE, 'utf8').split(/\r?\n/);
    const expectedLine = lines.findIndex((l) => l === '  WebServer:');
    const found = (report.diagnostics ?? []).filter((d) => d.line === expectedLine && /WebServer is reachable from the internet/.test(d.text));
    assert.equal(found.length, 1, context);
    assert.equal(found[0]!.column, 2, context);
    assert.equal(found[0]!.type, 'eglot-error', context);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
