import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sha256 } from '@noble/hashes/sha2.js';
import { bech32, createBase58check, hex } from '@scure/base';
import {
  deriveAddress,
  EVM_CURRENCIES,
  TRON_CURRENCIES,
  XDC_CURRENCIES,
} from '../../src/domain/addresses/derivation.js';
import { isRecipientAddress } from '../../src/domain/addresses/recipient-address.js';
import type { Network } from '../../src/domain/ledger.js';

const base58check = createBase58check(sha256);
const NETWORKS: readonly Network[] = ['mainnet', 'testnet'];
const other = (network: Network): Network => (network === 'mainnet' ? 'testnet' : 'mainnet');

const BECH32_CHARS = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BASE58_CHARS = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const XRP_CHARS = 'rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz';
const BASE32_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The address with its character at `at` replaced by the next one of the alphabet. */
function changed(address: string, at: number, alphabet: string): string {
  const i = at < 0 ? address.length + at : at;
  const char = address[i]!;
  const index = alphabet.includes(char) ? alphabet.indexOf(char) : alphabet.indexOf(char.toLowerCase());
  return address.slice(0, i) + alphabet[(index + 1) % alphabet.length] + address.slice(i + 1);
}

/** The same 20 bytes behind another version byte. */
function reversioned(address: string, version: number): string {
  return base58check.encode(Uint8Array.of(version, ...base58check.decode(address).subarray(1)));
}

function accepts(currency: string, network: Network, addresses: readonly string[]) {
  for (const address of addresses)
    assert.equal(isRecipientAddress(currency, network, address), true, `${currency} ${network} ${address}`);
}

function refuses(currency: string, network: Network, addresses: readonly string[]) {
  for (const address of addresses)
    assert.equal(isRecipientAddress(currency, network, address), false, `${currency} ${network} ${address}`);
}

// The keys of the derivation tests (@tatumio/tatum 1.37.68's wallets for `abandon ×11 about`).
const KEYS: [string, Network, string][] = [
  [
    'BTC',
    'mainnet',
    'xpub6ELHKXNimKbxMCytPh7EdC2QXx46T9qLDJWGnTraz1H9kMMFdcduoU69wh9cxP12wDxqAAfbaESWGYt5rREsX1J8iR2TEunvzvddduAPYcY',
  ],
  [
    'BTC',
    'testnet',
    'tpubDEQBfiy13hMZzGT4NWqNnaSWwVqYQ58kuu2pDYjkrf8F6DLKAprm8c65Pyh7PrzodXHtJuEXFu5yf6JbvYaL8rz7v28zapwbuzZzr7z4UvR',
  ],
  [
    'LTC',
    'mainnet',
    'Ltub2ba35pYfv93JM545xB7g8vjVVeoVGkeba5aVDKkSMWiJM9dRsQiCFCpEs99ytNeJuEzoNSwKqchBSc5UBgn9BtjLLysPrHyMTX9gp7D46dD',
  ],
  [
    'LTC',
    'testnet',
    'ttub4fPRcZKKhfx7VLibQetg54Y6BA3KYTQjb4eNFaRPAX1oppS6kpH558eirYsyxgoN3qvDfCGzuEzf8qrJBEZgXWynPU3iFxJppsua8eJixXb',
  ],
  [
    'DOGE',
    'mainnet',
    'xpub6EHiXXdi5366yroWHkDJDNCwYYProcYBJJjUcb1JKzhZsiNZc7G3nFPv1AtgEQTdKvVAmR6i5f7QFBJM2uHfwpfuz9MGr1zM453hgj55Krd',
  ],
  [
    'DOGE',
    'testnet',
    'tpubDEQBfiy13hMZzGT4NWqNnaSWwVqYQ58kuu2pDYjkrf8F6DLKAprm8c65Pyh7PrzodXHtJuEXFu5yf6JbvYaL8rz7v28zapwbuzZzr7z4UvR',
  ],
  [
    'BCH',
    'mainnet',
    'xpub6F2iaK2JUPcgrZ6RTGH6t8VybLPu1XzfrHsDsaKvK6NfULznU6i6aw6ZoefDW2DpNruSLw73RwQg46qvpqB3eryeJJ2tkFCF4Z6gbr8Pjja',
  ],
  [
    'BCH',
    'testnet',
    'tpubDFQM6YqzBfa98MHGuTGC63qLvTVYzvVjPvTXE8P4f18ZDdfVYKZBjNmQ3gk12XB4AmSLxWcuy3EikHLYDh2HYJRwMtnCRmrUeWh6MuFhbJ7',
  ],
  [
    'ETH',
    'mainnet',
    'xpub6EF8jXqFeFEW5bwMU7RpQtHkzE4KJxcqJtvkCjJumzW8CPpacXkb92ek4WzLQXjL93HycJwTPUAcuNxCqFPKKU5m5Z2Vq4nCyh5CyPeBFFr',
  ],
  [
    'ETH',
    'testnet',
    'xpub6E2Z9V9KLRQ7iUGCvKrHaf79cNjtQgdhNGSWrzgcWkNMLvfc6c1fzARF9wcKsN3ZqckyhKieioFvxuozXgj6FRXprRPguJHNL2yb63mnr4C',
  ],
  [
    'MATIC',
    'mainnet',
    'xpub6EWJgN2zPyyJhaDTY6tcuUuhQrvRdAUeZQX3ERTNsaMMBYV3LRLdAW9ZmvxG9io6PVBn4s2WA8cLT8UsWG64fMjCuqyvQ1k7VXcaJE4B135',
  ],
  [
    'CELO',
    'mainnet',
    'xpub6Eg2SEFtReDrVUiXFRdWg7fLMMVS5yFKuk94SGrZkg7KjGUqvB9HdeeewNpyb7j23tgR5w7SNwnRkYaXDUGS78QwEQz6ujQfpxoDMe9U8EU',
  ],
  [
    'ONE',
    'mainnet',
    'xpub6ENtqxYx6UsgxtGBD4Z5JYSrwTViyCJNFT8FSZxwM5a3uk1ghfhW9kRsEniAhiiCUnCR4ZWwnyDayFzABYqZ8nB5FdKk4Q6HNjf2nwcnJM3',
  ],
  [
    'XDC',
    'mainnet',
    'xpub6F7Vz8X4q43xfs5qNZV9NDeKR6kysV5Wgxj2WTHL9oMw83N5MhWRbsbU3hmSWmpfotwWezFUF9cixRu9y8sXwixGXhfTiP4aDzoicypF866',
  ],
  [
    'TRON',
    'mainnet',
    'xpub6EuK4CZWW5urEHdwAVDdDw327danAtccFcrXYvgf1DHrPXRwErt36xStQ2PNhn4hpwzPbzJ8pJVpewgChRnSs59q5Ay61GCfQZKUe71gbLq',
  ],
];
const INDEXES = [0, 1, 2 ** 31 - 1];
/** Currencies whose addresses read differently on the two networks. */
const BY_NETWORK = new Set(['BTC', 'LTC', 'DOGE', 'BCH']);

const derived = (currency: string, network: Network, xpub: string) =>
  INDEXES.map((index) => deriveAddress(currency, network, xpub, index));

/** The mainnet key of the currency. */
const keyOf = (currency: string) => KEYS.find(([c, network]) => c === currency && network === 'mainnet')![2];

describe('recipient addresses', () => {
  it('takes every address the ledger derives on its network, and not on the other where they differ', () => {
    for (const [currency, network, xpub] of KEYS) {
      const addresses = derived(currency, network, xpub);
      accepts(currency, network, addresses);
      if (BY_NETWORK.has(currency)) refuses(currency, other(network), addresses);
      else accepts(currency, other(network), addresses);
    }
    const evm = derived('ETH', 'mainnet', keyOf('ETH'));
    for (const currency of EVM_CURRENCIES) for (const network of NETWORKS) accepts(currency, network, evm);
    const tron = derived('TRON', 'mainnet', keyOf('TRON'));
    for (const currency of TRON_CURRENCIES) for (const network of NETWORKS) accepts(currency, network, tron);
    const xdc = derived('XDC', 'mainnet', keyOf('XDC'));
    for (const currency of XDC_CURRENCIES) for (const network of NETWORKS) accepts(currency, network, xdc);
  });

  it("refuses a derived address with one character changed, or another chain's", () => {
    const alphabets: Record<string, string> = { BTC: BECH32_CHARS, BCH: BECH32_CHARS };
    for (const [currency, network, xpub] of KEYS) {
      if (!BY_NETWORK.has(currency) && currency !== 'TRON') continue;
      for (const address of derived(currency, network, xpub))
        for (const at of [-1, -9, -20, address.length - 30])
          refuses(currency, network, [changed(address, at, alphabets[currency] ?? BASE58_CHARS)]);
    }
    const at0 = (currency: string) => deriveAddress(currency, 'mainnet', keyOf(currency), 0);
    const [btc, ltc, doge, bch, eth, tron] = [at0('BTC'), at0('LTC'), at0('DOGE'), at0('BCH'), at0('ETH'), at0('TRON')];
    refuses('BTC', 'mainnet', [ltc, doge, bch, eth, tron]);
    refuses('LTC', 'mainnet', [btc, doge, bch, eth, tron]);
    refuses('DOGE', 'mainnet', [btc, ltc, bch, eth, tron]);
    refuses('BCH', 'mainnet', [btc, ltc, doge, eth, tron]);
    refuses('ETH', 'mainnet', [btc, ltc, doge, bch, tron, eth.replace('0x', 'xdc')]);
    refuses('TRON', 'mainnet', [btc, ltc, doge, bch, eth]);
    refuses('XRP', 'mainnet', [btc, ltc, doge, bch, eth, tron]);
    refuses('XLM', 'mainnet', [btc, ltc, doge, bch, eth, tron]);
  });

  describe('BTC', () => {
    // BIP-350's valid segwit addresses (BIP-173's, corrected) that can be spent today, with their networks.
    const SEGWIT: [string, Network][] = [
      ['BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', 'mainnet'],
      ['tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7', 'testnet'],
      ['tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy', 'testnet'],
      ['tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c', 'testnet'],
      ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0', 'mainnet'],
    ];
    // BIP-173's and BIP-350's invalid ones, each for its stated reason; and BIP-350's valid ones of a
    // witness version or length no output can be spent from yet (version 1 of 40 bytes, 16, 2).
    const INVALID = [
      'bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y',
      'BC1SW50QGDZ25J',
      'bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs',
      'tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty',
      'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5',
      'BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2',
      'bc1rw5uspcuh',
      'bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90',
      'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7',
      'bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du',
      'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv',
      'tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut',
      'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd',
      'tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf',
      'BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL',
      'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh',
      'tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47',
      'bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4',
      'BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R',
      'bc1pw5dgrnzv',
      'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav',
      'BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P',
      'tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq',
      'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf',
      'tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j',
      'bc1gmk9yu',
    ];
    // The genesis block's coinbase address and a well-known pay-to-script-hash one.
    const LEGACY = ['1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy'];

    it("takes BIP-350's segwit vectors on their network only, in lower or upper case", () => {
      for (const [address, network] of SEGWIT) {
        accepts('BTC', network, [address, address.toLowerCase(), address.toUpperCase()]);
        refuses('BTC', other(network), [address]);
      }
    });

    it("refuses BIP-173's and BIP-350's invalid addresses on both networks", () => {
      for (const network of NETWORKS) refuses('BTC', network, INVALID);
    });

    it('refuses a segwit address with a character changed, mixed case, cut or lengthened', () => {
      const address = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
      refuses('BTC', 'mainnet', [
        changed(address, -1, BECH32_CHARS),
        changed(address, 10, BECH32_CHARS),
        'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kV8F3T4',
        'Bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
        address.slice(0, -1),
        `${address}q`,
        `${address} `,
        ` ${address}`,
        'bc1qw508d6qejxtdg4y5r3z arvary0c5xw7kv8f3t4',
        'bcrt1qn3h68k2u0rr49skx05qw7veynpf4lfppd2demt',
      ]);
      refuses('BTC', 'testnet', ['bcrt1qn3h68k2u0rr49skx05qw7veynpf4lfppd2demt']);
    });

    it('takes base58 pay to key hash and script hash with the network version bytes', () => {
      accepts('BTC', 'mainnet', LEGACY);
      refuses('BTC', 'testnet', LEGACY);
      const testnet = [reversioned(LEGACY[0]!, 0x6f), reversioned(LEGACY[1]!, 0xc4)];
      accepts('BTC', 'testnet', testnet);
      refuses('BTC', 'mainnet', testnet);
      for (const network of NETWORKS)
        refuses('BTC', network, [
          changed(LEGACY[0]!, -1, BASE58_CHARS),
          changed(LEGACY[1]!, 5, BASE58_CHARS),
          LEGACY[0]!.slice(0, -1),
          reversioned(LEGACY[0]!, 0x30),
          base58check.encode(Uint8Array.of(0x00, ...new Uint8Array(21))),
          base58check.encode(Uint8Array.of(0x05, ...new Uint8Array(19))),
          '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa'.toLowerCase(),
        ]);
    });
  });

  describe('LTC', () => {
    const hash = base58check.decode('LUWPbpM43E2p7ZSh8cyTBEkvpHmr3cB8Ez').subarray(1);

    it('takes bech32 with ltc or tltc, by network', () => {
      const mainnet = bech32.encode('ltc', [0, ...bech32.toWords(hash)]);
      const testnet = bech32.encode('tltc', [0, ...bech32.toWords(hash)]);
      accepts('LTC', 'mainnet', [mainnet, mainnet.toUpperCase()]);
      accepts('LTC', 'testnet', [testnet]);
      refuses('LTC', 'testnet', [mainnet]);
      refuses('LTC', 'mainnet', [
        testnet,
        changed(mainnet, -3, BECH32_CHARS),
        'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
      ]);
    });

    it('takes base58 with the pay to key hash and both script hash versions of the network', () => {
      const with_ = (version: number) => base58check.encode(Uint8Array.of(version, ...hash));
      accepts('LTC', 'mainnet', [with_(0x30), with_(0x32), with_(0x05)]);
      accepts('LTC', 'testnet', [with_(0x6f), with_(0x3a), with_(0xc4)]);
      refuses('LTC', 'mainnet', [with_(0x6f), with_(0x3a), with_(0xc4), with_(0x00), with_(0x1e)]);
      refuses('LTC', 'testnet', [with_(0x30), with_(0x32), with_(0x05), with_(0x00)]);
    });
  });

  describe('DOGE', () => {
    it('takes base58 with the version bytes of the network', () => {
      const hash = base58check.decode('DBus3bamQjgJULBJtYXpEzDWQRwF5iwxgC').subarray(1);
      const with_ = (version: number) => base58check.encode(Uint8Array.of(version, ...hash));
      accepts('DOGE', 'mainnet', [with_(0x1e), with_(0x16)]);
      accepts('DOGE', 'testnet', [with_(0x71), with_(0xc4)]);
      refuses('DOGE', 'mainnet', [with_(0x71), with_(0xc4), with_(0x00), with_(0x05)]);
      refuses('DOGE', 'testnet', [with_(0x1e), with_(0x16), with_(0x6f)]);
      refuses('DOGE', 'mainnet', [bech32.encode('doge', [0, ...bech32.toWords(hash)])]);
    });
  });

  describe('BCH', () => {
    // The CashAddr specification's vectors with 20-byte hashes, and its table of legacy equivalents.
    const SPEC: [string, Network][] = [
      ['bitcoincash:qr6m7j9njldwwzlg9v7v53unlr4jkmx6eylep8ekg2', 'mainnet'],
      ['bchtest:pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t', 'testnet'],
    ];
    const TABLE = [
      ['1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu', 'bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a'],
      ['1KXrWXciRDZUpQwQmuM1DbwsKDLYAYsVLR', 'bitcoincash:qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy'],
      ['16w1D5WRVKJuZUsSRzdLp9w3YGcgoxDXb', 'bitcoincash:qqq3728yw0y47sqn6l2na30mcw6zm78dzqre909m2r'],
      ['3CWFddi6m4ndiGyKqzYvsFYagqDLPVMTzC', 'bitcoincash:ppm2qsznhks23z7629mms6s4cwef74vcwvn0h829pq'],
      ['3LDsS579y7sruadqu11beEJoTjdFiFCdX4', 'bitcoincash:pr95sy3j9xwd2ap32xkykttr4cvcu7as4yc93ky28e'],
      ['31nwvkZwyPdgzjBJZXfDmSWsC4ZLKpYyUw', 'bitcoincash:pqq3728yw0y47sqn6l2na30mcw6zm78dzq5ucqzc37'],
    ] as const;

    it("takes the specification's addresses with or without their prefix, in one case, on their network", () => {
      for (const [address, network] of SPEC) {
        const bare = address.slice(address.indexOf(':') + 1);
        accepts('BCH', network, [address, bare, address.toUpperCase(), bare.toUpperCase()]);
        refuses('BCH', other(network), [address, bare]);
      }
      for (const [legacy, cash] of TABLE) accepts('BCH', 'mainnet', [legacy, cash, cash.slice(12)]);
    });

    it('refuses a changed character, mixed case, another prefix, and other types or sizes', () => {
      const [address] = SPEC[0]!;
      refuses('BCH', 'mainnet', [
        changed(address, -1, BECH32_CHARS),
        changed(address, 15, BECH32_CHARS),
        'bitcoincash:qr6m7j9njldwwzlg9v7v53unlr4jkmx6eylep8ekG2',
        'BITCOINCASH:qr6m7j9njldwwzlg9v7v53unlr4jkmx6eylep8ekg2',
        'bitcoincash:',
        'bitcoincash:qr6m7j9njldwwzlg9v7v53unlr4jkmx6eylep8ekg',
        'bchreg:qr6m7j9njldwwzlg9v7v53unlr4jkmx6eylep8ekg2',
        // Type 15 and a 24-byte key hash, from the specification's vectors.
        'prefix:0r6m7j9njldwwzlg9v7v53unlr4jkmx6ey3qnjwsrf',
        'bitcoincash:q9adhakpwzztepkpwp5z0dq62m6u5v5xtyj7j3h2ws4mr9g0',
        `bitcoincash:${address}`,
      ]);
      refuses('BCH', 'testnet', ['bchtest:testnetaddress4d6njnut']);
    });

    it('takes legacy base58 with the network version bytes', () => {
      const [legacy] = TABLE[0]!;
      accepts('BCH', 'testnet', [reversioned(legacy, 0x6f), reversioned(legacy, 0xc4)]);
      refuses('BCH', 'testnet', [legacy]);
      refuses('BCH', 'mainnet', [
        reversioned(legacy, 0x6f),
        reversioned(legacy, 0x1e),
        changed(legacy, -2, BASE58_CHARS),
      ]);
    });
  });

  describe('Ethereum-style accounts', () => {
    // EIP-55's examples: all upper case, all lower case, then checksummed.
    const EIP55 = [
      '0x52908400098527886E0F7030069857D2E4169EE7',
      '0x8617E340B3D01FA5F11F306F4090FD50E238070D',
      '0xde709f2102306220921060314715629080e2fb77',
      '0x27b1fdb04752bbc536007a920d24acb045561c26',
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
      '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
      '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
    ];
    /** The checksummed address with the case of its first letter turned. */
    const broken = (address: string) =>
      address.replace(/[a-fA-F]/, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));

    it("takes EIP-55's examples for every Ethereum-style currency, on both networks", () => {
      for (const currency of EVM_CURRENCIES) for (const network of NETWORKS) accepts(currency, network, EIP55);
    });

    it('refuses a broken checksum, a wrong length, no 0x, and what is no hex', () => {
      const address = EIP55[4]!;
      for (const currency of ['ETH', 'USDT', 'BSC', 'MATIC', 'CELO', 'KLAY', 'ONE'])
        refuses(currency, 'mainnet', [
          ...EIP55.slice(4).map(broken),
          '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD',
          address.slice(0, -1),
          `${address}d`,
          address.slice(2),
          `0X${address.slice(2)}`,
          `xdc${address.slice(2)}`,
          `0x${'g'.repeat(40)}`,
          `0x${address.slice(2, 21)} ${address.slice(22)}`,
          '0x',
          '',
        ]);
    });

    it("takes Harmony's one1… form for ONE only", () => {
      for (const address of EIP55) {
        const one = bech32.encode('one', bech32.toWords(hex.decode(address.slice(2).toLowerCase())));
        for (const network of NETWORKS) accepts('ONE', network, [one, one.toUpperCase()]);
        refuses('ETH', 'mainnet', [one]);
        refuses('ONE', 'mainnet', [changed(one, -2, BECH32_CHARS), `${one.slice(0, 8)}${one.slice(8).toUpperCase()}`]);
      }
      refuses('ONE', 'mainnet', [bech32.encode('one', bech32.toWords(new Uint8Array(32)))]);
    });

    it('takes xdc… and 0x… for XDC, checksummed when in mixed case', () => {
      for (const address of EIP55)
        for (const network of NETWORKS) accepts('XDC', network, [address, address.replace('0x', 'xdc')]);
      refuses('XDC', 'mainnet', [
        broken(EIP55[4]!).replace('0x', 'xdc'),
        `XDC${EIP55[2]!.slice(2)}`,
        `xdc${EIP55[2]!.slice(3)}`,
        EIP55[2]!.slice(2),
      ]);
    });
  });

  describe('TRON', () => {
    const USDT_CONTRACT = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';

    it('takes base58check of 0x41 and 20 bytes for every TRON currency, on both networks', () => {
      for (const currency of TRON_CURRENCIES)
        for (const network of NETWORKS) accepts(currency, network, [USDT_CONTRACT]);
    });

    it('refuses a changed character, another version byte, another length, hex', () => {
      const payload = base58check.decode(USDT_CONTRACT);
      refuses('TRON', 'mainnet', [
        changed(USDT_CONTRACT, -1, BASE58_CHARS),
        changed(USDT_CONTRACT, 10, BASE58_CHARS),
        reversioned(USDT_CONTRACT, 0x00),
        reversioned(USDT_CONTRACT, 0xa0),
        base58check.encode(Uint8Array.of(...payload, 0)),
        base58check.encode(payload.subarray(0, 20)),
        `0x${hex.encode(payload.subarray(1))}`,
        hex.encode(payload),
        USDT_CONTRACT.toLowerCase(),
      ]);
    });
  });

  describe('XRP', () => {
    // The genesis account, and the well-known "account zero" and "account one".
    const XRP = ['rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh', 'rrrrrrrrrrrrrrrrrrrrrhoLvTp', 'rrrrrrrrrrrrrrrrrrrrBZbvji'];

    it('takes classic addresses on both networks and refuses a changed or cut one', () => {
      for (const network of NETWORKS) accepts('XRP', network, XRP);
      refuses('XRP', 'mainnet', [
        changed(XRP[0]!, -1, XRP_CHARS),
        changed(XRP[0]!, 12, XRP_CHARS),
        XRP[0]!.slice(0, -1),
        `${XRP[0]}r`,
        'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh0',
        '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa',
      ]);
    });
  });

  describe('XLM', () => {
    // StrKey's own test vectors (SEP-23): two account ids, then a secret seed and a muxed account.
    const XLM = [
      'GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ',
      'GAAZI4TCR3TY5OJHCTJC2A4QSY6CJWJH5IAJTGKIN2ER7LBNVKOCCWN7',
    ];

    it('takes account ids on both networks and refuses anything else', () => {
      for (const network of NETWORKS) accepts('XLM', network, XLM);
      refuses('XLM', 'mainnet', [
        changed(XLM[0]!, -1, BASE32_CHARS),
        changed(XLM[1]!, 20, BASE32_CHARS),
        XLM[0]!.toLowerCase(),
        XLM[0]!.slice(0, -1),
        `${XLM[0]}A`,
        `${XLM[0]}=`,
        'SBU2RRGLXH3E5CQHTD3ODLDF2BWDCYUSSBLLZ5GNW7JXHDIYKXZWHOKR',
        'MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVAAAAAAAAAAAAAJLK',
      ]);
    });
  });

  describe('other currencies', () => {
    it('takes 1 to 200 printable characters without spaces', () => {
      for (const currency of ['VET', 'SOL', 'ADA', 'FLOW', 'EGLD', 'UNKNOWN'])
        for (const network of NETWORKS) {
          accepts(currency, network, ['a', 'addr1qx2k8', '0:abc?tag=1', '~'.repeat(200)]);
          refuses(currency, network, ['', ' ', 'a b', ' a', 'a\n', '\t', 'x'.repeat(201), 'café', 'a\u0000']);
        }
    });

    it('refuses empty, blank and over-long strings for every currency', () => {
      for (const currency of ['BTC', 'LTC', 'DOGE', 'BCH', 'ETH', 'ONE', 'XDC', 'TRON', 'XRP', 'XLM', 'VET'])
        for (const network of NETWORKS) refuses(currency, network, ['', ' ', '   ', '\n', 'x'.repeat(201)]);
    });
  });

  it('never throws, whatever it is given', () => {
    // A seeded generator: the same strings on every run.
    let seed = 0x2f6b3a91;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
    };
    const pieces = [
      'bc1',
      'tb1',
      'ltc1',
      'one1',
      'bitcoincash:',
      'bchtest:',
      '0x',
      'xdc',
      'T',
      'r',
      'G',
      '1',
      ':',
      ' ',
    ];
    const alphabet = `${BASE58_CHARS}${BECH32_CHARS}0OIl:=+/\u00e9\u0000\uffff\ud800`;
    const currencies = ['BTC', 'LTC', 'DOGE', 'BCH', 'ETH', 'USDT_BSC', 'ONE', 'XDC', 'TRON', 'XRP', 'XLM', 'VET', ''];
    for (let i = 0; i < 4000; i++) {
      let address = random() < 0.5 ? pieces[Math.floor(random() * pieces.length)]! : '';
      const length = Math.floor(random() * (random() < 0.1 ? 300 : 80));
      for (let j = 0; j < length; j++) address += alphabet[Math.floor(random() * alphabet.length)];
      for (const currency of currencies)
        for (const network of NETWORKS) assert.equal(typeof isRecipientAddress(currency, network, address), 'boolean');
    }
    const odd = [undefined, null, 42, {}, [], Symbol('x')] as unknown as string[];
    for (const value of odd) {
      assert.equal(isRecipientAddress('BTC', 'mainnet', value), false);
      assert.equal(isRecipientAddress(value, 'mainnet', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'), true);
    }
  });
});
