import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Database } from '../../src/storage/database.js';
import { loadMigrations } from '../../src/storage/migrate.js';
import { appOnDatabase, suiteTestApp } from '../helpers/test-app.js';

/** A database that fails every query the way a lost connection does, or never answers at all. */
function brokenDatabase(query: () => Promise<never>): Database {
  return {
    kind: 'postgres',
    query,
    exec: query,
    afterCommit: (callback) => callback(),
    transaction: query,
    // Nothing is ever heard: what the server keeps in memory stays empty.
    listen: (_channel, handlers) => {
      handlers.interrupted();
      return { stop: async () => undefined };
    },
    close: async () => undefined,
  };
}

describe('GET /health and GET /ready', (suite) => {
  const t = suiteTestApp(suite);

  it('answers /health without a key and without the database', async () => {
    const reply = await t.app.inject('/health');
    assert.equal(reply.statusCode, 200);
    assert.deepEqual(reply.json(), { status: 'ok' });

    const app = await appOnDatabase(brokenDatabase(() => Promise.reject(new Error('gone'))));
    try {
      const probe = await app.inject('/health');
      assert.equal(probe.statusCode, 200);
    } finally {
      await app.close();
    }
  });

  it('is ready once every migration this build ships is applied', async () => {
    const reply = await t.app.inject('/ready');
    assert.equal(reply.statusCode, 200);
    assert.deepEqual(reply.json(), { status: 'ready', migrations: (await loadMigrations()).length });
  });

  it('is not ready, 503 in the contract shape, while a migration is missing', async () => {
    const [last] = await t.db.query<{ version: number; name: string }>(
      'DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations) RETURNING version, name',
    );
    try {
      const reply = await t.app.inject('/ready');
      assert.equal(reply.statusCode, 503);
      assert.deepEqual(reply.json(), {
        statusCode: 503,
        errorCode: 'server.not.ready',
        message: `The server is not ready: migrations not applied: ${last!.version}.`,
      });
    } finally {
      await t.db.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [last!.version, last!.name]);
    }
  });

  it('is not ready while the database fails, and names none of its details', async () => {
    const app = await appOnDatabase(
      brokenDatabase(() => Promise.reject(new Error('password authentication failed for user "ledger"'))),
    );
    try {
      const reply = await app.inject('/ready');
      assert.equal(reply.statusCode, 503);
      assert.deepEqual(reply.json(), {
        statusCode: 503,
        errorCode: 'server.not.ready',
        message: 'The server is not ready: the database does not answer.',
      });
    } finally {
      await app.close();
    }
  });

  it('is not ready, rather than hanging, while the database does not answer', async () => {
    const app = await appOnDatabase(brokenDatabase(() => new Promise<never>(() => undefined)));
    try {
      const started = Date.now();
      const reply = await app.inject('/ready');
      assert.equal(reply.statusCode, 503);
      assert.ok(Date.now() - started < 5000);
    } finally {
      await app.close();
    }
  });
});
