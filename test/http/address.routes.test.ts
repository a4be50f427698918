import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deriveAddress } from '../../src/domain/addresses/derivation.js';
import { createVirtualCurrency } from '../helpers/ledger-fixtures.js';
import { suiteTestApp, type LedgerClient, type Reply } from '../helpers/test-app.js';

// Deposit addresses (docs/decisions/0026-deposit-addresses.md). Keys and addresses are @tatumio/tatum
// 1.37.68's for the BIP-39 test mnemonic `abandon ×11 about` (as in test/domain/address-derivation.test.ts).
const KEYS = {
  btc: 'xpub6ELHKXNimKbxMCytPh7EdC2QXx46T9qLDJWGnTraz1H9kMMFdcduoU69wh9cxP12wDxqAAfbaESWGYt5rREsX1J8iR2TEunvzvddduAPYcY',
  testnet:
    'tpubDEQBfiy13hMZzGT4NWqNnaSWwVqYQ58kuu2pDYjkrf8F6DLKAprm8c65Pyh7PrzodXHtJuEXFu5yf6JbvYaL8rz7v28zapwbuzZzr7z4UvR',
  eth: 'xpub6EF8jXqFeFEW5bwMU7RpQtHkzE4KJxcqJtvkCjJumzW8CPpacXkb92ek4WzLQXjL93HycJwTPUAcuNxCqFPKKU5m5Z2Vq4nCyh5CyPeBFFr',
  tron: 'xpub6EuK4CZWW5urEHdwAVDdDw327danAtccFcrXYvgf1DHrPXRwErt36xStQ2PNhn4hpwzPbzJ8pJVpewgChRnSs59q5Ay61GCfQZKUe71gbLq',
};
const BTC_TESTNET = [
  'tb1q8gk5z3dy7zv9ywe7synlrk58elz4hrne29cpdj',
  'tb1q60qgwr5wzw57cvs0z2qg3yf84g26fs9p97f2cu',
  'tb1q535fu0mf0uufuvg0n0q7vqrhe6pzy64xuv2v8g',
];
const BTC_MAINNET = ['bc1qmxrw6qdh5g3ztfcwm0et5l8mvws4eva24kmp8m', 'bc1qdtsnq885fjjj2agaza36cnl0ztg32wvxqg5x0c'];
const ETH = ['0x9858effd232b4033e47d90003d41ec34ecaeda94', '0x6fac4d18c912343bf86fa7049364dd4e424ab9c0'];
const TRON = ['TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH', 'TSeJkUh4Qv67VNFwY8LaAxERygNdy6NQZK'];
const LAST_INDEX = 2 ** 31 - 1;

const VALIDATION = 'Request validation failed. Please see data for additional information.';
const refusal = (errorCode: string, message: string) => ({ statusCode: 403, errorCode, message });
const ACCOUNT_NOT_EXISTS = refusal('account.not.exists', 'No such account.');
const ADDRESS_NOT_FOUND = refusal('address.not.found', 'No such address exists.');
const INDEX_USED = refusal('address.index.used', 'Unable to create address, derivation index is already used.');
const ADDRESS_USED = refusal('address.used', 'Address and currency already in use.');
const XPUB_MISSING = refusal(
  'account.xpub.missing',
  'No xpub assigned to account, it is not possible to generate address. Use assignAddress method instead.',
);
const XPUB_PRESENT = refusal(
  'account.xpub.present',
  'Xpub assigned to account, it is not possible to assign address. Use generateAddress method instead.',
);
const WRONG_XPUB = refusal(
  'address.generation.failed.wrong.xpub',
  'Unable to generate address, wrong xpub and account type.',
);
const notSupported = (currency: string) =>
  refusal('offchain.not.supported', `Offchain not supported for account with ${currency} currency.`);

/** What a derived address answers as. */
const derived = (currency: string, address: string, derivationKey: number, xpub: string) => ({
  address,
  currency,
  derivationKey,
  xpub,
  destinationTag: null,
  memo: null,
  message: null,
});

/** What an assigned address answers as. */
const assigned = (
  currency: string,
  address: string,
  tags: { destinationTag?: number; memo?: string; message?: string } = {},
) => ({
  address,
  currency,
  derivationKey: null,
  xpub: null,
  destinationTag: tags.destinationTag ?? null,
  memo: tags.memo ?? null,
  message: tags.message ?? null,
});

function assertReply(reply: Reply, status: number, body: unknown) {
  assert.equal(reply.status, status, JSON.stringify(reply.body));
  assert.deepEqual(reply.body, body);
}

async function account(api: LedgerClient, currency: string, xpub?: string): Promise<string> {
  const reply = await api.post('/v3/ledger/account', { currency, ...(xpub === undefined ? {} : { xpub }) });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.body.id as string;
}

describe('deposit address routes', (suite) => {
  const t = suiteTestApp(suite);
  /** A fresh ledger (a new tenant's testnet one, unless the mainnet one is asked for). */
  const ledger = async (network: 'testnet' | 'mainnet' = 'testnet') => {
    const keys = await t.newTenant();
    return t.client(keys[network]);
  };
  const generate = (api: LedgerClient, id: string, index?: number) =>
    api.post(`/v3/offchain/account/${id}/address${index === undefined ? '' : `?index=${index}`}`);
  const list = (api: LedgerClient, id: string) => api.get(`/v3/offchain/account/${id}/address`);
  const tagged = (index?: number) => (index === undefined ? '' : `?index=${index}`);
  const assign = (api: LedgerClient, id: string, address: string, index?: number) =>
    api.post(`/v3/offchain/account/${id}/address/${encodeURIComponent(address)}${tagged(index)}`);
  const remove = (api: LedgerClient, id: string, address: string, index?: number) =>
    api.delete(`/v3/offchain/account/${id}/address/${encodeURIComponent(address)}${tagged(index)}`);
  const exists = (api: LedgerClient, address: string, currency: string, index?: number) =>
    api.get(`/v3/offchain/account/address/${encodeURIComponent(address)}/${currency}${tagged(index)}`);

  describe('generate', () => {
    it("derives v1's BTC testnet addresses on a testnet ledger, at the index given or the last used + 1", async () => {
      const api = await ledger();
      const id = await account(api, 'BTC', KEYS.testnet);
      assertReply(await generate(api, id), 200, derived('BTC', BTC_TESTNET[0]!, 0, KEYS.testnet));
      assertReply(await generate(api, id), 200, derived('BTC', BTC_TESTNET[1]!, 1, KEYS.testnet));
      assertReply(await generate(api, id, LAST_INDEX), 200, derived('BTC', BTC_TESTNET[2]!, LAST_INDEX, KEYS.testnet));
      assertReply(await list(api, id), 200, [
        derived('BTC', BTC_TESTNET[0]!, 0, KEYS.testnet),
        derived('BTC', BTC_TESTNET[1]!, 1, KEYS.testnet),
        derived('BTC', BTC_TESTNET[2]!, LAST_INDEX, KEYS.testnet),
      ]);
    });

    it('takes the last used index + 1 after a gap, and still derives an index below it', async () => {
      const api = await ledger();
      const id = await account(api, 'BTC', KEYS.testnet);
      assertReply(await generate(api, id, 1), 200, derived('BTC', BTC_TESTNET[1]!, 1, KEYS.testnet));
      const two = deriveAddress('BTC', 'testnet', KEYS.testnet, 2);
      assertReply(await generate(api, id), 200, derived('BTC', two, 2, KEYS.testnet));
      const seven = deriveAddress('BTC', 'testnet', KEYS.testnet, 7);
      assertReply(await generate(api, id, 7), 200, derived('BTC', seven, 7, KEYS.testnet));
      const eight = deriveAddress('BTC', 'testnet', KEYS.testnet, 8);
      assertReply(await generate(api, id), 200, derived('BTC', eight, 8, KEYS.testnet));
      assertReply(await generate(api, id, 0), 200, derived('BTC', BTC_TESTNET[0]!, 0, KEYS.testnet));
      assert.deepEqual(
        (await list(api, id)).body.map((a: { derivationKey: number }) => a.derivationKey),
        [1, 2, 7, 8, 0],
        'oldest first',
      );
      assertReply(await generate(api, id, 7), 403, INDEX_USED);
    });

    it('refuses to go past the last index, naming the index, not the key', async () => {
      const api = await ledger();
      const id = await account(api, 'BTC', KEYS.testnet);
      assertReply(await generate(api, id, LAST_INDEX), 200, derived('BTC', BTC_TESTNET[2]!, LAST_INDEX, KEYS.testnet));
      assertReply(
        await generate(api, id),
        403,
        refusal(
          'address.generation.failed',
          'Unable to generate address: the account has used its last index, 2147483647.',
        ),
      );
      assertReply(
        await generate(api, id, 3),
        200,
        derived('BTC', deriveAddress('BTC', 'testnet', KEYS.testnet, 3), 3, KEYS.testnet),
      );
    });

    it("derives v1's BTC mainnet addresses on the mainnet key's ledger", async () => {
      const api = await ledger('mainnet');
      const id = await account(api, 'BTC', KEYS.btc);
      assertReply(await generate(api, id), 200, derived('BTC', BTC_MAINNET[0]!, 0, KEYS.btc));
      assertReply(await generate(api, id), 200, derived('BTC', BTC_MAINNET[1]!, 1, KEYS.btc));
      // The testnet key is refused on mainnet, and the mainnet key on testnet.
      assertReply(await generate(api, await account(api, 'BTC', KEYS.testnet)), 403, WRONG_XPUB);
      const testnet = await ledger();
      assertReply(await generate(testnet, await account(testnet, 'BTC', KEYS.btc)), 403, WRONG_XPUB);
    });

    it('gives an ETH account and a USDT account of one xpub the same addresses; two ETH accounts cannot', async () => {
      const api = await ledger();
      const eth = await account(api, 'ETH', KEYS.eth);
      const usdt = await account(api, 'USDT', KEYS.eth);
      assertReply(await generate(api, eth), 200, derived('ETH', ETH[0]!, 0, KEYS.eth));
      assertReply(await generate(api, usdt), 200, derived('USDT', ETH[0]!, 0, KEYS.eth));
      assertReply(await generate(api, usdt, 1), 200, derived('USDT', ETH[1]!, 1, KEYS.eth));
      const holderOf = async (currency: string) => (await exists(api, ETH[0]!, currency)).body.id;
      assert.equal(await holderOf('ETH'), eth);
      assert.equal(await holderOf('USDT'), usdt);

      const secondEth = await account(api, 'ETH', KEYS.eth);
      assertReply(await generate(api, secondEth), 403, ADDRESS_USED);
      assertReply(await list(api, secondEth), 200, []);
      // The refusal took no index: the next try is at 0 again, and refused again.
      assertReply(await generate(api, secondEth), 403, ADDRESS_USED);
      assertReply(
        await generate(api, secondEth, 2),
        200,
        derived('ETH', deriveAddress('ETH', 'testnet', KEYS.eth, 2), 2, KEYS.eth),
      );
    });

    it("derives v1's TRON addresses", async () => {
      const api = await ledger('mainnet');
      const id = await account(api, 'TRON', KEYS.tron);
      assertReply(await generate(api, id), 200, derived('TRON', TRON[0]!, 0, KEYS.tron));
      assertReply(await generate(api, id), 200, derived('TRON', TRON[1]!, 1, KEYS.tron));
    });

    it('refuses an account without an xpub, a chain it does not derive for, and a virtual currency', async () => {
      const api = await ledger();
      assertReply(await generate(api, await account(api, 'BTC')), 403, XPUB_MISSING);
      assertReply(await generate(api, await account(api, 'XRP', KEYS.btc)), 403, notSupported('XRP'));
      assertReply(await generate(api, await account(api, 'XLM')), 403, notSupported('XLM'));
      const { name, issuerId } = await createVirtualCurrency(api, '10');
      assertReply(await generate(api, issuerId), 403, notSupported(name));
      assertReply(await list(api, issuerId), 200, []);
    });

    it('refuses a key the network does not take and what is no key, storing nothing', async () => {
      const api = await ledger();
      const mainnetKey = await account(api, 'BTC', KEYS.btc);
      assertReply(await generate(api, mainnetKey), 403, WRONG_XPUB);
      assertReply(await generate(api, mainnetKey, 3), 403, WRONG_XPUB);
      assertReply(await list(api, mainnetKey), 200, []);
      const garbage = await account(api, 'ETH', 'garbage');
      assertReply(await generate(api, garbage), 403, WRONG_XPUB);
      assertReply(await list(api, garbage), 200, []);
    });

    it("refuses unknown, deactivated and other tenants' accounts", async () => {
      const api = await ledger();
      assertReply(await generate(api, '0123456789abcdef01234567'), 403, ACCOUNT_NOT_EXISTS);
      const closed = await account(api, 'BTC', KEYS.testnet);
      assert.equal((await api.put(`/v3/ledger/account/${closed}/deactivate`)).status, 204);
      assertReply(await generate(api, closed), 403, ACCOUNT_NOT_EXISTS);
      assertReply(await list(api, closed), 403, ACCOUNT_NOT_EXISTS);
      const keys = await t.newTenant();
      const other = t.client(keys.testnet);
      const theirs = await account(other, 'BTC', KEYS.testnet);
      assertReply(await generate(api, theirs), 403, ACCOUNT_NOT_EXISTS);
      assertReply(await list(api, theirs), 403, ACCOUNT_NOT_EXISTS);
      // Nor does the same tenant's mainnet ledger see it.
      assertReply(await generate(t.client(keys.mainnet), theirs), 403, ACCOUNT_NOT_EXISTS);
      assertReply(await list(t.client(keys.mainnet), theirs), 403, ACCOUNT_NOT_EXISTS);
      assertReply(await list(other, theirs), 200, []);
    });

    it('answers 400 for an index outside 0 … 2^31 − 1', async () => {
      const api = await ledger();
      const id = await account(api, 'BTC', KEYS.testnet);
      for (const index of ['-1', String(2 ** 31), '1.5', 'x']) {
        const reply = await api.post(`/v3/offchain/account/${id}/address?index=${index}`);
        assert.equal(reply.status, 400, index);
        assert.deepEqual(
          { statusCode: reply.body.statusCode, errorCode: reply.body.errorCode, message: reply.body.message },
          { statusCode: 400, errorCode: 'validation.failed', message: VALIDATION },
        );
        assert.equal(reply.body.data[0].property, 'index');
      }
      assertReply(await list(api, id), 200, []);
    });
  });

  describe('batch', () => {
    it('derives every address, in order', async () => {
      const api = await ledger();
      const btc = await account(api, 'BTC', KEYS.testnet);
      const eth = await account(api, 'ETH', KEYS.eth);
      const reply = await api.post('/v3/offchain/account/address/batch', {
        addresses: [{ accountId: btc }, { accountId: eth, derivationKey: 1 }, { accountId: btc }, { accountId: eth }],
      });
      assertReply(reply, 200, [
        derived('BTC', BTC_TESTNET[0]!, 0, KEYS.testnet),
        derived('ETH', ETH[1]!, 1, KEYS.eth),
        derived('BTC', BTC_TESTNET[1]!, 1, KEYS.testnet),
        derived('ETH', deriveAddress('ETH', 'testnet', KEYS.eth, 2), 2, KEYS.eth),
      ]);
      assert.equal((await list(api, btc)).body.length, 2);
    });

    it('stores none when one is refused', async () => {
      const api = await ledger();
      const btc = await account(api, 'BTC', KEYS.testnet);
      const bare = await account(api, 'BTC');
      assertReply(
        await api.post('/v3/offchain/account/address/batch', { addresses: [{ accountId: btc }, { accountId: bare }] }),
        403,
        XPUB_MISSING,
      );
      assertReply(
        await api.post('/v3/offchain/account/address/batch', {
          addresses: [{ accountId: btc }, { accountId: btc, derivationKey: 0 }],
        }),
        403,
        INDEX_USED,
      );
      assertReply(
        await api.post('/v3/offchain/account/address/batch', {
          addresses: [{ accountId: btc }, { accountId: '0123456789abcdef01234567' }],
        }),
        403,
        ACCOUNT_NOT_EXISTS,
      );
      assertReply(await list(api, btc), 200, []);
      assertReply(await generate(api, btc), 200, derived('BTC', BTC_TESTNET[0]!, 0, KEYS.testnet));
    });

    it('answers 400 for an empty list or a bad derivation key', async () => {
      const api = await ledger();
      const btc = await account(api, 'BTC', KEYS.testnet);
      for (const addresses of [
        [],
        [{ accountId: btc, derivationKey: -1 }],
        [{ accountId: btc, derivationKey: 2 ** 31 }],
      ]) {
        const reply = await api.post('/v3/offchain/account/address/batch', { addresses });
        assert.equal(reply.status, 400, JSON.stringify(addresses));
        assert.equal(reply.body.errorCode, 'validation.failed');
      }
      assertReply(await list(api, btc), 200, []);
    });
  });

  describe('addressExists', () => {
    it('answers the account holding the address for the currency, and address.not.found otherwise', async () => {
      const api = await ledger();
      const btc = await account(api, 'BTC', KEYS.testnet);
      await generate(api, btc);
      const found = await exists(api, BTC_TESTNET[0]!, 'BTC');
      assertReply(found, 200, (await api.get(`/v3/ledger/account/${btc}`)).body);
      assert.equal(found.body.id, btc);
      assertReply(await exists(api, BTC_TESTNET[0]!, 'LTC'), 403, ADDRESS_NOT_FOUND);
      assertReply(await exists(api, BTC_TESTNET[1]!, 'BTC'), 403, ADDRESS_NOT_FOUND);
      assertReply(await exists(api, BTC_TESTNET[0]!, 'BTC', 5), 403, ADDRESS_NOT_FOUND);
      // Another ledger does not see it.
      assertReply(await exists(await ledger(), BTC_TESTNET[0]!, 'BTC'), 403, ADDRESS_NOT_FOUND);
      assertReply(
        await exists(t.client((await t.newTenant()).mainnet), BTC_TESTNET[0]!, 'BTC'),
        403,
        ADDRESS_NOT_FOUND,
      );
    });
  });

  describe('assign', () => {
    it('stores the tag as XRP destinationTag, XLM message and BNB memo', async () => {
      const api = await ledger();
      const xrp = await account(api, 'XRP');
      const xlm = await account(api, 'XLM');
      const bnb = await account(api, 'BNB');
      const address = 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe';
      assertReply(await assign(api, xrp, address, 7), 200, assigned('XRP', address, { destinationTag: 7 }));
      assertReply(await assign(api, xlm, 'GA-XLM', 8), 200, assigned('XLM', 'GA-XLM', { message: '8' }));
      assertReply(await assign(api, bnb, 'bnb1-memo', 9), 200, assigned('BNB', 'bnb1-memo', { memo: '9' }));
      assertReply(await list(api, xrp), 200, [assigned('XRP', address, { destinationTag: 7 })]);
      assertReply(await list(api, xlm), 200, [assigned('XLM', 'GA-XLM', { message: '8' })]);
      assertReply(await list(api, bnb), 200, [assigned('BNB', 'bnb1-memo', { memo: '9' })]);
      assert.equal((await exists(api, address, 'XRP', 7)).body.id, xrp);
      assertReply(await exists(api, address, 'XRP'), 403, ADDRESS_NOT_FOUND);
      assertReply(await exists(api, address, 'XRP', 8), 403, ADDRESS_NOT_FOUND);
    });

    it('lets accounts share an address with different tags, never the same address and tag', async () => {
      const api = await ledger();
      const first = await account(api, 'XRP');
      const second = await account(api, 'XRP');
      const third = await account(api, 'XRP');
      const address = 'rShared';
      assertReply(await assign(api, first, address, 1), 200, assigned('XRP', address, { destinationTag: 1 }));
      assertReply(await assign(api, second, address, 2), 200, assigned('XRP', address, { destinationTag: 2 }));
      assertReply(await assign(api, third, address, 1), 403, ADDRESS_USED);
      assertReply(await assign(api, first, address, 1), 403, ADDRESS_USED);
      assertReply(await assign(api, third, address), 200, assigned('XRP', address));
      assertReply(await assign(api, first, address), 403, ADDRESS_USED);
      assertReply(await list(api, first), 200, [assigned('XRP', address, { destinationTag: 1 })]);
      assert.equal((await exists(api, address, 'XRP', 2)).body.id, second);
      assert.equal((await exists(api, address, 'XRP')).body.id, third);
    });

    it('refuses an account with an xpub, a virtual currency, and an unknown account', async () => {
      const api = await ledger();
      const withXpub = await account(api, 'BTC', KEYS.testnet);
      assertReply(await assign(api, withXpub, 'tb1qsomething'), 403, XPUB_PRESENT);
      assertReply(await list(api, withXpub), 200, []);
      const { name, issuerId } = await createVirtualCurrency(api, '10');
      assertReply(await assign(api, issuerId, 'anything'), 403, notSupported(name));
      assertReply(await assign(api, '0123456789abcdef01234567', 'anything'), 403, ACCOUNT_NOT_EXISTS);
      const closed = await account(api, 'XRP');
      assert.equal((await api.put(`/v3/ledger/account/${closed}/deactivate`)).status, 204);
      assertReply(await assign(api, closed, 'rClosed'), 403, ACCOUNT_NOT_EXISTS);
      const other = await ledger();
      assertReply(await assign(api, await account(other, 'XRP'), 'rTheirs'), 403, ACCOUNT_NOT_EXISTS);
      assertReply(await exists(api, 'rClosed', 'XRP'), 403, ADDRESS_NOT_FOUND);
    });

    it('answers 400 for a tag below 1', async () => {
      const api = await ledger();
      const xrp = await account(api, 'XRP');
      const reply = await assign(api, xrp, 'rZero', 0);
      assert.equal(reply.status, 400);
      assert.equal(reply.body.errorCode, 'validation.failed');
      assertReply(await list(api, xrp), 200, []);
    });
  });

  describe('remove', () => {
    it('removes a derived address, whose index is never derived again', async () => {
      const api = await ledger();
      const id = await account(api, 'BTC', KEYS.testnet);
      await generate(api, id);
      await generate(api, id);
      const reply = await remove(api, id, BTC_TESTNET[0]!);
      assert.equal(reply.status, 204);
      assert.equal(reply.body, '');
      assertReply(await list(api, id), 200, [derived('BTC', BTC_TESTNET[1]!, 1, KEYS.testnet)]);
      assertReply(await exists(api, BTC_TESTNET[0]!, 'BTC'), 403, ADDRESS_NOT_FOUND);
      assertReply(await generate(api, id, 0), 403, INDEX_USED);
      assertReply(await remove(api, id, BTC_TESTNET[0]!), 403, ADDRESS_NOT_FOUND);
      // The last index counts removed ones too.
      assert.equal((await remove(api, id, BTC_TESTNET[1]!)).status, 204);
      const two = deriveAddress('BTC', 'testnet', KEYS.testnet, 2);
      assertReply(await generate(api, id), 200, derived('BTC', two, 2, KEYS.testnet));
    });

    it('forgets an assigned address, which may then be assigned again, to any account', async () => {
      const api = await ledger();
      const first = await account(api, 'XRP');
      const second = await account(api, 'XRP');
      await assign(api, first, 'rMoving', 4);
      await assign(api, first, 'rMoving', 5);
      assertReply(await remove(api, first, 'rMoving'), 403, ADDRESS_NOT_FOUND);
      assertReply(await remove(api, first, 'rMoving', 6), 403, ADDRESS_NOT_FOUND);
      assertReply(await remove(api, second, 'rMoving', 4), 403, ADDRESS_NOT_FOUND);
      assert.equal((await remove(api, first, 'rMoving', 4)).status, 204);
      assertReply(await list(api, first), 200, [assigned('XRP', 'rMoving', { destinationTag: 5 })]);
      assertReply(await assign(api, second, 'rMoving', 4), 200, assigned('XRP', 'rMoving', { destinationTag: 4 }));
      assert.equal((await exists(api, 'rMoving', 'XRP', 4)).body.id, second);
    });

    it("refuses unknown, deactivated and other tenants' accounts", async () => {
      const api = await ledger();
      assertReply(await remove(api, '0123456789abcdef01234567', 'rX'), 403, ACCOUNT_NOT_EXISTS);
      const other = await ledger();
      const theirs = await account(other, 'XRP');
      await assign(other, theirs, 'rTheirs');
      assertReply(await remove(api, theirs, 'rTheirs'), 403, ACCOUNT_NOT_EXISTS);
      assert.equal((await exists(other, 'rTheirs', 'XRP')).body.id, theirs, 'still theirs');
      const closed = await account(api, 'XRP');
      await assign(api, closed, 'rClosing');
      assert.equal((await api.put(`/v3/ledger/account/${closed}/deactivate`)).status, 204);
      assertReply(await remove(api, closed, 'rClosing'), 403, ACCOUNT_NOT_EXISTS);
    });
  });
});
