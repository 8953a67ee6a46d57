import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distinct } from '../../../server/src/analysis/distinct.js';

test('distinct keeps the first of each item, in order, for short and long lists', () => {
  assert.deepEqual(distinct([]), []);
  assert.deepEqual(distinct(['b', 'a', 'b', 'c', 'a']), ['b', 'a', 'c']);
  // Strings equal in content but made apart are one item, as in a Set.
  assert.deepEqual(distinct(['port 22', `port ${22}`]), ['port 22']);
  const long = Array.from({ length: 40 }, (_, i) => `k${i % 25}`);
  assert.deepEqual(distinct(long), [...new Set(long)]);
  assert.deepEqual(distinct([NaN, NaN, 0, -0]), [NaN, 0]);
});
