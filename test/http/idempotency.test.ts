import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { before, describe, it } from 'node:test';
import { sweepExpiredKeys } from '../../src/domain/idempotency/idempotency.service.js';
import type { Database } from '../../src/storage/database.js';
import { createCustomerAccount } from '../helpers/ledger-fixtures.js';
import { appOnDatabase, suiteTestApp, type LedgerClient, type Reply } from '../helpers/test-app.js';

// Idempotency-Key (extension, docs/decisions/0023-idempotency-key.md): a retry with the same key never
// does the work twice.
describe('Idempotency-Key', (suite) => {
  const t = suiteTestApp(suite);
  const api = t.client();
  let issuer: string;

  const withKey = (
    client: LedgerClient,
    key: string,
    method: 'POST' | 'PUT',
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) =>
    client.request({
      method,
      url,
      headers: { 'idempotency-key': key, ...headers },
      ...(payload === undefined ? {} : { payload }),
    });

  const pay = (key: string, body: object, client = api) => withKey(client, key, 'POST', '/v3/ledger/transaction', body);

  const balance = async (accountId: string, client = api) => {
    const reply = await client.get(`/v3/ledger/account/${accountId}/balance`);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    return reply.body.accountBalance as string;
  };

  const newAccount = async (client = api) => {
    const reply = await client.post('/v3/ledger/account', { currency: 'VC_X' });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    return reply.body.id as string;
  };

  const transactionCount = async () =>
    (await t.db.query<{ n: number }>('SELECT count(*)::integer AS n FROM transactions'))[0]!.n;

  /** A second app on the same database whose transactions go through `transaction` (held, or failing). */
  async function appWith(transaction: Database['transaction']): Promise<FastifyInstance> {
    return appOnDatabase({ ...t.db, transaction });
  }

  const inject = async (app: FastifyInstance, key: string, body: object): Promise<Reply> => {
    const response = await app.inject({
      method: 'POST',
      url: '/v3/ledger/transaction',
      headers: { 'x-api-key': t.keys.testnet, 'idempotency-key': key },
      payload: body,
    });
    return { status: response.statusCode, body: response.json(), headers: response.headers };
  };

  before(async () => {
    const created = await api.post('/v3/ledger/virtualCurrency', { name: 'VC_X', supply: '100', basePair: 'EUR' });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    issuer = created.body.id;
  });

  it('replays a retried payment: the same reference, the money moved once', async () => {
    const recipient = await newAccount();
    const before = await balance(issuer);
    const key = randomUUID();
    const body = { senderAccountId: issuer, recipientAccountId: recipient, amount: '1' };

    const first = await pay(key, body);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.headers['idempotent-replayed'], undefined);

    const retry = await pay(key, body);
    assert.equal(retry.status, 200);
    assert.deepEqual(retry.body, first.body);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.equal(retry.headers['content-type'], first.headers['content-type']);

    assert.equal(await balance(recipient), '1');
    assert.equal(Number(await balance(issuer)), Number(before) - 1);
    const records = await api.get(`/v3/ledger/transaction/reference/${first.body.reference}`);
    assert.equal(records.body.length, 2);
  });

  it('replays whatever the order of the body’s keys', async () => {
    const recipient = await newAccount();
    const key = randomUUID();
    const first = await pay(key, { senderAccountId: issuer, recipientAccountId: recipient, amount: '1' });
    const retry = await pay(key, { amount: '1', recipientAccountId: recipient, senderAccountId: issuer });
    assert.equal(retry.status, 200);
    assert.equal(retry.body.reference, first.body.reference);
    assert.equal(await balance(recipient), '1');
  });

  it('refuses the same key with another body (409 idempotency.key.reused) and moves nothing', async () => {
    const recipient = await newAccount();
    const key = randomUUID();
    const first = await pay(key, { senderAccountId: issuer, recipientAccountId: recipient, amount: '1' });
    assert.equal(first.status, 200);
    const count = await transactionCount();

    const other = await pay(key, { senderAccountId: issuer, recipientAccountId: recipient, amount: '2' });
    assert.equal(other.status, 409);
    assert.deepEqual(other.body, {
      statusCode: 409,
      errorCode: 'idempotency.key.reused',
      message: `Idempotency-Key ${key} was used with another request.`,
    });
    assert.equal(other.headers['idempotent-replayed'], undefined);
    assert.equal(await balance(recipient), '1');
    assert.equal(await transactionCount(), count);

    // Another route with the same key is another request too.
    const account = await withKey(api, key, 'POST', '/v3/ledger/account', { currency: 'VC_X' });
    assert.equal(account.body.errorCode, 'idempotency.key.reused');
  });

  it('runs exactly one of five concurrent requests with one key; the others replay its answer', async () => {
    const recipient = await newAccount();
    const key = randomUUID();
    const body = { senderAccountId: issuer, recipientAccountId: recipient, amount: '1' };
    const count = await transactionCount();

    const replies = await Promise.all(Array.from({ length: 5 }, () => pay(key, body)));

    const ran = replies.filter((r) => r.status === 200 && r.headers['idempotent-replayed'] === undefined);
    assert.equal(ran.length, 1, JSON.stringify(replies.map((r) => [r.status, r.body])));
    // The others waited for the one that ran, and got its answer.
    for (const reply of replies) {
      if (reply === ran[0]) continue;
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      assert.equal(reply.headers['idempotent-replayed'], 'true');
      assert.equal(reply.body.reference, ran[0]!.body.reference);
    }
    assert.equal(await balance(recipient), '1');
    assert.equal(await transactionCount(), count + 2);
  });

  it('makes a request sent while the first with its key runs wait for it, then replay its answer', async () => {
    const recipient = await newAccount();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let entered!: () => void;
    const running = new Promise<void>((resolve) => (entered = resolve));
    // The first request holds the key in its unit of work and stops as it sends the payment.
    const held = await appWith((work) =>
      t.db.transaction((tx) =>
        work({
          ...tx,
          query: async (sql, params) => {
            if (sql.includes('ledger_pay(')) {
              entered();
              await gate;
            }
            return tx.query(sql, params);
          },
        }),
      ),
    );
    try {
      const key = randomUUID();
      const body = { senderAccountId: issuer, recipientAccountId: recipient, amount: '1' };
      const first = inject(held, key, body);
      await running;

      let settled = false;
      const meanwhile = pay(key, body).finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(settled, false, 'the duplicate did not wait for the first request');

      open();
      const answered = await first;
      assert.equal(answered.status, 200);
      const replayed = await meanwhile;
      assert.equal(replayed.status, 200, JSON.stringify(replayed.body));
      assert.equal(replayed.headers['idempotent-replayed'], 'true');
      assert.equal(replayed.body.reference, answered.body.reference);
      assert.equal(await balance(recipient), '1');
    } finally {
      open();
      await held.close();
    }
  });

  it('answers 409 idempotency.key.in.progress with Retry-After for a key an earlier version left unanswered', async () => {
    // Servers before this one committed the key before the work, and a crash left it without answer.
    const key = randomUUID();
    const body = { senderAccountId: issuer, recipientAccountId: await newAccount(), amount: '1' };
    const taken = await pay(key, body);
    await t.db.query(
      'UPDATE idempotency_keys SET status_code = NULL, content_type = NULL, body = NULL WHERE key = $1',
      [key],
    );

    const retry = await pay(key, body);
    assert.equal(retry.status, 409);
    assert.deepEqual(retry.body, {
      statusCode: 409,
      errorCode: 'idempotency.key.in.progress',
      message: `A request with Idempotency-Key ${key} is still being processed.`,
    });
    const seconds = Number(retry.headers['retry-after']);
    assert.ok(seconds > 86_000 && seconds <= 86_400, String(retry.headers['retry-after']));
    assert.equal(taken.status, 200);
    assert.equal(await balance(body.recipientAccountId), '1');
  });

  it('replays a refused payment as the same 403, even once the balance would cover it', async () => {
    const poor = await newAccount();
    const recipient = await newAccount();
    const key = randomUUID();
    const body = { senderAccountId: poor, recipientAccountId: recipient, amount: '5' };

    const refused = await pay(key, body);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.errorCode, 'balance.insufficient');

    const funded = await api.post('/v3/ledger/transaction', {
      senderAccountId: issuer,
      recipientAccountId: poor,
      amount: '10',
    });
    assert.equal(funded.status, 200);

    const retry = await pay(key, body);
    assert.equal(retry.status, 403);
    assert.deepEqual(retry.body, refused.body);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.equal(await balance(poor), '10');
    assert.equal(await balance(recipient), '0');
  });

  it('keeps keys per ledger: the same key on another ledger runs on its own', async () => {
    const mainnet = t.client(t.keys.mainnet);
    const vc = await mainnet.post('/v3/ledger/virtualCurrency', { name: 'VC_X', supply: '100', basePair: 'EUR' });
    assert.equal(vc.status, 200, JSON.stringify(vc.body));
    const mainnetRecipient = await newAccount(mainnet);
    const testnetRecipient = await newAccount();
    const key = randomUUID();

    const onTestnet = await pay(key, { senderAccountId: issuer, recipientAccountId: testnetRecipient, amount: '1' });
    // Another body, which on the same ledger would be 409 reused.
    const onMainnet = await pay(
      key,
      { senderAccountId: vc.body.id, recipientAccountId: mainnetRecipient, amount: '3' },
      mainnet,
    );
    assert.equal(onTestnet.status, 200);
    assert.equal(onMainnet.status, 200, JSON.stringify(onMainnet.body));
    assert.equal(onMainnet.headers['idempotent-replayed'], undefined);
    assert.notEqual(onMainnet.body.reference, onTestnet.body.reference);
    assert.equal(await balance(mainnetRecipient, mainnet), '3');
    assert.equal(await balance(testnetRecipient), '1');

    // Another tenant's ledger likewise.
    const other = await t.newTenant();
    const stranger = await withKey(t.client(other.testnet), key, 'POST', '/v3/ledger/account', { currency: 'BTC' });
    assert.equal(stranger.status, 200, JSON.stringify(stranger.body));
  });

  it('replays a body-less PUT action as 204', async () => {
    const { customerId } = await createCustomerAccount(api);
    const key = randomUUID();
    // Tatum's JS clients send an empty body as application/x-www-form-urlencoded.
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const disabled = await withKey(api, key, 'PUT', `/v3/ledger/customer/${customerId}/disable`, undefined, form);
    assert.equal(disabled.status, 204, JSON.stringify(disabled.body));
    assert.equal(disabled.body, '');

    const retry = await withKey(api, key, 'PUT', `/v3/ledger/customer/${customerId}/disable`);
    assert.equal(retry.status, 204);
    assert.equal(retry.body, '');
    assert.equal(retry.headers['idempotent-replayed'], 'true');

    // Run again, the action would have been refused: the replay ran nothing.
    const again = await api.put(`/v3/ledger/customer/${customerId}/disable`);
    assert.equal(again.body.errorCode, 'customer.disabled');
  });

  it('changes nothing without the header: each request runs', async () => {
    const recipient = await newAccount();
    const body = { senderAccountId: issuer, recipientAccountId: recipient, amount: '1' };
    const first = await api.post('/v3/ledger/transaction', body);
    const second = await api.post('/v3/ledger/transaction', body);
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    assert.notEqual(first.body.reference, second.body.reference);
    assert.equal(second.headers['idempotent-replayed'], undefined);
    assert.equal(await balance(recipient), '2');
  });

  it('ignores the header on GET, DELETE and the POSTs that only read', async () => {
    const key = randomUUID();
    const rows = async () =>
      (await t.db.query<{ n: number }>('SELECT count(*)::integer AS n FROM idempotency_keys WHERE key = $1', [key]))[0]!
        .n;
    const get = await api.request({
      method: 'GET',
      url: '/v3/ledger/customer?pageSize=10',
      headers: { 'idempotency-key': key },
    });
    assert.equal(get.status, 200);
    const find = (amount: string) =>
      withKey(api, key, 'POST', '/v3/ledger/transaction/ledger', { amount: [{ op: 'gte', value: amount }] });
    const [one, two] = [await find('0'), await find('1')];
    assert.equal(one.status, 200, JSON.stringify(one.body));
    assert.equal(two.status, 200);
    assert.equal(two.headers['idempotent-replayed'], undefined);
    const removed = await api.request({
      method: 'DELETE',
      url: `/v3/ledger/account/block/${'0'.repeat(24)}`,
      headers: { 'idempotency-key': key },
    });
    assert.equal(removed.headers['idempotent-replayed'], undefined);
    assert.equal(await rows(), 0);
  });

  it('refuses a key longer than 255 characters or empty with 400 validation.failed', async () => {
    const recipient = await newAccount();
    const body = { senderAccountId: issuer, recipientAccountId: recipient, amount: '1' };
    const long = 'k'.repeat(256);
    const tooLong = await pay(long, body);
    assert.equal(tooLong.status, 400);
    assert.deepEqual(tooLong.body, {
      statusCode: 400,
      errorCode: 'validation.failed',
      message: 'Request validation failed. Please see data for additional information.',
      data: [
        {
          target: { 'idempotency-key': long },
          value: long,
          property: 'idempotency-key',
          children: [],
          constraints: { isLength: 'idempotency-key must be shorter than or equal to 255 characters' },
        },
      ],
    });
    const empty = await pay('', body);
    assert.equal(empty.status, 400);
    assert.equal(
      empty.body.data[0].constraints.isLength,
      'idempotency-key must be longer than or equal to 1 characters',
    );
    assert.equal(await balance(recipient), '0');

    const longest = await pay('k'.repeat(255), body);
    assert.equal(longest.status, 200);
    assert.equal(await balance(recipient), '1');
  });

  it('does not store a request that failed validation: the fixed request runs with the same key', async () => {
    const recipient = await newAccount();
    const key = randomUUID();
    const invalid = await pay(key, { senderAccountId: issuer, recipientAccountId: recipient, amount: 'one' });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body.errorCode, 'validation.failed');
    const fixed = await pay(key, { senderAccountId: issuer, recipientAccountId: recipient, amount: '1' });
    assert.equal(fixed.status, 200, JSON.stringify(fixed.body));
    assert.equal(fixed.headers['idempotent-replayed'], undefined);
    assert.equal(await balance(recipient), '1');
  });

  it('releases the key after a 500, so that the retry runs', async () => {
    const recipient = await newAccount();
    const failing = await appWith(async () => {
      throw new Error('connection lost');
    });
    try {
      const key = randomUUID();
      const body = { senderAccountId: issuer, recipientAccountId: recipient, amount: '1' };
      const failed = await inject(failing, key, body);
      assert.equal(failed.status, 500);
      assert.equal(failed.body.errorCode, 'internal.error');

      const retry = await pay(key, body);
      assert.equal(retry.status, 200, JSON.stringify(retry.body));
      assert.equal(retry.headers['idempotent-replayed'], undefined);
      assert.equal(await balance(recipient), '1');
    } finally {
      await failing.close();
    }
  });

  it('answers 500, not the payment, when its commit fails; the retry pays once', async () => {
    const recipient = await newAccount();
    // The request's transaction (its unit of work) does everything, then its COMMIT is lost.
    const failing = await appWith((work) =>
      t.db.transaction(async (tx) => {
        await work(tx);
        throw new Error('connection lost at COMMIT');
      }),
    );
    try {
      const key = randomUUID();
      const body = { senderAccountId: issuer, recipientAccountId: recipient, amount: '1' };
      const failed = await inject(failing, key, body);
      assert.equal(failed.status, 500);
      assert.equal(failed.body.errorCode, 'internal.error');
      assert.equal(await balance(recipient), '0');

      const retry = await pay(key, body);
      assert.equal(retry.status, 200, JSON.stringify(retry.body));
      assert.equal(retry.headers['idempotent-replayed'], undefined);
      assert.equal(await balance(recipient), '1');
    } finally {
      await failing.close();
    }
  });

  it('forgets a key after 24 hours: the same key then runs again', async () => {
    const recipient = await newAccount();
    const key = randomUUID();
    const body = { senderAccountId: issuer, recipientAccountId: recipient, amount: '1' };
    const first = await pay(key, body);
    await t.db.query("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1", [key]);

    const later = await pay(key, body);
    assert.equal(later.status, 200);
    assert.equal(later.headers['idempotent-replayed'], undefined);
    assert.notEqual(later.body.reference, first.body.reference);
    assert.equal(await balance(recipient), '2');

    // And the sweep deletes expired rows.
    await t.db.query("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1", [key]);
    assert.ok((await sweepExpiredKeys(t.db, 1000)) >= 1);
    const left = await t.db.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [key]);
    assert.equal(left.length, 0);
  });
});
