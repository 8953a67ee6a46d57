/**
 * invalid-template: what cannot be read or cannot be deployed is a located finding, never an
 * exception and never a hang. (These fixtures are invalid on purpose; cfn-lint rejects them too.)
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { caret, checkFixture, keyAt, only } from '../cfnFixtures.js';
import { checkDocument } from '../../../server/src/engine.js';

const RULE = 'invalid-template';

describe('invalid-template', () => {
  it('reports broken YAML on the broken line and still recognises the template', () => {
    const r = checkFixture('broken-yaml.yaml');
    assert.equal(r.recognized, true);
    assert.equal(r.format, 'cloudformation-yaml');
    const found = only(r.findings, RULE);
    assert.ok(found.length > 0, 'an invalid-template finding');
    const broken = caret(r.text, '     CidrBlock: 10.0.1.0/24').line;
    assert.equal(found[0]!.range.start.line, broken);
    for (const f of found) assert.equal(f.severity, 'error');
  });

  it('reports a DependsOn/Ref cycle between two resources as circular', () => {
    const r = checkFixture('cycle-depends-on.yaml');
    const found = only(r.findings, RULE);
    assert.equal(found.length, 1);
    assert.match(found[0]!.message, /^Circular dependency: /);
    assert.match(found[0]!.message, /FrontSecurityGroup/);
    assert.match(found[0]!.message, /BackSecurityGroup/);
    assert.deepEqual(found[0]!.range.start, keyAt(r.text, 'FrontSecurityGroup'));
  });

  it('reports a condition that refers to itself, at the condition', () => {
    const r = checkFixture('condition-self-reference.yaml');
    const found = only(r.findings, RULE);
    assert.equal(found.length, 1);
    assert.match(found[0]!.message, /Condition "IsProd" refers to itself/);
    assert.deepEqual(found[0]!.range.start, keyAt(r.text, 'IsProd'));
  });

  it('reports cycles in template order, in JSON and through YAML aliases alike', () => {
    const sg = (ref: unknown) => ({ Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', Tags: [{ Key: 'k', Value: ref }] } });
    const json = JSON.stringify({
      Resources: {
        A: sg({ 'Fn::GetAtt': ['C', 'GroupId'] }),
        B: sg({ 'Fn::Sub': '${A.GroupId}' }),
        C: { ...sg({ Ref: 'B' }), DependsOn: ['Solo'] },
        Solo: sg('none'),
        Self: sg({ Ref: 'Self' }),
      },
    }, null, 2);
    const messages = only(checkDocument('t.json', json).findings, RULE).map((f) => f.message);
    assert.deepEqual(messages, ['Circular dependency: A → C → B → A. CloudFormation cannot create these resources.', 'Circular dependency: Self → Self. CloudFormation cannot create these resources.']);
    // The aliased node refers to B from inside B as well as from A.
    const yaml = 'Resources:\n  A:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: &d {Ref: B}\n  B:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: *d\n';
    assert.deepEqual(only(checkDocument('t.yaml', yaml).findings, RULE).map((f) => f.message), ['Circular dependency: B → B. CloudFormation cannot create these resources.']);
  });
});
