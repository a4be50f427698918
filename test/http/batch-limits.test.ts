import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { MAX_BATCH_ACCOUNTS } from '../../src/contract/account.schema.js';
import { MAX_BATCH_PAYMENTS } from '../../src/contract/transaction.schema.js';
import { balanceOf, createVirtualCurrency } from '../helpers/ledger-fixtures.js';
import { suiteTestApp } from '../helpers/test-app.js';

// A batch is one database transaction; on PGlite it also runs in the server's own thread. Its size is
// bounded, and while the largest allowed one runs, /health (which touches no database) still answers.
// Requests go over a real socket, as a load balancer's probe would.

describe('batch sizes', (suite) => {
  const t = suiteTestApp(suite);
  const api = t.client();
  let url: string;
  before(async () => {
    url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': t.keys.testnet },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  /**
   * Runs `work` while /health is asked again and again; returns its result, how long it took, and the
   * longest stretch in which no /health answer arrived.
   */
  async function whileProbingHealth<T>(work: () => Promise<T>) {
    let done = false;
    const started = performance.now();
    const answeredAt: number[] = [started];
    const probe = (async () => {
      while (!done) {
        const health = await fetch(`${url}/health`);
        assert.equal(health.status, 200);
        await health.text();
        answeredAt.push(performance.now());
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const result = await work();
    const elapsed = performance.now() - started;
    done = true;
    await probe;
    const longestSilence = Math.max(...answeredAt.slice(1).map((at, i) => at - answeredAt[i]!));
    return { result, elapsed, longestSilence };
  }

  it('refuses a batch over the maximum with 400 before moving anything', async () => {
    const { name, issuerId } = await createVirtualCurrency(api, '100000');
    const [recipient] = (await post('/v3/ledger/account/batch', { accounts: [{ currency: name }] })).body;
    const payments = (count: number) => ({
      senderAccountId: issuerId,
      transaction: Array.from({ length: count }, () => ({ recipientAccountId: recipient.id, amount: '1' })),
    });
    const refused = await post('/v3/ledger/transaction/batch', payments(8000));
    assert.equal(refused.status, 400);
    assert.equal(refused.body.errorCode, 'validation.failed');
    assert.match(refused.body.data[0].constraints.arrayMaxSize, new RegExp(`${MAX_BATCH_PAYMENTS}`));
    assert.deepEqual(await balanceOf(api, issuerId), { accountBalance: '100000', availableBalance: '100000' });
    assert.equal((await post('/v3/ledger/transaction/batch', payments(MAX_BATCH_PAYMENTS + 1))).status, 400);

    const accounts = await post('/v3/ledger/account/batch', {
      accounts: Array.from({ length: MAX_BATCH_ACCOUNTS + 1 }, () => ({ currency: name })),
    });
    assert.equal(accounts.status, 400);
    assert.equal(typeof accounts.body.data[0].constraints.arrayMaxSize, 'string');
    const count = await api.get(`/v3/ledger/account/count?currency=${name}`);
    assert.equal(count.body.total, 2, JSON.stringify(count.body));
  });

  it('keeps /health answering while the largest batches run', async (context) => {
    const { name, issuerId } = await createVirtualCurrency(api, '100000');
    const accounts = await whileProbingHealth(() =>
      post('/v3/ledger/account/batch', {
        accounts: Array.from({ length: MAX_BATCH_ACCOUNTS }, () => ({ currency: name })),
      }),
    );
    assert.equal(accounts.result.status, 200);
    const payments = await whileProbingHealth(() =>
      post('/v3/ledger/transaction/batch', {
        senderAccountId: issuerId,
        transaction: accounts.result.body.map((a: { id: string }) => ({ recipientAccountId: a.id, amount: '1' })),
      }),
    );
    assert.equal(payments.result.status, 200, JSON.stringify(payments.result.body).slice(0, 300));
    assert.equal((await balanceOf(api, issuerId)).accountBalance, String(100000 - MAX_BATCH_PAYMENTS));
    for (const [what, run] of Object.entries({ accounts, payments })) {
      context.diagnostic(
        `${what}: ${Math.round(run.elapsed)} ms, /health silent for at most ${Math.round(run.longestSilence)} ms`,
      );
      // Absolute, as a load balancer sees it. A payment batch and an account batch are one statement
      // each (an account batch's customers are upserted one by one, giving the event loop turns), and
      // on PGlite a statement holds the thread while it runs: only the absolute bound applies.
      assert.ok(run.longestSilence < 1000, `${what}: /health silent for ${run.longestSilence} ms`);
    }
  });
});
