import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createApiKey, createTenant } from '../../src/domain/tenancy/tenancy.service.js';
import type { Database } from '../../src/storage/database.js';
import { countingDatabase, type RoundTrips } from '../helpers/counting-database.js';
import { openTestDatabase } from '../helpers/database.js';
import { createVirtualCurrency } from '../helpers/ledger-fixtures.js';
import { appOnDatabase, clientFor, type LedgerClient, type Reply } from '../helpers/test-app.js';

// A payment, a batch of them and an unblock with a transaction are one statement, the payment function,
// which is its own transaction (docs/decisions/0046-payments-in-one-call.md); so are the steps that lock
// one account and touch nothing a wait could make stale (docs/architecture.md, "Hot paths"). This counts the statements the database
// handle receives per request, a BEGIN and a COMMIT or ROLLBACK counting one each, and checks the answer.

describe('round trips of the money steps', () => {
  let db: Database;
  let app: FastifyInstance;
  let api: LedgerClient;
  let sent: RoundTrips;
  let funded: string;
  let recipient: string;

  before(async () => {
    db = await openTestDatabase();
    const { db: counting, sent: counted } = countingDatabase(db);
    sent = counted;
    // The credit meter writes once an hour here, the webhook worker looks once an hour when nothing wakes
    // it, and the key is read again after an hour, not a second: a busy machine may take longer than
    // that between two steps, and none of these is a step's round trip.
    app = await appOnDatabase(counting, {
      guards: { credits: { flushIntervalMs: 3_600_000 }, webhooks: { idleLookMs: 3_600_000 } },
      bounds: { callerMs: 3_600_000 },
    });
    await createTenant(db, 'round-trips');
    api = clientFor(app, (await createApiKey(db, 'round-trips', 'testnet')).key);
    const { name, issuerId } = await createVirtualCurrency(api, '1000');
    funded = (await api.post('/v3/ledger/account', { currency: name })).body.id;
    recipient = (await api.post('/v3/ledger/account', { currency: name })).body.id;
    await api.post('/v3/ledger/transaction', { senderAccountId: issuerId, recipientAccountId: funded, amount: '100' });
  });
  after(async () => {
    await app?.close();
    await db?.close();
  });

  /** The reply to `send`, and the statements it cost. */
  async function counting(send: () => Promise<Reply>) {
    sent.reset();
    const reply = await send();
    return { status: reply.status, body: reply.body, statements: sent.statements };
  }
  const block = async (amount: string) =>
    (await api.post(`/v3/ledger/account/block/${funded}`, { amount, type: 'HOLD' })).body.id as string;

  it('block: one statement, whether it holds or refuses', async () => {
    const held = await counting(() => api.post(`/v3/ledger/account/block/${funded}`, { amount: '1', type: 'HOLD' }));
    assert.deepEqual([held.status, held.statements], [200, 1]);
    const refused = await counting(() =>
      api.post(`/v3/ledger/account/block/${funded}`, { amount: '1000', type: 'HOLD', ensureSufficientBalance: true }),
    );
    assert.deepEqual([refused.status, refused.body.errorCode, refused.statements], [403, 'balance.insufficient', 1]);
  });

  it('delete one blockage, or all of an account: one statement', async () => {
    const id = await block('1');
    const one = await counting(() => api.delete(`/v3/ledger/account/block/${id}`));
    assert.deepEqual([one.status, one.statements], [204, 1]);
    const all = await counting(() => api.delete(`/v3/ledger/account/block/account/${funded}`));
    assert.deepEqual([all.status, all.statements], [204, 1]);
  });

  it('freeze: one statement; unfreeze: BEGIN, the lock, one statement, COMMIT', async () => {
    const frozen = await counting(() => api.put(`/v3/ledger/account/${funded}/freeze`));
    assert.deepEqual([frozen.status, frozen.statements], [204, 1]);
    const thawed = await counting(() => api.put(`/v3/ledger/account/${funded}/unfreeze`));
    assert.deepEqual([thawed.status, thawed.statements], [204, 4]);
  });

  it('a payment, or a batch of them: one statement, whether it pays or refuses', async () => {
    const pay = (amount: string) =>
      counting(() =>
        api.post('/v3/ledger/transaction', { senderAccountId: funded, recipientAccountId: recipient, amount }),
      );
    const paid = await pay('1');
    assert.deepEqual([paid.status, typeof paid.body.reference, paid.statements], [200, 'string', 1]);
    const refused = await pay('100000');
    assert.deepEqual([refused.status, refused.body.errorCode, refused.statements], [403, 'balance.insufficient', 1]);
    const transaction = [
      { recipientAccountId: recipient, amount: '1' },
      { recipientAccountId: recipient, amount: '2' },
    ];
    const batch = await counting(() =>
      api.post('/v3/ledger/transaction/batch', { senderAccountId: funded, transaction }),
    );
    assert.deepEqual([batch.status, batch.body.length, batch.statements], [200, 2, 1]);
  });

  it('unblock with a transaction: one statement, whether it pays or refuses', async () => {
    const id = await block('2');
    const paid = await counting(() =>
      api.put(`/v3/ledger/account/block/${id}`, { recipientAccountId: recipient, amount: '1' }),
    );
    assert.deepEqual([paid.status, paid.statements], [200, 1]);
    const kept = await block('2');
    const exceeded = await counting(() =>
      api.put(`/v3/ledger/account/block/${kept}`, { recipientAccountId: recipient, amount: '3' }),
    );
    const refusal = [exceeded.status, exceeded.body.errorCode, exceeded.statements];
    assert.deepEqual(refusal, [403, 'blockage.amount.exceeded', 1]);
  });

  it('create an account, or a batch of them: one statement opens them all and returns them', async () => {
    const one = await counting(() => api.post('/v3/ledger/account', { currency: 'BTC' }));
    assert.deepEqual(
      [one.status, one.body.balance, one.statements],
      [200, { accountBalance: '0', availableBalance: '0' }, 3],
    );
    const accounts = [{ currency: 'BTC' }, { currency: 'ETH', accountCode: 'x' }, { currency: 'BTC' }];
    const batch = await counting(() => api.post('/v3/ledger/account/batch', { accounts }));
    assert.equal(batch.status, 200);
    assert.deepEqual(
      batch.body.map((account: { currency: string }) => account.currency),
      ['BTC', 'ETH', 'BTC'],
    );
    assert.equal(batch.statements, 3);
  });
});
