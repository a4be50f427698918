import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Customer } from '../../src/contract/customer.schema.js';
import {
  CUSTOMER_CACHE_MS,
  CustomerCache,
  type CustomerCacheOptions,
} from '../../src/domain/customers/customer-cache.js';

// The rules the cache rests on, with a clock the tests move and loads they answer by hand. What a user
// sees through the routes is in test/http/customer-cache.test.ts.

const LEDGER = 'ledger-1';

function customer(id: string, fields: Partial<Customer> = {}): Customer {
  return {
    id,
    externalId: `ext-${id}`,
    enabled: true,
    active: true,
    accountingCurrency: 'EUR',
    customerCountry: null,
    providerCountry: null,
    ...fields,
  };
}

/** A cache that hears every change (its ledger is listening), as once a server has started. */
function listeningCache(options: CustomerCacheOptions): CustomerCache {
  const cache = new CustomerCache(options);
  cache.listening();
  return cache;
}

/** A load the test resolves when it wants, counting the calls. */
function loads() {
  const pending: ((value: Customer | undefined) => void)[] = [];
  let calls = 0;
  return {
    load: () => {
      calls++;
      return new Promise<Customer | undefined>((resolve) => pending.push(resolve));
    },
    answer: (value: Customer | undefined) => pending.shift()!(value),
    get calls() {
      return calls;
    },
  };
}

describe('customer cache', () => {
  it('reads a customer once per bound, by each key it is asked by', async () => {
    let now = 0;
    const cache = listeningCache({ clock: () => now });
    let calls = 0;
    const load = async () => (calls++, customer('c1'));
    assert.equal((await cache.read(LEDGER, 'c1', load))!.id, 'c1');
    assert.equal((await cache.read(LEDGER, 'c1', load))!.id, 'c1');
    assert.equal(calls, 1);
    await cache.read(LEDGER, 'ext-c1', load);
    assert.equal(calls, 2);
    now = CUSTOMER_CACHE_MS - 1;
    await cache.read(LEDGER, 'c1', load);
    assert.equal(calls, 2);
    now = CUSTOMER_CACHE_MS;
    await cache.read(LEDGER, 'c1', load);
    assert.equal(calls, 3, 'read again once the bound has passed');
    // Another ledger's key of the same text is another entry.
    await cache.read('ledger-2', 'c1', load);
    assert.equal(calls, 4);
  });

  it('keeps no miss: a customer created later is found at once', async () => {
    const cache = listeningCache({ clock: () => 0 });
    assert.equal(await cache.read(LEDGER, 'c1', async () => undefined), undefined);
    assert.equal((await cache.read(LEDGER, 'c1', async () => customer('c1')))!.id, 'c1');
  });

  it('forgets a customer by every key that held it', async () => {
    const cache = listeningCache({ clock: () => 0 });
    await cache.read(LEDGER, 'c1', async () => customer('c1'));
    await cache.read(LEDGER, 'ext-c1', async () => customer('c1'));
    await cache.read(LEDGER, 'c2', async () => customer('c2'));
    cache.forget(LEDGER, 'c1');
    const after = async () => customer('c1', { enabled: false });
    assert.equal((await cache.read(LEDGER, 'c1', after))!.enabled, false);
    assert.equal((await cache.read(LEDGER, 'ext-c1', after))!.enabled, false);
    assert.equal((await cache.read(LEDGER, 'c2', async () => customer('c2', { enabled: false })))!.enabled, true);
  });

  it('forgets what a key equal to a new customer id held, since the internal id now wins', async () => {
    const cache = listeningCache({ clock: () => 0 });
    // Customer c9's externalId happens to be the text of the id the next customer gets.
    await cache.read(LEDGER, 'new-id', async () => customer('c9', { externalId: 'new-id' }));
    cache.forget(LEDGER, 'new-id');
    assert.equal((await cache.read(LEDGER, 'new-id', async () => customer('new-id')))!.id, 'new-id');
  });

  it('does not keep what a read brings back when a change committed while it ran', async () => {
    const cache = listeningCache({ clock: () => 0 });
    const slow = loads();
    const inFlight = cache.read(LEDGER, 'c1', slow.load);
    cache.forget(LEDGER, 'c1');
    slow.answer(customer('c1', { enabled: true })); // read before the change committed
    assert.equal((await inFlight)!.enabled, true);
    const next = loads();
    const again = cache.read(LEDGER, 'c1', next.load);
    assert.equal(next.calls, 1, 'the old row was not kept');
    next.answer(customer('c1', { enabled: false }));
    assert.equal((await again)!.enabled, false);
    assert.equal((await cache.read(LEDGER, 'c1', async () => customer('c1')))!.enabled, false, 'the new row is');
  });

  it('drops the oldest quarter once it holds 50,000 customers, and keeps the rest', async () => {
    const cache = listeningCache({ ttlMs: Infinity, clock: () => 0 });
    for (let i = 0; i <= 50_000; i++) await cache.read(LEDGER, `c${i}`, async () => customer(`c${i}`));
    let calls = 0;
    const load = (id: string) => async () => (calls++, customer(id));
    await cache.read(LEDGER, 'c0', load('c0'));
    await cache.read(LEDGER, 'c12499', load('c12499'));
    assert.equal(calls, 2, 'the oldest were dropped');
    await cache.read(LEDGER, 'c12500', load('c12500'));
    await cache.read(LEDGER, 'c50000', load('c50000'));
    assert.equal(calls, 2, 'the others kept');
  });

  it('keeps nothing while announcements may be missed, and forgets what is announced', async () => {
    const cache = new CustomerCache({ clock: () => 0 });
    let calls = 0;
    const load = async () => (calls++, customer('c1'));
    await cache.read(LEDGER, 'c1', load);
    await cache.read(LEDGER, 'c1', load);
    assert.equal(calls, 2, 'not kept before the LISTEN is in place');

    // A read that started before the announcements flowed may hold a change they never told.
    const early = loads();
    const inFlight = cache.read(LEDGER, 'c1', early.load);
    cache.listening();
    early.answer(customer('c1'));
    await inFlight;
    await cache.read(LEDGER, 'c1', load);
    assert.equal(calls, 3, 'the early read was not kept; this one is');
    await cache.read(LEDGER, 'c1', load);
    assert.equal(calls, 3);

    cache.changed({ customer: { ledgerId: LEDGER, id: 'c1' } });
    await cache.read(LEDGER, 'c1', load);
    assert.equal(calls, 4, 'forgotten when announced');

    cache.interrupted();
    await cache.read(LEDGER, 'c1', load);
    await cache.read(LEDGER, 'c1', load);
    assert.equal(calls, 6, 'dropped and not kept once the connection is lost');
  });
});
