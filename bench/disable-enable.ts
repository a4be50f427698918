// Disable and enable of a customer with 1 account and with 1,000 accounts, through the full HTTP stack
// (inject), on PGlite or on PostgreSQL (DATABASE_URL). Both flip one customer flag; balances read it
// when computed, so the cost should not grow with the accounts. Prints medians; asserts nothing.
//   npx tsx bench/disable-enable.ts [--rounds 200]
import { parseArgs } from 'node:util';
import { buildApp } from '../src/http/app.js';
import { createApiKey, createTenant } from '../src/domain/tenancy/tenancy.service.js';
import { connectStorage } from '../src/storage/connect.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '200' } } });
const rounds = Number(values.rounds);

const db = await connectStorage({ databaseUrl: process.env.DATABASE_URL, dataDir: 'memory://' });
const app = await buildApp({ db });
const tenant = `bench-${Date.now()}`;
await createTenant(db, tenant);
const { key } = await createApiKey(db, tenant, 'testnet');

async function call(method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  const reply = await app.inject({ method, url, headers: { 'x-api-key': key }, ...(payload ? { payload } : {}) });
  if (reply.statusCode >= 300) throw new Error(`${method} ${url}: ${reply.statusCode} ${reply.body}`);
  return reply.body ? JSON.parse(reply.body) : undefined;
}

async function customerWithAccounts(count: number): Promise<string> {
  const externalId = `bench-${count}-${Date.now()}`;
  let customerId = '';
  for (let made = 0; made < count; made += 100) {
    const accounts = Array.from({ length: Math.min(100, count - made) }, () => ({
      currency: 'BTC',
      customer: { externalId },
    }));
    customerId = (await call('POST', '/v3/ledger/account/batch', { accounts }))[0].customerId;
  }
  return customerId;
}

async function medianMs(customerId: string): Promise<{ disable: number; enable: number }> {
  const disable: number[] = [];
  const enable: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let start = process.hrtime.bigint();
    await call('PUT', `/v3/ledger/customer/${customerId}/disable`);
    disable.push(Number(process.hrtime.bigint() - start) / 1e6);
    start = process.hrtime.bigint();
    await call('PUT', `/v3/ledger/customer/${customerId}/enable`);
    enable.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { disable: median(disable), enable: median(enable) };
}

const one = await customerWithAccounts(1);
const thousand = await customerWithAccounts(1000);
await medianMs(one); // warm-up
const small = await medianMs(one);
const large = await medianMs(thousand);
const database = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
console.log(`${database}, ${rounds} rounds, median ms per call`);
console.log(`  1 account:      disable ${small.disable.toFixed(2)}  enable ${small.enable.toFixed(2)}`);
console.log(`  1,000 accounts: disable ${large.disable.toFixed(2)}  enable ${large.enable.toFixed(2)}`);
console.log(
  `  ratio 1,000/1:  disable ${(large.disable / small.disable).toFixed(2)}  enable ${(large.enable / small.enable).toFixed(2)}`,
);
await app.close();
await db.close();
