import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mostSpecific, parseRef, splitAddress, stripKeys, wholeReference } from '../../../server/src/model/terraform/refs.js';

describe('terraform references and addresses', () => {
  it('parses resource, module, variable and data references', () => {
    assert.deepEqual(parseRef('aws_subnet.public[0].id'), { kind: 'resource', type: 'aws_subnet', name: 'public', key: '[0]', attr: 'id', text: 'aws_subnet.public[0].id' });
    assert.deepEqual(parseRef('aws_subnet.public[*].id'), { kind: 'resource', type: 'aws_subnet', name: 'public', key: undefined, attr: 'id', text: 'aws_subnet.public[*].id' });
    assert.deepEqual(parseRef('aws_subnet.public.*.id'), { kind: 'resource', type: 'aws_subnet', name: 'public', key: undefined, attr: 'id', text: 'aws_subnet.public.*.id' });
    assert.deepEqual(parseRef('aws_subnet.public[count.index].id'), { kind: 'resource', type: 'aws_subnet', name: 'public', key: undefined, attr: 'id', text: 'aws_subnet.public[count.index].id' });
    assert.equal(parseRef('module.vpc.public_subnets').kind, 'module');
    assert.equal(parseRef('var.subnet_id').kind, 'var');
    assert.equal(parseRef('data.aws_vpc.default.id').kind, 'data');
    assert.equal(parseRef('count.index').kind, 'other');
  });

  it('keeps the most specific of the prefixes Terraform lists', () => {
    const refs = mostSpecific(['aws_vpc.main.id', 'aws_vpc.main', 'aws_subnet.a[0].id', 'aws_subnet.a[0]', 'aws_subnet.a'].map(parseRef));
    assert.deepEqual(refs.map((r) => r.text), ['aws_vpc.main.id', 'aws_subnet.a[0].id']);
  });

  it('splits module addresses', () => {
    assert.deepEqual(splitAddress('module.web.aws_instance.this[0]'), { module: 'module.web', type: 'aws_instance', name: 'this', key: '[0]' });
    assert.deepEqual(splitAddress('module.a["x.y"].module.b[1].aws_subnet.s["k"]'), { module: 'module.a["x.y"].module.b[1]', type: 'aws_subnet', name: 's', key: '["k"]' });
    assert.equal(stripKeys('module.a["x]y"].aws_subnet.s[0]'), 'module.a.aws_subnet.s');
  });
});

describe('a template that is one reference', () => {
  it('reads names joined by dots as parseRef reads the text inside the braces', () => {
    for (const inner of ['aws_vpc.main.id', 'aws_vpc.main', 'var.env', 'local.cidrs', 'data.aws_vpc.default.id', 'data.aws_vpc', 'module.vpc.public_subnets', 'module.vpc', 'count.index', 'each.key', 'self.id', 'path.module', 'aws-x.a-b.c_d', 'A_b.C9.d']) {
      assert.deepEqual(wholeReference(`\${${inner}}`), parseRef(inner), inner);
    }
  });

  it('leaves anything else to the general path', () => {
    for (const t of ['${true}', '${var}', '${aws_subnet.a[0].id}', '${aws_subnet.a.*.id}', '${aws_subnet.a.0.id}', '${ var.x }', '${var.x}-suffix', 'x${var.x}', '${var.x', '${var.}', '${.x}', '${var..x}', '${1a.b}', '${var.x}${var.y}', '${upper(var.x)}', '$${var.x}', '']) {
      assert.equal(wholeReference(t), undefined, t);
    }
  });
});
