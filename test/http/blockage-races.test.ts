import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { onPostgres } from '../helpers/database.js';
import { balanceOf, createAccountIn, createVirtualCurrency, pay } from '../helpers/ledger-fixtures.js';
import { startTestApp, type LedgerClient, type Reply, type TestApp } from '../helpers/test-app.js';

// Steps that queue for one account's lock, in a known order: a connection of the test holds the
// account's row, the steps arrive and wait behind it, and it lets go. Each step must then act on the
// account and its blockages as the steps before it left them, not as they were when it arrived. On
// PGlite steps never overlap (one connection), so there is nothing to race.

describe('steps waiting for one account', { skip: !onPostgres && 'PGlite runs one step at a time' }, () => {
  let t: TestApp;
  let api: LedgerClient;
  let account: string;
  let other: string;
  before(async () => {
    t = await startTestApp();
    api = t.client();
    const { name, issuerId } = await createVirtualCurrency(api, '100');
    account = (await createAccountIn(api, name)).accountId;
    other = (await createAccountIn(api, name)).accountId;
    await pay(api, issuerId, account, '10');
  });
  after(() => t.close());

  /** How many connections wait, directly or behind another waiter, for the one whose backend is `pid`. */
  async function waitingBehind(pid: number): Promise<number> {
    const [row] = await t.db.query<{ waiting: number }>(
      `WITH RECURSIVE waiting(pid) AS (
         SELECT pid FROM pg_stat_activity WHERE $1::int = ANY (pg_blocking_pids(pid))
         UNION SELECT a.pid FROM pg_stat_activity a JOIN waiting w ON w.pid = ANY (pg_blocking_pids(a.pid))
       ) SELECT count(*)::int AS waiting FROM waiting`,
      [pid],
    );
    return row!.waiting;
  }

  /**
   * Sends `steps` one after another while the account's row is held, each once the one before waits,
   * then lets go; resolves to their replies in order.
   */
  async function queued(steps: (() => Promise<Reply>)[]): Promise<Reply[]> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holder!: (pid: number) => void;
    const held = new Promise<number>((resolve) => (holder = resolve));
    const holding = t.db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE', [account]);
      const [row] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      holder(row!.pid);
      await released;
    });
    const pid = await held;
    const replies: Promise<Reply>[] = [];
    for (const step of steps) {
      replies.push(step());
      while ((await waitingBehind(pid)) < replies.length) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    release();
    await holding;
    return Promise.all(replies);
  }

  it('unfreeze deletes the blockage of a freeze that committed while it waited', async () => {
    const [frozen, thawed] = await queued([
      () => api.put(`/v3/ledger/account/${account}/freeze`),
      () => api.put(`/v3/ledger/account/${account}/unfreeze`),
    ]);
    assert.deepEqual([frozen!.status, thawed!.status], [204, 204]);
    const blockages = await api.get(`/v3/ledger/account/block/${account}?pageSize=50`);
    assert.deepEqual(blockages.body, []);
    assert.deepEqual(await balanceOf(api, account), { accountBalance: '10', availableBalance: '10' });
  });

  it('a block judges the balance a payment before it left, and a freeze holds what that left', async () => {
    const [paid, blocked, frozen] = await queued([
      () => pay(api, account, other, '1'),
      () =>
        api.post(`/v3/ledger/account/block/${account}`, { amount: '9.5', type: 'HOLD', ensureSufficientBalance: true }),
      () => api.put(`/v3/ledger/account/${account}/freeze`),
    ]);
    assert.equal(paid!.status, 200);
    assert.deepEqual([blocked!.status, blocked!.body.errorCode], [403, 'balance.insufficient']);
    assert.match(blocked!.body.message, /Sender balance is 9\.$/);
    assert.equal(frozen!.status, 204);
    const blockages = (await api.get(`/v3/ledger/account/block/${account}?pageSize=50`)).body;
    assert.deepEqual(
      blockages.map((b: { type: string; amount: string }) => [b.type, b.amount]),
      [['ACCOUNT_FROZEN', '9']],
    );
    assert.equal((await api.put(`/v3/ledger/account/${account}/unfreeze`)).status, 204);
  });

  it('of an unblock and a deletion of one blockage, the second finds it gone and changes nothing', async () => {
    const { body } = await api.post(`/v3/ledger/account/block/${account}`, { amount: '3', type: 'HOLD' });
    const [unblocked, deleted] = await queued([
      () => api.put(`/v3/ledger/account/block/${body.id}`, { recipientAccountId: other, amount: '2' }),
      () => api.delete(`/v3/ledger/account/block/${body.id}`),
    ]);
    assert.equal(unblocked!.status, 200);
    assert.deepEqual([deleted!.status, deleted!.body.errorCode], [403, 'blockage.not.exists']);
    assert.deepEqual(await balanceOf(api, account), { accountBalance: '7', availableBalance: '7' });
    assert.deepEqual(await balanceOf(api, other), { accountBalance: '3', availableBalance: '3' });
  });
});
