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

  // Tatum's credits for deposit addresses, deposits and withdrawals; reportDeposit is this server's own.
  it("states Tatum's credits for deposit addresses, deposits and withdrawals", () => {
    const expected: Record<string, number | string> = {
      storeWithdrawal: 2,
      getWithdrawals: 1,
      completeWithdrawal: 2,
      cancelInProgressWithdrawal: 1,
      broadcastBlockchainTransaction: 2,
      getDeposits: 1,
      getDepositsCount: 1,
      reportDeposit: 2,
      generateDepositAddress: 2,
      generateDepositAddressesBatch: '2 + 1 per address',
      getAllDepositAddresses: 1,
      addressExists: 1,
      assignAddress: 2,
      removeAddress: 1,
    };
    assert.deepEqual(Object.fromEntries(Object.keys(expected).map((id) => [id, byId(id)['x-credits']])), expected);
  });
});
