/**
 * The shipped entry: `bin/vpc-lint.js` running the esbuild bundle. The bundle is rebuilt first so
 * the test never runs stale code.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { FIXTURES, REPO_ROOT } from './helpers.js';

const BIN = path.join(REPO_ROOT, 'bin', 'vpc-lint.js');

function vpcLint(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

/** Frames one JSON-RPC message the way LSP's base protocol does. */
function frame(message: object): string {
  const body = JSON.stringify({ jsonrpc: '2.0', ...message });
  return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
}

describe('bin/vpc-lint.js', () => {
  before(() => {
    const build = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'bundle.mjs'), 'cli'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, `bundle failed:\n${build.stdout}\n${build.stderr}`);
  });

  it('runs check from the bundle with the documented exit codes', () => {
    const fixture = path.relative(REPO_ROOT, path.join(FIXTURES, 'public'));
    const failing = vpcLint(['check', fixture, '--format', 'json']);
    assert.equal(failing.status, 1, failing.stderr);
    const report = JSON.parse(failing.stdout) as { version: number; findings: { ruleId: string }[] };
    assert.equal(report.version, 1);
    assert.ok(report.findings.some((f) => f.ruleId === 'internet-reachable-compute'));

    assert.equal(vpcLint(['check', fixture, '--fail-on', 'none']).status, 0);
    const usage = vpcLint(['check', '--fail-on', 'sometimes']);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /invalid value 'sometimes' for --fail-on/);
  });

  it('prints its version', () => {
    const result = vpcLint(['--version']);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^\d+\.\d+\.\d+/);
  });

  it('serves LSP over stdio: initialize, shutdown, exit', { timeout: 20_000 }, async () => {
    const child = spawn(process.execPath, [BIN, 'lsp', '--stdio'], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let buffer = Buffer.alloc(0);
    const waiters = new Map<number, (message: { result?: unknown; error?: unknown }) => void>();
    child.stdout.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const headerEnd = buffer.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
        if (buffer.length < headerEnd + 4 + length) return;
        const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as { id?: number; result?: unknown };
        buffer = buffer.subarray(headerEnd + 4 + length);
        if (typeof message.id === 'number') waiters.get(message.id)?.(message);
      }
    });
    const request = (id: number, method: string, params: unknown) =>
      new Promise<{ result?: unknown; error?: unknown }>((resolve) => {
        waiters.set(id, resolve);
        child.stdin.write(frame({ id, method, params }));
      });

    try {
      const init = await request(1, 'initialize', { processId: null, rootUri: null, capabilities: {} });
      assert.equal(init.error, undefined);
      const capabilities = (init.result as { capabilities?: Record<string, unknown> }).capabilities;
      assert.ok(capabilities && typeof capabilities === 'object');
      child.stdin.write(frame({ method: 'initialized', params: {} }));
      const shutdown = await request(2, 'shutdown', null);
      assert.equal(shutdown.error, undefined);
      child.stdin.write(frame({ method: 'exit' }));
      assert.equal(await exited, 0);
    } finally {
      child.kill();
    }
  });
});
