import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CreditMeter } from '../../src/domain/credits/credit-meter.js';
import { daysUpTo } from '../../src/domain/credits/calendar.js';
import type { LedgerScope } from '../../src/domain/ledger.js';
import { authenticate, createApiKey, createTenant } from '../../src/domain/tenancy/tenancy.service.js';
import type { Database } from '../../src/storage/database.js';
import { suiteTestDatabase } from '../helpers/database.js';

const HOUR = 3_600_000;

/** The database, with a count of the statements sent and a switch that makes writes of credits fail. */
function watched(db: Database) {
  const state = { queries: 0, failWrites: false };
  const wrapped: Database = {
    ...db,
    query: async (sql, params) => {
      state.queries++;
      if (state.failWrites && sql.includes('INSERT INTO credit_usage')) throw new Error('database away');
      return db.query(sql, params);
    },
  };
  return { db: wrapped, state };
}

describe('CreditMeter', (suite) => {
  const db = suiteTestDatabase(suite);
  let caller: LedgerScope;
  let counter = 0;

  async function newCaller(): Promise<LedgerScope> {
    const name = `meter-${++counter}`;
    await createTenant(db, name);
    return authenticate(db, (await createApiKey(db, name, 'testnet')).key);
  }

  const total = (days: { credits: number }[]) => days.reduce((sum, d) => sum + d.credits, 0);

  it('charges without a database round trip, and reports written and unwritten credits together', async () => {
    caller = await newCaller();
    const { db: counted, state } = watched(db);
    const meter = new CreditMeter(counted, { flushIntervalMs: HOUR });
    for (let i = 0; i < 1000; i++) meter.charge(caller, 2);
    assert.equal(state.queries, 0);
    await meter.flush();
    assert.equal(state.queries, 1, 'one upsert for the whole batch');
    meter.charge(caller, 3);
    assert.equal(total(await meter.usageByDay(caller.ledgerId, 30)), 2003);
    await meter.close();
    assert.equal(total(await new CreditMeter(db).usageByDay(caller.ledgerId, 30)), 2003);
  });

  it('keeps a batch whose write failed and writes it with the next flush', async () => {
    const mine = await newCaller();
    const { db: flaky, state } = watched(db);
    const meter = new CreditMeter(flaky, { flushIntervalMs: HOUR });
    meter.charge(mine, 5);
    state.failWrites = true;
    await assert.rejects(meter.flush(), /database away/);
    meter.charge(mine, 1);
    assert.equal(total(await meter.usageByDay(mine.ledgerId, 30)), 6);
    state.failWrites = false;
    await meter.close();
    assert.equal(total(await new CreditMeter(db).usageByDay(mine.ledgerId, 30)), 6);
  });

  it('never counts a batch twice or misses it while a flush is under way', async () => {
    const mine = await newCaller();
    const meter = new CreditMeter(db, { flushIntervalMs: HOUR });
    const seen: number[] = [];
    for (let round = 1; round <= 20; round++) {
      meter.charge(mine, 1);
      const flushing = meter.flush();
      seen.push(total(await meter.usageByDay(mine.ledgerId, 30)));
      await flushing;
    }
    assert.deepEqual(
      seen,
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    await meter.close();
  });

  it("files each call under its UTC day, and keeps a tenant's month in memory for the quota", async () => {
    const mine = await newCaller();
    let now = new Date('2026-03-31T23:59:59.500Z');
    const { db: counted, state } = watched(db);
    const meter = new CreditMeter(counted, { flushIntervalMs: HOUR, now: () => now.getTime() });
    meter.charge(mine, 7);
    assert.equal(await meter.monthUsed(mine.tenantId), 7, 'loaded once');
    const loaded = state.queries;
    meter.charge(mine, 1);
    assert.equal(meter.monthUsed(mine.tenantId), 8, 'then answered from memory');
    assert.equal(state.queries, loaded);
    await meter.flush();
    now = new Date('2026-04-01T00:00:00.500Z');
    meter.charge(mine, 4);
    assert.equal(await meter.monthUsed(mine.tenantId), 4, 'a new month starts from zero');
    await meter.flush();
    assert.equal(meter.monthUsed(mine.tenantId), 4, 'and is refreshed from the database at each flush');
    const days = await meter.usageByDay(mine.ledgerId, 2);
    assert.deepEqual(days, [
      { day: '2026-03-31', credits: 8 },
      { day: '2026-04-01', credits: 4 },
    ]);
    await meter.close();
  });

  it('lists the last days oldest first, across a month end', () => {
    assert.deepEqual(daysUpTo('2026-03-02', 4), ['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });
});
