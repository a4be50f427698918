import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sha256 } from '@noble/hashes/sha2.js';
import { createBase58check, hex } from '@scure/base';
import { Currency, generateAddressFromXPub, generateWallet } from '@tatumio/tatum';
import {
  DerivationError,
  deriveAddress,
  EVM_CURRENCIES,
  TRON_CURRENCIES,
  UTXO_CURRENCIES,
  XDC_CURRENCIES,
} from '../src/domain/addresses/derivation.js';
import type { Network } from '../src/domain/ledger.js';

// The server's deposit addresses against v1's own: for every currency it derives, on both networks,
// two keys made fresh by v1's generateWallet (new mnemonics each run) give the same string at every
// index checked, and a key or index v1 refuses is refused (docs/decisions/0026-deposit-addresses.md).

const CURRENCIES = [...UTXO_CURRENCIES, ...EVM_CURRENCIES, ...XDC_CURRENCIES, ...TRON_CURRENCIES];
const NETWORKS: readonly Network[] = ['mainnet', 'testnet'];
const INDEXES = [...Array.from({ length: 25 }, (_, i) => i), 100, 1_000, 65_535, 2 ** 20, 2 ** 31 - 2, 2 ** 31 - 1];

const among = (list: readonly string[], currency: string) => list.includes(currency);

/** The currency whose v1 wallet generator makes a currency's keys: a token takes its chain's. */
function walletCurrency(currency: string): string {
  if (among(['MATIC', 'USDT_MATIC', 'USDC_MATIC', 'USDC_MATIC_NATIVE'], currency)) return 'MATIC';
  if (among(['CELO', 'CUSD', 'CEUR'], currency)) return 'CELO';
  if (among(TRON_CURRENCIES, currency)) return 'TRON';
  if (among([...UTXO_CURRENCIES, 'KLAY', 'ONE', 'XDC'], currency)) return currency;
  // Some tokens v1 derives as ETH (B2U_BSC, RMD) are unknown to its generateWallet.
  return 'ETH';
}

const WALLET_CURRENCIES = [...new Set(CURRENCIES.map(walletCurrency))];
/** Two keys per wallet currency and network; TRON's twice more, written as 130 hex digits. */
const keys: Record<string, string[]> = {};
const keysOf = (currency: string, network: Network) => keys[`${walletCurrency(currency)} ${network}`]!;

const base58check = createBase58check(sha256);
/** A serialized extended key as TRON's other form: compressed key then chain code, in hex. */
const asHex = (xpub: string) => {
  const bytes = base58check.decode(xpub);
  return hex.encode(bytes.subarray(45)) + hex.encode(bytes.subarray(13, 45));
};

type Outcome = { address: string } | { refused: string };

function v1(currency: string, network: Network, xpub: string, index: number): Outcome {
  try {
    return { address: String(generateAddressFromXPub(currency as Currency, network === 'testnet', xpub, index)) };
  } catch (error) {
    return { refused: (error as Error).message };
  }
}

function ours(currency: string, network: Network, xpub: string, index: number): Outcome {
  try {
    return { address: deriveAddress(currency, network, xpub, index) };
  } catch (error) {
    assert.ok(error instanceof DerivationError, `${currency}: ${String(error)}`);
    return { refused: error.reason };
  }
}

let comparisons = 0;

/** Same address, or both refuse (ours with the reason given). */
function same(currency: string, network: Network, xpub: string, index: number, reason?: 'xpub' | 'index'): Outcome {
  comparisons++;
  const [theirs, mine] = [v1(currency, network, xpub, index), ours(currency, network, xpub, index)];
  const where = `${currency} ${network} ${xpub} ${index}`;
  if ('address' in theirs) assert.deepEqual(mine, theirs, where);
  else {
    assert.ok('refused' in mine, `${where}: v1 refused (${theirs.refused}), ours gave ${JSON.stringify(mine)}`);
    if (reason) assert.equal(mine.refused, reason, where);
  }
  return theirs;
}

before(async () => {
  for (const currency of WALLET_CURRENCIES)
    for (const network of NETWORKS) {
      const made: string[] = [];
      for (let i = 0; i < 2; i++) {
        const wallet: object = await generateWallet(currency as Currency, network === 'testnet');
        assert.ok('xpub' in wallet && typeof wallet.xpub === 'string', `v1 made no xpub for ${currency}`);
        made.push(wallet.xpub);
      }
      keys[`${currency} ${network}`] = currency === 'TRON' ? [...made, ...made.map(asHex)] : made;
    }
});

describe("deposit addresses against v1's generateAddressFromXPub", () => {
  for (const currency of CURRENCIES)
    it(`${currency}: the same address for every index of two fresh keys, on both networks`, () => {
      for (const network of NETWORKS)
        for (const xpub of keysOf(currency, network)) for (const index of INDEXES) same(currency, network, xpub, index);
    });

  it("agrees with v1 on every other chain's and network's keys: the same address, or a refusal", () => {
    const everyKey = Object.values(keys).map((made) => made[0]!);
    // One currency per wallet family: the sweep above already covers each currency of a family.
    for (const currency of WALLET_CURRENCIES)
      for (const network of NETWORKS) for (const xpub of everyKey) same(currency, network, xpub, 0);
  });

  it("refuses, as v1 does, a key of the other network or of another chain's version bytes", () => {
    const refused: [string, Network, string][] = [
      ['BTC', 'mainnet', 'BTC testnet'],
      ['BTC', 'testnet', 'BTC mainnet'],
      ['LTC', 'mainnet', 'LTC testnet'],
      ['LTC', 'testnet', 'LTC mainnet'],
      ['LTC', 'mainnet', 'BTC mainnet'],
      ['DOGE', 'mainnet', 'DOGE testnet'],
      ['DOGE', 'testnet', 'DOGE mainnet'],
      ['BCH', 'mainnet', 'BCH testnet'],
      ['BCH', 'testnet', 'BCH mainnet'],
      ['ETH', 'mainnet', 'BTC testnet'],
      ['ONE', 'testnet', 'LTC testnet'],
      ['XDC', 'mainnet', 'LTC mainnet'],
      ['USDT_TRON', 'mainnet', 'DOGE testnet'],
    ];
    for (const [currency, network, keysFrom] of refused) {
      const theirs = same(currency, network, keys[keysFrom]![0]!, 0, 'xpub');
      assert.ok('refused' in theirs, `v1 took a ${keysFrom} key for ${currency} on ${network}`);
    }
  });

  it('refuses what v1 refuses as a key', () => {
    const btc = keys['BTC mainnet']![0]!;
    const garbage = ['', 'xpub', 'not a key', btc.slice(0, -1), `${btc.slice(0, -1)}${btc.endsWith('a') ? 'b' : 'a'}`];
    for (const currency of CURRENCIES)
      for (const network of NETWORKS) for (const xpub of garbage) same(currency, network, xpub, 0, 'xpub');
  });

  it('refuses the indexes v1 refuses: negative, hardened, beyond 32 bits', () => {
    for (const currency of CURRENCIES)
      for (const network of NETWORKS)
        for (const index of [-1, 2 ** 31, 2 ** 31 + 5, 2 ** 32])
          same(currency, network, keysOf(currency, network)[0]!, index, 'index');
  });

  it('refuses a fractional index, which v1 reads as its integer part on account chains', () => {
    for (const currency of ['ETH', 'BSC', 'ONE', 'XDC']) {
      const xpub = keysOf(currency, 'mainnet')[0]!;
      const atOne = v1(currency, 'mainnet', xpub, 1);
      assert.ok('address' in atOne);
      assert.deepEqual(v1(currency, 'mainnet', xpub, 1.5), atOne);
      assert.deepEqual(ours(currency, 'mainnet', xpub, 1.5), { refused: 'index' });
    }
    for (const currency of ['BTC', 'BCH', 'TRON'])
      same(currency, 'mainnet', keysOf(currency, 'mainnet')[0]!, 1.5, 'index');
  });

  it('made its comparisons', (t) => {
    t.diagnostic(`${comparisons} comparisons with v1 over ${CURRENCIES.length} currencies`);
    assert.ok(comparisons > CURRENCIES.length * 2 * 2 * 20);
  });
});
