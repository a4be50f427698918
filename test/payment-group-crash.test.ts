import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, it } from 'node:test';
import { describeOnServerDatabase } from './helpers/server-databases.js';
import { spawnServer, type SpawnedServer } from './helpers/spawn-server.js';

// Concurrent payments are applied in groups, one statement and one commit each
// (docs/decisions/0046-payments-in-one-call.md). A server killed (SIGKILL) while 32 clients keep it
// busy, so that groups are on their way to the database, must leave every payment it acknowledged,
// whole, and nothing but payments that were sent and still waiting for their answer: no half of one,
// none twice, and every balance the sum of its records.
const API_KEY = `group-crash-test-${randomUUID()}`;
const ACCOUNTS = 16;
const FUNDS = '1000';
const WORKERS = 32;
const ACKNOWLEDGED_BEFORE_KILL = 300;

interface LedgerRecord {
  accountId: string;
  reference: string;
  amount: string;
  transactionType: string;
  paymentId: string | null;
}

function crashTests(database: () => Record<string, string>) {
  const servers: SpawnedServer[] = [];
  after(() => servers.forEach((server) => server.process.exitCode === null && server.process.kill('SIGKILL')));
  const start = async () => {
    const server = await spawnServer({ ...database(), LEDGER_API_KEY_TESTNET: API_KEY });
    servers.push(server);
    return server;
  };
  const headers = { 'x-api-key': API_KEY, 'content-type': 'application/json' };
  const post = (url: string, path: string, body: object) =>
    fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  // Bodies as the client reads them; the assertions say what they must hold.
  const json = async (response: Response | Promise<Response>): Promise<any> => (await response).json();

  it('keeps every acknowledged payment and nothing but whole payments that were sent', async () => {
    const first = await start();
    const issuer = await json(
      post(first.url, '/v3/ledger/virtualCurrency', { name: 'VC_GROUPS', supply: '1000000', basePair: 'EUR' }),
    );
    const accounts: string[] = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      const account = await json(post(first.url, '/v3/ledger/account', { currency: 'VC_GROUPS' }));
      const funded = await post(first.url, '/v3/ledger/transaction', {
        senderAccountId: issuer.id,
        recipientAccountId: account.id,
        amount: FUNDS,
        paymentId: 'funding',
      });
      assert.equal(funded.status, 200, first.output());
      accounts.push(account.id);
    }

    const sent = new Set<string>();
    const acknowledged = new Map<string, string>();
    let inFlightAtKill = -1;
    let killed = false;
    let next = 0;
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      first.process.once('exit', (_code, signal) => resolve(signal)),
    );
    const worker = async () => {
      while (!killed) {
        const paymentId = `load-${next++}`;
        const sender = accounts[Math.floor(Math.random() * ACCOUNTS)]!;
        let recipient = sender;
        while (recipient === sender) recipient = accounts[Math.floor(Math.random() * ACCOUNTS)]!;
        sent.add(paymentId);
        let response: Response;
        try {
          response = await post(first.url, '/v3/ledger/transaction', {
            senderAccountId: sender,
            recipientAccountId: recipient,
            amount: '1',
            paymentId,
          });
        } catch {
          return; // The server is gone.
        }
        assert.equal(response.status, 200);
        acknowledged.set(paymentId, (await json(response)).reference);
        if (acknowledged.size === ACKNOWLEDGED_BEFORE_KILL) {
          inFlightAtKill = sent.size - acknowledged.size;
          killed = true;
          first.process.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    assert.equal(await exited, 'SIGKILL', first.output());
    assert.ok(inFlightAtKill > 0, 'payments were on their way when the server died');

    const second = await start();
    try {
      const records: LedgerRecord[] = [];
      for (let offset = 0; ; offset += 50) {
        const page: LedgerRecord[] = await json(
          post(second.url, `/v3/ledger/transaction/ledger?pageSize=50&offset=${offset}`, {}),
        );
        records.push(...page);
        if (page.length < 50) break;
      }
      const load = records.filter((record) => record.paymentId !== 'funding' && record.paymentId !== null);
      const byReference = new Map<string, LedgerRecord[]>();
      for (const record of load)
        byReference.set(record.reference, [...(byReference.get(record.reference) ?? []), record]);

      const kept = new Map<string, string>();
      for (const [reference, pair] of byReference) {
        assert.deepEqual(
          pair.map((record) => [record.transactionType, record.amount, record.paymentId]).sort(),
          [
            ['CREDIT_PAYMENT', '1', pair[0]!.paymentId],
            ['DEBIT_PAYMENT', '-1', pair[0]!.paymentId],
          ],
          'a payment is kept whole: both records, one payment id',
        );
        const paymentId = pair[0]!.paymentId!;
        assert.ok(sent.has(paymentId), `${paymentId} was sent`);
        assert.ok(!kept.has(paymentId), `${paymentId} was kept once`);
        kept.set(paymentId, reference);
      }
      for (const [paymentId, reference] of acknowledged) {
        assert.equal(kept.get(paymentId), reference, `the acknowledged payment ${paymentId} is kept`);
      }
      const unanswered = [...kept.keys()].filter((paymentId) => !acknowledged.has(paymentId));
      assert.ok(unanswered.length <= inFlightAtKill, 'the only payments kept unanswered are ones that were waiting');

      let total = 0n;
      for (const account of accounts) {
        const balance = await json(fetch(`${second.url}/v3/ledger/account/${account}/balance`, { headers }));
        const moved = load
          .filter((record) => record.accountId === account)
          .reduce((sum, record) => sum + BigInt(record.amount), 0n);
        assert.equal(balance.accountBalance, String(BigInt(FUNDS) + moved), `the balance of ${account}`);
        total += BigInt(balance.accountBalance);
      }
      assert.equal(total, BigInt(FUNDS) * BigInt(ACCOUNTS), 'no money made or lost');
    } finally {
      assert.equal(await second.stop('SIGTERM'), 0, second.output());
    }
  });
}

describeOnServerDatabase('payment groups across a server crash', crashTests);
