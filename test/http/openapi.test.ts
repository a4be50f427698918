import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { suiteTestApp } from '../helpers/test-app.js';

// The document is generated from the route schemas; these checks pin the parts clients are generated
// from: Tatum's paths, operationIds and bounds.
describe('GET /openapi.json', (suite) => {
  const t = suiteTestApp(suite);
  let doc: any;
  before(async () => {
    const reply = await t.client(undefined).get('/openapi.json');
    assert.equal(reply.status, 200, 'served without a key');
    doc = reply.body;
  });

  it('is OpenAPI 3.1 with the x-api-key scheme', () => {
    assert.equal(doc.openapi, '3.1.0');
    assert.deepEqual(doc.components.securitySchemes['X-API-Key'], { type: 'apiKey', in: 'header', name: 'x-api-key' });
  });

  // The ledger operations, deposit addresses, withdrawals, notification subscriptions and the order book
  // are compared with Tatum's own document in openapi-tatum.test.ts.
  it("lists the server's own routes besides the ledger, each with an operationId", () => {
    const operations = Object.entries(doc.paths)
      .filter(([path]) => !/^\/v3\/(ledger|offchain\/(account|withdrawal)|subscription|trade)(\/|$)/.test(path))
      .flatMap(([path, methods]) =>
        Object.entries(methods as Record<string, { operationId: string }>).map(
          ([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`,
        ),
      );
    assert.deepEqual(operations.sort(), [
      'DELETE /v3/tatum/freeze unfreezeApiKey',
      'GET /health getHealth',
      'GET /metrics getMetrics',
      'GET /ready getReady',
      'GET /v3/tatum/usage getCredits',
      'GET /v3/tatum/version getVersion',
      'PUT /v3/tatum/freeze freezeApiKey',
    ]);
  });

  it('carries the bounds the server validates', () => {
    const list = doc.paths['/v3/ledger/customer'].get.parameters;
    const pageSize = list.find((p: { name: string }) => p.name === 'pageSize');
    assert.equal(pageSize.required, true);
    assert.equal(pageSize.schema.minimum, 1);
    assert.equal(pageSize.schema.maximum, 50);
    const update = doc.paths['/v3/ledger/customer/{id}'].put;
    const id = update.parameters.find((p: { name: string }) => p.name === 'id');
    assert.deepEqual([id.schema.minLength, id.schema.maxLength], [10, 50]);
    const body = update.requestBody.content['application/json'].schema;
    assert.deepEqual(body.required, ['externalId']);
    assert.equal(body.properties.customerCountry.enum.length, 248);
  });
});
