/**
 * Trusted source ranges (an office, a VPN egress) are not the internet: a rule that admits only
 * them does not expose the instance, while the same rule for an untrusted range does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDocument } from '../../../server/src/engine.js';

const text = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'cloudformation', 'public-web-server.yaml'), 'utf8')
  // Both rules admit only the office's range (a public block from RFC 5737).
  .replace('CidrIp: 0.0.0.0/0', 'CidrIp: 198.51.100.0/24')
  .replace('Default: 0.0.0.0/0', 'Default: 198.51.100.0/24');

const exposure = (trustedCidrs?: string[]) =>
  checkDocument('web.yaml', text, trustedCidrs ? { trustedCidrs } : {}).findings.filter((f) => f.ruleId.endsWith('-compute')).map((f) => `${f.ruleId} ${f.severity}`);

test('a rule admitting a public but untrusted range still exposes the instance to that range', () => {
  assert.deepEqual(exposure(), ['internet-reachable-compute error']);
});

test('the same rule admitting only a trusted range is no internet exposure', () => {
  assert.deepEqual(exposure(['198.51.100.0/24']), ['public-subnet-compute warning']);
});

test('trusting part of the range leaves the rest exposed, on the same ports', () => {
  const f = checkDocument('web.yaml', text, { trustedCidrs: ['198.51.100.0/25'] }).findings.find((x) => x.ruleId === 'internet-reachable-compute');
  assert.ok(f);
  assert.deepEqual(f.ports, ['tcp/22', 'tcp/80']);
  assert.match(f.message, /198\.51\.100\.128\/25/);
});
