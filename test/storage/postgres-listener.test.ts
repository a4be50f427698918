import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import pg from 'pg';
import { PostgresListener } from '../../src/storage/postgres-listener.js';

// The announcements of changes (migration 009) reach a server through a connection of its own; when
// that connection is lost, the server must hear of it and listen again.

const url = process.env.TEST_DATABASE_URL;

async function until(condition: () => boolean, what: string): Promise<void> {
  const started = performance.now();
  while (!condition()) {
    assert.ok(performance.now() - started < 5000, `${what} within 5 s`);
    await sleep(10);
  }
}

describe('PostgresListener', { skip: !url && 'PostgreSQL only (TEST_DATABASE_URL)' }, () => {
  it('hands over what is announced, and listens again after losing its connection', async () => {
    const name = `listener-test-${randomBytes(4).toString('hex')}`;
    const channel = `probe_${randomBytes(4).toString('hex')}`;
    const events: string[] = [];
    const listener = new PostgresListener({ connectionString: url, application_name: name }, channel, {
      message: (payload) => events.push(`message ${payload}`),
      listening: () => events.push('listening'),
      interrupted: () => events.push('interrupted'),
    });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await until(() => events.includes('listening'), 'the LISTEN');
      await admin.query('SELECT pg_notify($1, $2)', [channel, 'one']);
      await until(() => events.includes('message one'), 'the first message');

      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [name]);
      await until(() => events.includes('interrupted'), 'the loss');
      await until(() => events.filter((e) => e === 'listening').length === 2, 'listening again');
      await admin.query('SELECT pg_notify($1, $2)', [channel, 'two']);
      await until(() => events.includes('message two'), 'the message after the loss');
      assert.deepEqual(events, ['listening', 'message one', 'interrupted', 'listening', 'message two']);
    } finally {
      await listener.close();
      await admin.end();
    }
  });
});
