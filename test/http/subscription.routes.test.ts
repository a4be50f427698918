import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAccountIn, createCustomerAccount, createVirtualCurrency, pay } from '../helpers/ledger-fixtures.js';
import { suiteTestApp, type LedgerClient, type Reply } from '../helpers/test-app.js';

// Notification subscriptions (docs/decisions/0029-subscriptions.md to 0032-webhook-destinations.md).
// Webhook URLs point at a port nothing listens on, on loopback: if a delivery worker tries them, the
// try fails and changes only the fields a try changes, which these tests read only before any try.

const HOOK = 'http://127.0.0.1:9/hook';
const OTHER_HOOK = 'https://127.0.0.1:9/other';
const UNKNOWN_ID = '0123456789abcdef01234567';
const VALIDATION = 'Request validation failed. Please see data for additional information.';

const refusal = (errorCode: string, message: string) => ({ statusCode: 403, errorCode, message });
const TYPE_INVALID = refusal('subscription.type.invalid', 'Invalid subscription type.');
const BALANCE_INVALID = refusal(
  'subscription.attr.balance.invalid',
  "Invalid subscription attribute 'limit' or 'typeOfBalance'.",
);
const INTERVAL_INVALID = refusal('subscription.attr.interval.invalid', "Invalid subscription attribute 'interval'.");
const INCOMING_INVALID = refusal('subscription.attr.incoming.invalid', "Invalid subscription attribute 'id' or 'url'.");
const PENDING_INVALID = refusal('subscription.attr.pending.invalid', "Invalid subscription attribute 'id' or 'url'.");
const NOT_EXISTS = refusal('subscription.not.exists', 'No such subscription.');
const REPORT_INVALID = refusal('report.invalid', 'Unsupported report type.');

let txCounter = 0;
const txId = () => `${process.pid.toString(16)}${(++txCounter).toString(16).padStart(6, '0')}`.padEnd(64, 'c');

function assertReply(reply: Reply, status: number, body?: unknown) {
  assert.equal(reply.status, status, JSON.stringify(reply.body));
  if (body !== undefined) assert.deepEqual(reply.body, body);
}

describe('subscription routes', (suite) => {
  const t = suiteTestApp(suite);

  /** A fresh ledger (a new tenant's testnet one), with its keys. */
  const ledger = async () => {
    const keys = await t.newTenant();
    return { keys, api: t.client(keys.testnet) };
  };

  const subscribe = (api: LedgerClient, type: string, attr: unknown) => api.post('/v3/subscription', { type, attr });
  async function subscribed(api: LedgerClient, type: string, attr: Record<string, unknown>) {
    const reply = await subscribe(api, type, attr);
    assertReply(reply, 200);
    assert.deepEqual(Object.keys(reply.body), ['id']);
    assert.match(reply.body.id, /^[0-9a-f]{24}$/);
    return reply.body.id as string;
  }
  const list = async (api: LedgerClient, query = 'pageSize=50') => {
    const reply = await api.get(`/v3/subscription?${query}`);
    assertReply(reply, 200);
    return reply.body as { id: string; type: string; attr: Record<string, unknown> }[];
  };
  const count = async (api: LedgerClient, query = 'pageSize=50') => {
    const reply = await api.get(`/v3/subscription/count?${query}`);
    assertReply(reply, 200);
    return reply.body.total as number;
  };
  const webhooks = async (api: LedgerClient, query = 'pageSize=50') => {
    const reply = await api.get(`/v3/subscription/webhook?${query}`);
    assertReply(reply, 200);
    return reply.body as Record<string, unknown>[];
  };
  const webhookCount = async (api: LedgerClient, query = 'pageSize=50') => {
    const reply = await api.get(`/v3/subscription/webhook/count?${query}`);
    assertReply(reply, 200);
    return reply.body.total as number;
  };
  /** Credits an account by a deposit reported Done, by account (an asset without xpub). */
  async function deposit(api: LedgerClient, accountId: string, currency: string, amount: string, status = 'Done') {
    const reply = await api.post('/v3/ledger/deposits', {
      accountId,
      currency,
      txId: txId(),
      index: 0,
      amount,
      blockHeight: 7,
      status,
    });
    assertReply(reply, 200);
    return reply.body as { txId: string; reference: string };
  }

  /** Everything the caller's ledger was charged, as GET /v3/tatum/usage reports it (itself 1 credit). */
  async function usage(api: LedgerClient): Promise<number> {
    const reply = await api.get('/v3/tatum/usage');
    assertReply(reply, 200);
    return (reply.body as { usage: number }[]).reduce((sum, day) => sum + day.usage, 0);
  }
  async function chargeOf(api: LedgerClient, call: () => Promise<Reply>) {
    const before = await usage(api);
    const reply = await call();
    return { reply, credits: (await usage(api)) - before - 1 };
  }

  describe('create and list', () => {
    it('stores each served type, lists them oldest first with attr as sent, and counts them', async () => {
      const { api } = await ledger();
      const { accountId, customerId } = await createCustomerAccount(api);
      const made = [
        ['ACCOUNT_BALANCE_LIMIT', { limit: '10.5', typeOfBalance: 'available' }],
        ['TRANSACTION_HISTORY_REPORT', { interval: 24 }],
        ['ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', { id: accountId, url: HOOK }],
        ['ACCOUNT_PENDING_BLOCKCHAIN_TRANSACTION', { url: OTHER_HOOK, id: accountId }],
        ['CUSTOMER_TRADE_MATCH', { id: customerId, url: HOOK }],
        ['CUSTOMER_PARTIAL_TRADE_MATCH', { id: customerId, url: HOOK }],
        ['TRANSACTION_IN_THE_BLOCK', { url: HOOK }],
      ] as const;
      const expected = [];
      for (const [type, attr] of made) expected.push({ id: await subscribed(api, type, attr), type, attr });
      const listed = await list(api);
      assert.deepEqual(listed, expected);
      // The attributes in the order they were sent, and the fields in Tatum's order.
      assert.deepEqual(Object.keys(listed[3]!.attr), ['url', 'id']);
      assert.deepEqual(Object.keys(listed[0]!), ['id', 'type', 'attr']);
      assert.equal(await count(api), 7);

      // Item offset paging; the count ignores the page.
      assert.deepEqual(await list(api, 'pageSize=2&offset=3'), expected.slice(3, 5));
      assert.deepEqual(await list(api, 'pageSize=50&offset=6'), expected.slice(6));
      assert.deepEqual(await list(api, 'pageSize=50&offset=7'), []);
      assert.equal(await count(api, 'pageSize=2&offset=3'), 7);
    });

    it('drops the __type tatum 1.x adds, and ignores testnetType and x-testnet-type', async () => {
      const { api } = await ledger();
      const { accountId } = await createCustomerAccount(api);
      const type = 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION';
      const reply = await api.request({
        method: 'POST',
        url: '/v3/subscription?testnetType=ethereum-sepolia',
        headers: { 'x-testnet-type': 'ethereum-sepolia' },
        payload: { type, attr: { id: accountId, url: HOOK, __type: type } },
      });
      assertReply(reply, 200);
      assert.deepEqual(await list(api), [{ id: reply.body.id, type, attr: { id: accountId, url: HOOK } }]);
    });

    it('filters by attr.address, which no served type has', async () => {
      const { api } = await ledger();
      await subscribed(api, 'TRANSACTION_IN_THE_BLOCK', { url: HOOK });
      const withAddress = await subscribed(api, 'TRANSACTION_IN_THE_BLOCK', { url: HOOK, address: 'tb1qwatched' });
      assert.deepEqual(await list(api, 'pageSize=50&address=tb1qnothing'), []);
      assert.deepEqual(
        (await list(api, 'pageSize=50&address=tb1qwatched')).map((s) => s.id),
        [withAddress],
      );
      assert.equal(await count(api, 'pageSize=50&address=tb1qnothing'), 0);
      assert.equal(await count(api, 'pageSize=50&address=tb1qwatched'), 1);
    });

    it('refuses a type a ledger cannot serve with subscription.type.invalid', async () => {
      const { api } = await ledger();
      for (const type of [
        'ADDRESS_TRANSACTION',
        'KMS_FAILED_TX',
        'KMS_COMPLETED_TX',
        'CONTRACT_LOG_EVENT',
        'CONTRACT_NFT_TXS_PER_BLOCK',
        'OFFCHAIN_WITHDRAWAL',
        'account_balance_limit',
        '',
      ]) {
        assertReply(await subscribe(api, type, { url: HOOK, currency: 'BTC' }), 403, TYPE_INVALID);
      }
      assert.equal(await count(api), 0);
    });

    it('refuses bad attributes with the type’s code, and stores nothing', async () => {
      const { api } = await ledger();
      const { accountId, customerId } = await createCustomerAccount(api);
      const other = await ledger();
      const foreign = await createCustomerAccount(other.api);
      const cases: [string, unknown, unknown][] = [
        ['ACCOUNT_BALANCE_LIMIT', {}, BALANCE_INVALID],
        ['ACCOUNT_BALANCE_LIMIT', { limit: '1' }, BALANCE_INVALID],
        ['ACCOUNT_BALANCE_LIMIT', { limit: 1, typeOfBalance: 'account' }, BALANCE_INVALID],
        ['ACCOUNT_BALANCE_LIMIT', { limit: '-1', typeOfBalance: 'account' }, BALANCE_INVALID],
        ['ACCOUNT_BALANCE_LIMIT', { limit: '1e5', typeOfBalance: 'account' }, BALANCE_INVALID],
        ['ACCOUNT_BALANCE_LIMIT', { limit: '1'.repeat(39), typeOfBalance: 'account' }, BALANCE_INVALID],
        ['ACCOUNT_BALANCE_LIMIT', { limit: '1', typeOfBalance: 'blocked' }, BALANCE_INVALID],
        ['TRANSACTION_HISTORY_REPORT', {}, INTERVAL_INVALID],
        ['TRANSACTION_HISTORY_REPORT', { interval: 0 }, INTERVAL_INVALID],
        ['TRANSACTION_HISTORY_REPORT', { interval: 721 }, INTERVAL_INVALID],
        ['TRANSACTION_HISTORY_REPORT', { interval: 1.5 }, INTERVAL_INVALID],
        ['TRANSACTION_HISTORY_REPORT', { interval: '24' }, INTERVAL_INVALID],
        ['ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', { id: accountId }, INCOMING_INVALID],
        ['ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', { url: HOOK }, INCOMING_INVALID],
        ['ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', { id: UNKNOWN_ID, url: HOOK }, INCOMING_INVALID],
        ['ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', { id: foreign.accountId, url: HOOK }, INCOMING_INVALID],
        ['ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', { id: customerId, url: HOOK }, INCOMING_INVALID],
        ['ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', { id: accountId, url: 'ftp://example.com/x' }, INCOMING_INVALID],
        ['ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', { id: accountId, url: '/relative' }, INCOMING_INVALID],
        ['ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', { id: accountId, url: 'http://a b/' }, INCOMING_INVALID],
        [
          'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION',
          { id: accountId, url: `https://example.com/${'x'.repeat(481)}` },
          INCOMING_INVALID,
        ],
        ['ACCOUNT_PENDING_BLOCKCHAIN_TRANSACTION', { id: accountId }, PENDING_INVALID],
        ['ACCOUNT_PENDING_BLOCKCHAIN_TRANSACTION', { id: UNKNOWN_ID, url: HOOK }, PENDING_INVALID],
        ['ACCOUNT_PENDING_BLOCKCHAIN_TRANSACTION', { id: accountId, url: 'mailto:a@b.c' }, PENDING_INVALID],
        ['CUSTOMER_TRADE_MATCH', { id: accountId, url: HOOK }, INCOMING_INVALID],
        ['CUSTOMER_TRADE_MATCH', { id: foreign.customerId, url: HOOK }, INCOMING_INVALID],
        ['CUSTOMER_PARTIAL_TRADE_MATCH', { id: customerId }, INCOMING_INVALID],
        ['CUSTOMER_PARTIAL_TRADE_MATCH', { id: 'short', url: HOOK }, INCOMING_INVALID],
        ['TRANSACTION_IN_THE_BLOCK', {}, INCOMING_INVALID],
        ['TRANSACTION_IN_THE_BLOCK', { url: 'not a url' }, INCOMING_INVALID],
      ];
      for (const [type, attr, expected] of cases) {
        const reply = await subscribe(api, type, attr);
        assert.deepEqual([reply.status, reply.body], [403, expected], `${type} ${JSON.stringify(attr)}`);
      }
      // 500 characters is the longest URL taken.
      const longest = `https://example.com/${'x'.repeat(480)}`;
      assert.equal(longest.length, 500);
      await subscribed(api, 'TRANSACTION_IN_THE_BLOCK', { url: longest });
      assert.equal(await count(api), 1);
    });

    it('refuses a body without type or attr, or of other types, with 400 validation.failed', async () => {
      const { api } = await ledger();
      for (const body of [
        {},
        { type: 'TRANSACTION_IN_THE_BLOCK' },
        { attr: { url: HOOK } },
        { type: 5, attr: { url: HOOK } },
        { type: 'TRANSACTION_IN_THE_BLOCK', attr: HOOK },
        { type: 'TRANSACTION_IN_THE_BLOCK', attr: [HOOK] },
        { type: 'TRANSACTION_IN_THE_BLOCK', attr: null },
      ]) {
        const reply = await api.post('/v3/subscription', body);
        assert.equal(reply.status, 400, JSON.stringify(body));
        assert.equal(reply.body.errorCode, 'validation.failed');
        assert.equal(reply.body.message, VALIDATION);
      }
      assert.equal(await count(api), 0);
    });

    it('requires pageSize of 1 to 50 on the list and the count', async () => {
      const { api } = await ledger();
      for (const path of ['/v3/subscription', '/v3/subscription/count']) {
        for (const query of ['', '?pageSize=0', '?pageSize=51', '?pageSize=10&offset=-1']) {
          const reply = await api.get(`${path}${query}`);
          assert.equal(reply.status, 400, `${path}${query}`);
          assert.equal(reply.body.errorCode, 'validation.failed');
        }
      }
    });

    it('keeps each ledger’s subscriptions to itself', async () => {
      const { api } = await ledger();
      const other = await ledger();
      const id = await subscribed(api, 'TRANSACTION_IN_THE_BLOCK', { url: HOOK });
      const report = await subscribed(api, 'TRANSACTION_HISTORY_REPORT', { interval: 1 });
      assert.deepEqual(await list(other.api), []);
      assert.equal(await count(other.api), 0);
      // The tenant's mainnet key is another ledger too.
      assert.deepEqual(await list(t.client(other.keys.mainnet)), []);
      assertReply(await other.api.put(`/v3/subscription/${id}`, { url: OTHER_HOOK }), 403, NOT_EXISTS);
      assertReply(await other.api.delete(`/v3/subscription/${id}`), 403, NOT_EXISTS);
      assertReply(await other.api.get(`/v3/subscription/report/${report}`), 403, NOT_EXISTS);
      assert.equal((await list(api)).length, 2);
      assert.equal((await list(api))[0]!.attr.url, HOOK);
    });
  });

  describe('update and delete', () => {
    it('updates the url in place in attr, and the webhooks not yet delivered', async () => {
      const { api } = await ledger();
      const { accountId } = await createAccountIn(api, 'USDT');
      const id = await subscribed(api, 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', {
        url: HOOK,
        id: accountId,
        __type: 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION',
      });
      await deposit(api, accountId, 'USDT', '1');
      await deposit(api, accountId, 'USDT', '2');
      const [newer, older] = await webhooks(api);
      // One is delivered already (as a worker records it): its URL stays the one it went to.
      await t.db.query(`UPDATE webhooks SET next_at = NULL, delivered_at = now(), tries = 1 WHERE id = $1`, [
        older!.id,
      ]);

      assertReply(await api.put(`/v3/subscription/${id}`, { url: OTHER_HOOK, mempool: true }), 204, '');
      const [stored] = await list(api);
      assert.deepEqual(stored, {
        id,
        type: 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION',
        attr: { url: OTHER_HOOK, id: accountId },
      });
      assert.deepEqual(Object.keys(stored!.attr), ['url', 'id']);
      const after = await webhooks(api);
      assert.deepEqual(
        after.map((w) => [w.id, w.url]),
        [
          [newer!.id, OTHER_HOOK],
          [older!.id, HOOK],
        ],
      );
      // Events from now on go to the new URL.
      await deposit(api, accountId, 'USDT', '3');
      assert.equal((await webhooks(api))[0]!.url, OTHER_HOOK);
    });

    it('refuses an unknown id, a url that is not one, and a report, which has no url', async () => {
      const { api } = await ledger();
      const { accountId } = await createCustomerAccount(api);
      const pending = await subscribed(api, 'ACCOUNT_PENDING_BLOCKCHAIN_TRANSACTION', { id: accountId, url: HOOK });
      const block = await subscribed(api, 'TRANSACTION_IN_THE_BLOCK', { url: HOOK });
      const balance = await subscribed(api, 'ACCOUNT_BALANCE_LIMIT', { limit: '1', typeOfBalance: 'account' });
      const history = await subscribed(api, 'TRANSACTION_HISTORY_REPORT', { interval: 5 });
      assertReply(await api.put(`/v3/subscription/${UNKNOWN_ID}`, { url: HOOK }), 403, NOT_EXISTS);
      assertReply(await api.put(`/v3/subscription/${pending}`, { url: 'ftp://x.y/z' }), 403, PENDING_INVALID);
      assertReply(await api.put(`/v3/subscription/${block}`, { url: 'x' }), 403, INCOMING_INVALID);
      assertReply(await api.put(`/v3/subscription/${balance}`, { url: HOOK }), 403, INCOMING_INVALID);
      assertReply(await api.put(`/v3/subscription/${history}`, { url: HOOK }), 403, INCOMING_INVALID);
      const missing = await api.put(`/v3/subscription/${block}`, {});
      assert.equal(missing.status, 400);
      assert.equal(missing.body.errorCode, 'validation.failed');
      assert.deepEqual(
        (await list(api)).map((s) => s.attr),
        [{ id: accountId, url: HOOK }, { url: HOOK }, { limit: '1', typeOfBalance: 'account' }, { interval: 5 }],
      );
    });

    it('deletes a subscription; webhooks it raised stay listed', async () => {
      const { api } = await ledger();
      const { accountId } = await createAccountIn(api, 'USDT');
      const id = await subscribed(api, 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', { id: accountId, url: HOOK });
      const kept = await subscribed(api, 'TRANSACTION_HISTORY_REPORT', { interval: 1 });
      await deposit(api, accountId, 'USDT', '1');
      assertReply(await api.delete(`/v3/subscription/${id}`), 204, '');
      assertReply(await api.delete(`/v3/subscription/${id}`), 403, NOT_EXISTS);
      assertReply(await api.delete(`/v3/subscription/${UNKNOWN_ID}`), 403, NOT_EXISTS);
      assert.deepEqual(
        (await list(api)).map((s) => s.id),
        [kept],
      );
      assertReply(await api.get(`/v3/subscription/report/${id}`), 403, NOT_EXISTS);
      const [hook, ...more] = await webhooks(api);
      assert.deepEqual(more, []);
      assert.equal(hook!.subscriptionId, id);
      // No new webhook once it is gone.
      await deposit(api, accountId, 'USDT', '1');
      assert.equal(await webhookCount(api), 1);
    });
  });

  describe('reports', () => {
    it('ACCOUNT_BALANCE_LIMIT lists accounts strictly above the limit, by account or available balance', async () => {
      const { api } = await ledger();
      const { name, issuerId } = await createVirtualCurrency(api, '1000');
      const a = await createAccountIn(api, name);
      const b = await createAccountIn(api, name);
      const c = await createAccountIn(api, name);
      await pay(api, issuerId, a.accountId, '100');
      await pay(api, issuerId, b.accountId, '100.000000000000000001');
      await pay(api, issuerId, c.accountId, '150');
      // c holds 150 but 60 of it is blocked: 90 available.
      assertReply(await api.post(`/v3/ledger/account/block/${c.accountId}`, { amount: '60', type: 'HOLD' }), 200);

      const byAccount = await subscribed(api, 'ACCOUNT_BALANCE_LIMIT', { limit: '100', typeOfBalance: 'account' });
      const byAvailable = await subscribed(api, 'ACCOUNT_BALANCE_LIMIT', { limit: '100', typeOfBalance: 'available' });
      const accountOf = async (id: string) => (await api.get(`/v3/ledger/account/${id}`)).body;

      const reply = await api.get(`/v3/subscription/report/${byAccount}`);
      assertReply(reply, 200, [await accountOf(issuerId), await accountOf(b.accountId), await accountOf(c.accountId)]);
      assert.deepEqual(reply.body[2].balance, { accountBalance: '150', availableBalance: '90' });
      assert.deepEqual(
        (await api.get(`/v3/subscription/report/${byAvailable}`)).body.map((x: { id: string }) => x.id),
        [issuerId, b.accountId],
      );
      // A frozen account has nothing available.
      assertReply(await api.put(`/v3/ledger/account/${b.accountId}/freeze`), 204);
      assert.deepEqual(
        (await api.get(`/v3/subscription/report/${byAvailable}`)).body.map((x: { id: string }) => x.id),
        [issuerId],
      );
      const high = await subscribed(api, 'ACCOUNT_BALANCE_LIMIT', { limit: '1000', typeOfBalance: 'account' });
      assertReply(await api.get(`/v3/subscription/report/${high}`), 200, []);
    });

    it('TRANSACTION_HISTORY_REPORT lists the ledger’s records of the last interval hours, newest first', async () => {
      const { api } = await ledger();
      const { name, issuerId } = await createVirtualCurrency(api, '1000');
      const a = await createAccountIn(api, name);
      const old = await pay(api, issuerId, a.accountId, '1');
      const recent = await pay(api, issuerId, a.accountId, '2');
      // The first payment was made three hours ago.
      await t.db.query(`UPDATE transactions SET created_at = now() - interval '3 hours' WHERE reference = $1`, [
        old.body.reference,
      ]);
      const oneHour = await subscribed(api, 'TRANSACTION_HISTORY_REPORT', { interval: 1 });
      const fourHours = await subscribed(api, 'TRANSACTION_HISTORY_REPORT', { interval: 4 });

      const records = async (reference: string) =>
        (await api.get(`/v3/ledger/transaction/reference/${reference}`)).body as Record<string, unknown>[];
      const [oldDebit, oldCredit] = await records(old.body.reference);
      const [recentDebit, recentCredit] = await records(recent.body.reference);
      // The supply's record, made when the virtual currency was.
      const [supply] = (await api.post('/v3/ledger/transaction/account?pageSize=1', { id: issuerId })).body;
      assert.equal(supply.operationType, 'MINT');
      assertReply(await api.get(`/v3/subscription/report/${oneHour}`), 200, [recentCredit, recentDebit, supply]);
      assertReply(await api.get(`/v3/subscription/report/${fourHours}`), 200, [
        recentCredit,
        recentDebit,
        oldCredit,
        oldDebit,
        supply,
      ]);
      const other = await ledger();
      const empty = await subscribed(other.api, 'TRANSACTION_HISTORY_REPORT', { interval: 720 });
      assertReply(await other.api.get(`/v3/subscription/report/${empty}`), 200, []);
    });

    it('costs 1 credit and 1 more per 50 records or part of 50; a refusal costs 1', async () => {
      const { api } = await ledger();
      const history = await subscribed(api, 'TRANSACTION_HISTORY_REPORT', { interval: 1 });
      const none = await chargeOf(api, () => api.get(`/v3/subscription/report/${history}`));
      assertReply(none.reply, 200, []);
      assert.equal(none.credits, 1);
      // 50 records: the supply's, 24 payments of two, a deposit's.
      const { name, issuerId } = await createVirtualCurrency(api, '1000');
      const account = await createAccountIn(api, name);
      for (let i = 0; i < 24; i++) assertReply(await pay(api, issuerId, account.accountId, '1'), 200);
      const usdt = await createAccountIn(api, 'USDT');
      await deposit(api, usdt.accountId, 'USDT', '1');
      const fifty = await chargeOf(api, () => api.get(`/v3/subscription/report/${history}`));
      assert.equal(fifty.reply.body.length, 50);
      assert.equal(fifty.credits, 2);
      assertReply(await pay(api, issuerId, account.accountId, '1'), 200);
      const fiftyTwo = await chargeOf(api, () => api.get(`/v3/subscription/report/${history}`));
      assert.equal(fiftyTwo.reply.body.length, 52);
      assert.equal(fiftyTwo.credits, 3);
      const balance = await subscribed(api, 'ACCOUNT_BALANCE_LIMIT', { limit: '0', typeOfBalance: 'account' });
      const three = await chargeOf(api, () => api.get(`/v3/subscription/report/${balance}`));
      assert.equal(three.reply.body.length, 3);
      assert.equal(three.credits, 2);
      const unknown = await chargeOf(api, () => api.get(`/v3/subscription/report/${UNKNOWN_ID}`));
      assertReply(unknown.reply, 403, NOT_EXISTS);
      assert.equal(unknown.credits, 1);
    });

    it('refuses a subscription that posts instead with report.invalid', async () => {
      const { api } = await ledger();
      const { accountId, customerId } = await createCustomerAccount(api);
      for (const [type, attr] of [
        ['TRANSACTION_IN_THE_BLOCK', { url: HOOK }],
        ['ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', { id: accountId, url: HOOK }],
        ['CUSTOMER_TRADE_MATCH', { id: customerId, url: HOOK }],
      ] as const) {
        const id = await subscribed(api, type, attr);
        assertReply(await api.get(`/v3/subscription/report/${id}`), 403, REPORT_INVALID);
      }
      assertReply(await api.get(`/v3/subscription/report/${UNKNOWN_ID}`), 403, NOT_EXISTS);
    });
  });

  describe('HMAC', () => {
    const secretOf = async (key: string) => {
      const rows = await t.db.query<{ hmac_secret: string | null }>(
        `SELECT k.hmac_secret FROM api_keys k WHERE k.key_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
        [key],
      );
      assert.equal(rows.length, 1);
      return rows[0]!.hmac_secret;
    };

    it('sets and removes the calling key’s secret, and only its', async () => {
      const { keys, api } = await ledger();
      const secret = '1f7f7c0c-3906-4aa1-9dfe-4b67c43918f6';
      const set = await chargeOf(api, () => api.put('/v3/subscription', { hmacSecret: secret }));
      assertReply(set.reply, 204, '');
      assert.equal(set.credits, 2);
      assert.equal(await secretOf(keys.testnet), secret);
      assert.equal(await secretOf(keys.mainnet), null);
      assertReply(await api.put('/v3/subscription', { hmacSecret: 's'.repeat(100) }), 204);
      assert.equal(await secretOf(keys.testnet), 's'.repeat(100));

      const removed = await chargeOf(api, () => api.delete('/v3/subscription'));
      assertReply(removed.reply, 204, '');
      assert.equal(removed.credits, 2);
      assert.equal(await secretOf(keys.testnet), null);
      assertReply(await api.delete('/v3/subscription'), 204);
      assert.equal(await secretOf(keys.testnet), null);
    });

    it('refuses a secret missing, empty or longer than 100 characters', async () => {
      const { keys, api } = await ledger();
      for (const body of [{}, { hmacSecret: '' }, { hmacSecret: 's'.repeat(101) }, { hmacSecret: 5 }]) {
        const reply = await api.put('/v3/subscription', body);
        assert.equal(reply.status, 400, JSON.stringify(body));
        assert.equal(reply.body.errorCode, 'validation.failed');
      }
      assert.equal(await secretOf(keys.testnet), null);
    });
  });

  describe('executed webhooks', () => {
    it('lists the webhook a credited deposit raised, in Tatum’s WebHook shape', async () => {
      const { api } = await ledger();
      const { accountId } = await createAccountIn(api, 'USDT');
      const id = await subscribed(api, 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', { id: accountId, url: HOOK });
      assert.deepEqual(await webhooks(api), []);
      const before = Date.now() - 1000;
      const made = await deposit(api, accountId, 'USDT', '1.50');

      const [hook, ...more] = await webhooks(api);
      assert.deepEqual(more, []);
      assert.deepEqual(Object.keys(hook!), [
        'type',
        'id',
        'subscriptionId',
        'url',
        'data',
        'nextTime',
        'timestamp',
        'retryCount',
        'failed',
        'response',
        'attempts',
      ]);
      assert.match(hook!.id as string, /^[0-9a-f]{24}$/);
      const data = hook!.data as Record<string, unknown>;
      assert.deepEqual(
        { type: hook!.type, subscriptionId: hook!.subscriptionId, url: hook!.url, data },
        {
          type: 'INCOMING_BLOCKCHAIN_HOOK',
          subscriptionId: id,
          url: HOOK,
          data: {
            date: data.date,
            amount: '1.5',
            currency: 'USDT',
            subscriptionType: 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION',
            accountId,
            reference: made.reference,
            txId: made.txId,
            blockHeight: 7,
            index: 0,
          },
        },
      );
      assert.ok((data.date as number) >= before && (data.date as number) <= Date.now() + 1000);
      // Before its first try: due, not failed, no response yet.
      if (hook!.timestamp === null) {
        assert.equal(hook!.failed, false);
        assert.equal(hook!.retryCount, 0);
        assert.deepEqual(hook!.response, { networkError: false });
        assert.deepEqual(hook!.attempts, []);
        assert.equal(typeof hook!.nextTime, 'number');
      }
      assert.equal(await webhookCount(api), 1);
      // Another ledger sees none of them.
      const other = await ledger();
      assert.deepEqual(await webhooks(other.api), []);
      assert.equal(await webhookCount(other.api), 0);
    });

    it('raises PENDING_BLOCKCHAIN_HOOK on InProgress and one per matching subscription', async () => {
      const { api } = await ledger();
      const { accountId } = await createAccountIn(api, 'USDT');
      const other = await createAccountIn(api, 'USDT');
      const pending = await subscribed(api, 'ACCOUNT_PENDING_BLOCKCHAIN_TRANSACTION', { id: accountId, url: HOOK });
      const incoming1 = await subscribed(api, 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', { id: accountId, url: HOOK });
      const incoming2 = await subscribed(api, 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', {
        id: accountId,
        url: OTHER_HOOK,
      });
      await subscribed(api, 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', { id: other.accountId, url: HOOK });
      await deposit(api, accountId, 'USDT', '1', 'InProgress');
      assert.deepEqual(
        (await webhooks(api)).map((w) => [w.type, w.subscriptionId]),
        [['PENDING_BLOCKCHAIN_HOOK', pending]],
      );
      await deposit(api, accountId, 'USDT', '2');
      assert.deepEqual(
        (await webhooks(api, 'pageSize=50&direction=asc')).map((w) => [w.type, w.subscriptionId, w.url]),
        [
          ['PENDING_BLOCKCHAIN_HOOK', pending, HOOK],
          ['INCOMING_BLOCKCHAIN_HOOK', incoming1, HOOK],
          ['INCOMING_BLOCKCHAIN_HOOK', incoming2, OTHER_HOOK],
        ],
      );
    });

    it('pages by direction and filters by failed; the count ignores page and direction', async () => {
      const { api } = await ledger();
      const { accountId } = await createAccountIn(api, 'USDT');
      await subscribed(api, 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', { id: accountId, url: HOOK });
      for (const amount of ['1', '2', '3', '4']) await deposit(api, accountId, 'USDT', amount);
      const asc = await webhooks(api, 'pageSize=50&direction=asc');
      assert.deepEqual(
        asc.map((w) => (w.data as { amount: string }).amount),
        ['1', '2', '3', '4'],
      );
      const ids = asc.map((w) => w.id);
      assert.deepEqual(
        (await webhooks(api)).map((w) => w.id),
        [...ids].reverse(),
      );
      assert.deepEqual(
        (await webhooks(api, 'pageSize=2&offset=1&direction=desc')).map((w) => w.id),
        [ids[2], ids[1]],
      );
      assert.deepEqual(
        (await webhooks(api, 'pageSize=2&offset=3&direction=asc')).map((w) => w.id),
        [ids[3]],
      );

      // Settled as a worker settles them: the first given up after its tries, the second delivered.
      const response = { code: 500, data: 'no', networkError: false };
      const history = [
        { timestamp: 1700000000000, response },
        { timestamp: 1700000015000, response },
      ];
      await t.db.query(
        `UPDATE webhooks SET tries = 2, failed = true, response = $2::json, history = $3::json, next_at = NULL,
                tried_at = to_timestamp(1700000015) WHERE id = $1`,
        [ids[0], JSON.stringify(response), JSON.stringify(history)],
      );
      await t.db.query(
        `UPDATE webhooks SET tries = 1, failed = false, response = '{"code":200,"data":"","networkError":false}',
                history = '[]', next_at = NULL, delivered_at = now(), tried_at = to_timestamp(1700000020) WHERE id = $1`,
        [ids[1]],
      );
      // The other two may have been tried meanwhile (a failed try sets failed); these two stay as they are.
      const failed = await webhooks(api, 'pageSize=50&failed=true&direction=asc');
      const notFailed = await webhooks(api, 'pageSize=50&failed=false&direction=asc');
      assert.ok(failed.every((w) => w.failed === true));
      assert.ok(notFailed.every((w) => w.failed === false));
      assert.equal(failed[0]!.id, ids[0]);
      assert.equal(notFailed[0]!.id, ids[1]);
      assert.ok(!failed.some((w) => w.id === ids[1]));
      const givenUp = failed[0]!;
      assert.deepEqual(
        {
          nextTime: givenUp.nextTime,
          timestamp: givenUp.timestamp,
          retryCount: givenUp.retryCount,
          failed: givenUp.failed,
          response: givenUp.response,
          attempts: givenUp.attempts,
        },
        { nextTime: null, timestamp: 1700000015000, retryCount: 1, failed: true, response, attempts: history },
      );
      const delivered = notFailed[0]!;
      assert.deepEqual(
        { retryCount: delivered.retryCount, timestamp: delivered.timestamp, nextTime: delivered.nextTime },
        { retryCount: 0, timestamp: 1700000020000, nextTime: null },
      );
      assert.equal(await webhookCount(api, 'pageSize=1&offset=3&direction=asc'), 4);
      assert.equal(await webhookCount(api, 'pageSize=1&failed=true'), failed.length);
      assert.equal(await webhookCount(api, 'pageSize=1&failed=false'), notFailed.length);
      assert.equal(failed.length + notFailed.length, 4);
    });

    it('requires pageSize and takes only asc or desc', async () => {
      const { api } = await ledger();
      for (const path of ['/v3/subscription/webhook', '/v3/subscription/webhook/count']) {
        for (const query of ['', '?pageSize=51', '?pageSize=5&direction=up', '?pageSize=5&failed=maybe']) {
          const reply = await api.get(`${path}${query}`);
          assert.equal(reply.status, 400, `${path}${query}`);
          assert.equal(reply.body.errorCode, 'validation.failed');
        }
      }
    });

    it('raises TRANSACTION_IN_THE_BLOCK for every withdrawal completed', async () => {
      const { api } = await ledger();
      const { accountId } = await createAccountIn(api, 'USDT');
      await deposit(api, accountId, 'USDT', '10');
      const id = await subscribed(api, 'TRANSACTION_IN_THE_BLOCK', { url: HOOK });
      const stored = await api.post('/v3/offchain/withdrawal', {
        senderAccountId: accountId,
        address: '0x9858effd232b4033e47d90003d41ec34ecaeda94',
        amount: '4',
        fee: '0.1',
      });
      assertReply(stored, 200);
      const tx = txId();
      assertReply(await api.put(`/v3/offchain/withdrawal/${stored.body.id}/${tx}`), 204);
      const [hook, ...more] = await webhooks(api);
      assert.deepEqual(more, []);
      assert.deepEqual(
        { type: hook!.type, subscriptionId: hook!.subscriptionId, url: hook!.url, data: hook!.data },
        {
          type: 'TRANSACTION_IN_THE_BLOCK',
          subscriptionId: id,
          url: HOOK,
          data: {
            txId: tx,
            reference: stored.body.reference,
            accountId,
            currency: 'USDT',
            withdrawalId: stored.body.id,
            address: '0x9858effd232b4033e47d90003d41ec34ecaeda94',
            amount: '4',
            subscriptionType: 'TRANSACTION_IN_THE_BLOCK',
          },
        },
      );
    });
  });

  describe('credits', () => {
    it('charges Tatum’s credits for each operation', async () => {
      const { api } = await ledger();
      const costs: [string, () => Promise<Reply>, number, number][] = [
        ['create', () => subscribe(api, 'TRANSACTION_IN_THE_BLOCK', { url: HOOK }), 200, 2],
        ['refused create', () => subscribe(api, 'KMS_FAILED_TX', { url: HOOK }), 403, 2],
        ['list', () => api.get('/v3/subscription?pageSize=10'), 200, 1],
        ['count', () => api.get('/v3/subscription/count?pageSize=10'), 200, 1],
        ['webhooks', () => api.get('/v3/subscription/webhook?pageSize=10'), 200, 1],
        ['webhook count', () => api.get('/v3/subscription/webhook/count?pageSize=10'), 200, 1],
        ['invalid list', () => api.get('/v3/subscription'), 400, 0],
      ];
      for (const [name, call, status, credits] of costs) {
        const charged = await chargeOf(api, call);
        assert.deepEqual([charged.reply.status, charged.credits], [status, credits], name);
      }
      const { id } = (await list(api))[0]!;
      const update = await chargeOf(api, () => api.put(`/v3/subscription/${id}`, { url: OTHER_HOOK }));
      assert.deepEqual([update.reply.status, update.credits], [204, 1]);
      const remove = await chargeOf(api, () => api.delete(`/v3/subscription/${id}`));
      assert.deepEqual([remove.reply.status, remove.credits], [204, 1]);
    });
  });
});
