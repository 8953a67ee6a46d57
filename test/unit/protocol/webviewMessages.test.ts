import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { monthlyCostUsd } from '../../../protocol/src/lspExtensions.js';
import { parseWebviewMessage } from '../../../protocol/src/webviewMessages.js';
import { HTTP_API_TIERS, REST_API_TIERS } from '../../../server/src/analysis/apiGatewayPricing.js';

test('monthly cost walks the price bands', () => {
  assert.equal(monthlyCostUsd(0, REST_API_TIERS), 0);
  assert.equal(monthlyCostUsd(1_000_000, REST_API_TIERS), 3.5);
  assert.equal(monthlyCostUsd(1_000_000, HTTP_API_TIERS), 1);
  // 333M at $3.50 + 67M at $2.80.
  assert.ok(Math.abs(monthlyCostUsd(400_000_000, REST_API_TIERS) - (333 * 3.5 + 67 * 2.8)) < 1e-6);
  // 300M at $1.00 + 100M at $0.90.
  assert.ok(Math.abs(monthlyCostUsd(400_000_000, HTTP_API_TIERS) - 390) < 1e-6);
});

test('webview messages are checked before the host acts on them', () => {
  const location = { uri: 'file:///t.yaml', range: { start: { line: 1, character: 2 }, end: { line: 1, character: 8 } } };
  assert.deepEqual(parseWebviewMessage({ type: 'reveal', location }), { type: 'reveal', location });
  assert.equal(parseWebviewMessage({ type: 'reveal', location: { uri: 'file:///t.yaml' } }), undefined);
  assert.equal(parseWebviewMessage({ type: 'reveal', location: { ...location, range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } } } }), undefined);
  assert.deepEqual(parseWebviewMessage({ type: 'setRequests', monthly: 5 }), { type: 'setRequests', monthly: 5 });
  assert.equal(parseWebviewMessage({ type: 'setRequests', monthly: -1 }), undefined);
  assert.deepEqual(parseWebviewMessage({ type: 'refresh', requestId: 3 }), { type: 'refresh', requestId: 3 });
  assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
  assert.equal(parseWebviewMessage({ command: 'reveal' }), undefined);
  assert.equal(parseWebviewMessage('ready'), undefined);
});
