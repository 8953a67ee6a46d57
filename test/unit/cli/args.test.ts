import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgs } from '../../../server/src/cli/args.js';

describe('parseArgs', () => {
  it('defaults to checking the current folder as text, failing on errors', () => {
    assert.deepEqual(parseArgs(['check']), { command: 'check', paths: ['.'], format: 'text', failOn: 'error' });
  });

  it('takes paths and options in any order, with or without =', () => {
    assert.deepEqual(parseArgs(['check', 'a.yaml', '--format', 'json', 'dir', '--fail-on=warning']), {
      command: 'check',
      paths: ['a.yaml', 'dir'],
      format: 'json',
      failOn: 'warning',
    });
    assert.deepEqual(parseArgs(['check', '--format=sarif', '--fail-on', 'none']), {
      command: 'check',
      paths: ['.'],
      format: 'sarif',
      failOn: 'none',
    });
  });

  it('treats everything after -- as a path', () => {
    assert.deepEqual(parseArgs(['check', '--', '--format']), { command: 'check', paths: ['--format'], format: 'text', failOn: 'error' });
  });

  it('rejects unknown options and bad values with a message', () => {
    const cases: [string[], RegExp][] = [
      [['check', '--fromat', 'json'], /unknown option '--fromat'/],
      [['check', '--format', 'xml'], /invalid value 'xml' for --format \(expected text, json, sarif\)/],
      [['check', '--fail-on', 'critical'], /invalid value 'critical' for --fail-on/],
      [['check', '--format'], /option '--format' needs a value/],
      [['check', '--format='], /option '--format' needs a value/],
      [['lint'], /unknown command 'lint'/],
      [['--frobnicate'], /unknown option '--frobnicate'/],
      [['lsp'], /needs --stdio/],
      [['lsp', '--socket=5000'], /only --stdio/],
    ];
    for (const [argv, message] of cases) {
      const parsed = parseArgs(argv);
      assert.equal(parsed.command, 'usage-error', argv.join(' '));
      assert.match((parsed as { message: string }).message, message);
    }
  });

  it('knows help, version and lsp', () => {
    assert.deepEqual(parseArgs([]), { command: 'help' });
    assert.deepEqual(parseArgs(['--help']), { command: 'help' });
    assert.deepEqual(parseArgs(['check', '-h']), { command: 'help' });
    assert.deepEqual(parseArgs(['--version']), { command: 'version' });
    assert.deepEqual(parseArgs(['-v']), { command: 'version' });
    assert.deepEqual(parseArgs(['lsp', '--stdio']), { command: 'lsp' });
    assert.deepEqual(parseArgs(['lsp', '--stdio', '--clientProcessId=42']), { command: 'lsp' });
  });
});
