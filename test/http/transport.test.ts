import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import { hashApiKey } from '../../src/domain/tenancy/api-key.js';
import { caughtUp } from '../helpers/changes.js';
import { createCustomerAccount } from '../helpers/ledger-fixtures.js';
import { suiteTestApp, type Reply } from '../helpers/test-app.js';

// What reaches the server before any route logic: bodies, content types, URLs, methods and keys. Every
// refusal must carry the contract's error shape, and none may be a 5xx: the v1 client retries those.

const MiB = 1024 * 1024;

/** A 4xx in the contract's shape; returns the body for closer checks. */
function assertRefusal(reply: Reply, status: number, errorCode?: string, label = '') {
  const where = `${label} ${reply.status} ${JSON.stringify(reply.body)}`;
  assert.equal(reply.status, status, where);
  assert.match(String(reply.headers['content-type']), /^application\/json/, where);
  assert.equal(reply.body.statusCode, status, where);
  assert.equal(typeof reply.body.errorCode, 'string', where);
  assert.equal(typeof reply.body.message, 'string', where);
  if (errorCode) assert.equal(reply.body.errorCode, errorCode, where);
  return reply.body as { statusCode: number; errorCode: string; message: string; data?: unknown[] };
}

describe('transport', (suite) => {
  const t = suiteTestApp(suite);
  const api = t.client();
  /** A request with no x-api-key at all (the helper's clients always send one). */
  const anonymous = async (options: InjectOptions): Promise<Reply> => {
    const response = await t.app.inject(options);
    const json = String(response.headers['content-type']).startsWith('application/json');
    return {
      status: response.statusCode,
      body: json ? JSON.parse(response.body) : response.body,
      headers: response.headers,
    };
  };
  const rowCounts = async () => {
    const [row] = await t.db.query<{ accounts: number; customers: number }>(
      'SELECT (SELECT count(*)::int FROM accounts) AS accounts, (SELECT count(*)::int FROM customers) AS customers',
    );
    return row!;
  };
  const postRaw = (payload: string | Buffer, contentType?: string, url = '/v3/ledger/account') =>
    api.request({
      method: 'POST',
      url,
      payload,
      ...(contentType === undefined ? {} : { headers: { 'content-type': contentType } }),
    });

  describe('request bodies', () => {
    it('refuses malformed JSON with 400 request.body.invalid and creates nothing', async () => {
      const before = await rowCounts();
      for (const payload of [
        '{"currency":"BTC"',
        '{currency:"BTC"}',
        "{'currency':'BTC'}",
        '{"currency":"BTC"}}',
        'BTC',
      ]) {
        const body = assertRefusal(await postRaw(payload, 'application/json'), 400, 'request.body.invalid', payload);
        assert.match(body.message, /^Request body is not valid JSON: /);
      }
      assert.deepEqual(await rowCounts(), before);
    });

    it('refuses malformed JSON on an update and leaves the customer as it was', async () => {
      const { customerId } = await createCustomerAccount(api, { customerCountry: 'US' });
      const before = (await api.get(`/v3/ledger/customer/${customerId}`)).body;
      const reply = await api.request({
        method: 'PUT',
        url: `/v3/ledger/customer/${customerId}`,
        payload: '{"externalId":"renamed","customerCountry":"DE"',
        headers: { 'content-type': 'application/json' },
      });
      assertRefusal(reply, 400, 'request.body.invalid');
      assert.deepEqual((await api.get(`/v3/ledger/customer/${customerId}`)).body, before);
    });

    it('refuses prototype poisoning as invalid JSON', async () => {
      const reply = await postRaw('{"currency":"BTC","__proto__":{"admin":true}}', 'application/json');
      assertRefusal(reply, 400, 'request.body.invalid');
    });

    it('takes a body of exactly 1 MiB and refuses one byte more with 413, creating nothing', async () => {
      const padded = (size: number) => {
        const frame = JSON.stringify({ currency: 'BTC', pad: '' });
        return JSON.stringify({ currency: 'BTC', pad: 'p'.repeat(size - frame.length) });
      };
      assert.equal((await postRaw(padded(MiB), 'application/json')).status, 200);

      const before = await rowCounts();
      const body = assertRefusal(await postRaw(padded(MiB + 1), 'application/json'), 413);
      assert.deepEqual(body, {
        statusCode: 413,
        errorCode: 'request.body.too.large',
        message: 'Request body is larger than 1048576 bytes.',
      });
      assert.deepEqual(await rowCounts(), before);
    });

    it('takes a body nesting 32 levels and refuses 33 with 400 request.body.too.deep', async () => {
      // The deepest level is an unknown property, which validation ignores: only the nesting decides.
      const nested = (levels: number) => `{"currency":"BTC","pad":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;
      assert.equal((await postRaw(nested(32), 'application/json')).status, 200);
      const before = await rowCounts();
      const body = assertRefusal(await postRaw(nested(33), 'application/json'), 400);
      assert.deepEqual(body, {
        statusCode: 400,
        errorCode: 'request.body.too.deep',
        message: 'Request body nests deeper than 32 levels.',
      });
      // A 1 MiB pile of brackets once overflowed the stack while its 400 was being written.
      const pile = '['.repeat(MiB / 2) + ']'.repeat(MiB / 2);
      assertRefusal(await postRaw(pile, 'application/json'), 400, 'request.body.too.deep');
      assert.deepEqual(await rowCounts(), before);
    });

    it('accepts application/json with a charset', async () => {
      const reply = await postRaw('{"currency":"BTC"}', 'application/json; charset=utf-8');
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
    });

    for (const contentType of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/xml',
      'multipart/form-data',
    ]) {
      it(`refuses a non-empty ${contentType} body with 415 and creates nothing`, async () => {
        const before = await rowCounts();
        const body = assertRefusal(await postRaw('currency=BTC', contentType), 415);
        assert.deepEqual(body, {
          statusCode: 415,
          errorCode: 'request.content.type.unsupported',
          message: `Content-Type '${contentType}' is not supported; send application/json.`,
        });
        assert.deepEqual(await rowCounts(), before);
      });
    }

    it('refuses a JSON body sent without any content type with 415', async () => {
      const before = await rowCounts();
      assertRefusal(await postRaw(Buffer.from('{"currency":"BTC"}')), 415, 'request.content.type.unsupported');
      assert.deepEqual(await rowCounts(), before);
    });
  });

  describe('body-less PUT actions', () => {
    // Tatum's JS clients send these with an empty x-www-form-urlencoded body, the PHP client with
    // application/json; none may be refused for it.
    const variants: [label: string, headers: Record<string, string>][] = [
      ['application/x-www-form-urlencoded', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['application/json', { 'content-type': 'application/json' }],
      ['text/plain', { 'content-type': 'text/plain' }],
      ['no content type', {}],
    ];

    for (const [label, headers] of variants) {
      it(`runs every action with an empty body and ${label}`, async () => {
        const put = (url: string) =>
          api.request({ method: 'PUT', url, headers, ...(label === 'no content type' ? {} : { payload: '' }) });
        const { customerId, accountId } = await createCustomerAccount(api);
        const customer = `/v3/ledger/customer/${customerId}`;
        const account = `/v3/ledger/account/${accountId}`;
        const steps: [url: string, status: number, errorCode?: string][] = [
          [`${customer}/activate`, 403, 'customer.active'],
          [`${customer}/disable`, 204],
          [`${customer}/enable`, 204],
          [`${account}/activate`, 403, 'account.active'],
          [`${account}/deactivate`, 204],
          [`${customer}/deactivate`, 204],
          [`${customer}/enable`, 403, 'customer.inactive'],
          [`${customer}/activate`, 204],
          [`${account}/activate`, 204],
        ];
        for (const [url, status, errorCode] of steps) {
          const reply = await put(url);
          if (status === 204) {
            assert.equal(reply.status, 204, `${url} ${JSON.stringify(reply.body)}`);
            assert.equal(reply.body, '');
          } else {
            assertRefusal(reply, status, errorCode, url);
          }
        }
        const state = (await api.get(customer)).body;
        assert.deepEqual([state.active, state.enabled], [true, true]);
        assert.equal((await api.get(account)).body.active, true);
      });
    }
  });

  describe('routes and methods', () => {
    it('answers an unknown route with a JSON 404', async () => {
      const reply = await api.get('/v3/ledger/nothing-here?pageSize=1');
      assert.equal(reply.status, 404);
      assert.match(String(reply.headers['content-type']), /^application\/json/);
      assert.deepEqual(reply.body, {
        statusCode: 404,
        errorCode: 'route.not.found',
        message: 'No route GET /v3/ledger/nothing-here.',
      });
      assertRefusal(await anonymous({ method: 'GET', url: '/v3/ledger/nothing-here' }), 404, 'route.not.found');
    });

    const wrongMethods: [method: InjectOptions['method'], url: string][] = [
      ['DELETE', '/v3/ledger/customer/aaaaaaaaaaaaaaaaaaaaaaaa'],
      ['POST', '/v3/ledger/customer'],
      ['PATCH', '/v3/ledger/customer/aaaaaaaaaaaaaaaaaaaaaaaa'],
      ['GET', '/v3/ledger/customer/aaaaaaaaaaaaaaaaaaaaaaaa/activate'],
      ['PUT', '/v3/ledger/account'],
      ['GET', '/v3/ledger/account/batch/x'],
      ['DELETE', '/v3/ledger/account/aaaaaaaaaaaaaaaaaaaaaaaa'],
    ];
    for (const [method, url] of wrongMethods) {
      it(`answers ${method} ${url} with 404 route.not.found`, async () => {
        const body = assertRefusal(await api.request({ method, url }), 404, 'route.not.found');
        assert.equal(body.message, `No route ${method} ${url}.`);
      });
    }

    it('refuses a malformed percent-encoding with 400 request.url.invalid', async () => {
      const reply = await api.get('/v3/ledger/customer/%E0%A4%A');
      assert.deepEqual(assertRefusal(reply, 400), {
        statusCode: 400,
        errorCode: 'request.url.invalid',
        message: 'Path /v3/ledger/customer/%E0%A4%A is not valid: a percent-encoded sequence is malformed.',
      });
    });

    it('refuses a path segment longer than the router takes with 414', async () => {
      const reply = await api.get(`/v3/ledger/customer/${'a'.repeat(1025)}`);
      assert.deepEqual(assertRefusal(reply, 414), {
        statusCode: 414,
        errorCode: 'request.url.too.long',
        message: 'A path segment is longer than 1024 characters.',
      });
    });
  });

  describe('what the clients send besides', () => {
    it('ignores type=testnet and x-testnet-type on reads, writes and actions', async () => {
      const headers = { 'x-testnet-type': 'ethereum-sepolia', 'accept-encoding': 'gzip' };
      const plain = await api.get('/v3/ledger/customer?pageSize=50');
      const extra = await api.request({ method: 'GET', url: '/v3/ledger/customer?pageSize=50&type=testnet', headers });
      assert.equal(extra.status, 200);
      assert.deepEqual(extra.body, plain.body);

      const created = await api.request({
        method: 'POST',
        url: '/v3/ledger/account?type=testnet',
        headers,
        payload: { currency: 'BTC', customer: { externalId: `extra-${process.pid}` } },
      });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      const disabled = await api.request({
        method: 'PUT',
        url: `/v3/ledger/customer/${created.body.customerId}/disable?type=testnet`,
        headers,
      });
      assert.equal(disabled.status, 204);
    });
  });

  describe('API keys', () => {
    const list = { method: 'GET', url: '/v3/ledger/customer?pageSize=1' } as const;

    it('refuses a request without x-api-key with 401 subscription.invalid', async () => {
      assert.deepEqual(assertRefusal(await anonymous(list), 401), {
        statusCode: 401,
        errorCode: 'subscription.invalid',
        message: "Unable to find valid subscription for ''",
      });
    });

    it('checks the key before the body, and creates nothing without one', async () => {
      const before = await rowCounts();
      const valid = { method: 'POST', url: '/v3/ledger/account', payload: { currency: 'BTC' } } as const;
      assertRefusal(await anonymous(valid), 401, 'subscription.invalid');
      const invalid = { method: 'POST', url: '/v3/ledger/account', payload: { currency: 'B' } } as const;
      assertRefusal(await anonymous(invalid), 401, 'subscription.invalid');
      assert.deepEqual(await rowCounts(), before);
    });

    it('refuses an unknown key with 401 subscription.invalid showing only its first 4 characters', async () => {
      assert.deepEqual(assertRefusal(await t.client('no-such-key').get(list.url), 401), {
        statusCode: 401,
        errorCode: 'subscription.invalid',
        message: "Unable to find valid subscription for 'no-s…'",
      });
      const short = assertRefusal(await t.client('abcde').get(list.url), 401);
      assert.equal(short.message, "Unable to find valid subscription for 'ab…'", 'never more than half a key');
      assertRefusal(await t.client('').get(list.url), 401, 'subscription.invalid');
    });

    it("refuses both keys of a deactivated tenant with 401 subscription.not.active, and only that tenant's", async () => {
      const tenant = await t.newTenant();
      assert.equal((await t.client(tenant.testnet).get(list.url)).status, 200);
      await t.db.query('UPDATE tenants SET active = false WHERE name = $1', [tenant.name]);
      // A change made behind the server's back, as an operator's SQL is, reaches it once the database
      // announces it (README, Keys in memory).
      await caughtUp(t.ledger, t.db);
      for (const key of [tenant.testnet, tenant.mainnet]) {
        assert.deepEqual(assertRefusal(await t.client(key).get(list.url), 401), {
          statusCode: 401,
          errorCode: 'subscription.not.active',
          message: 'Subscription not active anymore.',
        });
      }
      const write = await t.client(tenant.testnet).post('/v3/ledger/account', { currency: 'BTC' });
      assertRefusal(write, 401, 'subscription.not.active');
      assert.equal((await api.get(list.url)).status, 200);
    });

    it('refuses a revoked key with 401 subscription.invalid while its sibling keeps working', async () => {
      const tenant = await t.newTenant();
      await t.db.query('UPDATE api_keys SET revoked_at = now() WHERE key_hash = $1', [hashApiKey(tenant.testnet)]);
      assertRefusal(await t.client(tenant.testnet).get(list.url), 401, 'subscription.invalid');
      assert.equal((await t.client(tenant.mainnet).get(list.url)).status, 200);
    });
  });

  describe('garbage', () => {
    const bodies = [
      '[]',
      'null',
      '"BTC"',
      '42',
      'true',
      '{}',
      '{"currency":null}',
      '{"currency":["BTC"]}',
      '{"currency":{"$gt":""}}',
      '{"currency":1e999}',
      '{"currency":-0}',
      '{"currency":"BTC","customer":"x"}',
      '{"currency":"BTC","customer":null}',
      '{"currency":"BTC","customer":[]}',
      '{"currency":"BTC","customer":{"externalId":{"a":1}}}',
      '{"currency":"B\\u0000C"}',
      '{"currency":"\\ud800\\udc00\\ud800"}',
      '{"currency":"💩"}',
      '{"currency":"ÅÄÖ","accountCode":"Ω≈ç√∫˜µ≤≥÷"}',
      '{"currency":"BTC","accountNumber":123456789012345678901234567890}',
      '{"currency":"BTC","compliant":"false"}',
      '{"currency":"BTC","xpub":"' + 'x'.repeat(10_000) + '"}',
      '{"constructor":{"prototype":{"polluted":true}},"currency":"BTC"}',
      '\u0000',
      '',
    ];
    const ids = ['%E0%A4%A', '%', '%%', '%ZZ', '%00', 'a%00b', '%C0%AF', '%FF', '..%2F..%2F', '%20', 'a'.repeat(2000)];
    const cases: [label: string, options: InjectOptions][] = [
      ...bodies.map((payload): [string, InjectOptions] => [
        `POST account ${payload.slice(0, 40)}`,
        { method: 'POST', url: '/v3/ledger/account', headers: { 'content-type': 'application/json' }, payload },
      ]),
      ...bodies.map((payload): [string, InjectOptions] => [
        `POST batch ${payload.slice(0, 40)}`,
        { method: 'POST', url: '/v3/ledger/account/batch', headers: { 'content-type': 'application/json' }, payload },
      ]),
      ...bodies.map((payload): [string, InjectOptions] => [
        `PUT customer ${payload.slice(0, 40)}`,
        {
          method: 'PUT',
          url: '/v3/ledger/customer/aaaaaaaaaaaaaaaaaaaaaaaa',
          headers: { 'content-type': 'application/json' },
          payload,
        },
      ]),
      ...['{"accounts":null}', '{"accounts":{}}', '{"accounts":[null]}', '{"accounts":[[]]}', '{"accounts":"x"}'].map(
        (payload): [string, InjectOptions] => [
          `POST batch ${payload}`,
          { method: 'POST', url: '/v3/ledger/account/batch', headers: { 'content-type': 'application/json' }, payload },
        ],
      ),
      ...ids.flatMap((id): [string, InjectOptions][] => [
        [`GET customer ${id.slice(0, 20)}`, { method: 'GET', url: `/v3/ledger/customer/${id}` }],
        [
          `PUT customer ${id.slice(0, 20)}`,
          { method: 'PUT', url: `/v3/ledger/customer/${id}`, payload: { externalId: 'x' } },
        ],
        [`PUT activate ${id.slice(0, 20)}`, { method: 'PUT', url: `/v3/ledger/customer/${id}/activate` }],
        [`GET account ${id.slice(0, 20)}`, { method: 'GET', url: `/v3/ledger/account/${id}` }],
        [`PUT account ${id.slice(0, 20)}`, { method: 'PUT', url: `/v3/ledger/account/${id}/deactivate` }],
        [`GET by customer ${id.slice(0, 20)}`, { method: 'GET', url: `/v3/ledger/account/customer/${id}?pageSize=1` }],
      ]),
      ...[
        'pageSize=1e400',
        'pageSize=-0.0',
        'pageSize=NaN',
        'pageSize=Infinity',
        'pageSize=0x10&offset=-1',
        'pageSize[]=1',
        'pageSize=1&pageSize=2',
        'pageSize=%E0%A4%A',
        'pageSize=1&offset=99999999999999999999999',
        'pageSize=1&offset=1e21',
        'pageSize=💩',
      ].map((query): [string, InjectOptions] => [
        `GET customers ?${query}`,
        { method: 'GET', url: `/v3/ledger/customer?${query}` },
      ]),
      [
        'GET by customer accountCode NUL',
        { method: 'GET', url: '/v3/ledger/account/customer/aaaaaaaaaa?pageSize=1&accountCode=%00' },
      ],
      ['unknown root', { method: 'GET', url: '/' }],
      ['dot segments', { method: 'GET', url: '/../../etc/passwd' }],
      ['deep unknown path', { method: 'GET', url: '/v3/ledger/customer/a/b/c/d' }],
      ['bare percent', { method: 'GET', url: '/%' }],
      ['OPTIONS', { method: 'OPTIONS', url: '/v3/ledger/customer' }],
      [
        'bad content type',
        { method: 'POST', url: '/v3/ledger/account', headers: { 'content-type': ';;;' }, payload: '{}' },
      ],
      [
        'odd charset',
        {
          method: 'POST',
          url: '/v3/ledger/account',
          headers: { 'content-type': 'application/json; charset=klingon' },
          payload: '{',
        },
      ],
    ];

    it(`answers ${cases.length} malformed requests with a 4xx in the contract's shape, never a 5xx`, async () => {
      const before = await rowCounts();
      for (const [label, options] of cases) {
        const reply = await api.request(options);
        assert.ok(reply.status >= 400 && reply.status < 500, `${label}: ${reply.status} ${JSON.stringify(reply.body)}`);
        assertRefusal(reply, reply.status, undefined, label);
      }
      assert.deepEqual(await rowCounts(), before);
    });

    it('answers the same requests without a key with a 4xx in the contract shape too', async () => {
      for (const [label, options] of cases) {
        const reply = await anonymous(options);
        assert.ok(reply.status >= 400 && reply.status < 500, `${label}: ${reply.status} ${JSON.stringify(reply.body)}`);
        assertRefusal(reply, reply.status, undefined, label);
      }
    });
  });
});
