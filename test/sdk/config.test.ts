import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LedgerSdk, LedgerValidationError, operations, type ValidationItem } from '../../packages/sdk/src/index.js';
import { hang, startStub, type Stub } from './helpers/stub-server.js';

// Configuration and the checks made before anything is sent; the stub counts that nothing was.
describe('SDK configuration', () => {
  it('refuses unknown keys, naming them', () => {
    assert.throws(
      () => new LedgerSdk({ baseUrl: 'http://127.0.0.1:1', timeoutMS: 5 } as never),
      (e) => e instanceof TypeError && /Unknown LedgerSdk config key\(s\): timeoutMS/.test(e.message),
    );
  });

  it('needs an http(s) baseUrl and sane numbers', () => {
    assert.throws(() => new LedgerSdk({} as never), /baseUrl must be an http\(s\) URL/);
    assert.throws(() => new LedgerSdk({ baseUrl: 'ftp://x' }), /baseUrl/);
    assert.throws(
      () => new LedgerSdk({ baseUrl: 'http://x', timeoutMs: 0 }),
      /timeoutMs must be an integer of at least 1/,
    );
    assert.throws(() => new LedgerSdk({ baseUrl: 'http://x', maxRetries: -1 }), /maxRetries/);
    assert.throws(() => new LedgerSdk({ baseUrl: 'http://x', testnetApiKey: '' }), /testnetApiKey/);
  });

  it('a network caller needs that network’s key', () => {
    const sdk = new LedgerSdk({ baseUrl: 'http://127.0.0.1:1/', testnetApiKey: 'test_key' });
    assert.throws(() => sdk.mainnet(), /mainnet\(\) needs mainnetApiKey/);
    assert.ok(sdk.testnet().api().customer());
  });
});

describe('SDK checks before sending', () => {
  let stub: Stub;
  before(async () => (stub = await startStub([hang()])));
  after(() => {
    assert.equal(stub.requests.length, 0, 'nothing reached the server');
    return stub.close();
  });

  async function refused(call: Promise<unknown>): Promise<ValidationItem[]> {
    let items: ValidationItem[] = [];
    await assert.rejects(call, (e) => {
      assert.ok(e instanceof LedgerValidationError);
      assert.deepEqual([e.statusCode, e.errorCode], [400, 'validation.failed']);
      assert.match(e.message, /nothing was sent/);
      items = e.data as ValidationItem[];
      return true;
    });
    return items;
  }

  it('refuses unknown call options', async () => {
    const customers = stub.sdk().testnet().api().customer();
    await assert.rejects(
      customers.findAllCustomers(1, 0, { retries: 1 } as never),
      /Unknown call option key\(s\): retries/,
    );
  });

  it('checks the PHP SDK’s bounds: pageSize 1..50, customer ids 10..50 and 1..100', async () => {
    const customers = stub.sdk().testnet().api().customer();
    for (const pageSize of [0, 51, 1.5]) {
      const [item] = await refused(customers.findAllCustomers(pageSize));
      assert.equal(item!.property, 'pageSize');
    }
    const [negative] = await refused(customers.findAllCustomers(10, -1));
    assert.deepEqual(negative!.constraints, { min: 'offset must not be less than 0' });
    const [short] = await refused(customers.activateCustomer('123456789'));
    assert.deepEqual(short!.constraints, { isLength: 'id must be longer than or equal to 10 characters' });
    await refused(customers.deactivateCustomer('x'.repeat(51)));
    await refused(customers.getCustomerByExternalOrInternalId('x'.repeat(101)));
    await refused(customers.getCustomerByExternalOrInternalId(''));
  });

  it('checks bodies: required fields, lengths, enums, list sizes, patterns', async () => {
    const api = stub.sdk().testnet().api();
    const missing = await refused(api.customer().updateCustomer('0123456789', {} as never));
    assert.deepEqual(missing[0]!.property, 'customerUpdate.externalId');
    const [country] = await refused(
      api.customer().updateCustomer('0123456789', { externalId: 'e', customerCountry: 'XX' as never }),
    );
    assert.equal(country!.property, 'customerUpdate.customerCountry');
    assert.ok('isIn' in country!.constraints);
    const [empty] = await refused(api.account().createAccountBatch({ accounts: [] }));
    assert.deepEqual(empty!.constraints, {
      arrayMinSize: 'createAccountBatch.accounts must contain at least 1 elements',
    });
    const [nested] = await refused(api.account().createAccountBatch({ accounts: [{ currency: 'B' }] }));
    assert.equal(nested!.property, 'createAccountBatch.accounts[0].currency');
    const [name] = await refused(
      api.virtualCurrency().createCurrency({ name: 'VC-bad name', supply: '1', basePair: 'EUR' }),
    );
    assert.ok('matches' in name!.constraints);
    const [type] = await refused(api.account().createAccount({ currency: 7 } as never));
    assert.deepEqual(type!.constraints, { isString: 'createAccount.currency must be a string' });
    await refused(api.account().createAccount(undefined as never));
  });

  // Driven by the generated tables: one more character than a path parameter's maxLength, and one
  // below a query parameter's minimum, is refused for every operation that declares such a bound.
  it('every documented bound of every operation is checked', async () => {
    const api = stub.sdk().testnet().api() as unknown as Record<string, () => Record<string, Function>>;
    let checked = 0;
    for (const [group, table] of Object.entries(operations)) {
      for (const [method, operation] of Object.entries(table)) {
        for (const [index, parameter] of operation.parameters.entries()) {
          const schema = parameter.schema as { maxLength?: number; minimum?: number };
          const bad =
            schema.maxLength !== undefined
              ? 'x'.repeat(schema.maxLength + 1)
              : schema.minimum !== undefined
                ? schema.minimum - 1
                : undefined;
          if (bad === undefined) continue;
          const args = operation.parameters.map((_: unknown, i: number) => (i === index ? bad : undefined));
          const target = api[group]!();
          const items = await refused(target[method]!.apply(target, args));
          assert.ok(
            items.some((item) => item.property === parameter.name),
            `${method}(${parameter.name}=${String(bad).slice(0, 10)}…)`,
          );
          checked++;
        }
      }
    }
    assert.ok(checked >= 20, `${checked} bounds checked`);
  });
});
