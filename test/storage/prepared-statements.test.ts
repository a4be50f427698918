import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { suiteTestDatabase } from '../helpers/database.js';

// Every static statement runs prepared: parsed and planned once, then only bound and executed
// (storage/statement-names.ts; on PGlite through storage/pglite-statements.ts). What a caller gets must
// not depend on whether a statement ran for the first time or the hundredth.

const INSERT = `INSERT INTO prepared_probe (id, amount, flag, tags, note, doc, at)
  VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, amount, flag, tags, note, doc, at, id * 2 AS twice`;
const SELECT = 'SELECT id, amount, flag, tags, note, doc, at FROM prepared_probe WHERE id = ANY($1::int[]) ORDER BY id';

describe('prepared statements', (suite) => {
  const db = suiteTestDatabase(suite);
  before(() =>
    db.exec(`CREATE TABLE prepared_probe (
      id int PRIMARY KEY, amount numeric(38, 18) NOT NULL, flag boolean, tags text[], note text, doc jsonb,
      at timestamptz)`),
  );

  it('return the same values on every run: NUMERIC as exact strings, booleans, arrays, nulls, JSON, dates', async () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    const first = await db.query<Record<string, unknown>>(INSERT, [
      1,
      '12345678901234567890.123456789012345678',
      true,
      ['a', 'b,c'],
      null,
      { k: [1] },
      at,
    ]);
    const second = await db.query<Record<string, unknown>>(INSERT, [
      2,
      '0.000000000000000001',
      false,
      [],
      'n',
      null,
      null,
    ]);
    assert.deepEqual(first, [
      {
        id: 1,
        amount: '12345678901234567890.123456789012345678',
        flag: true,
        tags: ['a', 'b,c'],
        note: null,
        doc: { k: [1] },
        at,
        twice: 2,
      },
    ]);
    assert.deepEqual(second, [
      { id: 2, amount: '0.000000000000000001', flag: false, tags: [], note: 'n', doc: null, at: null, twice: 4 },
    ]);
    const stored = [first[0]!, second[0]!].map(({ twice: _, ...row }) => row);
    const reads = await Promise.all(Array.from({ length: 20 }, () => db.query(SELECT, [[2, 1, 99]])));
    for (const rows of reads) assert.deepEqual(rows, stored);
  });

  it('report database errors with their SQLSTATE, and keep working after them', async () => {
    await assert.rejects(db.query(INSERT, [1, '1', null, null, null, null, null]), { code: '23505' });
    // Inside a transaction: the error rolls back what the transaction wrote before it.
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query(INSERT, [3, '3', null, null, null, null, null]);
        await tx.query(INSERT, [1, '1', null, null, null, null, null]);
      }),
      { code: '23505' },
    );
    assert.deepEqual(await db.query('SELECT id FROM prepared_probe WHERE id = $1', [3]), []);
    const [row] = await db.transaction((tx) =>
      tx.query<{ id: number }>(INSERT, [3, '3', null, null, null, null, null]),
    );
    assert.equal(row!.id, 3);
    // A statement that could not be prepared is prepared again once it can be.
    const late = 'SELECT count(*)::int AS n FROM prepared_late WHERE id > $1';
    await assert.rejects(db.query(late, [0]), { code: '42P01' });
    await db.exec('CREATE TABLE prepared_late (id int)');
    assert.deepEqual(await db.query(late, [0]), [{ n: 0 }]);
  });

  it('see a transaction’s own writes inside it, and outside it once it has committed', async () => {
    const count = 'SELECT count(*)::int AS n FROM prepared_probe';
    const before = (await db.query<{ n: number }>(count))[0]!.n;
    await db.transaction(async (tx) => {
      await tx.query(INSERT, [10, '10', null, null, null, null, null]);
      assert.deepEqual(await tx.query(count), [{ n: before + 1 }]);
    });
    assert.deepEqual(await db.query(count), [{ n: before + 1 }]);
  });
});
