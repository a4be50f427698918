import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { suiteTestApp } from '../helpers/test-app.js';

type Operation = { operationId: string; description?: string; 'x-credits'?: number | string };

// Credits are stated once, in each route's config; the OpenAPI document is generated from it.
describe('credits in the OpenAPI document', (suite) => {
  const t = suiteTestApp(suite);
  let operations: Operation[];
  before(async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json();
    operations = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/v3/'))
      .flatMap(([, methods]) => Object.values(methods as Record<string, Operation>));
  });

  const byId = (id: string) => operations.find((op) => op.operationId === id)!;

  it('gives every API operation x-credits, and opens its description with them, once', () => {
    for (const op of operations) {
      const credits = op['x-credits'];
      assert.ok(credits !== undefined, `${op.operationId} has no x-credits`);
      const sentence =
        typeof credits === 'number'
          ? `${credits} ${credits === 1 ? 'credit' : 'credits'} per API call.`
          : `Credits per API call: ${credits}.`;
      assert.ok(op.description?.startsWith(`${sentence} `), `${op.operationId}: ${op.description}`);
      assert.equal(op.description!.match(/per API call/g)!.length, 1, op.operationId);
    }
  });

  it('states numbers as numbers and formulas as the route states them', () => {
    assert.equal(byId('findAllCustomers')['x-credits'], 1);
    assert.equal(byId('updateCustomer')['x-credits'], 2);
    assert.equal(byId('getCredits')['x-credits'], 1);
    assert.equal(byId('freezeApiKey')['x-credits'], 2);
    assert.equal(byId('createAccountBatch')['x-credits'], '2 + 1 per account');
    assert.equal(
      byId('createAccountBatch').description,
      'Credits per API call: 2 + 1 per account. All accounts are created, or none.',
    );
  });
});
