import assert from 'node:assert/strict';
import type { LedgerClient, Reply } from './test-app.js';
import { storeTrade, tradeOf, type Market, type Trader } from './trade-fixtures.js';

// A ledger with something of every kind the public API can make, built through that API only: what a
// copy of a ledger (docs/decisions/0038-ledger-import.md) must carry over whole. Every input is fixed,
// so two builds differ only in what the server makes (ids, references, times).

/** Keys and addresses of the BIP-39 test mnemonic `abandon ×11 about`, as the address tests use them. */
const KEYS = {
  testnet: {
    btcXpub:
      'tpubDEQBfiy13hMZzGT4NWqNnaSWwVqYQ58kuu2pDYjkrf8F6DLKAprm8c65Pyh7PrzodXHtJuEXFu5yf6JbvYaL8rz7v28zapwbuzZzr7z4UvR',
    btcRecipients: ['tb1q535fu0mf0uufuvg0n0q7vqrhe6pzy64xuv2v8g', 'tb1q8gk5z3dy7zv9ywe7synlrk58elz4hrne29cpdj'],
  },
  mainnet: {
    btcXpub:
      'xpub6ELHKXNimKbxMCytPh7EdC2QXx46T9qLDJWGnTraz1H9kMMFdcduoU69wh9cxP12wDxqAAfbaESWGYt5rREsX1J8iR2TEunvzvddduAPYcY',
    btcRecipients: ['bc1qmxrw6qdh5g3ztfcwm0et5l8mvws4eva24kmp8m', 'bc1qdtsnq885fjjj2agaza36cnl0ztg32wvxqg5x0c'],
  },
};
const ETH_XPUB =
  'xpub6EF8jXqFeFEW5bwMU7RpQtHkzE4KJxcqJtvkCjJumzW8CPpacXkb92ek4WzLQXjL93HycJwTPUAcuNxCqFPKKU5m5Z2Vq4nCyh5CyPeBFFr';
const ETH_RECIPIENT = '0x6fac4d18c912343bf86fa7049364dd4e424ab9c0';
/** An XRP address shared by many accounts, each told apart by its destination tag. */
const XRP_ADDRESS = 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh';
const XRP_TAG = 1001;
const SENDER = 'tb1qsenderaddress0000000000000000000000000';
const HOOK = 'https://example.com/hook';

/** A chain transaction id of 64 characters, fixed by its number. */
const chainTx = (n: number) => `${n.toString(16).padStart(4, '0')}`.padEnd(64, 'c');

export interface RichLedger {
  network: 'mainnet' | 'testnet';
  /** The two virtual currencies, also the trading pair `gold/euro`. */
  currencies: { gold: string; euro: string; pair: string };
  /** Customer ids by role. */
  customers: {
    /** VC_GOLD's issuer's customer (created with the currency): enabled, active. */
    goldIssuer: string;
    /** Enabled, active, with customerCountry, providerCountry and accountingCurrency USD. */
    alice: string;
    /** Enabled, active, default fields. */
    bob: string;
    /** Updated (countries), then disabled; holds funds and a blockage. */
    disabled: string;
    /** Its only account deactivated, then itself deactivated. */
    deactivated: string;
    /** Enabled, active; holds the frozen account. */
    frozenOwner: string;
  };
  /** Customer externalIds by the same roles. */
  externalIds: RichLedger['customers'];
  /** Account ids by role. */
  accounts: {
    /** VC_GOLD's issuer, with accountCode and accountNumber, customer goldIssuer. */
    goldIssuer: string;
    /** VC_EURO's issuer, without a customer. */
    euroIssuer: string;
    /** BTC with an xpub, two derived addresses; deposits, withdrawals, a blockage. */
    aliceBtc: string;
    /** ETH with an xpub, one derived address; a deposit, withdrawals (one left InProgress). */
    aliceEth: string;
    /** VC_GOLD, accountCode and accountNumber; blockages, an unblock with a transaction, SELL trades. */
    aliceGold: string;
    /** VC_EURO, accountingCurrency USD. */
    aliceEuro: string;
    bobGold: string;
    /** VC_EURO; BUY trades, one resting. */
    bobEuro: string;
    /** XRP without an xpub: an address assigned with a destination tag, a deposit to it. */
    bobXrp: string;
    /** VC_GOLD of the disabled customer: funded, a blockage. */
    disabledGold: string;
    /** VC_EURO of the deactivated customer: zero balance after a payment in and out, deactivated. */
    deactivatedEuro: string;
    /** VC_EURO, funded, frozen, then paid into. */
    frozenEuro: string;
    /** VC_EURO without a customer, accountCode FEES: the resting BUY's fee account. */
    feeEuro: string;
  };
  addresses: {
    /** Derived at index 0 and 1. */
    btc: string[];
    /** Derived at index 0. */
    eth: string[];
    xrp: { address: string; tag: number };
  };
  /** Blockage ids still held (the trades' own TRADE blockages and the freeze's are the server's). */
  blockages: { cardHold: string; amlHold: string; btcReserve: string };
  /** Transaction references by role. */
  references: {
    goldMint: string;
    goldRevoke: string;
    euroMint: string;
    euroRevoke: string;
    /** Issuer to alice, with every note and code. */
    payment: string;
    /** Issuer to the disabled customer's account, anonymous. */
    anonymousPayment: string;
    /** From VC_EURO's issuer, in request order: bob, the frozen account, the deactivated one, alice, bob ×5. */
    batch: string[];
    /** The deactivated customer's account paying back. */
    payback: string;
    /** Alice paying into the frozen account, after the freeze. */
    toFrozen: string;
    /** The escrow blockage released by paying part of it to bob. */
    unblock: string;
  };
  /** Chain transaction ids of the reported deposits, by their final status. */
  deposits: { inProgress: string[]; done: string[]; failed: string[] };
  /** Withdrawal ids by final status. */
  withdrawals: { done: string[]; cancelled: string[]; inProgress: string[] };
  /** Trade ids. */
  trades: {
    /** SELL 3 @ 4 and the BUY that filled it: both closed. */
    closedSell: string;
    closedBuy: string;
    /** SELL 10 @ 5, filled 4 by `fillingBuy`: open. */
    partialSell: string;
    /** BUY 4 @ 5, closed at once. */
    fillingBuy: string;
    /** BUY 2 @ 3 with a 1% fee to feeEuro: resting, open. */
    restingBuy: string;
  };
  /** Subscription ids. */
  subscriptions: {
    incoming: string;
    pending: string;
    balanceLimit: string;
    historyReport: string;
    tradeMatch: string;
  };
  /** How many requests the build sent. */
  requests: number;
}

/**
 * Builds the rich ledger on a fresh ledger (its names and externalIds are fixed, so a second build on the
 * same ledger is refused). Every request must succeed. The subscriptions come last: nothing raises a
 * webhook while building, so no delivery is ever tried.
 */
export async function buildRichLedger(api: LedgerClient): Promise<RichLedger> {
  let requests = 0;
  const send = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown, status = 200) => {
    requests++;
    const reply: Reply =
      method === 'GET'
        ? await api.get(url)
        : method === 'DELETE'
          ? await api.delete(url)
          : method === 'POST'
            ? await api.post(url, body)
            : await api.put(url, body);
    assert.equal(reply.status, status, `${method} ${url} ${JSON.stringify(body)} → ${JSON.stringify(reply.body)}`);
    return reply.body;
  };
  const post = (url: string, body?: unknown) => send('POST', url, body);
  const put = (url: string, body?: unknown, status = 200) => send('PUT', url, body, status);
  const action = (url: string) => send('PUT', url, undefined, 204);

  const version = await send('GET', '/v3/tatum/version');
  const network = version.testnet ? 'testnet' : 'mainnet';
  const keys = KEYS[network];

  // Two currencies: one issued to a customer, one to no one.
  const gold = 'VC_RICH_GOLD';
  const euro = 'VC_RICH_EURO';
  const externalIds = {
    goldIssuer: 'rich-gold-issuer',
    alice: 'rich-alice',
    bob: 'rich-bob',
    disabled: 'rich-disabled',
    deactivated: 'rich-deactivated',
    frozenOwner: 'rich-frozen-owner',
  };
  const goldIssuer = await post('/v3/ledger/virtualCurrency', {
    name: gold,
    supply: '1000',
    basePair: 'EUR',
    baseRate: 2.5,
    description: 'Rich ledger gold',
    accountCode: 'ISSUER',
    accountNumber: 'G-0001',
    customer: { externalId: externalIds.goldIssuer, customerCountry: 'CH', providerCountry: 'CH' },
  });
  const euroIssuer = await post('/v3/ledger/virtualCurrency', { name: euro, supply: '500', basePair: 'USD' });

  // Every other account in one batch, in this order.
  const created = (await post('/v3/ledger/account/batch', {
    accounts: [
      {
        currency: 'BTC',
        xpub: keys.btcXpub,
        customer: {
          externalId: externalIds.alice,
          customerCountry: 'SK',
          providerCountry: 'CZ',
          accountingCurrency: 'USD',
        },
      },
      { currency: 'ETH', xpub: ETH_XPUB, customer: { externalId: externalIds.alice } },
      {
        currency: gold,
        accountCode: 'TRADING',
        accountNumber: 'A-0001',
        customer: { externalId: externalIds.alice },
      },
      { currency: euro, accountingCurrency: 'USD', customer: { externalId: externalIds.alice } },
      { currency: gold, customer: { externalId: externalIds.bob } },
      { currency: euro, customer: { externalId: externalIds.bob } },
      { currency: 'XRP', accountCode: 'XRP-TAGGED', customer: { externalId: externalIds.bob } },
      { currency: gold, customer: { externalId: externalIds.disabled, accountingCurrency: 'GBP' } },
      { currency: euro, accountNumber: 'D-0001', customer: { externalId: externalIds.deactivated } },
      { currency: euro, customer: { externalId: externalIds.frozenOwner, customerCountry: 'DE' } },
      { currency: euro, accountCode: 'FEES' },
    ],
  })) as { id: string; customerId: string | null }[];
  const [
    aliceBtc,
    aliceEth,
    aliceGold,
    aliceEuro,
    bobGold,
    bobEuro,
    bobXrp,
    disabledGold,
    deactivatedEuro,
    frozenEuro,
  ] = created.map((account) => account.id) as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const feeEuro = created[10]!.id;
  const customers = {
    goldIssuer: goldIssuer.customerId as string,
    alice: created[0]!.customerId!,
    bob: created[4]!.customerId!,
    disabled: created[7]!.customerId!,
    deactivated: created[8]!.customerId!,
    frozenOwner: created[9]!.customerId!,
  };

  // Deposit addresses: derived (at an index given, then at the next one) and assigned with a tag.
  const btc0 = (await post(`/v3/offchain/account/${aliceBtc}/address?index=0`)).address as string;
  const btc1 = (await post(`/v3/offchain/account/${aliceBtc}/address`)).address as string;
  const eth0 = (await post(`/v3/offchain/account/${aliceEth}/address`)).address as string;
  await post(`/v3/offchain/account/${bobXrp}/address/${XRP_ADDRESS}?index=${XRP_TAG}`);

  // Deposits in each state; the first goes InProgress, then Done.
  const deposit = (body: Record<string, unknown>) => post('/v3/ledger/deposits', body);
  const firstBtc = { address: btc0, currency: 'BTC', txId: chainTx(1), index: 0, amount: '1.5', from: SENDER };
  await deposit({ ...firstBtc, blockHeight: 100, status: 'InProgress' });
  await deposit({ ...firstBtc, blockHeight: 101, blockHash: 'block-101', status: 'Done' });
  await deposit({
    address: btc1,
    currency: 'BTC',
    txId: chainTx(2),
    index: 1,
    amount: '0.25',
    blockHeight: 102,
    status: 'Done',
  });
  await deposit({
    address: btc0,
    currency: 'BTC',
    txId: chainTx(3),
    index: 0,
    amount: '0.3',
    blockHeight: 103,
    status: 'InProgress',
  });
  await deposit({
    address: btc1,
    currency: 'BTC',
    txId: chainTx(4),
    index: 2,
    amount: '0.7',
    blockHeight: 104,
    status: 'Failed',
  });
  await deposit({
    address: eth0,
    currency: 'ETH',
    txId: chainTx(5),
    index: 0,
    amount: '10',
    blockHeight: 2000,
    blockHash: 'block-2000',
    from: ETH_RECIPIENT,
    status: 'Done',
  });
  await deposit({
    address: XRP_ADDRESS,
    tag: XRP_TAG,
    currency: 'XRP',
    txId: chainTx(6),
    index: 0,
    amount: '25',
    blockHeight: 3000,
    status: 'Done',
  });

  // Supply changes after creation, one of each per currency, some with the caller's reference.
  const goldMint = (
    await put('/v3/ledger/virtualCurrency/mint', {
      accountId: aliceGold,
      amount: '50',
      reference: 'rich-gold-mint-1',
      paymentId: 'mint-1',
      transactionCode: 'MINT-CODE',
      recipientNote: 'fresh gold',
    })
  ).reference as string;
  const goldRevoke = (
    await put('/v3/ledger/virtualCurrency/revoke', {
      accountId: goldIssuer.id,
      amount: '100',
      senderNote: 'burnt',
      counterAccount: aliceGold,
    })
  ).reference as string;
  const euroMint = (await put('/v3/ledger/virtualCurrency/mint', { accountId: euroIssuer.id, amount: '250' }))
    .reference as string;

  // Payments, and a batch with notes on some items.
  const payment = (
    await post('/v3/ledger/transaction', {
      senderAccountId: goldIssuer.id,
      recipientAccountId: aliceGold,
      amount: '100',
      paymentId: 'pay-1',
      senderNote: 'to alice',
      recipientNote: 'from the issuer',
      transactionCode: 'TC-1',
    })
  ).reference as string;
  const anonymousPayment = (
    await post('/v3/ledger/transaction', {
      senderAccountId: goldIssuer.id,
      recipientAccountId: disabledGold,
      amount: '30',
      anonymous: true,
      baseRate: 3,
    })
  ).reference as string;
  const batch = (await post('/v3/ledger/transaction/batch', {
    senderAccountId: euroIssuer.id,
    transaction: [
      { recipientAccountId: bobEuro, amount: '200', paymentId: 'batch-1', senderNote: 'batch to bob' },
      { recipientAccountId: frozenEuro, amount: '50', recipientNote: 'batch to the frozen one' },
      { recipientAccountId: deactivatedEuro, amount: '10', transactionCode: 'TC-BATCH' },
      { recipientAccountId: aliceEuro, amount: '20' },
      // Small ones, so that the ledger's records take more than one page of 50.
      ...[1, 2, 3, 4, 5].map((n) => ({ recipientAccountId: bobEuro, amount: '1', paymentId: `batch-small-${n}` })),
    ],
  })) as string[];
  // The rate changes after the batch: later records are valued at the new one.
  await put('/v3/ledger/virtualCurrency', { name: euro, baseRate: 1.1 }, 204);
  const payback = (
    await post('/v3/ledger/transaction', {
      senderAccountId: deactivatedEuro,
      recipientAccountId: euroIssuer.id,
      amount: '10',
      paymentId: 'payback',
    })
  ).reference as string;
  const euroRevoke = (await put('/v3/ledger/virtualCurrency/revoke', { accountId: aliceEuro, amount: '5' }))
    .reference as string;

  // Blockages of several types; the escrow is released by paying part of it.
  const block = async (accountId: string, body: Record<string, unknown>) =>
    (await post(`/v3/ledger/account/block/${accountId}`, body)).id as string;
  const cardHold = await block(aliceGold, { amount: '5', type: 'DEBIT_CARD_OP', description: 'card 4242' });
  const amlHold = await block(disabledGold, { amount: '7', type: 'AML_HOLD' });
  const btcReserve = await block(aliceBtc, {
    amount: '0.01',
    type: 'WITHDRAWAL_RESERVE',
    description: 'kept for fees',
    ensureSufficientBalance: true,
  });
  const escrow = await block(aliceGold, { amount: '20', type: 'ESCROW', description: 'held for bob' });
  const unblock = (
    await put(`/v3/ledger/account/block/${escrow}`, {
      recipientAccountId: bobGold,
      amount: '12',
      senderNote: 'escrow released',
      paymentId: 'escrow-1',
    })
  ).reference as string;

  // Withdrawals: a BTC one completed before the next is stored, as BTC allows one at a time.
  const withdraw = async (body: Record<string, unknown>) => (await post('/v3/offchain/withdrawal', body)).id as string;
  const btcDone = await withdraw({
    senderAccountId: aliceBtc,
    address: keys.btcRecipients.join(','),
    amount: '0.1',
    multipleAmounts: ['0.06', '0.04'],
    fee: '0.0001',
    attr: 'change-address',
    paymentId: 'wd-1',
    senderNote: 'split withdrawal',
  });
  await action(`/v3/offchain/withdrawal/${btcDone}/${chainTx(101)}`);
  const btcCancelled = await withdraw({
    senderAccountId: aliceBtc,
    address: keys.btcRecipients[0],
    amount: '0.05',
    fee: '0.0001',
  });
  await send('DELETE', `/v3/offchain/withdrawal/${btcCancelled}?revert=true`, undefined, 204);
  const ethCancelled = await withdraw({
    senderAccountId: aliceEth,
    address: ETH_RECIPIENT,
    amount: '0.5',
    fee: '0.001',
  });
  await send('DELETE', `/v3/offchain/withdrawal/${ethCancelled}?revert=false`, undefined, 204);
  const ethInProgress = await withdraw({
    senderAccountId: aliceEth,
    address: ETH_RECIPIENT,
    amount: '1',
    fee: '0.002',
    senderNote: 'awaiting the wallet',
  });

  // Trades on gold/euro: a pair that closes each other, a SELL a BUY fills in part, a BUY that rests.
  const market: Market = {
    c1: { name: gold, issuerId: goldIssuer.id },
    c2: { name: euro, issuerId: euroIssuer.id },
    pair: `${gold}/${euro}`,
  };
  const alice: Trader = { customerId: customers.alice, externalId: externalIds.alice, a1: aliceGold, a2: aliceEuro };
  const bob: Trader = { customerId: customers.bob, externalId: externalIds.bob, a1: bobGold, a2: bobEuro };
  const trade = async (body: Record<string, unknown>) => {
    requests++;
    return storeTrade(api, body);
  };
  const closedSell = await trade(tradeOf(market, alice, 'SELL', '4', '3'));
  const closedBuy = await trade(tradeOf(market, bob, 'BUY', '4', '3'));
  const partialSell = await trade(tradeOf(market, alice, 'SELL', '5', '10'));
  const fillingBuy = await trade(tradeOf(market, bob, 'BUY', '5', '4'));
  const restingBuy = await trade(tradeOf(market, bob, 'BUY', '3', '2', { feeAccountId: feeEuro, fee: 1 }));

  // States: a frozen account still paid into, a deactivated account and customer, a disabled customer.
  await action(`/v3/ledger/account/${frozenEuro}/freeze`);
  const toFrozen = (
    await post('/v3/ledger/transaction', { senderAccountId: aliceEuro, recipientAccountId: frozenEuro, amount: '5' })
  ).reference as string;
  await action(`/v3/ledger/account/${deactivatedEuro}/deactivate`);
  await action(`/v3/ledger/customer/${customers.deactivated}/deactivate`);
  await put(`/v3/ledger/customer/${customers.disabled}`, {
    externalId: externalIds.disabled,
    customerCountry: 'AT',
    providerCountry: 'AT',
  });
  await action(`/v3/ledger/customer/${customers.disabled}/disable`);

  // Subscriptions last, so that nothing built here raises a webhook.
  const subscribe = async (type: string, attr: Record<string, unknown>) =>
    (await post('/v3/subscription', { type, attr })).id as string;
  const subscriptions = {
    incoming: await subscribe('ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', { id: aliceBtc, url: HOOK }),
    pending: await subscribe('ACCOUNT_PENDING_BLOCKCHAIN_TRANSACTION', { id: aliceEth, url: HOOK }),
    balanceLimit: await subscribe('ACCOUNT_BALANCE_LIMIT', { limit: '100', typeOfBalance: 'available' }),
    historyReport: await subscribe('TRANSACTION_HISTORY_REPORT', { interval: 24 }),
    tradeMatch: await subscribe('CUSTOMER_TRADE_MATCH', { id: customers.alice, url: HOOK }),
  };

  return {
    network,
    currencies: { gold, euro, pair: market.pair },
    customers,
    externalIds,
    accounts: {
      goldIssuer: goldIssuer.id,
      euroIssuer: euroIssuer.id,
      aliceBtc,
      aliceEth,
      aliceGold,
      aliceEuro,
      bobGold,
      bobEuro,
      bobXrp,
      disabledGold,
      deactivatedEuro,
      frozenEuro,
      feeEuro,
    },
    addresses: { btc: [btc0, btc1], eth: [eth0], xrp: { address: XRP_ADDRESS, tag: XRP_TAG } },
    blockages: { cardHold, amlHold, btcReserve },
    references: {
      goldMint,
      goldRevoke,
      euroMint,
      euroRevoke,
      payment,
      anonymousPayment,
      batch,
      payback,
      toFrozen,
      unblock,
    },
    deposits: {
      inProgress: [chainTx(3)],
      done: [chainTx(1), chainTx(2), chainTx(5), chainTx(6)],
      failed: [chainTx(4)],
    },
    withdrawals: { done: [btcDone], cancelled: [btcCancelled, ethCancelled], inProgress: [ethInProgress] },
    trades: { closedSell, closedBuy, partialSell, fillingBuy, restingBuy },
    subscriptions,
    requests,
  };
}
