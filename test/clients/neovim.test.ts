/**
 * Neovim 0.7, headless, as a real push-only LSP client of the server (started over stdio the way
 * `vpc-lint lsp --stdio` starts it). Needs `nvim` on PATH: the CI script installs Debian's
 * `neovim`; without it this test fails rather than skips.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(__dirname, 'neovimDiagnostics.lua');
const SERVER_MAIN = join(ROOT, 'server', 'src', 'serverMain.ts');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'lsp', 'exposed.yaml');

interface NeovimDiagnostic {
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
  severity: number;
  source: string;
  message: string;
  code: string | number;
  href: string | null;
  related: number;
}

interface NeovimReport {
  diagnostics?: NeovimDiagnostic[];
  pull_provider?: boolean;
  exit?: { code: number; signal: number } | null;
  log?: string[];
  error?: string;
}

function requireNeovim(): void {
  const probe = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    assert.fail(
      'Neovim is not installed (`nvim` is not on PATH). Install it with `apt-get install -y neovim`; the CI script installs it.',
    );
  }
}

function runNeovim(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('nvim', ['--headless', '--clean', '-u', 'NONE', '-S', SCRIPT], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

test('Neovim (push diagnostics) shows internet-reachable-compute on the instance', { timeout: 90_000 }, async () => {
  requireNeovim();
  const home = mkdtempSync(join(tmpdir(), 'vpc-lint-nvim-'));
  try {
    const out = join(home, 'diagnostics.json');
    // Neovim writes its state and LSP log under HOME / XDG_*; keep them out of the real home.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_DATA_HOME: join(home, 'data'),
      XDG_STATE_HOME: join(home, 'state'),
      XDG_CACHE_HOME: join(home, 'cache'),
      VPC_LINT_SERVER_CMD: JSON.stringify([process.execPath, '--import', 'tsx', SERVER_MAIN, '--stdio']),
      VPC_LINT_SERVER_CWD: ROOT,
      VPC_LINT_FILE: FIXTURE,
      VPC_LINT_OUT: out,
    };
    const { code, stderr } = await runNeovim(env);
    let report: NeovimReport;
    try {
      report = JSON.parse(readFileSync(out, 'utf8')) as NeovimReport;
    } catch {
      assert.fail(`Neovim wrote no report (exit ${code}); stderr:\n${stderr}`);
    }
    const context = `exit ${code}; report ${JSON.stringify(report, null, 2)}; stderr:\n${stderr}`;
    assert.equal(report.error, undefined, context);
    assert.equal(code, 0, context);
    assert.equal(report.pull_provider, false, `a push-only client must not be offered pull diagnostics; ${context}`);
    assert.equal(report.exit?.code, 0, `the server should exit cleanly after shutdown; ${context}`);

    const found = (report.diagnostics ?? []).filter((d) => d.code === 'internet-reachable-compute');
    assert.equal(found.length, 1, context);
    const diagnostic = found[0]!;
    const lines = readFileSync(FIXTURE, 'utf8').split(/\r?\n/);
    const expectedLine = lines.findIndex((l) => l === '  WebServer:');
    assert.equal(diagnostic.lnum, expectedLine, context);
    assert.equal(diagnostic.col, 2, context);
    assert.equal(diagnostic.severity, 1, context); // vim.diagnostic.severity.ERROR
    assert.equal(diagnostic.source, 'vpc-lint', context);
    assert.ok(diagnostic.related >= 3, context);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
