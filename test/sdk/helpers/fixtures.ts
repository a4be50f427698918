import type { LedgerApis } from '../../../packages/sdk/src/index.js';
import { externalId } from './sdk-server.js';

let counter = 0;
/** A virtual currency name unique to this process (VC_ prefix, at most 30 characters). */
export const vcName = () => `VC_S${process.pid}_${++counter}_${Date.now() % 100000}`;

/** A new customer with one BTC account; customers come to be only through account creation. */
export async function newCustomer(api: LedgerApis, fields: Record<string, string> = {}) {
  const ext = externalId();
  const account = await api.account().createAccount({ currency: 'BTC', customer: { externalId: ext, ...fields } });
  return { id: account.customerId!, externalId: ext, accountId: account.id };
}

/** A virtual currency and its issuing account, which holds the whole supply. */
export async function fundedAccount(api: LedgerApis, supply = '100') {
  const name = vcName();
  const account = await api
    .virtualCurrency()
    .createCurrency({ name, supply, basePair: 'EUR', customer: { externalId: externalId('issuer') } });
  return { name, account };
}

/** An empty account in `currency` for a new customer. */
export const recipientAccount = (api: LedgerApis, currency: string) =>
  api.account().createAccount({ currency, customer: { externalId: externalId('recipient') } });
