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

let currencyCounter = 0;

/** A new virtual currency with `supply` on its issuer account; returns the name and the issuer account id. */
export async function createVirtualCurrency(
  client: LedgerClient,
  supply = '1000',
  extra: Record<string, unknown> = {},
): Promise<{ name: string; issuerId: string }> {
  const name = `VC_T${process.pid}_${++currencyCounter}`;
  const reply = await client.post('/v3/ledger/virtualCurrency', { name, supply, basePair: 'EUR', ...extra });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return { name, issuerId: reply.body.id };
}

/** An account in `currency` for a new customer (or the one given). */
export async function createAccountIn(
  client: LedgerClient,
  currency: string,
  customer: Record<string, unknown> = {},
): Promise<{ accountId: string; customerId: string; externalId: string }> {
  return createCustomerAccount(client, customer, { currency });
}

export async function balanceOf(client: LedgerClient, accountId: string) {
  const reply = await client.get(`/v3/ledger/account/${accountId}/balance`);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.body as { accountBalance: string; availableBalance: string };
}

export async function pay(client: LedgerClient, senderAccountId: string, recipientAccountId: string, amount: string) {
  return client.post('/v3/ledger/transaction', { senderAccountId, recipientAccountId, amount });
}

/**
 * A fresh tenant's ledger: the issuer (45 left), a (50, number N1), b (5, frozen), c (0, inactive),
 * created in that order.
 */
export async function accountsLedger(api: LedgerClient) {
  const { name, issuerId } = await createVirtualCurrency(api, '100');
  const a = await api.post('/v3/ledger/account', { currency: name, accountNumber: 'N1' });
  const b = await createAccountIn(api, name);
  const c = await createAccountIn(api, name);
  await pay(api, issuerId, a.body.id, '50');
  await pay(api, issuerId, b.accountId, '5');
  await api.put(`/v3/ledger/account/${b.accountId}/freeze`);
  await api.put(`/v3/ledger/account/${c.accountId}/deactivate`);
  return { api, name, issuer: issuerId, a: a.body.id as string, b: b.accountId, c: c.accountId };
}
