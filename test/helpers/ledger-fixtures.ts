import assert from 'node:assert/strict';
import type { LedgerClient } from './test-app.js';

let counter = 0;

/** A unique externalId for this test process. */
export function externalId(prefix = 'ext'): string {
  return `${prefix}-${process.pid}-${++counter}`;
}

/** Creates an account with a customer (the only way customers come to be); returns both ids. */
export async function createCustomerAccount(
  client: LedgerClient,
  customer: Record<string, unknown> = {},
  account: Record<string, unknown> = {},
): Promise<{ customerId: string; accountId: string; externalId: string }> {
  const ext = (customer.externalId as string | undefined) ?? externalId();
  const reply = await client.post('/v3/ledger/account', {
    currency: 'BTC',
    ...account,
    customer: { externalId: ext, ...customer },
  });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return { customerId: reply.body.customerId, accountId: reply.body.id, externalId: ext };
}
