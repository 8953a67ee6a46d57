import { Kind } from '../model/types.js';
import { baseFinding } from './describe.js';
import { DOCS_BASE, type Finding, type Rule } from './types.js';

export const apiGatewayMethodWithoutAuth: Rule = {
  id: 'W3001',
  slug: 'api-gateway-method-without-auth',
  severity: 'warning',
  title: 'API Gateway method has no authorization and no API key',
  description:
    'The API method (or HTTP API route) has AuthorizationType NONE and does not require an API key, so anyone who knows the URL ' +
    'can call it. A front door that checks nothing only adds cost and latency. Use IAM, a Cognito or Lambda authorizer, or at ' +
    'least require an API key with a usage plan. CORS preflight (OPTIONS) methods are exempt.',
  docsUrl: `${DOCS_BASE}api-gateway-method-without-auth.md`,
  appliesTo: [Kind.ApiMethod],
  check(model) {
    const out: Finding[] = [];
    for (const m of model.apiMethods) {
      if (!m.authorizationType.known || m.authorizationType.value.toUpperCase() !== 'NONE') continue;
      if (!m.apiKeyRequired.known || m.apiKeyRequired.value) continue;
      if (m.httpMethod.known && m.httpMethod.value.toUpperCase() === 'OPTIONS') continue;
      const verb = m.httpMethod.known ? `${m.httpMethod.value} ` : '';
      const origin = m.authorizationSite ? { ...m.origin, range: m.authorizationSite.range } : m.origin;
      out.push(
        baseFinding(
          apiGatewayMethodWithoutAuth,
          origin,
          `API method ${verb}${m.origin.id} requires no authorization and no API key: anyone with the URL can call it. Set AuthorizationType to AWS_IAM, COGNITO_USER_POOLS or CUSTOM, or require an API key.`,
        ),
      );
    }
    return out;
  },
};
