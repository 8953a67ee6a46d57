import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { unifiedDiff } from '../../../server/src/lsp/unifiedDiff.js';

test('equal texts have no diff', () => {
  assert.equal(unifiedDiff('a\nb\n', 'a\nb\n', 't.yaml'), '');
});

test('a changed line in the middle, with three lines of context', () => {
  const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].join('\n');
  const after = ['1', '2', '3', '4', 'five', '6', '7', '8', '9'].join('\n');
  assert.equal(
    unifiedDiff(before, after, 't.yaml'),
    ['--- a/t.yaml', '+++ b/t.yaml', '@@ -2,7 +2,7 @@', ' 2', ' 3', ' 4', '-5', '+five', ' 6', ' 7', ' 8'].join('\n'),
  );
});

test('insertions and deletions far apart make two hunks', () => {
  const before = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
  const lines = before.split('\n');
  lines.splice(1, 0, 'added');
  lines.splice(18, 1);
  const diff = unifiedDiff(before, lines.join('\n'), 't.yaml').split('\n');
  assert.equal(diff.filter((l) => l.startsWith('@@')).length, 2);
  assert.deepEqual(diff.filter((l) => /^[+-](?![+-])/.test(l)), ['+added', '-line 17']);
});
