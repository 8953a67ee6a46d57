/**
 * Neovim 0.7, headless, applies vpc-lint's preferred quick fix (the REST API front door) to the
 * public web server example over stdio, and the error goes away. Needs `nvim` on PATH: the CI
 * script installs Debian's `neovim`; without it this test fails rather than skips.
 *
 * Neovim 0.7 announces `codeAction.resolveSupport` for `edit`, so the server sends the action
 * without its edit and Neovim resolves it (as its own vim.lsp.buf.code_action() does); the
 * script does the same, then applies the edit with vim.lsp.util.apply_workspace_edit.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(__dirname, 'neovimFix.lua');
const SERVER_MAIN = join(ROOT, 'server', 'src', 'serverMain.ts');
const EXAMPLE = join(ROOT, 'examples', 'cloudformation', 'public-web-server.yaml');
const TITLE = 'Put WebServer behind API Gateway (REST API';

interface FixReport {
  announced?: { resolve_support: { properties?: string[] } | null; document_changes: boolean };
  titles?: string[];
  title?: string;
  came_with_edit?: boolean;
  edit_shape?: 'documentChanges' | 'changes';
  edit_version?: number | null;
  buffer_version?: number;
  text?: string;
  diagnostics?: { code: string | number | null; severity: number; lnum: number; message: string }[];
  exit?: { code: number; signal: number } | null;
  log?: string[];
  error?: string;
}

function requireNeovim(): void {
  const probe = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    assert.fail('Neovim is not installed (`nvim` is not on PATH). Install it with `apt-get install -y neovim`; the CI script installs it.');
  }
}

function runNeovim(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('nvim', ['--headless', '--clean', '-u', 'NONE', '-S', SCRIPT], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

test('Neovim applies the REST API front door and the internet-reachable-compute error goes away', { timeout: 120_000 }, async () => {
  requireNeovim();
  const home = mkdtempSync(join(tmpdir(), 'vpc-lint-nvim-fix-'));
  try {
    // A copy: the script never writes the buffer, but the example must stay untouched whatever happens.
    const file = join(home, 'public-web-server.yaml');
    copyFileSync(EXAMPLE, file);
    const out = join(home, 'report.json');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_DATA_HOME: join(home, 'data'),
      XDG_STATE_HOME: join(home, 'state'),
      XDG_CACHE_HOME: join(home, 'cache'),
      VPC_LINT_SERVER_CMD: JSON.stringify([process.execPath, '--import', 'tsx', SERVER_MAIN, '--stdio']),
      VPC_LINT_SERVER_CWD: ROOT,
      VPC_LINT_FILE: file,
      VPC_LINT_TITLE: TITLE,
      VPC_LINT_OUT: out,
    };
    const { code, stderr } = await runNeovim(env);
    let report: FixReport;
    try {
      report = JSON.parse(readFileSync(out, 'utf8')) as FixReport;
    } catch {
      assert.fail(`Neovim wrote no report (exit ${code}); stderr:\n${stderr}`);
    }
    const { text, ...rest } = report;
    const context = `exit ${code}; report ${JSON.stringify(rest, null, 2)}; stderr:\n${stderr}`;
    assert.equal(report.error, undefined, context);
    assert.equal(code, 0, context);

    // What Neovim 0.7 announces decides how the edit travels.
    assert.deepEqual(report.announced?.resolve_support, { properties: ['edit'] }, context);
    assert.equal(report.came_with_edit, false, `a client announcing resolveSupport gets the edit on resolve; ${context}`);
    assert.ok(report.title?.startsWith(TITLE), context);
    if (report.edit_shape === 'documentChanges') assert.equal(report.edit_version, report.buffer_version, `the edit is for the buffer's version; ${context}`);

    assert.ok(text !== undefined && text.includes('Type: AWS::ApiGateway::VpcLink'), `the buffer has no VPC Link:\n${text}`);
    assert.ok(text.includes('Type: AWS::ApiGateway::RestApi'), text);
    assert.ok(text.includes('SubnetId: !Ref WebServerPrivateSubnet'), text);
    const errors = (report.diagnostics ?? []).filter((d) => d.code === 'internet-reachable-compute' || d.severity === 1);
    assert.deepEqual(errors, [], context);
    assert.equal(report.exit?.code, 0, `the server should exit cleanly after shutdown; ${context}`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
