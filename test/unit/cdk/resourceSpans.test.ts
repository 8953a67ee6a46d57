/**
 * The walk that finds the members of a template's `Resources` object without parsing it: on
 * valid JSON each span must hold exactly the value `JSON.parse` gives for that logical id.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { resourceSpans } from '../../../server/src/read/cdk/resourceSpans.js';
import { generateCdkAssembly } from '../../../bench/generate.js';

const EXAMPLE = path.join(__dirname, '..', '..', '..', 'examples', 'cdk', 'web-server', 'cdk.out', 'WebStack.template.json');

/** What `JSON.parse` says the `Resources` object is, as [logical id, value] pairs. */
function parsedResources(text: string): [string, unknown][] {
  const doc = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  const body = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>)['Resources'] : undefined;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? Object.entries(body) : [];
}

/** Each span's text parses to the member's value, and the walk finds every member. */
function assertAgrees(text: string): void {
  const spans = resourceSpans(text);
  assert.ok(spans !== undefined, 'the walk reads valid JSON');
  const expected = parsedResources(text);
  assert.deepEqual([...spans.keys()].sort(), expected.map(([k]) => k).sort());
  for (const [id, value] of expected) {
    const span: readonly [number, number] = spans.get(id)!;
    assert.deepEqual(JSON.parse(text.slice(span[0], span[1])), value, id);
  }
}

describe('resourceSpans', () => {
  it('agrees with JSON.parse on a synthesised template and on a generated one', () => {
    assertAgrees(fs.readFileSync(EXAMPLE, 'utf8'));
    const assembly = generateCdkAssembly(60);
    assertAgrees(assembly.files[assembly.templateFile]!);
  });

  it('agrees whatever the layout: minified, tabs, CRLF, a byte-order mark', () => {
    const doc = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8')) as unknown;
    assertAgrees(JSON.stringify(doc));
    assertAgrees(JSON.stringify(doc, undefined, '\t'));
    assertAgrees(JSON.stringify(doc, undefined, 2).replace(/\n/g, '\r\n'));
    assertAgrees('\uFEFF' + JSON.stringify(doc, undefined, 1));
  });

  it('jumps over brackets, quotes and backslashes inside strings', () => {
    const text = JSON.stringify({
      Description: 'has } and ] and { and [ and "quotes" and \\',
      Resources: {
        A: { Type: 'AWS::S3::Bucket', Properties: { Name: '}]\\"', List: [1, -2.5e3, true, false, null, [], {}, '\\\\'] } },
        'Escaped"Key\\': { Type: 'AWS::S3::Bucket' },
        B: 'not an object',
        C: 42,
        D: null,
      },
      Outputs: { A: { Value: { Ref: 'A' } } },
    });
    assertAgrees(text);
  });

  it('decodes keys written with escapes', () => {
    const text = '{"Resources": {"W\\u0065b": {"Type": "AWS::EC2::Instance"}, "Plain": {}}}';
    assert.deepEqual([...resourceSpans(text)!.keys()], ['Web', 'Plain']);
    assertAgrees(text);
  });

  it('takes the last of repeated logical ids and of repeated Resources keys, as JSON.parse does', () => {
    assertAgrees('{"Resources": {"A": {"n": 1}, "B": {}, "A": {"n": 2}}}');
    assertAgrees('{"Resources": {"Early": {}}, "Outputs": {}, "Resources": {"Late": {"n": 1}}}');
    assertAgrees('{"Resources": {"Early": {}}, "Resources": []}');
  });

  it('answers an empty map when there is no Resources object', () => {
    for (const text of ['{}', '{"Resources": []}', '{"Resources": "x"}', '{"Parameters": {"Resources": {"A": {}}}}']) {
      assert.deepEqual(resourceSpans(text), new Map(), text);
    }
  });

  it('gives up, rather than guess, on text that is not a JSON object', () => {
    for (const text of ['', '[]', 'Resources:\n  A: {}', '{"Resources": {"A": {"Type": "x"}', '{"Resources" {"A": {}}}', '{"Resources": {"A": }}']) {
      assert.equal(resourceSpans(text), undefined, text);
    }
  });
});
