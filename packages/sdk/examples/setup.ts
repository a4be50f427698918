// What every example shares: the SDK pointed at a ledger server with one API key.
//   LEDGER_URL      the server, default http://127.0.0.1:3000
//   LEDGER_API_KEY  the key `npm start` printed (or `npx ledger keys create …`)
//   LEDGER_NETWORK  testnet (default) or mainnet: the caller the key is given to
// In your own code: `import { LedgerSdk } from 'tatum-ledger-sdk'`.

import { createHmac, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { LedgerSdk } from '../src/index.js';

const network = process.env.LEDGER_NETWORK ?? 'testnet';
const apiKey = process.env.LEDGER_API_KEY;
if (!apiKey || (network !== 'mainnet' && network !== 'testnet')) {
  console.error('Set LEDGER_API_KEY (and LEDGER_NETWORK=testnet|mainnet, LEDGER_URL if not http://127.0.0.1:3000).');
  process.exit(2);
}

// Set your API key 👇 here
const sdk = new LedgerSdk({
  baseUrl: process.env.LEDGER_URL ?? 'http://127.0.0.1:3000',
  ...(network === 'mainnet' ? { mainnetApiKey: apiKey } : { testnetApiKey: apiKey }),
});

/** `sdk.mainnet().api()` or `sdk.testnet().api()`. */
export const api = network === 'mainnet' ? sdk.mainnet().api() : sdk.testnet().api();

/** An externalId no earlier run has used. */
export const unique = (prefix: string) => `${prefix}-${Date.now()}-${randomBytes(3).toString('hex')}`;

/** A virtual currency name no earlier run has used: VC_ and at most 30 letters, digits or _. */
export const uniqueCurrencyName = () =>
  `VC_EX${Date.now().toString(36)}${randomBytes(3).toString('hex')}`.toUpperCase();

/**
 * An ETH extended public key (the one Tatum's generateWallet gives for the test mnemonic `abandon ×11
 * about`): addresses are derived from it on both networks. Use your own wallet's in your code.
 */
export const ETH_XPUB =
  'xpub6EF8jXqFeFEW5bwMU7RpQtHkzE4KJxcqJtvkCjJumzW8CPpacXkb92ek4WzLQXjL93HycJwTPUAcuNxCqFPKKU5m5Z2Vq4nCyh5CyPeBFFr';

/** A derivation index no earlier run is likely to have used: an address belongs to one account only. */
export const unusedIndex = () => randomInt(2 ** 31 - 1);

/** An ETH-shaped address no earlier run has used, for assigning by hand. */
export const uniqueEthAddress = () => `0x${randomBytes(20).toString('hex')}`;

/** A chain transaction id no earlier run has used. */
export const uniqueTxId = () => `0x${randomBytes(32).toString('hex')}`;

/**
 * A new ETH account holding `amount`, credited as coins reach a ledger: the operator's chain watcher
 * reports a Done deposit to it.
 */
export async function depositedEthAccount(amount: string) {
  const account = await api.account().createAccount({ currency: 'ETH', customer: { externalId: unique('customer') } });
  await api.deposit().reportDeposit({
    accountId: account.id,
    currency: 'ETH',
    txId: uniqueTxId(),
    index: 0,
    amount,
    blockHeight: 19_000_000,
    status: 'Done',
  });
  return account;
}

/**
 * Where the examples' subscriptions post: your receiver in WEBHOOK_URL. Without it, an address kept for
 * documentation, which the server does not post to (docs/decisions/0032-webhook-destinations.md): its
 * webhooks are recorded as failed tries, and nothing leaves the machine.
 */
export const webhookUrl = process.env.WEBHOOK_URL ?? 'http://192.0.2.1/hooks/ledger';

/** A new HMAC secret for enableWebHookHmac (at most 100 characters; Tatum's examples use a UUID). */
export const newHmacSecret = () => randomUUID();

/** What a receiver compares with a webhook's x-payload-hash: base64 HMAC-SHA512 of the exact body bytes. */
export const payloadHash = (secret: string, body: string | Buffer) =>
  createHmac('sha512', secret).update(body).digest('base64');

export const print = (label: string, value: unknown) => console.log(`${label}:`, JSON.stringify(value, null, 2));

/** A customer and their two accounts as a trade names them, one in each currency of the pair. */
export interface Trader {
  customerId: string;
  accounts: { currency1AccountId: string; currency2AccountId: string };
}

/**
 * A new market: two new virtual currencies, `pair` written `C1/C2` (at most 30 characters, so each name
 * is short), a seller holding 100 C1 and a buyer holding 1000 C2, each with an account in both.
 */
export async function newMarket(): Promise<{ pair: string; seller: Trader; buyer: Trader }> {
  const names = [1, 2].map(() => `VC_${randomBytes(4).toString('hex').toUpperCase()}`);
  const issuers = [];
  for (const name of names) {
    issuers.push(
      await api
        .virtualCurrency()
        .createCurrency({ name, supply: '1000000', basePair: 'EUR', customer: { externalId: unique('issuer') } }),
    );
  }
  const trader = async (label: string): Promise<Trader> => {
    const customer = { externalId: unique(label) };
    const first = await api.account().createAccount({ currency: names[0]!, customer });
    const second = await api.account().createAccount({ currency: names[1]!, customer });
    return { customerId: first.customerId!, accounts: { currency1AccountId: first.id, currency2AccountId: second.id } };
  };
  const seller = await trader('seller');
  const buyer = await trader('buyer');
  const fund = (senderAccountId: string, recipientAccountId: string, amount: string) =>
    api.transaction().sendTransaction({ senderAccountId, recipientAccountId, amount });
  await fund(issuers[0]!.id, seller.accounts.currency1AccountId, '100');
  await fund(issuers[1]!.id, buyer.accounts.currency2AccountId, '1000');
  return { pair: names.join('/'), seller, buyer };
}
