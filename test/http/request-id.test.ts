import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/storage/database.js';
import { openTestDatabase } from '../helpers/database.js';
import { appOnDatabase } from '../helpers/test-app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids', () => {
  let db: Database;
  let lines: string[];
  let app: FastifyInstance;
  before(async () => {
    db = await openTestDatabase();
    lines = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    app = await appOnDatabase(db, { logger: { level: 'info', stream } });
  });
  after(async () => {
    await app.close();
    await db.close();
  });

  it('makes one when the request has none, and answers it in x-request-id', async () => {
    const first = await app.inject('/health');
    const second = await app.inject('/health');
    assert.match(String(first.headers['x-request-id']), UUID);
    assert.notEqual(first.headers['x-request-id'], second.headers['x-request-id']);
  });

  it("keeps the caller's id, unless it is not a plain token of up to 128 characters", async () => {
    const kept = await app.inject({ url: '/health', headers: { 'x-request-id': 'proxy-7f3a:42' } });
    assert.equal(kept.headers['x-request-id'], 'proxy-7f3a:42');
    for (const given of ['has spaces in it', 'x'.repeat(129), '']) {
      const replaced = await app.inject({ url: '/health', headers: { 'x-request-id': given } });
      assert.match(String(replaced.headers['x-request-id']), UUID, JSON.stringify(given));
    }
  });

  it('answers it on every refusal too', async () => {
    const headers = { 'x-request-id': 'refused-1' };
    const cases = [
      { url: '/v3/ledger/customer?pageSize=1' }, // 401: no key
      { url: '/no/such/route' }, // 404
      { url: '/v3/ledger/customer/%E0%A4%A' }, // 400 from the router itself
      { url: `/v3/ledger/customer/${'x'.repeat(2000)}` }, // 414 from the router itself
      {
        method: 'POST' as const,
        url: '/v3/ledger/account',
        payload: '{',
        headers: { 'content-type': 'application/json' },
      },
    ];
    for (const request of cases) {
      const reply = await app.inject({ ...request, headers: { ...headers, ...request.headers } });
      assert.ok(reply.statusCode >= 400, request.url);
      assert.equal(reply.headers['x-request-id'], 'refused-1', `${reply.statusCode} ${request.url.slice(0, 40)}`);
    }
  });

  it('writes JSON log lines that carry the same id', async () => {
    await app.inject({ url: '/health', headers: { 'x-request-id': 'logged-1' } });
    const logged = lines.map((line) => JSON.parse(line)).filter((entry) => entry.reqId === 'logged-1');
    assert.ok(logged.some((entry) => entry.msg === 'incoming request'));
    assert.ok(logged.some((entry) => entry.msg === 'request completed' && entry.res.statusCode === 200));
  });
});
