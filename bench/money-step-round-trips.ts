// Statements sent to the database per money step, each counted as a round trip: every query, and a
// BEGIN and a COMMIT (or ROLLBACK) per transaction. `npx tsx bench/money-step-round-trips.ts` (PGlite
// in memory), or with TEST_DATABASE_URL set (PostgreSQL). The requests go through the whole app, as a
// client's do; the customer cache is warm, as it is on a running server.
import { createLedger } from '../src/domain/create-ledger.js';
import { buildApp } from '../src/http/app.js';
import { createApiKey, createTenant } from '../src/domain/tenancy/tenancy.service.js';
import { countingDatabase } from '../test/helpers/counting-database.js';
import { openTestDatabase } from '../test/helpers/database.js';

const db = await openTestDatabase();
const { db: counting, sent } = countingDatabase(db);
await createTenant(db, 'bench');
const key = (await createApiKey(db, 'bench', 'testnet')).key;
// The credit meter writes once an hour here, so that its flush is never counted as a step's.
const ledger = createLedger({ db: counting, config: { credits: { flushIntervalMs: 3_600_000 } } });
await ledger.start();
const app = await buildApp({ ledger });

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
async function call(method: Method, url: string, payload?: object, expected = [200, 204]) {
  const reply = await app.inject({ method, url, headers: { 'x-api-key': key }, ...(payload ? { payload } : {}) });
  if (!expected.includes(reply.statusCode)) throw new Error(`${method} ${url}: ${reply.statusCode} ${reply.body}`);
  return reply.body ? reply.json() : undefined;
}
/** The statements one request sends. */
async function count(method: Method, url: string, payload?: object, expected?: number[]) {
  sent.reset();
  const body = await call(method, url, payload, expected);
  return { statements: sent.statements, body };
}

const issuer = (
  await call('POST', '/v3/ledger/virtualCurrency', { name: 'VC_STEPS', supply: '1000000', basePair: 'EUR' })
).id as string;
const account = async (customer?: string) =>
  (
    await call('POST', '/v3/ledger/account', {
      currency: 'VC_STEPS',
      ...(customer ? { customer: { externalId: customer } } : {}),
    })
  ).id as string;
const funded = await account('steps-customer');
const recipient = await account('steps-customer');
await call('POST', '/v3/ledger/transaction', { senderAccountId: issuer, recipientAccountId: funded, amount: '1000' });
const block = (amount: string, ensureSufficientBalance = false) =>
  call('POST', `/v3/ledger/account/block/${funded}`, { amount, type: 'HOLD', ensureSufficientBalance });
let customers = 0;

const steps: [string, () => Promise<{ statements: number }>][] = [
  [
    'payment',
    () =>
      count('POST', '/v3/ledger/transaction', { senderAccountId: funded, recipientAccountId: recipient, amount: '1' }),
  ],
  [
    'payment, refused: balance.insufficient',
    () =>
      count(
        'POST',
        '/v3/ledger/transaction',
        { senderAccountId: recipient, recipientAccountId: funded, amount: '100000' },
        [403],
      ),
  ],
  ['block', () => count('POST', `/v3/ledger/account/block/${funded}`, { amount: '1', type: 'HOLD' })],
  [
    'block, ensureSufficientBalance',
    () =>
      count('POST', `/v3/ledger/account/block/${funded}`, { amount: '1', type: 'HOLD', ensureSufficientBalance: true }),
  ],
  [
    'block, refused: balance.insufficient',
    () =>
      count(
        'POST',
        `/v3/ledger/account/block/${funded}`,
        { amount: '100000', type: 'HOLD', ensureSufficientBalance: true },
        [403],
      ),
  ],
  [
    'unblock with transaction',
    async () => {
      const { id } = await block('2');
      return count('PUT', `/v3/ledger/account/block/${id}`, { recipientAccountId: recipient, amount: '1' });
    },
  ],
  [
    'unblock with transaction, refused: blockage.amount.exceeded',
    async () => {
      const { id } = await block('2');
      return count('PUT', `/v3/ledger/account/block/${id}`, { recipientAccountId: recipient, amount: '3' }, [403]);
    },
  ],
  [
    'delete a blockage',
    async () => {
      const { id } = await block('1');
      return count('DELETE', `/v3/ledger/account/block/${id}`);
    },
  ],
  [
    'delete all blockages of an account',
    async () => {
      await block('1');
      return count('DELETE', `/v3/ledger/account/block/account/${funded}`);
    },
  ],
  [
    'freeze',
    async () => {
      const frozen = await count('PUT', `/v3/ledger/account/${funded}/freeze`);
      await call('PUT', `/v3/ledger/account/${funded}/unfreeze`);
      return frozen;
    },
  ],
  [
    'unfreeze',
    async () => {
      await call('PUT', `/v3/ledger/account/${funded}/freeze`);
      return count('PUT', `/v3/ledger/account/${funded}/unfreeze`);
    },
  ],
  ['create account, no customer', () => count('POST', '/v3/ledger/account', { currency: 'VC_STEPS' })],
  [
    'create account, new customer',
    () => count('POST', '/v3/ledger/account', { currency: 'VC_STEPS', customer: { externalId: `new-${++customers}` } }),
  ],
  [
    'create account batch of 10, one new customer',
    () =>
      count('POST', '/v3/ledger/account/batch', {
        accounts: Array.from({ length: 10 }, () => ({
          currency: 'VC_STEPS',
          customer: { externalId: `batch-${customers}` },
        })),
      }).finally(() => customers++),
  ],
  [
    'deactivate and activate',
    async () => {
      const id = await account('steps-customer');
      const deactivated = await count('PUT', `/v3/ledger/account/${id}/deactivate`);
      const activated = await count('PUT', `/v3/ledger/account/${id}/activate`);
      return { statements: deactivated.statements + activated.statements };
    },
  ],
  ['mint', () => count('PUT', '/v3/ledger/virtualCurrency/mint', { accountId: funded, amount: '1' })],
  ['revoke', () => count('PUT', '/v3/ledger/virtualCurrency/revoke', { accountId: funded, amount: '1' })],
  [
    'create virtual currency',
    () => count('POST', '/v3/ledger/virtualCurrency', { name: `VC_NEW_${++customers}`, supply: '10', basePair: 'EUR' }),
  ],
  ['get account balance', () => count('GET', `/v3/ledger/account/${funded}/balance`)],
];

const runs = Number(process.env.RUNS ?? 3);
for (const [label, step] of steps) {
  await step(); // warm caches
  let total = 0;
  for (let i = 0; i < runs; i++) total += (await step()).statements;
  console.log(`${label}: ${total / runs}`);
}
await app.close();
await ledger.close();
await db.close();
