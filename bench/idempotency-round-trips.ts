// Statements sent to the database per payment, with and without an Idempotency-Key: each query, and a
// BEGIN and a COMMIT (or ROLLBACK) per transaction. `npx tsx bench/idempotency-round-trips.ts`
// (PGlite in memory), with LEDGER_DATA_DIR=<empty folder> (PGlite on disk) or with TEST_DATABASE_URL set
// (PostgreSQL).
import { randomUUID } from 'node:crypto';
import { createLedger } from '../src/domain/create-ledger.js';
import { buildApp } from '../src/http/app.js';
import { createApiKey, createTenant } from '../src/domain/tenancy/tenancy.service.js';
import { connectStorage } from '../src/storage/connect.js';
import { countingDatabase } from '../test/helpers/counting-database.js';
import { openTestDatabase } from '../test/helpers/database.js';

const dataDir = process.env.LEDGER_DATA_DIR;
const db = dataDir ? await connectStorage({ dataDir }) : await openTestDatabase();
const { db: counting, sent } = countingDatabase(db);
await createTenant(db, 'bench');
const key = (await createApiKey(db, 'bench', 'testnet')).key;
const ledger = createLedger({ db: counting });
await ledger.start();
const app = await buildApp({ ledger });
const call = async (url: string, payload: object, headers: Record<string, string> = {}) => {
  const reply = await app.inject({ method: 'POST', url, headers: { 'x-api-key': key, ...headers }, payload });
  if (reply.statusCode !== 200) throw new Error(reply.body);
  return reply.json();
};
const issuer = (await call('/v3/ledger/virtualCurrency', { name: 'VC_BENCH', supply: '1000', basePair: 'EUR' })).id;
const recipient = (await call('/v3/ledger/account', { currency: 'VC_BENCH' })).id;
const body = { senderAccountId: issuer, recipientAccountId: recipient, amount: '1' };
// The two kinds alternate, so that a machine busy with something else slows both alike.
const kinds = [
  { label: 'without a key', headers: (): Record<string, string> => ({}), statements: 0, commits: 0, ms: 0 },
  { label: 'with a key', headers: () => ({ 'idempotency-key': randomUUID() }), statements: 0, commits: 0, ms: 0 },
];
for (const kind of kinds) await call('/v3/ledger/transaction', body, kind.headers()); // warm caches
const runs = Number(process.env.RUNS ?? 200);
for (let i = 0; i < runs; i++) {
  for (const kind of kinds) {
    sent.reset();
    const started = performance.now();
    await call('/v3/ledger/transaction', body, kind.headers());
    kind.ms += performance.now() - started;
    kind.statements += sent.statements;
    kind.commits += sent.commits;
  }
}
for (const { label, statements: s, commits: c, ms } of kinds) {
  console.log(`${label}: ${s / runs} statements, ${c / runs} commits, ${(ms / runs).toFixed(2)} ms per payment`);
}
await app.close();
await ledger.close();
await db.close();
