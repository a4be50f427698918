import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Changes, parseChange, type Change } from '../../src/domain/changes.js';
import { suiteTestDatabase } from '../helpers/database.js';

// The change signal: what a write announces is heard once it has committed, never for a rollback; what
// the database announces (migration 009's payloads) is read into the same changes.

describe('the change signal', (suite) => {
  const db = suiteTestDatabase(suite);
  before(() => db.exec('CREATE TABLE change_probe (id int PRIMARY KEY)'));

  /** A Changes with one subscriber recording what it hears. */
  function recorded() {
    const changes = new Changes();
    const heard: Change[] = [];
    const unsubscribe = changes.subscribe({
      changed: (change) => heard.push(change),
      listening: () => undefined,
      interrupted: () => undefined,
    });
    return { changes, heard, unsubscribe };
  }

  it('reads the payloads the database announces, and ignores topics it does not know', () => {
    assert.deepEqual(parseChange('customer:l1/c1'), { customer: { ledgerId: 'l1', id: 'c1' } });
    assert.deepEqual(parseChange('api_key:k1'), { apiKey: 'k1' });
    assert.deepEqual(parseChange('tenant:t1'), { tenant: 't1' });
    assert.equal(parseChange('customer:no-slash'), undefined);
    assert.equal(parseChange('ledger:l1'), undefined);
    assert.equal(parseChange('l1/c1'), undefined, "migration 006's payload");
  });

  it('hands a change announced in a transaction to the subscribers once it commits', async () => {
    const { changes, heard } = recorded();
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO change_probe (id) VALUES ($1)', [1]);
      changes.announce(tx, { apiKey: 'k1' });
      assert.deepEqual(heard, [], 'not before the commit');
    });
    assert.deepEqual(heard, [{ apiKey: 'k1' }]);
  });

  it('never hands over a change whose transaction rolls back', async () => {
    const { changes, heard } = recorded();
    await assert.rejects(
      db.transaction(async (tx) => {
        changes.announce(tx, { tenant: 't1' });
        await tx.query('INSERT INTO change_probe (id) VALUES ($1)', [2]);
        await tx.query('INSERT INTO change_probe (id) VALUES ($1)', [2]);
      }),
      { code: '23505' },
    );
    assert.deepEqual(heard, []);
  });

  it('hands over at once a change announced outside a transaction, and nothing once unsubscribed', async () => {
    const { changes, heard, unsubscribe } = recorded();
    changes.announce(db, { customer: { ledgerId: 'l1', id: 'c1' } });
    assert.deepEqual(heard, [{ customer: { ledgerId: 'l1', id: 'c1' } }]);
    unsubscribe();
    changes.announce(db, { apiKey: 'k2' });
    assert.equal(heard.length, 1);
  });
});
