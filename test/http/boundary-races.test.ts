import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newId, newReference } from '../../src/domain/ids.js';
import { onPostgres } from '../helpers/database.js';
import { balanceOf, createAccountIn } from '../helpers/ledger-fixtures.js';
import { suiteTestApp, type LedgerClient, type Reply } from '../helpers/test-app.js';

// Deposits and withdrawals arriving at once (docs/decisions/0027-deposit-reports.md,
// 0028-withdrawals.md): requests spread over three app instances on one PostgreSQL, so that they run
// in the database side by side. Some are first queued behind a lock a connection of the test holds,
// then let go together. On PGlite statements never overlap (one connection): nothing to race.

const BTC_TO = 'tb1q8gk5z3dy7zv9ywe7synlrk58elz4hrne29cpdj';
const ETH_TO = '0x9858effd232b4033e47d90003d41ec34ecaeda94';

let txCounter = 0;
const txId = () => `${process.pid.toString(16)}${(++txCounter).toString(16).padStart(6, '0')}`.padEnd(64, 'c');

describe(
  'deposits and withdrawals at once',
  { skip: !onPostgres && 'PGlite runs one statement at a time' },
  (suite) => {
    const t = suiteTestApp(suite);

    // Two more app instances on the same database, made once for the suite.
    let siblings: Promise<Awaited<ReturnType<typeof t.sibling>>[]> | undefined;

    /** A fresh ledger (a new tenant's testnet one) reached through the app and its two siblings. */
    async function ledger() {
      const keys = await t.newTenant();
      siblings ??= Promise.all([t.sibling(), t.sibling()]);
      const clients = [t.client(keys.testnet), ...(await siblings).map((s) => s.client(keys.testnet))];
      return { api: clients[0]!, through: (i: number) => clients[i % clients.length]! };
    }

    const records = async (api: LedgerClient, id: string) =>
      (await api.post('/v3/ledger/transaction/account?pageSize=50', { id })).body as Record<string, string>[];

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
     * Sends every step while a transaction of the test, having run `hold`, keeps its locks; once all of
     * them wait behind it, ends it (committed, or rolled back when `rollback`), and answers their replies.
     * The pool has ten connections: the test takes two, so at most eight steps.
     */
    async function queued(
      hold: string,
      params: unknown[],
      steps: (() => Promise<Reply>)[],
      { rollback = false } = {},
    ): Promise<Reply[]> {
      assert.ok(steps.length <= 8);
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let holder!: (pid: number) => void;
      const held = new Promise<number>((resolve) => (holder = resolve));
      const undone = new Error('rolled back on purpose');
      const holding = t.db
        .transaction(async (tx) => {
          await tx.query(hold, params);
          const [row] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          holder(row!.pid);
          await released;
          if (rollback) throw undone;
        })
        .catch((error: unknown) => {
          if (error !== undone) throw error;
        });
      const pid = await held;
      const replies = steps.map((step) => step());
      const deadline = Date.now() + 10_000;
      while ((await waitingBehind(pid)) < steps.length) {
        assert.ok(Date.now() < deadline, 'the steps never all waited');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      release();
      await holding;
      return Promise.all(replies);
    }

    describe('one deposit reported many times at once', () => {
      const report = (accountId: string, tx: string, status: string) => ({
        accountId,
        currency: 'ETH',
        txId: tx,
        index: 0,
        amount: '1.5',
        blockHeight: 10,
        status,
      });

      it('20 Done reports: all answer the same deposit, credited once', async () => {
        const { api, through } = await ledger();
        const { accountId } = await createAccountIn(api, 'ETH');
        const tx = txId();
        const replies = await Promise.all(
          Array.from({ length: 20 }, (_, i) => through(i).post('/v3/ledger/deposits', report(accountId, tx, 'Done'))),
        );
        for (const reply of replies) assert.equal(reply.status, 200, JSON.stringify(reply.body));
        for (const reply of replies) assert.deepEqual(reply.body, replies[0]!.body);
        assert.equal(replies[0]!.body.status, 'Done');
        assert.deepEqual(await balanceOf(api, accountId), { accountBalance: '1.5', availableBalance: '1.5' });
        const credits = await records(api, accountId);
        assert.deepEqual(
          credits.map((r) => [r.transactionType, r.amount, r.reference]),
          [['CREDIT_DEPOSIT', '1.5', replies[0]!.body.reference]],
        );
        assert.equal((await api.get('/v3/ledger/deposits/count')).body.total, 1);
      });

      it('20 reports mixing InProgress and Done: one deposit, Done, credited once', async () => {
        const { api, through } = await ledger();
        const { accountId } = await createAccountIn(api, 'ETH');
        const tx = txId();
        const replies = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            through(i).post('/v3/ledger/deposits', report(accountId, tx, i % 2 ? 'Done' : 'InProgress')),
          ),
        );
        for (const reply of replies) assert.equal(reply.status, 200, JSON.stringify(reply.body));
        assert.equal(new Set(replies.map((r) => r.body.reference)).size, 1);
        assert.ok(replies.every((r) => r.body.status === 'InProgress' || r.body.status === 'Done'));
        assert.ok(replies.some((r) => r.body.status === 'Done'));
        const [listed] = (await api.get('/v3/ledger/deposits')).body;
        assert.equal(listed.status, 'Done');
        assert.equal((await api.get('/v3/ledger/deposits/count')).body.total, 1);
        assert.deepEqual(await balanceOf(api, accountId), { accountBalance: '1.5', availableBalance: '1.5' });
        assert.equal((await records(api, accountId)).length, 1);
      });

      it('20 Done reports of a deposit already InProgress: credited once', async () => {
        const { api, through } = await ledger();
        const { accountId } = await createAccountIn(api, 'ETH');
        const tx = txId();
        const first = await api.post('/v3/ledger/deposits', report(accountId, tx, 'InProgress'));
        assert.equal(first.status, 200);
        const replies = await Promise.all(
          Array.from({ length: 20 }, (_, i) => through(i).post('/v3/ledger/deposits', report(accountId, tx, 'Done'))),
        );
        for (const reply of replies) assert.deepEqual(reply.body, replies[0]!.body);
        assert.deepEqual([replies[0]!.body.status, replies[0]!.body.reference], ['Done', first.body.reference]);
        assert.deepEqual(await balanceOf(api, accountId), { accountBalance: '1.5', availableBalance: '1.5' });
        assert.equal((await records(api, accountId)).length, 1);
      });

      // The first to move the deposit to Done waits for what is held; the others must wait for it, and
      // then find the deposit Done, not InProgress as it was when they arrived.
      const holds = [
        { behind: 'the account', lock: 'SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE', of: 'account' },
        { behind: 'its row', lock: 'SELECT 1 FROM deposits WHERE tx_id = $1 FOR UPDATE', of: 'tx' },
      ] as const;
      for (const { behind, lock, of } of holds) {
        it(`8 Done reports of a deposit InProgress, queued behind ${behind}: credited once when they go`, async () => {
          const { api, through } = await ledger();
          const { accountId } = await createAccountIn(api, 'ETH');
          const tx = txId();
          assert.equal((await api.post('/v3/ledger/deposits', report(accountId, tx, 'InProgress'))).status, 200);
          const replies = await queued(
            lock,
            [of === 'account' ? accountId : tx],
            Array.from(
              { length: 8 },
              (_, i) => () => through(i).post('/v3/ledger/deposits', report(accountId, tx, 'Done')),
            ),
          );
          for (const reply of replies) assert.equal(reply.status, 200, JSON.stringify(reply.body));
          for (const reply of replies) assert.deepEqual(reply.body, replies[0]!.body);
          assert.equal(replies[0]!.body.status, 'Done');
          assert.deepEqual(await balanceOf(api, accountId), { accountBalance: '1.5', availableBalance: '1.5' });
          assert.equal((await records(api, accountId)).length, 1);
        });
      }
    });

    it('50 ETH withdrawals from a balance that covers 32: 32 debited, never below zero', async () => {
      const { api, through } = await ledger();
      const { accountId } = await createAccountIn(api, 'ETH');
      const funded = await api.post('/v3/ledger/deposits', {
        accountId,
        currency: 'ETH',
        txId: txId(),
        index: 0,
        amount: '10',
        blockHeight: 1,
        status: 'Done',
      });
      assert.equal(funded.status, 200);
      const replies = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          through(i).post('/v3/offchain/withdrawal', {
            senderAccountId: accountId,
            address: ETH_TO,
            amount: '0.3',
            fee: '0.01',
          }),
        ),
      );
      const stored = replies.filter((r) => r.status === 200);
      const refused = replies.filter((r) => r.status !== 200);
      assert.equal(stored.length, Math.floor(10 / 0.31));
      assert.equal(stored.length, 32);
      for (const reply of refused) {
        assert.equal(reply.status, 403, JSON.stringify(reply.body));
        assert.equal(reply.body.errorCode, 'balance.insufficient');
        // Each was judged against what the ones before it left: never more than one withdrawal's worth.
        assert.match(reply.body.message, /payment amount 0\.31\. Sender balance is 0\.08\.$/);
      }
      assert.deepEqual(await balanceOf(api, accountId), { accountBalance: '0.08', availableBalance: '0.08' });
      const debits = (await records(api, accountId)).filter((r) => r.transactionType === 'DEBIT_WITHDRAWAL');
      assert.equal(debits.length, 32);
      assert.ok(debits.every((r) => r.amount === '-0.31'));
      assert.deepEqual(
        new Set(debits.map((r) => r.reference)),
        new Set(stored.map((r) => r.body.reference)),
        'a record for each stored withdrawal',
      );
      const listed = (await api.get('/v3/offchain/withdrawal?pageSize=50')).body as { id: string; status: string }[];
      assert.deepEqual(new Set(listed.map((w) => w.id)), new Set(stored.map((r) => r.body.id)));
      assert.ok(listed.every((w) => w.status === 'InProgress'));
    });

    describe('BTC withdrawals from different accounts of one ledger at once', () => {
      async function btcAccounts(api: LedgerClient, count: number) {
        const ids: string[] = [];
        for (let i = 0; i < count; i++) {
          const { accountId } = await createAccountIn(api, 'BTC');
          const deposit = await api.post('/v3/ledger/deposits', {
            accountId,
            currency: 'BTC',
            txId: txId(),
            index: 0,
            amount: '1',
            blockHeight: 1,
            status: 'Done',
          });
          assert.equal(deposit.status, 200);
          ids.push(accountId);
        }
        return ids;
      }

      async function assertOneStored(api: LedgerClient, accounts: string[], replies: Reply[]) {
        const stored = replies.filter((r) => r.status === 200);
        assert.equal(stored.length, 1, JSON.stringify(replies.map((r) => r.body)));
        const id = stored[0]!.body.id as string;
        for (const reply of replies.filter((r) => r.status !== 200)) {
          assert.deepEqual(reply.body, {
            statusCode: 403,
            errorCode: 'withdrawal.pending',
            message: `Unable to prepare withdrawal, last withdrawal with id ${id} is not yet processed by blockchain.`,
          });
        }
        const balances = await Promise.all(accounts.map(async (a) => (await balanceOf(api, a)).accountBalance));
        assert.deepEqual(balances.sort(), [...Array(accounts.length - 1).fill('1'), '0.899'].sort());
        const listed = (await api.get('/v3/offchain/withdrawal?pageSize=50')).body as { id: string }[];
        assert.deepEqual(
          listed.map((w) => w.id),
          [id],
        );
      }

      it('10 at once: one stored, the others withdrawal.pending', async () => {
        const { api, through } = await ledger();
        const accounts = await btcAccounts(api, 10);
        const replies = await Promise.all(
          accounts.map((senderAccountId, i) =>
            through(i).post('/v3/offchain/withdrawal', {
              senderAccountId,
              address: BTC_TO,
              amount: '0.1',
              fee: '0.001',
            }),
          ),
        );
        await assertOneStored(api, accounts, replies);
      });

      it('8 that all found none pending, queued on the one-pending index: one stored', async () => {
        const { api, through } = await ledger();
        const accounts = await btcAccounts(api, 9);
        const [ledgerRow] = await t.db.query<{ ledger_id: string }>('SELECT ledger_id FROM accounts WHERE id = $1', [
          accounts[0],
        ]);
        // An uncommitted pending withdrawal of the ledger's BTC: each request finds none pending (it cannot
        // see it) and waits on the unique index; rolled back, the requests race for the place.
        const replies = await queued(
          `INSERT INTO withdrawals (id, ledger_id, account_id, currency, address, amount, fee, fee_included,
           reference, status, one_at_a_time)
         VALUES ($1, $2, $3, 'BTC', 'tb1q', 0.1, 0, true, $4, 'InProgress', true)`,
          [newId(), ledgerRow!.ledger_id, accounts[8], newReference()],
          accounts.slice(0, 8).map(
            (senderAccountId, i) => () =>
              through(i).post('/v3/offchain/withdrawal', {
                senderAccountId,
                address: BTC_TO,
                amount: '0.1',
                fee: '0.001',
              }),
          ),
          { rollback: true },
        );
        await assertOneStored(api, accounts, replies);
      });
    });

    describe('cancel racing complete and a second cancel', () => {
      it('refunds each withdrawal once', async () => {
        const { api, through } = await ledger();
        const { accountId } = await createAccountIn(api, 'ETH');
        await api.post('/v3/ledger/deposits', {
          accountId,
          currency: 'ETH',
          txId: txId(),
          index: 0,
          amount: '10',
          blockHeight: 1,
          status: 'Done',
        });
        const ids: string[] = [];
        for (let i = 0; i < 8; i++) {
          const reply = await api.post('/v3/offchain/withdrawal', {
            senderAccountId: accountId,
            address: ETH_TO,
            amount: '1',
            fee: '0.1',
          });
          assert.equal(reply.status, 200);
          ids.push(reply.body.id);
        }
        assert.equal((await balanceOf(api, accountId)).accountBalance, '1.2');
        const txIds = ids.map(() => txId());
        const replies = await Promise.all(
          ids.map((id, k) =>
            Promise.all([
              through(k).delete(`/v3/offchain/withdrawal/${id}`),
              through(k + 1).put(`/v3/offchain/withdrawal/${id}/${txIds[k]}`),
              through(k + 2).delete(`/v3/offchain/withdrawal/${id}?revert=${k % 2 ? 'true' : 'false'}`),
            ]),
          ),
        );
        const listed = new Map(
          (
            (await api.get('/v3/offchain/withdrawal?pageSize=50')).body as {
              id: string;
              status: string;
              txId: string;
            }[]
          ).map((w) => [w.id, w]),
        );
        // In tenths: what is left before the refunds.
        let tenths = 12;
        for (const [k, [first, completed, second]] of replies.entries()) {
          const cancels = [first!, second!];
          const won = cancels.filter((r) => r.status === 204);
          assert.equal(won.length, 1, JSON.stringify(cancels.map((r) => r.body)));
          const lost = cancels.find((r) => r.status !== 204)!;
          assert.equal(lost.body.errorCode, 'withdrawal.not.cancelled.transaction.failed');
          if (completed!.status !== 204) assert.equal(completed!.body.errorCode, 'withdrawal.unexpected.state');
          const withdrawal = listed.get(ids[k]!)!;
          assert.equal(withdrawal.status, 'Cancelled');
          assert.equal(withdrawal.txId, completed!.status === 204 ? txIds[k] : null);
          // The first cancel refunds the fee (revert is true by default), the second only for an odd k.
          const feeBack = won[0] === first || k % 2 === 1;
          tenths += feeBack ? 11 : 10;
        }
        const refunds = (await records(api, accountId)).filter((r) => r.transactionType === 'CANCEL_WITHDRAWAL');
        assert.equal(refunds.length, 8);
        assert.equal((await balanceOf(api, accountId)).accountBalance, String(tenths / 10));
      });
    });
  },
);
