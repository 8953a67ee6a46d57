/** api-gateway-method-without-auth: API methods anyone with the URL can call. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { caret, checkFixture, summary } from '../cfnFixtures.js';

describe('api-gateway-method-without-auth', () => {
  it('accepts AWS_IAM, a required API key, and an OPTIONS preflight with NONE', () => {
    const r = checkFixture('api-methods-with-auth.yaml');
    assert.deepEqual(summary(r.findings), []);
  });

  it('flags a method with AuthorizationType NONE and no API key, at its AuthorizationType value', () => {
    const r = checkFixture('api-method-without-auth.yaml');
    assert.deepEqual(summary(r.findings), ['api-gateway-method-without-auth warning GetOrders']);
    const at = caret(r.text, 'AuthorizationType: NONE');
    assert.deepEqual(r.findings[0]!.range.start, { line: at.line, character: at.character + 'AuthorizationType: '.length });
    assert.equal(r.findings[0]!.resourceType, 'AWS::ApiGateway::Method');
    assert.match(r.findings[0]!.message, /API method GET GetOrders requires no authorization and no API key/);
  });
});
