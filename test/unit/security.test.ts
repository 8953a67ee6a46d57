/**
 * Security properties of the server and the panel, tested rather than promised:
 *  - the language server never writes a file (edits reach the editor as a WorkspaceEdit);
 *  - paths a CDK manifest names never lead out of the cloud assembly;
 *  - no user code runs: nothing in the server or the webview spawns a process or evaluates code;
 *  - the webview runs no script but its own bundle (CSP, nonce, no inline handlers).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import {
  CodeActionRequest,
  CodeActionResolveRequest,
  CodeLensRequest,
  DocumentDiagnosticReportKind,
  RequestType,
  type CodeAction,
  type FullDocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { checkCdkAssembly } from '../../server/src/engine.js';
import { contentSecurityPolicy, renderPanelHtml } from '../../client/src/panel/html.js';
import { TRAFFIC_PATH_METHOD } from '../../protocol/src/lspExtensions.js';
import { LspTestClient, PULL_CAPABILITIES } from '../protocol/lspTestClient.js';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

describe('the language server writes no file', () => {
  /** Every fs function that creates, changes or removes a file or folder. */
  const WRITERS = [
    'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createWriteStream', 'mkdir', 'mkdirSync', 'mkdtemp', 'mkdtempSync',
    'rename', 'renameSync', 'unlink', 'unlinkSync', 'rm', 'rmSync', 'rmdir', 'rmdirSync', 'copyFile', 'copyFileSync', 'cp', 'cpSync',
    'truncate', 'truncateSync', 'symlink', 'symlinkSync', 'link', 'linkSync', 'chmod', 'chmodSync', 'utimes', 'utimesSync', 'open', 'openSync',
  ] as const;
  const PROMISE_WRITERS = ['writeFile', 'appendFile', 'mkdir', 'mkdtemp', 'rename', 'unlink', 'rm', 'rmdir', 'copyFile', 'cp', 'truncate', 'symlink', 'link', 'chmod', 'utimes', 'open'] as const;
  const calls: string[] = [];
  const restore: (() => void)[] = [];

  function watch(target: Record<string, unknown>, name: string, label: string, allow?: (args: unknown[]) => boolean): void {
    const original = target[name];
    if (typeof original !== 'function') return;
    target[name] = function (this: unknown, ...args: unknown[]) {
      if (!allow?.(args)) calls.push(`${label}(${String(args[0])})`);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
    restore.push(() => {
      target[name] = original;
    });
  }

  /** `open` for reading is not a write. */
  const readOnlyOpen = (args: unknown[]) => args[1] === undefined || args[1] === 'r' || args[1] === fs.constants.O_RDONLY;

  before(() => {
    for (const name of WRITERS) watch(fs as unknown as Record<string, unknown>, name, `fs.${name}`, name.startsWith('open') ? readOnlyOpen : undefined);
    for (const name of PROMISE_WRITERS) watch(fs.promises as unknown as Record<string, unknown>, name, `fs.promises.${name}`, name === 'open' ? readOnlyOpen : undefined);
  });
  after(() => {
    for (const r of restore.splice(0)) r();
  });

  it('opens, edits, pulls, offers and resolves fixes, lenses and paths without touching the disk', async () => {
    const client = new LspTestClient();
    const file = path.join(REPO_ROOT, 'test', 'fixtures', 'lsp', 'exposed.yaml');
    const uri = pathToFileURL(file).href;
    const text = fs.readFileSync(file, 'utf8');
    try {
      await client.initialize(
        { ...PULL_CAPABILITIES, textDocument: { ...PULL_CAPABILITIES.textDocument, codeAction: { resolveSupport: { properties: ['edit'] }, dataSupport: true } } },
        [path.dirname(file)],
      );
      await client.open(uri, text);
      await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }]);
      const report = (await client.pull(uri)) as FullDocumentDiagnosticReport;
      assert.equal(report.kind, DocumentDiagnosticReportKind.Full);
      assert.ok(report.items.length > 0, 'the fixture has findings');
      const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: report.items[0]!.range, context: { diagnostics: report.items } })) as CodeAction[];
      assert.ok(actions.length > 0, 'fixes are offered');
      for (const a of actions) {
        const resolved = await client.connection.sendRequest(CodeActionResolveRequest.type, a);
        assert.ok(resolved.edit?.documentChanges?.length, `"${a.title}" resolves to a WorkspaceEdit`);
      }
      await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
      await client.connection.sendRequest(new RequestType<unknown, unknown, void>(TRAFFIC_PATH_METHOD), { textDocument: { uri }, position: report.items[0]!.range.start });
      await client.close(uri);
    } finally {
      await client.dispose();
    }
    assert.deepEqual(calls, []);
  });
});

describe('paths a CDK manifest names stay inside the assembly', () => {
  let root: string;
  let outside: string;

  before(() => {
    root = fs.mkdtempSync(path.join(tmpdir(), 'vpc-lint-cdk-'));
    outside = path.join(root, 'secret');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'x.template.json'), JSON.stringify({ Resources: { Vpc: { Type: 'AWS::EC2::VPC' } } }));
    const assembly = path.join(root, 'app', 'cdk.out');
    fs.mkdirSync(assembly, { recursive: true });
    fs.writeFileSync(path.join(assembly, 'cdk.out'), '{"version":"36.0.0"}');
    fs.writeFileSync(path.join(assembly, 'Ok.template.json'), JSON.stringify({ Resources: {} }));
    // A link inside the assembly that leads out of it.
    fs.symlinkSync(outside, path.join(assembly, 'link'), 'dir');
    const stack = (templateFile: string) => ({ type: 'aws:cloudformation:stack', properties: { templateFile } });
    fs.writeFileSync(
      path.join(assembly, 'manifest.json'),
      JSON.stringify({
        version: '36.0.0',
        artifacts: {
          Ok: stack('Ok.template.json'),
          Up: stack('../../secret/x.template.json'),
          Passwd: stack('../../../../../../../../etc/passwd'),
          Absolute: stack(path.join(outside, 'x.template.json')),
          Linked: stack('link/x.template.json'),
          Stage: { type: 'cdk:cloud-assembly', properties: { directoryName: '../..' } },
        },
      }),
    );
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads only the templates inside, and reports each path that leads out', () => {
    const result = checkCdkAssembly(path.join('app', 'cdk.out'), { cwd: root });
    assert.deepEqual(result.files, [path.join('app', 'cdk.out', 'Ok.template.json')]);
    const refused = result.findings.filter((f) => /lies outside the cloud assembly; it was not read/.test(f.message)).map((f) => f.message);
    for (const p of ['../../secret/x.template.json', '../../../../../../../../etc/passwd', path.join(outside, 'x.template.json'), 'link/x.template.json', '../..']) {
      assert.ok(refused.some((m) => m.includes(JSON.stringify(p))), `${p} is refused: ${refused.join(' | ')}`);
    }
  });
});

describe('no user code runs', () => {
  /**
   * Files allowed one construct each, and why. The CLI's worker pool starts workers on the CLI's
   * own module (`eval: true` only wraps a `require` of that file, in development).
   */
  const ALLOWED: Record<string, string[]> = {
    'server/src/cli/parallel.ts': ['Worker with eval: true'],
  };

  function sourceFiles(dir: string, out: string[] = []): string[] {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== 'node_modules' && e.name !== 'out') sourceFiles(p, out);
      else if (e.isFile() && /\.(ts|mts|cts|js|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
    }
    return out;
  }

  /** Constructs that run code or programs other than our own modules. */
  function findings(file: string): string[] {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const out: string[] = [];
    const moduleName = (n: ts.Node | undefined) => (n && ts.isStringLiteral(n) ? n.text.replace(/^node:/, '') : undefined);
    const FORBIDDEN_MODULES = new Set(['child_process', 'vm', 'cluster', 'inspector']);
    const visit = (node: ts.Node): void => {
      const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && FORBIDDEN_MODULES.has(moduleName(node.moduleSpecifier) ?? '')) out.push(`import of ${moduleName(node.moduleSpecifier)} at line ${line}`);
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const name = ts.isIdentifier(callee) ? callee.text : undefined;
        if ((name === 'require' || callee.kind === ts.SyntaxKind.ImportKeyword) && FORBIDDEN_MODULES.has(moduleName(node.arguments[0]) ?? '')) out.push(`load of ${moduleName(node.arguments[0])} at line ${line}`);
        if (name === 'eval') out.push(`eval() at line ${line}`);
        if (name === 'Function') out.push(`Function() at line ${line}`);
        if (name === 'setTimeout' || name === 'setInterval') {
          if (node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) out.push(`${name} with a string at line ${line}`);
        }
      }
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
        if (node.expression.text === 'Function') out.push(`new Function at line ${line}`);
        if (node.expression.text === 'Worker') {
          const evalTrue = node.arguments?.some((a) => ts.isObjectLiteralExpression(a) && a.properties.some((p) => ts.isPropertyAssignment(p) && p.name.getText(source) === 'eval' && p.initializer.kind === ts.SyntaxKind.TrueKeyword));
          if (evalTrue) out.push('Worker with eval: true');
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    return out;
  }

  for (const dir of ['server/src', 'protocol/src', 'client/webview']) {
    it(`${dir} spawns no process and evaluates no code`, () => {
      const problems: string[] = [];
      for (const file of sourceFiles(path.join(REPO_ROOT, dir))) {
        const rel = path.relative(REPO_ROOT, file).split(path.sep).join('/');
        const allowed = ALLOWED[rel] ?? [];
        for (const f of findings(file)) if (!allowed.includes(f)) problems.push(`${rel}: ${f}`);
      }
      assert.deepEqual(problems, []);
    });
  }

  it('finds what it looks for (the scanner itself works)', () => {
    const probe = path.join(fs.mkdtempSync(path.join(tmpdir(), 'vpc-lint-scan-')), 'probe.ts');
    try {
      fs.writeFileSync(probe, "import { exec } from 'node:child_process';\nconst f = new Function('x');\neval('1');\nrequire('vm');\n");
      assert.deepEqual(findings(probe), ['import of child_process at line 1', 'new Function at line 2', 'eval() at line 3', 'load of vm at line 4']);
    } finally {
      fs.rmSync(path.dirname(probe), { recursive: true, force: true });
    }
  });
});

describe('the webview runs only its own bundle', () => {
  const nonce = 'bm9uY2Utbm9uY2Utbm9uY2U=';
  const html = renderPanelHtml({ cspSource: 'vscode-webview://abc', nonce, scriptUri: 'vscode-webview://abc/panel.js', styleUri: 'vscode-webview://abc/panel.css' });

  it('has a CSP of default-src none and scripts by nonce only', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replace(/&#39;|&apos;/g, "'");
    assert.ok(csp, 'the page declares a CSP');
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('script-src'), [`'nonce-${nonce}'`]);
    assert.equal(csp, contentSecurityPolicy('vscode-webview://abc', nonce));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('loads every script from the bundle, with the nonce, and has no inline code', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0]![1]!, new RegExp(`nonce="${nonce}"`));
    assert.match(scripts[0]![1]!, /src="vscode-webview:\/\/abc\/panel\.js"/);
    assert.equal(scripts[0]![2]!.trim(), '');
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline event handlers');
    assert.doesNotMatch(html, /javascript:/i);
  });
});
