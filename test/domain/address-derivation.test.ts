import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HDKey } from '@scure/bip32';
import { hex } from '@scure/base';
import {
  DerivationError,
  deriveAddress,
  derivesAddresses,
  EVM_CURRENCIES,
  TRON_CURRENCIES,
  UTXO_CURRENCIES,
  XDC_CURRENCIES,
} from '../../src/domain/addresses/derivation.js';
import { cashAddress, withCashAddrChecksum } from '../../src/domain/addresses/derivation/cashaddr.js';
import type { Network } from '../../src/domain/ledger.js';

// Keys and addresses as @tatumio/tatum 1.37.68 gives them for the BIP-39 test mnemonic
// `abandon ×11 about`: generateWallet(currency, testnet, mnemonic).xpub, then
// generateAddressFromXPub(currency, testnet, xpub, index) for indexes 0, 1 and 2^31 − 1.
const KEYS = {
  btc: 'xpub6ELHKXNimKbxMCytPh7EdC2QXx46T9qLDJWGnTraz1H9kMMFdcduoU69wh9cxP12wDxqAAfbaESWGYt5rREsX1J8iR2TEunvzvddduAPYcY',
  testnet:
    'tpubDEQBfiy13hMZzGT4NWqNnaSWwVqYQ58kuu2pDYjkrf8F6DLKAprm8c65Pyh7PrzodXHtJuEXFu5yf6JbvYaL8rz7v28zapwbuzZzr7z4UvR',
  ltc: 'Ltub2ba35pYfv93JM545xB7g8vjVVeoVGkeba5aVDKkSMWiJM9dRsQiCFCpEs99ytNeJuEzoNSwKqchBSc5UBgn9BtjLLysPrHyMTX9gp7D46dD',
  ltcTestnet:
    'ttub4fPRcZKKhfx7VLibQetg54Y6BA3KYTQjb4eNFaRPAX1oppS6kpH558eirYsyxgoN3qvDfCGzuEzf8qrJBEZgXWynPU3iFxJppsua8eJixXb',
  doge: 'xpub6EHiXXdi5366yroWHkDJDNCwYYProcYBJJjUcb1JKzhZsiNZc7G3nFPv1AtgEQTdKvVAmR6i5f7QFBJM2uHfwpfuz9MGr1zM453hgj55Krd',
  bch: 'xpub6F2iaK2JUPcgrZ6RTGH6t8VybLPu1XzfrHsDsaKvK6NfULznU6i6aw6ZoefDW2DpNruSLw73RwQg46qvpqB3eryeJJ2tkFCF4Z6gbr8Pjja',
  bchTestnet:
    'tpubDFQM6YqzBfa98MHGuTGC63qLvTVYzvVjPvTXE8P4f18ZDdfVYKZBjNmQ3gk12XB4AmSLxWcuy3EikHLYDh2HYJRwMtnCRmrUeWh6MuFhbJ7',
  eth: 'xpub6EF8jXqFeFEW5bwMU7RpQtHkzE4KJxcqJtvkCjJumzW8CPpacXkb92ek4WzLQXjL93HycJwTPUAcuNxCqFPKKU5m5Z2Vq4nCyh5CyPeBFFr',
  evmTestnet:
    'xpub6E2Z9V9KLRQ7iUGCvKrHaf79cNjtQgdhNGSWrzgcWkNMLvfc6c1fzARF9wcKsN3ZqckyhKieioFvxuozXgj6FRXprRPguJHNL2yb63mnr4C',
  matic:
    'xpub6EWJgN2zPyyJhaDTY6tcuUuhQrvRdAUeZQX3ERTNsaMMBYV3LRLdAW9ZmvxG9io6PVBn4s2WA8cLT8UsWG64fMjCuqyvQ1k7VXcaJE4B135',
  celo: 'xpub6Eg2SEFtReDrVUiXFRdWg7fLMMVS5yFKuk94SGrZkg7KjGUqvB9HdeeewNpyb7j23tgR5w7SNwnRkYaXDUGS78QwEQz6ujQfpxoDMe9U8EU',
  one: 'xpub6ENtqxYx6UsgxtGBD4Z5JYSrwTViyCJNFT8FSZxwM5a3uk1ghfhW9kRsEniAhiiCUnCR4ZWwnyDayFzABYqZ8nB5FdKk4Q6HNjf2nwcnJM3',
  xdc: 'xpub6F7Vz8X4q43xfs5qNZV9NDeKR6kysV5Wgxj2WTHL9oMw83N5MhWRbsbU3hmSWmpfotwWezFUF9cixRu9y8sXwixGXhfTiP4aDzoicypF866',
  tron: 'xpub6EuK4CZWW5urEHdwAVDdDw327danAtccFcrXYvgf1DHrPXRwErt36xStQ2PNhn4hpwzPbzJ8pJVpewgChRnSs59q5Ay61GCfQZKUe71gbLq',
  /** The same TRON key as compressed public key ‖ chain code. */
  tronHex:
    '030207d4b4a849aa22101470b07baf0b53ec0d8cf388656b9c0a9ef663a6c29cb981943f18563d37f9725b25abe4b600f12b57bd668a4110a39bcdf0988cf83b53',
};

const INDEXES = [0, 1, 2 ** 31 - 1];

const EVM_TESTNET = [
  '0xb157e208264ff9edebbcb1d36e66d156df8afa6c',
  '0xc6d7a4dac16fc817126d0184c53cff8c7d0d21dc',
  '0x0005d1e83d3702b73f7d1f7c22b351d99c0198b5',
];
const TRON = [
  'TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH',
  'TSeJkUh4Qv67VNFwY8LaAxERygNdy6NQZK',
  'TVapZk5c7S7ARtSBi9jD13rhkbZke4F4sa',
];

const VECTORS: { currency: string; network: Network; xpub: string; addresses: string[] }[] = [
  {
    currency: 'BTC',
    network: 'mainnet',
    xpub: KEYS.btc,
    addresses: [
      'bc1qmxrw6qdh5g3ztfcwm0et5l8mvws4eva24kmp8m',
      'bc1qdtsnq885fjjj2agaza36cnl0ztg32wvxqg5x0c',
      'bc1qpagryy5sxg82yx9mzqfq48hx06fzp34hd2kwj6',
    ],
  },
  {
    currency: 'BTC',
    network: 'testnet',
    xpub: KEYS.testnet,
    addresses: [
      'tb1q8gk5z3dy7zv9ywe7synlrk58elz4hrne29cpdj',
      'tb1q60qgwr5wzw57cvs0z2qg3yf84g26fs9p97f2cu',
      'tb1q535fu0mf0uufuvg0n0q7vqrhe6pzy64xuv2v8g',
    ],
  },
  {
    currency: 'LTC',
    network: 'mainnet',
    xpub: KEYS.ltc,
    addresses: [
      'LUWPbpM43E2p7ZSh8cyTBEkvpHmr3cB8Ez',
      'Ldatw8ZjgMGNUo5HMN6RgCrjmh7q494Si3',
      'LPvGc5NKpng3g6MRx2Y39HdBtrjZLPSSsU',
    ],
  },
  {
    currency: 'LTC',
    network: 'testnet',
    xpub: KEYS.ltcTestnet,
    addresses: [
      'mkpZhYtJu2r87Js3pDiWJDmPte2NRZ8bJV',
      'mzpbWabUQm1w8ijuJnAof5eiSTep27deVH',
      'mvWGSWbTYMwkvwvJR33ekVbgvQHKDT4JXA',
    ],
  },
  {
    currency: 'DOGE',
    network: 'mainnet',
    xpub: KEYS.doge,
    addresses: [
      'DBus3bamQjgJULBJtYXpEzDWQRwF5iwxgC',
      'DAcDAtJRztxBHyA6D6h8du1HguyTR43Mas',
      'D6sYKCLDQgM6YMwPXcxDjh7Mq1ugCjo4GM',
    ],
  },
  {
    currency: 'DOGE',
    network: 'testnet',
    xpub: KEYS.testnet,
    addresses: [
      'nZVmfmUtKPmskB9Ds4P9GUJy9eYFqPKHqH',
      'noVoUoC3q7wgmb25McqSdLCHhUAhSREkT9',
      'njBUQjC2xisWZpCUTsiHik9GBQoCed4F3Q',
    ],
  },
  {
    currency: 'BCH',
    network: 'mainnet',
    xpub: KEYS.bch,
    addresses: [
      'bitcoincash:qqyx49mu0kkn9ftfj6hje6g2wfer34yfnq5tahq3q6',
      'bitcoincash:qp8sfdhgjlq68hlzka9lcsxtcnvuvnd0xqxugfzzc5',
      'bitcoincash:qr2na0exzf4pt78rrt37w9wg3w286q0d8um0wcuwyn',
    ],
  },
  {
    currency: 'BCH',
    network: 'testnet',
    xpub: KEYS.bchTestnet,
    addresses: [
      'bchtest:qqyx49mu0kkn9ftfj6hje6g2wfer34yfnqseeszx8x',
      'bchtest:qp8sfdhgjlq68hlzka9lcsxtcnvuvnd0xqzwvwq4lg',
      'bchtest:qr2na0exzf4pt78rrt37w9wg3w286q0d8ula2l7er0',
    ],
  },
  {
    currency: 'ETH',
    network: 'mainnet',
    xpub: KEYS.eth,
    addresses: [
      '0x9858effd232b4033e47d90003d41ec34ecaeda94',
      '0x6fac4d18c912343bf86fa7049364dd4e424ab9c0',
      '0x8848bfc75a28756b521b09afdc120bddddc7d7c9',
    ],
  },
  { currency: 'ETH', network: 'testnet', xpub: KEYS.evmTestnet, addresses: EVM_TESTNET },
  {
    currency: 'MATIC',
    network: 'mainnet',
    xpub: KEYS.matic,
    addresses: [
      '0x841b1de89b7a8014d01b0fc73e7a21479a94899a',
      '0x0fd98da9c3141642307721dc666220d944dcbc15',
      '0xaacf5fd4f917857d7f3025db299d7d80f8ce37b2',
    ],
  },
  {
    currency: 'CELO',
    network: 'mainnet',
    xpub: KEYS.celo,
    addresses: [
      '0xe70e8afef87cc8f0d7a61f58535f6ec99cd860ca',
      '0x3ec275571fda6e659c18a5d81c90b350a8b34f8a',
      '0x589bea9228cbb80299854c82cf328b2dcba2190c',
    ],
  },
  {
    currency: 'ONE',
    network: 'mainnet',
    xpub: KEYS.one,
    addresses: [
      '0x06916163a17f07ce70e3d43ed37395f05b5738ae',
      '0x8e2a1ab44092f1cd399665c160e61d44d145a61f',
      '0x483d76829d47719175c94f0a041698b5c235fb9c',
    ],
  },
  { currency: 'ONE', network: 'testnet', xpub: KEYS.evmTestnet, addresses: EVM_TESTNET },
  {
    currency: 'XDC',
    network: 'mainnet',
    xpub: KEYS.xdc,
    addresses: [
      'xdcf4f4ec5a2380a1599ff802b798fc002f83a001a8',
      'xdcc8725efa8b6684b259e129dcdd14102d00b284f1',
      'xdc046893163b6abfb58d32b8c4f66d6d6e68174d09',
    ],
  },
  {
    currency: 'XDC',
    network: 'testnet',
    xpub: KEYS.evmTestnet,
    addresses: EVM_TESTNET.map((address) => address.replace('0x', 'xdc')),
  },
  { currency: 'TRON', network: 'mainnet', xpub: KEYS.tron, addresses: TRON },
  { currency: 'TRON', network: 'testnet', xpub: KEYS.tron, addresses: TRON },
  { currency: 'TRON', network: 'mainnet', xpub: KEYS.tronHex, addresses: TRON },
  { currency: 'TRON', network: 'testnet', xpub: KEYS.tronHex.toUpperCase(), addresses: TRON },
];

function refusal(reason: 'xpub' | 'index') {
  return (error: unknown) => error instanceof DerivationError && error.reason === reason;
}

describe('deposit address derivation', () => {
  it("gives v1's address for every family on both networks", () => {
    for (const { currency, network, xpub, addresses } of VECTORS)
      for (const [i, index] of INDEXES.entries())
        assert.equal(deriveAddress(currency, network, xpub, index), addresses[i], `${currency} ${network} ${index}`);
  });

  it('derives every currency of a family as the family does, on either network for account chains', () => {
    const ethAt0 = VECTORS.find((v) => v.currency === 'ETH' && v.network === 'mainnet')!.addresses[0];
    for (const currency of EVM_CURRENCIES) {
      assert.equal(deriveAddress(currency, 'mainnet', KEYS.eth, 0), ethAt0, currency);
      assert.equal(deriveAddress(currency, 'testnet', KEYS.eth, 0), ethAt0, currency);
    }
    for (const currency of TRON_CURRENCIES) assert.equal(deriveAddress(currency, 'testnet', KEYS.tron, 1), TRON[1]);
    for (const currency of XDC_CURRENCIES)
      assert.equal(deriveAddress(currency, 'mainnet', KEYS.eth, 0), ethAt0!.replace('0x', 'xdc'));
  });

  it('says which currencies it derives for', () => {
    for (const currency of [...UTXO_CURRENCIES, ...EVM_CURRENCIES, ...XDC_CURRENCIES, ...TRON_CURRENCIES])
      assert.equal(derivesAddresses(currency), true, currency);
    for (const currency of ['VET', 'FLOW', 'FUSD', 'EGLD', 'ADA', 'XRP', 'XLM', 'SOL', 'VC_GOLD', 'btc', 'eth', '']) {
      assert.equal(derivesAddresses(currency), false, currency);
    }
    for (const currency of ['constructor', 'toString', '__proto__']) assert.equal(derivesAddresses(currency), false);
    assert.throws(
      () => deriveAddress('VET', 'mainnet', KEYS.eth, 0),
      (error: unknown) => error instanceof Error && !(error instanceof DerivationError),
    );
  });

  it("refuses a key with another network's or chain's version bytes", () => {
    const refused: [string, Network, string][] = [
      ['BTC', 'mainnet', KEYS.testnet],
      ['BTC', 'testnet', KEYS.btc],
      ['BTC', 'mainnet', KEYS.ltc],
      ['LTC', 'mainnet', KEYS.btc],
      ['LTC', 'mainnet', KEYS.ltcTestnet],
      ['LTC', 'testnet', KEYS.ltc],
      ['LTC', 'testnet', KEYS.testnet],
      ['DOGE', 'mainnet', KEYS.testnet],
      ['DOGE', 'testnet', KEYS.doge],
      ['BCH', 'mainnet', KEYS.bchTestnet],
      ['BCH', 'testnet', KEYS.bch],
      ['ETH', 'mainnet', KEYS.testnet],
      ['ETH', 'testnet', KEYS.testnet],
      ['USDT', 'mainnet', KEYS.ltc],
      ['ONE', 'testnet', KEYS.bchTestnet],
      ['XDC', 'testnet', KEYS.ltcTestnet],
      ['TRON', 'mainnet', KEYS.testnet],
      ['USDT_TRON', 'testnet', KEYS.ltc],
    ];
    for (const [currency, network, xpub] of refused)
      assert.throws(() => deriveAddress(currency, network, xpub, 0), refusal('xpub'), `${currency} ${network}`);
  });

  it('refuses what is no public key', () => {
    const privateKey = HDKey.fromMasterSeed(new Uint8Array(32).fill(7)).derive("m/44'/0'/0'/0").privateExtendedKey;
    const lastChanged = KEYS.btc.slice(0, -1) + (KEYS.btc.endsWith('c') ? 'd' : 'c');
    const garbage = ['', 'xpub', 'not a key', ` ${KEYS.btc}`, `${KEYS.btc} `, KEYS.btc.slice(0, -1), lastChanged];
    for (const currency of ['BTC', 'LTC', 'DOGE', 'BCH', 'ETH', 'ONE', 'XDC', 'TRON'])
      for (const xpub of [...garbage, privateKey])
        assert.throws(() => deriveAddress(currency, 'mainnet', xpub, 0), refusal('xpub'), `${currency} ${xpub}`);
  });

  it('takes the hex form of a key for TRON only, and only a point on the curve', () => {
    assert.throws(() => deriveAddress('ETH', 'mainnet', KEYS.tronHex, 0), refusal('xpub'));
    assert.throws(() => deriveAddress('BTC', 'mainnet', KEYS.tronHex, 0), refusal('xpub'));
    const notHex = [
      KEYS.tronHex.slice(2),
      `0x${KEYS.tronHex.slice(2)}`,
      `${KEYS.tronHex}00`,
      `04${KEYS.tronHex.slice(2)}`,
      `02${'f'.repeat(64)}${KEYS.tronHex.slice(66)}`,
      `${KEYS.tronHex.slice(0, -1)}g`,
    ];
    for (const xpub of notHex) assert.throws(() => deriveAddress('TRON', 'mainnet', xpub, 0), refusal('xpub'), xpub);
  });

  it('takes indexes from 0 to 2^31 − 1, integers only', () => {
    for (const index of [-1, 2 ** 31, 2 ** 32, 1.5, Number.NaN, Number.POSITIVE_INFINITY, -(2 ** 31)])
      for (const [currency, xpub] of [
        ['BTC', KEYS.btc],
        ['ETH', KEYS.eth],
        ['TRON', KEYS.tron],
      ] as const)
        assert.throws(() => deriveAddress(currency, 'mainnet', xpub, index), refusal('index'), `${currency} ${index}`);
    // As v1 does, the key is read first: a bad key with a bad index is the key's fault.
    assert.throws(() => deriveAddress('BTC', 'mainnet', 'garbage', -1), refusal('xpub'));
  });

  it('refuses with a plain Error, not a ledger error, naming its reason', () => {
    try {
      deriveAddress('BTC', 'mainnet', KEYS.testnet, 0);
      assert.fail('refused');
    } catch (error) {
      assert.ok(error instanceof DerivationError);
      assert.equal(Object.getPrototypeOf(DerivationError.prototype), Error.prototype);
      assert.equal(error.name, 'DerivationError');
      assert.equal(error.reason, 'xpub');
    }
  });
});

describe('CashAddr', () => {
  // The CashAddr specification's vectors: checksums of bare payloads, then encodings of hashes of each
  // size with types 0 (pay to key hash), 1 (pay to script hash) and 15.
  it('writes the checksums of the specification', () => {
    const valid = [
      'prefix:x64nx6hz',
      'p:gpf8m4h7',
      'bitcoincash:qpzry9x8gf2tvdw0s3jn54khce6mua7lcw20ayyn',
      'bchtest:testnetaddress4d6njnut',
      'bchreg:555555555555555555555555555555555555555555555udxmlmrz',
    ];
    for (const address of valid) {
      const [prefix, data] = address.split(':') as [string, string];
      const words = Array.from(data.slice(0, -8), (char) => 'qpzry9x8gf2tvdw0s3jn54khce6mua7l'.indexOf(char));
      assert.equal(withCashAddrChecksum(prefix, words), address);
    }
  });

  it('encodes the hashes of the specification', () => {
    const vectors: [string, number, string, string][] = [
      ['bitcoincash', 0, 'F5BF48B397DAE70BE82B3CCA4793F8EB2B6CDAC9', 'qr6m7j9njldwwzlg9v7v53unlr4jkmx6eylep8ekg2'],
      ['bchtest', 1, 'F5BF48B397DAE70BE82B3CCA4793F8EB2B6CDAC9', 'pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t'],
      ['pref', 1, 'F5BF48B397DAE70BE82B3CCA4793F8EB2B6CDAC9', 'pr6m7j9njldwwzlg9v7v53unlr4jkmx6ey65nvtks5'],
      ['prefix', 15, 'F5BF48B397DAE70BE82B3CCA4793F8EB2B6CDAC9', '0r6m7j9njldwwzlg9v7v53unlr4jkmx6ey3qnjwsrf'],
      [
        'bitcoincash',
        0,
        '7ADBF6C17084BC86C1706827B41A56F5CA32865925E946EA',
        'q9adhakpwzztepkpwp5z0dq62m6u5v5xtyj7j3h2ws4mr9g0',
      ],
      [
        'bchtest',
        1,
        '3A84F9CF51AAE98A3BB3A78BF16A6183790B18719126325BFC0C075B',
        'pgagf7w02x4wnz3mkwnchut2vxphjzccwxgjvvjmlsxqwkcvs7md7wt',
      ],
      [
        'pref',
        1,
        '3173EF6623C6B48FFD1A3DCC0CC6489B0A07BB47A37F47CFEF4FE69DE825C060',
        'pvch8mmxy0rtfrlarg7ucrxxfzds5pamg73h7370aa87d80gyhqxq4k9m7qf9',
      ],
      [
        'prefix',
        15,
        'C07138323E00FA4FC122D3B85B9628EA810B3F381706385E289B0B25631197D194B5C238BEB136FB',
        '0nq8zwpj8cq05n7pytfmskuk9r4gzzel8qtsvwz79zdskftrzxtar994cgutavfklvwsvctzqy',
      ],
      [
        'bitcoincash',
        0,
        'E361CA9A7F99107C17A622E047E3745D3E19CF804ED63C5C40C6BA763696B98241223D8CE62AD48D863F4CB18C930E4C',
        'qh3krj5607v3qlqh5c3wq3lrw3wnuxw0sp8dv0zugrrt5a3kj6ucysfz8kxwv2k53krr7n933jfsunqex2w82sl',
      ],
      [
        'bchtest',
        1,
        'D9FA7C4C6EF56DC4FF423BAAE6D495DBFF663D034A72D1DC7D52CBFE7D1E6858F9D523AC0A7A5C34077638E4DD1A701BD017842789982041',
        'pmvl5lzvdm6km38lgga64ek5jhdl7e3aqd9895wu04fvhlnare5937w4ywkq57juxsrhvw8ym5d8qx7sz7zz0zvcypqs6kgdsg2g',
      ],
      [
        'pref',
        1,
        'D0F346310D5513D9E01E299978624BA883E6BDA8F4C60883C10F28C2967E67EC77ECC7EEEAEAFC6DA89FAD72D11AC961E164678B868AEEEC5F2C1DA08884175B',
        'plg0x333p4238k0qrc5ej7rzfw5g8e4a4r6vvzyrcy8j3s5k0en7calvclhw46hudk5flttj6ydvjc0pv3nchp52amk97tqa5zygg96mg7pj3lh8',
      ],
    ];
    for (const [prefix, type, hash, data] of vectors)
      assert.equal(cashAddress(prefix, type, hex.decode(hash)), `${prefix}:${data}`);
    assert.throws(() => cashAddress('bitcoincash', 0, new Uint8Array(21)), RangeError);
  });
});
