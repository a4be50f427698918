import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createAccountIn, createCustomerAccount, createVirtualCurrency } from '../helpers/ledger-fixtures.js';
import { suiteTestApp, type LedgerClient, type Reply } from '../helpers/test-app.js';
import { createMarket, createTrader, storeTrade, tradeOf } from '../helpers/trade-fixtures.js';

/** Everything the caller's ledger was charged over the report's 30 days. */
async function usageTotal(client: LedgerClient): Promise<number> {
  const reply = await client.get('/v3/tatum/usage');
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return (reply.body as { usage: number }[]).reduce((sum, day) => sum + day.usage, 0);
}

/**
 * What one call costs, as GET /v3/tatum/usage reports it: the report before, the call, the report after.
 * The first report is charged 1 credit itself, and shows up in the second.
 */
async function chargeOf(client: LedgerClient, call: () => Promise<Reply>): Promise<{ reply: Reply; credits: number }> {
  const before = await usageTotal(client);
  const reply = await call();
  return { reply, credits: (await usageTotal(client)) - before - 1 };
}

interface Row {
  /**
   * The operationId; every operation of the OpenAPI document has a row that answers 2xx, but
   * broadcastBlockchainTransaction, which is always refused with a 403.
   */
  operation: string;
  /** What the call costs: Tatum's credits (docs/decisions/0041-credits-charged-when-judged.md). */
  credits: number;
  status: number;
  /** Makes what the call needs and returns the call. */
  call(c: LedgerClient): Promise<() => Promise<Reply>>;
  /** Puts things back afterwards (a frozen key thaws). */
  cleanup?(c: LedgerClient): Promise<void>;
}

const UNKNOWN = 'aaaaaaaaaaaaaaaaaaaaaaaa';

async function funded(c: LedgerClient) {
  const vc = await createVirtualCurrency(c, '1000');
  const recipient = await createAccountIn(c, vc.name);
  return { ...vc, recipient };
}

async function deactivatedAccount(c: LedgerClient) {
  const made = await createCustomerAccount(c);
  assert.equal((await c.put(`/v3/ledger/account/${made.accountId}/deactivate`)).status, 204);
  return made;
}

/** A new subscription's id. */
async function subscription(c: LedgerClient, type: string, attr: Record<string, unknown>) {
  const reply = await c.post('/v3/subscription', { type, attr });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.body.id as string;
}

const ETH_XPUB =
  'xpub6EF8jXqFeFEW5bwMU7RpQtHkzE4KJxcqJtvkCjJumzW8CPpacXkb92ek4WzLQXjL93HycJwTPUAcuNxCqFPKKU5m5Z2Vq4nCyh5CyPeBFFr';
let made = 0;
/** Hex no other row uses: 40 digits make an ETH address, 64 a chain transaction id. */
const freshHex = (digits: number) => `0x${String(++made).padStart(digits, '0')}`;
const RECIPIENT = '0x6fac4d18c912343bf86fa7049364dd4e424ab9c0';

async function ethAccount(c: LedgerClient, xpub?: string) {
  const reply = await c.post('/v3/ledger/account', { currency: 'ETH', ...(xpub ? { xpub } : {}) });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.body.id as string;
}

async function assignedAddress(c: LedgerClient) {
  const accountId = await ethAccount(c);
  const address = freshHex(40);
  assert.equal((await c.post(`/v3/offchain/account/${accountId}/address/${address}`)).status, 200);
  return { accountId, address };
}

/** An ETH account holding 10, credited by a reported deposit. */
async function depositedAccount(c: LedgerClient) {
  const accountId = await ethAccount(c);
  const reply = await c.post('/v3/ledger/deposits', {
    accountId,
    currency: 'ETH',
    txId: freshHex(64),
    index: 0,
    amount: '10',
    blockHeight: 1,
    status: 'Done',
  });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return accountId;
}

async function withdrawalFrom(c: LedgerClient) {
  const senderAccountId = await depositedAccount(c);
  const reply = await c.post('/v3/offchain/withdrawal', {
    senderAccountId,
    address: RECIPIENT,
    amount: '1',
    fee: '0.1',
  });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.body.id as string;
}

/** A market with a resting SELL of 2 at 10 on it, and a buyer with the money to take it. */
async function restingSell(c: LedgerClient) {
  const market = await createMarket(c);
  const seller = await createTrader(c, market, { c1: '10' });
  const buyer = await createTrader(c, market, { c2: '1000' });
  const sell = await storeTrade(c, tradeOf(market, seller, 'SELL', '10', '2'));
  return { market, seller, buyer, sell };
}

async function blockageOn(c: LedgerClient, accountId: string) {
  const reply = await c.post(`/v3/ledger/account/block/${accountId}`, { amount: '5', type: 'HOLD' });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.body.id as string;
}

const ROWS: Row[] = [
  { operation: 'getVersion', credits: 1, status: 200, call: async (c) => () => c.get('/v3/tatum/version') },
  { operation: 'getCredits', credits: 1, status: 200, call: async (c) => () => c.get('/v3/tatum/usage') },
  {
    operation: 'freezeApiKey',
    credits: 2,
    status: 204,
    call: async (c) => () => c.put('/v3/tatum/freeze'),
    cleanup: async (c) => assert.equal((await c.delete('/v3/tatum/freeze')).status, 204),
  },
  { operation: 'unfreezeApiKey', credits: 2, status: 204, call: async (c) => () => c.delete('/v3/tatum/freeze') },
  {
    operation: 'findAllCustomers',
    credits: 1,
    status: 200,
    call: async (c) => () => c.get('/v3/ledger/customer?pageSize=10'),
  },
  {
    operation: 'getCustomerByExternalOrInternalId',
    credits: 1,
    status: 200,
    call: async (c) => {
      const { customerId } = await createCustomerAccount(c);
      return () => c.get(`/v3/ledger/customer/${customerId}`);
    },
  },
  {
    operation: 'updateCustomer',
    credits: 2,
    status: 200,
    call: async (c) => {
      const { customerId, externalId } = await createCustomerAccount(c);
      return () => c.put(`/v3/ledger/customer/${customerId}`, { externalId, customerCountry: 'CZ' });
    },
  },
  {
    operation: 'deactivateCustomer',
    credits: 2,
    status: 204,
    call: async (c) => {
      const { customerId } = await deactivatedAccount(c);
      return () => c.put(`/v3/ledger/customer/${customerId}/deactivate`);
    },
  },
  {
    operation: 'activateCustomer',
    credits: 2,
    status: 204,
    call: async (c) => {
      const { customerId } = await deactivatedAccount(c);
      assert.equal((await c.put(`/v3/ledger/customer/${customerId}/deactivate`)).status, 204);
      return () => c.put(`/v3/ledger/customer/${customerId}/activate`);
    },
  },
  {
    operation: 'disableCustomer',
    credits: 2,
    status: 204,
    call: async (c) => {
      const { customerId } = await createCustomerAccount(c);
      return () => c.put(`/v3/ledger/customer/${customerId}/disable`);
    },
  },
  {
    operation: 'enableCustomer',
    credits: 2,
    status: 204,
    call: async (c) => {
      const { customerId } = await createCustomerAccount(c);
      assert.equal((await c.put(`/v3/ledger/customer/${customerId}/disable`)).status, 204);
      return () => c.put(`/v3/ledger/customer/${customerId}/enable`);
    },
  },
  {
    operation: 'createAccount',
    credits: 2,
    status: 200,
    call: async (c) => () => c.post('/v3/ledger/account', { currency: 'BTC' }),
  },
  {
    operation: 'createAccountBatch',
    credits: 2 + 3,
    status: 200,
    call: async (c) => () =>
      c.post('/v3/ledger/account/batch', { accounts: [{ currency: 'BTC' }, { currency: 'ETH' }, { currency: 'LTC' }] }),
  },
  {
    operation: 'getAccounts',
    credits: 1,
    status: 200,
    call: async (c) => () => c.get('/v3/ledger/account?pageSize=5'),
  },
  {
    operation: 'getAccountsCount',
    credits: 1,
    status: 200,
    call: async (c) => () => c.get('/v3/ledger/account/count'),
  },
  {
    operation: 'getAccountsByCustomerId',
    credits: 1,
    status: 200,
    call: async (c) => {
      const { customerId } = await createCustomerAccount(c);
      return () => c.get(`/v3/ledger/account/customer/${customerId}?pageSize=10`);
    },
  },
  {
    operation: 'getAccountByAccountId',
    credits: 1,
    status: 200,
    call: async (c) => {
      const { accountId } = await createCustomerAccount(c);
      return () => c.get(`/v3/ledger/account/${accountId}`);
    },
  },
  {
    operation: 'updateAccountByAccountId',
    credits: 2,
    status: 204,
    call: async (c) => {
      const { accountId } = await createCustomerAccount(c);
      return () => c.put(`/v3/ledger/account/${accountId}`, { accountCode: 'AC_1' });
    },
  },
  {
    operation: 'getAccountBalance',
    credits: 1,
    status: 200,
    call: async (c) => {
      const { accountId } = await createCustomerAccount(c);
      return () => c.get(`/v3/ledger/account/${accountId}/balance`);
    },
  },
  {
    operation: 'deactivateAccount',
    credits: 2,
    status: 204,
    call: async (c) => {
      const { accountId } = await createCustomerAccount(c);
      return () => c.put(`/v3/ledger/account/${accountId}/deactivate`);
    },
  },
  {
    operation: 'activateAccount',
    credits: 2,
    status: 204,
    call: async (c) => {
      const { accountId } = await deactivatedAccount(c);
      return () => c.put(`/v3/ledger/account/${accountId}/activate`);
    },
  },
  {
    operation: 'freezeAccount',
    credits: 2,
    status: 204,
    call: async (c) => {
      const { accountId } = await createCustomerAccount(c);
      return () => c.put(`/v3/ledger/account/${accountId}/freeze`);
    },
  },
  {
    operation: 'unfreezeAccount',
    credits: 2,
    status: 204,
    call: async (c) => {
      const { accountId } = await createCustomerAccount(c);
      assert.equal((await c.put(`/v3/ledger/account/${accountId}/freeze`)).status, 204);
      return () => c.put(`/v3/ledger/account/${accountId}/unfreeze`);
    },
  },
  {
    operation: 'blockAmount',
    credits: 2,
    status: 200,
    call: async (c) => {
      const { issuerId } = await funded(c);
      return () => c.post(`/v3/ledger/account/block/${issuerId}`, { amount: '5', type: 'HOLD' });
    },
  },
  {
    operation: 'unblockAmountWithTransaction',
    credits: 2,
    status: 200,
    call: async (c) => {
      const { issuerId, recipient } = await funded(c);
      const blockageId = await blockageOn(c, issuerId);
      return () =>
        c.put(`/v3/ledger/account/block/${blockageId}`, { recipientAccountId: recipient.accountId, amount: '5' });
    },
  },
  {
    operation: 'deleteBlockAmount',
    credits: 1,
    status: 204,
    call: async (c) => {
      const blockageId = await blockageOn(c, (await funded(c)).issuerId);
      return () => c.delete(`/v3/ledger/account/block/${blockageId}`);
    },
  },
  {
    operation: 'getBlockAmount',
    credits: 1,
    status: 200,
    call: async (c) => {
      const { issuerId } = await funded(c);
      return () => c.get(`/v3/ledger/account/block/${issuerId}?pageSize=10`);
    },
  },
  {
    operation: 'getBlockAmountById',
    credits: 1,
    status: 200,
    call: async (c) => {
      const blockageId = await blockageOn(c, (await funded(c)).issuerId);
      return () => c.get(`/v3/ledger/account/block/${blockageId}/detail`);
    },
  },
  {
    // 1 + 1 per deleted blockage: the handler sets the cost once it knows how many it deleted.
    operation: 'deleteAllBlockAmount',
    credits: 1 + 2,
    status: 204,
    call: async (c) => {
      const { issuerId } = await funded(c);
      await blockageOn(c, issuerId);
      await blockageOn(c, issuerId);
      return () => c.delete(`/v3/ledger/account/block/account/${issuerId}`);
    },
  },
  {
    operation: 'sendTransaction',
    credits: 4,
    status: 200,
    call: async (c) => {
      const { issuerId, recipient } = await funded(c);
      return () =>
        c.post('/v3/ledger/transaction', {
          senderAccountId: issuerId,
          recipientAccountId: recipient.accountId,
          amount: '1',
        });
    },
  },
  {
    operation: 'sendTransactionBatch',
    credits: 2 + 2 * 2,
    status: 200,
    call: async (c) => {
      const { issuerId, recipient } = await funded(c);
      const item = { recipientAccountId: recipient.accountId, amount: '1' };
      return () => c.post('/v3/ledger/transaction/batch', { senderAccountId: issuerId, transaction: [item, item] });
    },
  },
  {
    operation: 'getTransactionsByAccountId',
    credits: 1,
    status: 200,
    call: async (c) => {
      const { issuerId } = await funded(c);
      return () => c.post('/v3/ledger/transaction/account?pageSize=10', { id: issuerId });
    },
  },
  {
    operation: 'getTransactionsByCustomerId',
    credits: 1,
    status: 200,
    call: async (c) => {
      const { customerId } = await createCustomerAccount(c);
      return () => c.post('/v3/ledger/transaction/customer?pageSize=10', { id: customerId });
    },
  },
  {
    operation: 'getTransactions',
    credits: 1,
    status: 200,
    call: async (c) => () => c.post('/v3/ledger/transaction/ledger?pageSize=10', {}),
  },
  {
    operation: 'getTransactionsByReference',
    credits: 1,
    status: 200,
    call: async (c) => {
      const { issuerId, recipient } = await funded(c);
      const sent = await c.post('/v3/ledger/transaction', {
        senderAccountId: issuerId,
        recipientAccountId: recipient.accountId,
        amount: '1',
      });
      return () => c.get(`/v3/ledger/transaction/reference/${sent.body.reference}`);
    },
  },
  {
    operation: 'createCurrency',
    credits: 2,
    status: 200,
    call: async (c) => () =>
      c.post('/v3/ledger/virtualCurrency', { name: `VC_CREDITS_${process.pid}`, supply: '10', basePair: 'EUR' }),
  },
  {
    operation: 'updateCurrency',
    credits: 2,
    status: 204,
    call: async (c) => {
      const { name } = await createVirtualCurrency(c);
      return () => c.put('/v3/ledger/virtualCurrency', { name, baseRate: 2 });
    },
  },
  {
    operation: 'getCurrency',
    credits: 1,
    status: 200,
    call: async (c) => {
      const { name } = await createVirtualCurrency(c);
      return () => c.get(`/v3/ledger/virtualCurrency/${name}`);
    },
  },
  {
    operation: 'mintCurrency',
    credits: 2,
    status: 200,
    call: async (c) => {
      const { issuerId } = await createVirtualCurrency(c);
      return () => c.put('/v3/ledger/virtualCurrency/mint', { accountId: issuerId, amount: '5' });
    },
  },
  {
    operation: 'revokeCurrency',
    credits: 2,
    status: 200,
    call: async (c) => {
      const { issuerId } = await createVirtualCurrency(c);
      return () => c.put('/v3/ledger/virtualCurrency/revoke', { accountId: issuerId, amount: '5' });
    },
  },
  {
    operation: 'generateDepositAddress',
    credits: 2,
    status: 200,
    call: async (c) => {
      const accountId = await ethAccount(c, ETH_XPUB);
      return () => c.post(`/v3/offchain/account/${accountId}/address?index=100`);
    },
  },
  {
    operation: 'generateDepositAddressesBatch',
    credits: 2 + 3,
    status: 200,
    call: async (c) => {
      const accountId = await ethAccount(c, ETH_XPUB);
      const addresses = [101, 102, 103].map((derivationKey) => ({ accountId, derivationKey }));
      return () => c.post('/v3/offchain/account/address/batch', { addresses });
    },
  },
  {
    operation: 'getAllDepositAddresses',
    credits: 1,
    status: 200,
    call: async (c) => {
      const { accountId } = await assignedAddress(c);
      return () => c.get(`/v3/offchain/account/${accountId}/address`);
    },
  },
  {
    operation: 'addressExists',
    credits: 1,
    status: 200,
    call: async (c) => {
      const { address } = await assignedAddress(c);
      return () => c.get(`/v3/offchain/account/address/${address}/ETH`);
    },
  },
  {
    operation: 'assignAddress',
    credits: 2,
    status: 200,
    call: async (c) => {
      const accountId = await ethAccount(c);
      return () => c.post(`/v3/offchain/account/${accountId}/address/${freshHex(40)}`);
    },
  },
  {
    operation: 'removeAddress',
    credits: 1,
    status: 204,
    call: async (c) => {
      const { accountId, address } = await assignedAddress(c);
      return () => c.delete(`/v3/offchain/account/${accountId}/address/${address}`);
    },
  },
  {
    operation: 'reportDeposit',
    credits: 2,
    status: 200,
    call: async (c) => {
      const { address } = await assignedAddress(c);
      const report = { address, currency: 'ETH', txId: freshHex(64), index: 0, amount: '1', blockHeight: 1 };
      return () => c.post('/v3/ledger/deposits', { ...report, status: 'Done' });
    },
  },
  { operation: 'getDeposits', credits: 1, status: 200, call: async (c) => () => c.get('/v3/ledger/deposits') },
  {
    operation: 'getDepositsCount',
    credits: 1,
    status: 200,
    call: async (c) => () => c.get('/v3/ledger/deposits/count'),
  },
  {
    operation: 'storeWithdrawal',
    credits: 2,
    status: 200,
    call: async (c) => {
      const senderAccountId = await depositedAccount(c);
      return () => c.post('/v3/offchain/withdrawal', { senderAccountId, address: RECIPIENT, amount: '1', fee: '0.1' });
    },
  },
  {
    operation: 'getWithdrawals',
    credits: 1,
    status: 200,
    call: async (c) => () => c.get('/v3/offchain/withdrawal?pageSize=10'),
  },
  {
    operation: 'completeWithdrawal',
    credits: 2,
    status: 204,
    call: async (c) => {
      const id = await withdrawalFrom(c);
      return () => c.put(`/v3/offchain/withdrawal/${id}/${freshHex(64)}`);
    },
  },
  {
    operation: 'cancelInProgressWithdrawal',
    credits: 1,
    status: 204,
    call: async (c) => {
      const id = await withdrawalFrom(c);
      return () => c.delete(`/v3/offchain/withdrawal/${id}`);
    },
  },
  {
    operation: 'createSubscription',
    credits: 2,
    status: 200,
    call: async (c) => () => c.post('/v3/subscription', { type: 'TRANSACTION_HISTORY_REPORT', attr: { interval: 1 } }),
  },
  {
    operation: 'getSubscriptions',
    credits: 1,
    status: 200,
    call: async (c) => () => c.get('/v3/subscription?pageSize=10'),
  },
  {
    operation: 'getSubscriptionsCount',
    credits: 1,
    status: 200,
    call: async (c) => () => c.get('/v3/subscription/count?pageSize=10'),
  },
  {
    operation: 'updateSubscription',
    credits: 1,
    status: 204,
    call: async (c) => {
      const id = await subscription(c, 'TRANSACTION_IN_THE_BLOCK', { url: 'https://example.com/hook' });
      return () => c.put(`/v3/subscription/${id}`, { url: 'https://example.com/other' });
    },
  },
  {
    operation: 'deleteSubscription',
    credits: 1,
    status: 204,
    call: async (c) => {
      const id = await subscription(c, 'TRANSACTION_HISTORY_REPORT', { interval: 1 });
      return () => c.delete(`/v3/subscription/${id}`);
    },
  },
  {
    // 1, and 1 per 50 records or part of 50 (test/http/subscription.routes.test.ts): here none.
    operation: 'getSubscriptionReport',
    credits: 1,
    status: 200,
    call: async (c) => {
      const id = await subscription(c, 'ACCOUNT_BALANCE_LIMIT', { limit: '1000000000000', typeOfBalance: 'account' });
      return () => c.get(`/v3/subscription/report/${id}`);
    },
  },
  {
    operation: 'enableWebHookHmac',
    credits: 2,
    status: 204,
    call: async (c) => () => c.put('/v3/subscription', { hmacSecret: 'credits-secret' }),
  },
  { operation: 'disableWebHookHmac', credits: 2, status: 204, call: async (c) => () => c.delete('/v3/subscription') },
  {
    operation: 'getAllWebhooks',
    credits: 1,
    status: 200,
    call: async (c) => () => c.get('/v3/subscription/webhook?pageSize=10'),
  },
  {
    operation: 'getAllWebhooksCount',
    credits: 1,
    status: 200,
    call: async (c) => () => c.get('/v3/subscription/webhook/count?pageSize=10'),
  },
  {
    // 2, and 2 per fill: this BUY fills two resting SELLs.
    operation: 'storeTrade',
    credits: 6,
    status: 200,
    call: async (c) => {
      const { market, seller, buyer } = await restingSell(c);
      await storeTrade(c, tradeOf(market, seller, 'SELL', '11', '1'));
      return () => c.post('/v3/trade', tradeOf(market, buyer, 'BUY', '11', '3'));
    },
  },
  {
    operation: 'getTradeById',
    credits: 1,
    status: 200,
    call: async (c) => {
      const { sell } = await restingSell(c);
      return () => c.get(`/v3/trade/${sell}`);
    },
  },
  {
    operation: 'deleteTrade',
    credits: 1,
    status: 204,
    call: async (c) => {
      const { sell } = await restingSell(c);
      return () => c.delete(`/v3/trade/${sell}`);
    },
  },
  {
    // 1, and 1 per cancelled trade.
    operation: 'deleteAccountTrades',
    credits: 3,
    status: 204,
    call: async (c) => {
      const { market, seller } = await restingSell(c);
      await storeTrade(c, tradeOf(market, seller, 'SELL', '12', '1'));
      return () => c.delete(`/v3/trade/account/${seller.a1}`);
    },
  },
  {
    operation: 'getBuyTradesBody',
    credits: 1,
    status: 200,
    call: async (c) => () => c.post('/v3/trade/buy', { pageSize: 10 }),
  },
  { operation: 'getBuyTrades', credits: 1, status: 200, call: async (c) => () => c.get('/v3/trade/buy?pageSize=10') },
  {
    operation: 'getSellTradesBody',
    credits: 1,
    status: 200,
    call: async (c) => () => c.post('/v3/trade/sell', { pageSize: 10 }),
  },
  { operation: 'getSellTrades', credits: 1, status: 200, call: async (c) => () => c.get('/v3/trade/sell?pageSize=10') },
  {
    operation: 'getHistoricalTradesBody',
    credits: 1,
    status: 200,
    call: async (c) => () => c.post('/v3/trade/history', { pageSize: 10 }),
  },
  {
    operation: 'getHistoricalTrades',
    credits: 1,
    status: 200,
    call: async (c) => () => c.get('/v3/trade/history?pageSize=10'),
  },
  {
    operation: 'getMatchedTrades',
    credits: 1,
    status: 200,
    call: async (c) => () => c.post('/v3/trade/matched', { pageSize: 10 }),
  },
  {
    operation: 'chartRequest',
    credits: 2,
    status: 200,
    call: async (c) => {
      const { market } = await restingSell(c);
      return () => c.post('/v3/trade/chart', { pair: market.pair, from: 0, to: 86_400_000, timeFrame: 'DAY' });
    },
  },
  {
    // Always refused (the server has no chain node); a ledger rule's 403 is charged.
    operation: 'broadcastBlockchainTransaction',
    credits: 2,
    status: 403,
    call: async (c) => {
      const withdrawalId = await withdrawalFrom(c);
      return () => c.post('/v3/offchain/withdrawal/broadcast', { currency: 'ETH', txData: '0xf86c', withdrawalId });
    },
  },
];

describe('credits charged per call', (suite) => {
  const t = suiteTestApp(suite);
  const c = t.client();
  let operations: Map<string, unknown>;
  before(async () => {
    const doc = (await t.client(undefined).get('/openapi.json')).body;
    operations = new Map(
      Object.values(doc.paths).flatMap((methods) =>
        Object.values(methods as Record<string, { operationId: string; 'x-credits'?: unknown }>)
          .filter((op) => op['x-credits'] !== undefined)
          .map((op) => [op.operationId, op['x-credits']]),
      ),
    );
  });

  it('has a row for every operation the server charges for', () => {
    assert.deepEqual(
      ROWS.map((r) => r.operation).sort(),
      [...operations.keys()].sort(),
      'a new route needs a row in this table',
    );
  });

  for (const row of ROWS) {
    it(`${row.operation} costs ${row.credits}`, async () => {
      const call = await row.call(c);
      const { reply, credits } = await chargeOf(c, call);
      assert.equal(reply.status, row.status, JSON.stringify(reply.body));
      assert.equal(credits, row.credits);
      await row.cleanup?.(c);
    });
  }

  it('charges a call refused by a rule (403) what the route states', async () => {
    const { reply, credits } = await chargeOf(c, () => c.get(`/v3/ledger/account/${UNKNOWN}`));
    assert.equal(reply.status, 403);
    assert.equal(reply.body.errorCode, 'account.not.exists');
    assert.equal(credits, 1);
    const batch = await chargeOf(c, () =>
      c.post('/v3/ledger/account/batch', { accounts: [{ currency: 'NOPE' }, { currency: 'BTC' }] }),
    );
    assert.equal(batch.reply.status, 403, JSON.stringify(batch.reply.body));
    assert.equal(batch.credits, 2 + 2);
  });

  it('charges a call retried with the same Idempotency-Key once: the replay costs nothing', async () => {
    const create = () =>
      c.request({
        method: 'POST',
        url: '/v3/ledger/account',
        payload: { currency: 'BTC' },
        headers: { 'idempotency-key': `credits-${process.pid}` },
      });
    const first = await chargeOf(c, create);
    assert.deepEqual([first.reply.status, first.credits], [200, 2]);
    const replay = await chargeOf(c, create);
    assert.equal(replay.reply.headers['idempotent-replayed'], 'true');
    assert.deepEqual([replay.reply.status, replay.credits], [200, 0]);
  });

  it('charges nothing for a validation failure (400), an unknown key (401) or an unknown route (404)', async () => {
    const invalid = await chargeOf(c, () => c.post('/v3/ledger/account', { currency: 1 }));
    assert.deepEqual([invalid.reply.status, invalid.credits], [400, 0]);
    const badJson = await chargeOf(c, () =>
      c.request({
        method: 'POST',
        url: '/v3/ledger/account',
        payload: '{',
        headers: { 'content-type': 'application/json' },
      }),
    );
    assert.deepEqual([badJson.reply.status, badJson.credits], [400, 0]);
    const unknownKey = await chargeOf(c, () => t.client('not-a-key').get('/v3/ledger/customer?pageSize=1'));
    assert.deepEqual([unknownKey.reply.status, unknownKey.credits], [401, 0]);
    const noRoute = await chargeOf(c, () => c.get('/v3/ledger/nothing'));
    assert.deepEqual([noRoute.reply.status, noRoute.credits], [404, 0]);
  });
});

describe('GET /v3/tatum/usage', (suite) => {
  const t = suiteTestApp(suite);

  it("reports Tatum's Consumption[]: the last 30 UTC days, oldest first, MM/DD/YYYY", async () => {
    const reply = await t.client().get('/v3/tatum/usage');
    assert.equal(reply.status, 200);
    const days = reply.body as { day: string; usage: number }[];
    assert.equal(days.length, 30);
    for (const day of days) {
      assert.deepEqual(Object.keys(day), ['day', 'usage']);
      assert.match(day.day, /^\d{2}\/\d{2}\/\d{4}$/);
    }
    const iso = (d: string) => `${d.slice(6)}-${d.slice(0, 2)}-${d.slice(3, 5)}`;
    const today = new Date().toISOString().slice(0, 10);
    assert.ok([today, new Date(Date.now() - 60_000).toISOString().slice(0, 10)].includes(iso(days.at(-1)!.day)));
    assert.deepEqual(
      days.map((d) => iso(d.day)),
      [...days.map((d) => iso(d.day))].sort(),
    );
  });

  it("counts every key of the caller's ledger, and no other ledger", async () => {
    const other = await t.newTenant();
    const before = await usageTotal(t.client());
    await t.client(t.keys.testnet).get('/v3/ledger/customer?pageSize=1');
    await t.client(t.keys.mainnet).get('/v3/ledger/customer?pageSize=1');
    await t.client(other.testnet).put('/v3/tatum/freeze');
    assert.equal(await usageTotal(t.client()), before + 1 + 1, 'the testnet ledger: the report and one list');
    assert.equal(await usageTotal(t.client(t.keys.mainnet)), 1, 'the mainnet ledger: one list');
    assert.equal(await usageTotal(t.client(other.testnet)), 2, "another tenant's ledger: one freeze");
  });
});
