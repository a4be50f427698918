import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createCustomerAccount, externalId } from '../helpers/ledger-fixtures.js';
import { suiteTestApp, type Reply } from '../helpers/test-app.js';

// Every bound is probed one step inside (accepted: the route answers as it would for any valid input,
// a 403 included, which proves validation passed) and one step outside (400 validation.failed naming
// the field). A refused write must leave everything as it was.

const FAILED = 'Request validation failed. Please see data for additional information.';

/** A string of exactly `length` characters, unique in this process so that externalIds never collide. */
let serial = 0;
function sized(length: number): string {
  const stamp = `${process.pid}x${++serial}x`;
  return (stamp + 'v'.repeat(length)).slice(0, length);
}

/**
 * Asserts the 400 envelope and returns the data[] item found by following `path` through `children`;
 * the item must carry `constraint`.
 */
function assertRefused(reply: Reply, path: string[], constraint: string) {
  const where = `${path.join('.')} ${JSON.stringify(reply.body)}`;
  assert.equal(reply.status, 400, where);
  assert.equal(reply.body.statusCode, 400);
  assert.equal(reply.body.errorCode, 'validation.failed');
  assert.equal(reply.body.message, FAILED);
  let items: { property: string; children: unknown[]; constraints?: Record<string, string> }[] = reply.body.data;
  let item: (typeof items)[number] | undefined;
  for (const property of path) {
    assert.ok(Array.isArray(items), where);
    item = items.find((candidate) => candidate.property === property);
    assert.ok(item, `no data item ${where}`);
    items = item.children as typeof items;
  }
  assert.equal(typeof item!.constraints?.[constraint], 'string', `${constraint} missing: ${where}`);
  return item!;
}

function assertAnswered(reply: Reply, status: number, errorCode?: string) {
  assert.equal(reply.status, status, JSON.stringify(reply.body));
  if (errorCode) assert.equal(reply.body.errorCode, errorCode);
}

describe('validation bounds', (suite) => {
  const t = suiteTestApp(suite);
  const api = t.client();
  /** Rows in the whole test database: a refused write must not add any. */
  const rowCounts = async () => {
    const [row] = await t.db.query<{ accounts: number; customers: number }>(
      'SELECT (SELECT count(*)::int FROM accounts) AS accounts, (SELECT count(*)::int FROM customers) AS customers',
    );
    return row!;
  };

  describe('the 400 body', () => {
    it('has the class-validator shape for a query parameter', async () => {
      const reply = await api.get('/v3/ledger/customer?pageSize=0');
      assert.equal(reply.status, 400);
      assert.match(String(reply.headers['content-type']), /^application\/json/);
      assert.deepEqual(reply.body, {
        statusCode: 400,
        errorCode: 'validation.failed',
        message: FAILED,
        data: [
          {
            target: { pageSize: 0 },
            value: 0,
            property: 'pageSize',
            children: [],
            constraints: { min: 'pageSize must not be less than 1' },
          },
        ],
      });
    });

    it('has the class-validator shape for a body field and a path parameter', async () => {
      const { customerId } = await createCustomerAccount(api);
      const body = await api.put(`/v3/ledger/customer/${customerId}`, { externalId: '' });
      assert.deepEqual(body.body, {
        statusCode: 400,
        errorCode: 'validation.failed',
        message: FAILED,
        data: [
          {
            target: { externalId: '' },
            value: '',
            property: 'externalId',
            children: [],
            constraints: { isLength: 'externalId must be longer than or equal to 1 characters' },
          },
        ],
      });

      const path = await api.put('/v3/ledger/customer/short/activate');
      assert.deepEqual(path.body.data, [
        {
          target: { id: 'short' },
          value: 'short',
          property: 'id',
          children: [],
          constraints: { isLength: 'id must be longer than or equal to 10 characters' },
        },
      ]);
    });

    it('nests a customer field under the customer item, and a batch item under its index', async () => {
      const single = await api.post('/v3/ledger/account', { currency: 'BTC', customer: { externalId: '' } });
      assert.deepEqual(single.body.data, [
        {
          target: { currency: 'BTC', customer: { externalId: '' } },
          value: { externalId: '' },
          property: 'customer',
          children: [
            {
              target: { externalId: '' },
              value: '',
              property: 'externalId',
              children: [],
              constraints: { isLength: 'externalId must be longer than or equal to 1 characters' },
            },
          ],
        },
      ]);

      const accounts = [{ currency: 'BTC' }, { currency: 'B' }];
      const batch = await api.post('/v3/ledger/account/batch', { accounts });
      assert.deepEqual(batch.body.data, [
        {
          target: { accounts },
          value: accounts,
          property: 'accounts',
          children: [
            {
              target: accounts,
              value: { currency: 'B' },
              property: '1',
              children: [
                {
                  target: { currency: 'B' },
                  value: 'B',
                  property: 'currency',
                  children: [],
                  constraints: { isLength: 'currency must be longer than or equal to 2 characters' },
                },
              ],
            },
          ],
        },
      ]);
    });

    it('lists every broken field, not just the first', async () => {
      const reply = await api.post('/v3/ledger/account', { currency: 'B', xpub: '', compliant: 'yes' });
      assert.deepEqual(reply.body.data.map((item: { property: string }) => item.property).sort(), [
        'compliant',
        'currency',
        'xpub',
      ]);
    });

    it('names the enum members in an isIn message', async () => {
      const reply = await api.post('/v3/ledger/account', {
        currency: 'BTC',
        customer: { externalId: 'e', customerCountry: 'XX' },
      });
      const item = assertRefused(reply, ['customer', 'customerCountry'], 'isIn');
      assert.match(
        item.constraints!.isIn!,
        /^customerCountry must be one of the following values: AD, AE, AF, .*, ZW$/,
      );
    });
  });

  describe('pageSize and offset', () => {
    let customerId: string;
    before(async () => {
      const own = await createCustomerAccount(api);
      await api.post('/v3/ledger/account', { currency: 'ETH', customer: { externalId: own.externalId } });
      customerId = own.customerId;
      await createCustomerAccount(api);
    });

    const lists = [
      ['GET /v3/ledger/customer', () => '/v3/ledger/customer'],
      ['GET /v3/ledger/account/customer/{id}', () => `/v3/ledger/account/customer/${customerId}`],
    ] as const;

    for (const [route, base] of lists) {
      it(`${route}: pageSize 1 and 50, offset 0 and 2^53-1 are accepted`, async () => {
        const one = await api.get(`${base()}?pageSize=1`);
        assertAnswered(one, 200);
        assert.equal(one.body.length, 1);
        const fifty = await api.get(`${base()}?pageSize=50&offset=0`);
        assertAnswered(fifty, 200);
        assert.ok(fifty.body.length >= 2);
        const far = await api.get(`${base()}?pageSize=50&offset=${Number.MAX_SAFE_INTEGER}`);
        assertAnswered(far, 200);
        assert.deepEqual(far.body, []);
      });

      const refused: [query: string, property: string, constraint: string][] = [
        ['pageSize=0', 'pageSize', 'min'],
        ['pageSize=51', 'pageSize', 'max'],
        ['pageSize=abc', 'pageSize', 'isInt'],
        ['pageSize=1.5', 'pageSize', 'isInt'],
        ['pageSize=', 'pageSize', 'isInt'],
        ['', 'pageSize', 'isDefined'],
        ['pageSize=10&offset=-1', 'offset', 'min'],
        ['pageSize=10&offset=0.5', 'offset', 'isInt'],
        ['pageSize=10&offset=x', 'offset', 'isInt'],
        // One past 2^53-1: a larger offset no longer prints as an integer for PostgreSQL.
        ['pageSize=10&offset=9007199254740992', 'offset', 'max'],
        ['pageSize=10&offset=99999999999999999999999', 'offset', 'max'],
      ];
      for (const [query, property, constraint] of refused) {
        it(`${route}: refuses ${query ? `?${query}` : 'no query'} (${property} ${constraint})`, async () => {
          assertRefused(await api.get(`${base()}?${query}`), [property], constraint);
        });
      }
    }

    it('GET /v3/ledger/account/customer/{id}: accountCode 1 and 50 accepted, 0 and 51 refused', async () => {
      const base = `/v3/ledger/account/customer/${customerId}?pageSize=50&accountCode=`;
      for (const length of [1, 50]) assertAnswered(await api.get(base + sized(length)), 200);
      assertRefused(await api.get(base), ['accountCode'], 'isLength');
      assertRefused(await api.get(base + sized(51)), ['accountCode'], 'isLength');
    });
  });

  describe('path ids', () => {
    // Unknown ids of a valid length reach the service and get its 403, which proves validation passed.
    const routes: [method: 'get' | 'put', path: string, min: number, max: number, errorCode: string][] = [
      ['get', '/v3/ledger/customer/{id}', 1, 100, 'customer.not.exists'],
      ['put', '/v3/ledger/customer/{id}', 10, 50, 'customer.internal.not.exists'],
      ['put', '/v3/ledger/customer/{id}/activate', 10, 50, 'customer.internal.not.exists'],
      ['put', '/v3/ledger/customer/{id}/deactivate', 10, 50, 'customer.internal.not.exists'],
      ['put', '/v3/ledger/customer/{id}/enable', 10, 50, 'customer.internal.not.exists'],
      ['put', '/v3/ledger/customer/{id}/disable', 10, 50, 'customer.internal.not.exists'],
      ['get', '/v3/ledger/account/customer/{id}?pageSize=10', 1, 100, 'customer.internal.not.exists'],
      ['get', '/v3/ledger/account/{id}', 1, 100, 'account.not.exists'],
      ['put', '/v3/ledger/account/{id}/activate', 1, 100, 'account.not.exists'],
      ['put', '/v3/ledger/account/{id}/deactivate', 1, 100, 'account.not.exists'],
    ];
    // The update route needs a valid body, so that only the id decides.
    const body = (path: string) => (path === '/v3/ledger/customer/{id}' ? { externalId: externalId() } : undefined);

    for (const [method, path, min, max, errorCode] of routes) {
      const outside = min > 1 ? `${min - 1} and ${max + 1}` : `${max + 1}`;
      it(`${method.toUpperCase()} ${path}: ids of ${min} and ${max} characters pass, ${outside} characters are refused`, async () => {
        const send = (id: string) => {
          const url = path.replace('{id}', id);
          return method === 'get' ? api.get(url) : api.put(url, body(path));
        };
        for (const length of [min, max]) assertAnswered(await send(sized(length)), 403, errorCode);
        if (min > 1) assertRefused(await send(sized(min - 1)), ['id'], 'isLength');
        assertRefused(await send(sized(max + 1)), ['id'], 'isLength');
      });
    }
  });

  describe('PUT /v3/ledger/customer/{id} body', () => {
    let customerId: string;
    before(async () => {
      ({ customerId } = await createCustomerAccount(api, {
        accountingCurrency: 'USD',
        customerCountry: 'US',
        providerCountry: 'DE',
      }));
    });
    const current = async () => (await api.get(`/v3/ledger/customer/${customerId}`)).body;

    const accepted: [label: string, update: () => Record<string, unknown>][] = [
      ['externalId of 1 character', () => ({ externalId: 'Q' })],
      ['externalId of 100 characters', () => ({ externalId: sized(100) })],
      ["Tatum's odd FiatCurrency member DOGE", () => ({ externalId: sized(20), accountingCurrency: 'DOGE' })],
      ['country codes', () => ({ externalId: sized(20), customerCountry: 'CZ', providerCountry: 'GB' })],
    ];
    for (const [label, update] of accepted) {
      it(`accepts ${label}`, async () => {
        const fields = update();
        const reply = await api.put(`/v3/ledger/customer/${customerId}`, fields);
        assertAnswered(reply, 200);
        assert.deepEqual({ ...reply.body, ...fields }, reply.body);
        assert.deepEqual(await current(), reply.body);
      });
    }

    const refused: [label: string, update: Record<string, unknown>, property: string, constraint: string][] = [
      ['an empty externalId', { externalId: '' }, 'externalId', 'isLength'],
      ['an externalId of 101 characters', { externalId: 'x'.repeat(101) }, 'externalId', 'isLength'],
      ['a missing externalId', { accountingCurrency: 'EUR' }, 'externalId', 'isDefined'],
      ['a numeric externalId', { externalId: 12345 }, 'externalId', 'isString'],
      ['a null externalId', { externalId: null }, 'externalId', 'isString'],
      ['accountingCurrency XXX', { externalId: 'keep', accountingCurrency: 'XXX' }, 'accountingCurrency', 'isIn'],
      // Tatum's OpenAPI lists ETH, the PHP SDK's enum does not (docs/decisions/0040-accounting-currency-codes.md).
      ['accountingCurrency ETH', { externalId: 'keep', accountingCurrency: 'ETH' }, 'accountingCurrency', 'isIn'],
      [
        'accountingCurrency in lower case',
        { externalId: 'keep', accountingCurrency: 'eur' },
        'accountingCurrency',
        'isIn',
      ],
      ['customerCountry USA', { externalId: 'keep', customerCountry: 'USA' }, 'customerCountry', 'isIn'],
      ['customerCountry XX', { externalId: 'keep', customerCountry: 'XX' }, 'customerCountry', 'isIn'],
      ['providerCountry USA', { externalId: 'keep', providerCountry: 'USA' }, 'providerCountry', 'isIn'],
      ['providerCountry XX', { externalId: 'keep', providerCountry: 'XX' }, 'providerCountry', 'isIn'],
      ['a numeric providerCountry', { externalId: 'keep', providerCountry: 49 }, 'providerCountry', 'isIn'],
      // PostgreSQL text cannot hold U+0000; the field is refused rather than failing in storage.
      ['an externalId holding U+0000', { externalId: 'a\u0000b' }, 'externalId', 'matches'],
    ];
    for (const [label, update, property, constraint] of refused) {
      it(`refuses ${label} and changes nothing`, async () => {
        const before = await current();
        assertRefused(await api.put(`/v3/ledger/customer/${customerId}`, update), [property], constraint);
        assert.deepEqual(await current(), before);
      });
    }
  });

  describe('POST /v3/ledger/account body', () => {
    // Accepted values either create the account (200, echoing the field) or, for currencies that pass
    // validation but are not ledger assets, end in 403 ledger.currency.invalid.
    const created: [label: string, body: () => Record<string, unknown>, field?: string][] = [
      ['xpub of 1 character', () => ({ currency: 'BTC', xpub: 'x' }), 'xpub'],
      ['xpub of 192 characters', () => ({ currency: 'BTC', xpub: sized(192) }), 'xpub'],
      ['accountCode of 1 character', () => ({ currency: 'BTC', accountCode: 'c' }), 'accountCode'],
      ['accountCode of 50 characters', () => ({ currency: 'BTC', accountCode: sized(50) }), 'accountCode'],
      ['accountNumber of 1 character', () => ({ currency: 'BTC', accountNumber: 'n' }), 'accountNumber'],
      ['accountNumber of 50 characters', () => ({ currency: 'BTC', accountNumber: sized(50) }), 'accountNumber'],
      ['compliant false', () => ({ currency: 'BTC', compliant: false })],
      ['accountingCurrency DOGE', () => ({ currency: 'BTC', accountingCurrency: 'DOGE' }), 'accountingCurrency'],
      ['a customer externalId of 1 character', () => ({ currency: 'BTC', customer: { externalId: 'R' } })],
      ['a customer externalId of 100 characters', () => ({ currency: 'BTC', customer: { externalId: sized(100) } })],
      [
        'customer fields at their enums',
        () => ({
          currency: 'BTC',
          customer: { externalId: sized(30), accountingCurrency: 'FUSD', customerCountry: 'US', providerCountry: 'ZW' },
        }),
      ],
    ];
    for (const [label, body, field] of created) {
      it(`accepts ${label}`, async () => {
        const request = body();
        const reply = await api.post('/v3/ledger/account', request);
        assertAnswered(reply, 200);
        if (field) assert.equal(reply.body[field], request[field]);
        const customer = request.customer as { externalId: string } | undefined;
        if (customer) {
          const stored = await api.get(`/v3/ledger/customer/${encodeURIComponent(customer.externalId)}`);
          assert.deepEqual({ ...stored.body, ...customer }, stored.body);
        }
      });
    }

    for (const currency of [sized(2), sized(40)]) {
      it(`lets a currency of ${currency.length} characters through validation (403 ledger.currency.invalid)`, async () => {
        const before = await rowCounts();
        assertAnswered(await api.post('/v3/ledger/account', { currency }), 403, 'ledger.currency.invalid');
        assert.deepEqual(await rowCounts(), before);
      });
    }

    const refused: [label: string, body: Record<string, unknown>, path: string[], constraint: string][] = [
      ['a currency of 1 character', { currency: 'B' }, ['currency'], 'isLength'],
      ['a currency of 41 characters', { currency: 'C'.repeat(41) }, ['currency'], 'isLength'],
      ['a missing currency', { xpub: 'x' }, ['currency'], 'isDefined'],
      ['a numeric currency', { currency: 1 }, ['currency'], 'isString'],
      ['an empty xpub', { currency: 'BTC', xpub: '' }, ['xpub'], 'isLength'],
      ['an xpub of 193 characters', { currency: 'BTC', xpub: 'x'.repeat(193) }, ['xpub'], 'isLength'],
      ['an empty accountCode', { currency: 'BTC', accountCode: '' }, ['accountCode'], 'isLength'],
      [
        'an accountCode of 51 characters',
        { currency: 'BTC', accountCode: 'c'.repeat(51) },
        ['accountCode'],
        'isLength',
      ],
      ['an empty accountNumber', { currency: 'BTC', accountNumber: '' }, ['accountNumber'], 'isLength'],
      [
        'an accountNumber of 51 characters',
        { currency: 'BTC', accountNumber: 'n'.repeat(51) },
        ['accountNumber'],
        'isLength',
      ],
      ['compliant as a string', { currency: 'BTC', compliant: 'true' }, ['compliant'], 'isBoolean'],
      ['compliant as a number', { currency: 'BTC', compliant: 1 }, ['compliant'], 'isBoolean'],
      ['accountingCurrency XXX', { currency: 'BTC', accountingCurrency: 'XXX' }, ['accountingCurrency'], 'isIn'],
      ['a customer that is a string', { currency: 'BTC', customer: 'c' }, ['customer'], 'isObject'],
      ['a customer without externalId', { currency: 'BTC', customer: {} }, ['customer', 'externalId'], 'isDefined'],
      [
        'an empty customer externalId',
        { currency: 'BTC', customer: { externalId: '' } },
        ['customer', 'externalId'],
        'isLength',
      ],
      [
        'a customer externalId of 101 characters',
        { currency: 'BTC', customer: { externalId: 'x'.repeat(101) } },
        ['customer', 'externalId'],
        'isLength',
      ],
      [
        'a numeric customer externalId',
        { currency: 'BTC', customer: { externalId: 7 } },
        ['customer', 'externalId'],
        'isString',
      ],
      [
        'customer accountingCurrency XXX',
        { currency: 'BTC', customer: { externalId: 'new-one', accountingCurrency: 'XXX' } },
        ['customer', 'accountingCurrency'],
        'isIn',
      ],
      [
        'customer customerCountry USA',
        { currency: 'BTC', customer: { externalId: 'new-one', customerCountry: 'USA' } },
        ['customer', 'customerCountry'],
        'isIn',
      ],
      [
        'customer providerCountry XX',
        { currency: 'BTC', customer: { externalId: 'new-one', providerCountry: 'XX' } },
        ['customer', 'providerCountry'],
        'isIn',
      ],
      [
        'a customer externalId holding U+0000',
        { currency: 'BTC', customer: { externalId: 'a\u0000b' } },
        ['customer', 'externalId'],
        'matches',
      ],
    ];
    for (const [label, body, path, constraint] of refused) {
      it(`refuses ${label} and creates nothing`, async () => {
        const before = await rowCounts();
        assertRefused(await api.post('/v3/ledger/account', body), path, constraint);
        assert.deepEqual(await rowCounts(), before);
      });
    }

    it('refuses an existing customer update it carries without touching that customer', async () => {
      const { externalId: ext, customerId } = await createCustomerAccount(api, { customerCountry: 'US' });
      const before = (await api.get(`/v3/ledger/customer/${customerId}`)).body;
      const counts = await rowCounts();
      const reply = await api.post('/v3/ledger/account', {
        currency: 'BTC',
        customer: { externalId: ext, customerCountry: 'DE', providerCountry: 'USA' },
      });
      assertRefused(reply, ['customer', 'providerCountry'], 'isIn');
      assert.deepEqual((await api.get(`/v3/ledger/customer/${customerId}`)).body, before);
      assert.deepEqual(await rowCounts(), counts);
    });
  });

  describe('POST /v3/ledger/account/batch body', () => {
    it('accepts a single account', async () => {
      const reply = await api.post('/v3/ledger/account/batch', { accounts: [{ currency: 'LTC' }] });
      assertAnswered(reply, 200);
      assert.equal(reply.body.length, 1);
      assert.equal(reply.body[0].currency, 'LTC');
    });

    const refused: [label: string, body: unknown, path: string[], constraint: string][] = [
      ['a missing accounts', {}, ['accounts'], 'isDefined'],
      ['an empty accounts', { accounts: [] }, ['accounts'], 'arrayMinSize'],
      ['accounts as an object', { accounts: { currency: 'BTC' } }, ['accounts'], 'isArray'],
      ['a null item', { accounts: [{ currency: 'BTC' }, null] }, ['accounts', '1'], 'isObject'],
      [
        'an invalid item at index 1',
        { accounts: [{ currency: 'BTC', customer: { externalId: 'b-first' } }, { currency: 'B' }] },
        ['accounts', '1', 'currency'],
        'isLength',
      ],
      [
        'an invalid customer in an item',
        { accounts: [{ currency: 'BTC' }, { currency: 'BTC', customer: { externalId: '' } }] },
        ['accounts', '1', 'customer', 'externalId'],
        'isLength',
      ],
    ];
    for (const [label, body, path, constraint] of refused) {
      it(`refuses ${label} and creates nothing, not even the valid items`, async () => {
        const before = await rowCounts();
        assertRefused(await api.post('/v3/ledger/account/batch', body), path, constraint);
        assert.deepEqual(await rowCounts(), before);
      });
    }
  });
});
