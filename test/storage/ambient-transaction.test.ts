import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { BatchedReads } from '../../src/domain/batched-reads.js';
import { withAmbientTransactions, type AmbientDatabase } from '../../src/storage/ambient-transaction.js';
import { suiteTestDatabase } from '../helpers/database.js';

// A unit of work: the calls made inside it, through any handle of the database, join its transaction.
describe('units of work', (suite) => {
  const opened = suiteTestDatabase(suite);
  let db: AmbientDatabase;
  const rows = async () => (await db.query<{ n: number }>('SELECT n FROM unit_rows ORDER BY n')).map((r) => r.n);

  before(async () => {
    db = withAmbientTransactions(opened);
    await db.exec('CREATE TABLE unit_rows (n integer PRIMARY KEY)');
  });

  it('keep what was done inside only once committed, with the work’s afterCommit callbacks run then', async () => {
    const unit = await db.openUnitOfWork();
    const ran: string[] = [];
    await unit.run(async () => {
      await db.query('INSERT INTO unit_rows VALUES (1)');
      await db.transaction(async (tx) => {
        await tx.query('INSERT INTO unit_rows VALUES (2)');
        tx.afterCommit(() => ran.push('work'));
      });
      // The work's transaction has ended, but not the unit: its callbacks wait for the unit.
      assert.deepEqual(ran, []);
      assert.deepEqual(await rows(), [1, 2], 'inside, the unit sees its own writes');
    });
    await unit.commit();
    assert.deepEqual(ran, ['work']);
    assert.deepEqual(await rows(), [1, 2]);
  });

  it('keep nothing once rolled back, and run none of its callbacks', async () => {
    const unit = await db.openUnitOfWork();
    const ran: string[] = [];
    await unit.run(() =>
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO unit_rows VALUES (3)');
        tx.afterCommit(() => ran.push('work'));
      }),
    );
    await unit.rollback();
    assert.deepEqual(ran, []);
    assert.deepEqual(await rows(), [1, 2]);
  });

  it('cannot commit once a transaction inside threw, as that transaction alone would have rolled back', async () => {
    const unit = await db.openUnitOfWork();
    await assert.rejects(
      unit.run(() =>
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO unit_rows VALUES (4)');
          throw new Error('refused');
        }),
      ),
      /refused/,
    );
    assert.equal(unit.failed, true);
    await assert.rejects(unit.commit(), /cannot commit/);
    await unit.rollback();
    assert.deepEqual(await rows(), [1, 2]);
  });

  // Batched reads gather several requests' reads into one statement: one made inside a unit must not
  // carry the others onto the unit's transaction (they would see its uncommitted writes), and must not
  // wait for a batch outside it (on PGlite that batch waits for the unit to end).
  it('make a batched read alone, on the unit, and keep other requests’ reads off it', async () => {
    const batches: string[] = [];
    const batched = new BatchedReads<number, { n: number }>(async (keys) => {
      batches.push(keys.join(','));
      const found = await db.query<{ n: number }>('SELECT n FROM unit_rows WHERE n = ANY($1::integer[])', [keys]);
      return new Map(keys.flatMap((key, i) => found.filter((r) => r.n === key).map((r) => [i, r] as const)));
    }, String);
    const unit = await db.openUnitOfWork();
    await unit.run(() => db.query('INSERT INTO unit_rows VALUES (5)'));
    const inside = unit.run(() => batched.read(5));
    const outside = batched.read(5);
    assert.deepEqual(await inside, { n: 5 }, 'the unit sees its own write');
    await unit.rollback();
    assert.equal(await outside, undefined, 'another request never sees what the unit did');
    assert.deepEqual(batches, ['5', '5']);
  });
});
