import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { suiteTestDatabase } from '../helpers/database.js';

// What a process keeps in memory about rows is forgotten through afterCommit (customer-cache.ts):
// once the transaction's writes are visible to every reader, and never for a transaction rolled back.

describe('afterCommit', (suite) => {
  const db = suiteTestDatabase(suite);
  before(() => db.exec('CREATE TABLE after_commit_probe (id int PRIMARY KEY)'));

  it('runs once the transaction has committed, when its writes are visible outside it', async () => {
    const seen: number[] = [];
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO after_commit_probe (id) VALUES ($1)', [1]);
      tx.afterCommit(() => seen.push(1));
      assert.deepEqual(seen, [], 'not before the commit');
    });
    assert.deepEqual(seen, [1]);
    const rows = await db.query('SELECT id FROM after_commit_probe WHERE id = 1');
    assert.equal(rows.length, 1);
  });

  it('never runs for a transaction that rolls back', async () => {
    const seen: number[] = [];
    await assert.rejects(
      db.transaction(async (tx) => {
        tx.afterCommit(() => seen.push(2));
        await tx.query('INSERT INTO after_commit_probe (id) VALUES ($1)', [1]);
      }),
      { code: '23505' },
    );
    assert.deepEqual(seen, []);
  });

  it('runs at once outside a transaction, where every statement commits by itself', () => {
    const seen: number[] = [];
    db.afterCommit(() => seen.push(3));
    assert.deepEqual(seen, [3]);
  });
});
