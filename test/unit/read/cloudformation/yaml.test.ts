/** The YAML reader: short-form tags become their long forms, with positions kept. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readYaml } from '../../../../server/src/read/cloudformation/yaml.js';
import { SHORT_FORM_TAGS } from '../../../../server/src/read/cloudformation/intrinsics.js';
import { get, type Node } from '../../../../server/src/read/node.js';
import { checkFixture, only } from '../../cfnFixtures.js';

describe('readYaml', () => {
  for (const [tag, fn] of SHORT_FORM_TAGS) {
    it(`reads ${tag} as ${fn}`, () => {
      const text = `Value: ${tag} [a, b]\n`;
      const r = readYaml(text);
      assert.deepEqual(r.errors, []);
      const v = get(r.root, 'Value');
      assert.equal(v?.kind, 'map');
      const entry = (v as Extract<Node, { kind: 'map' }>).entries[0]!;
      assert.equal(entry.key.value, fn);
      // The key's span is the tag itself, so a finding about the function points at `!Tag`.
      assert.equal(text.slice(entry.key.span[0], entry.key.span[1]), tag);
    });
  }

  it('splits a dotted !GetAtt into resource and attribute', () => {
    const r = readYaml('Value: !GetAtt WebServer.PublicIp\n');
    const arg = get(get(r.root, 'Value'), 'Fn::GetAtt');
    assert.equal(arg?.kind, 'seq');
    assert.deepEqual((arg as Extract<Node, { kind: 'seq' }>).items.map((i) => (i.kind === 'scalar' ? i.value : undefined)), ['WebServer', 'PublicIp']);
  });

  it('reports an unknown tag as an error at the tag', () => {
    const text = 'Value: !Bogus x\n';
    const r = readYaml(text);
    assert.equal(r.errors.length, 1);
    assert.equal(text.slice(r.errors[0]!.span[0], r.errors[0]!.span[1]), '!Bogus');
  });

  it('reads a template using every short form CloudFormation documents without an invalid-template finding', () => {
    const r = checkFixture('short-form-tags.yaml');
    assert.equal(r.recognized, true);
    assert.deepEqual(only(r.findings, 'invalid-template'), []);
    for (const tag of ['!Ref', '!GetAtt', '!Sub', '!Join', '!Select', '!Split', '!If', '!Equals', '!Not', '!And', '!Or', '!Condition', '!FindInMap', '!Base64', '!Cidr', '!GetAZs', '!ImportValue']) {
      assert.ok(new RegExp(`${tag}\\b`).test(r.text), `the fixture uses ${tag}`);
    }
  });

  it('accepts the rule-function short forms used in a Rules section', () => {
    const text = 'Rules:\n  R:\n    Assertions:\n      - Assert: !Contains [[a, b], !Ref P]\n      - Assert: !EachMemberIn [!ValueOfAll [T, A], !RefAll T]\n';
    assert.deepEqual(readYaml(text).errors, []);
  });
});
