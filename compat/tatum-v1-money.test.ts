import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
// The package root does not re-export the Country enum its customer bodies validate against.
import { Country } from '@tatumio/tatum/dist/src/model/request/Country.js';
import {
  account,
  assertCreated,
  assertId,
  assertReference,
  assertValidationFailed,
  balance,
  balanceInsufficient,
  currencyIncompatible,
  forbidden,
  newCurrencyName,
  newExternalId,
  notCompliant,
  paymentRecords,
  record,
  recipientNotExists,
  senderAccountFrozen,
  senderCustomerDisabled,
  startCompatServer,
  UNKNOWN_ID,
  type AxiosLikeError,
  type CompatServer,
  v1Refusals,
} from './support.js';

// The money routes (balances, freeze, blockages, payments, the finds, virtual currencies) through
// @tatumio/tatum 1.x; the customer lifecycle is in tatum-v1.test.ts.
//
// What 1.x has no wrapper for, and so is not reached from here: the account count, the payment batch
// and the blockage detail. Its activateAccount is broken: it requests `v3/ledger/account/{id}/activate`
// without the leading slash, so it reaches `http://127.0.0.1:PORTv3/...`, which no server can answer
// (both in docs/compatibility/tatum-1.md).

// The client reads its retry count once, when it is loaded, so it is set before the dynamic import.
// Retries stay on, as for real users, with a short delay: a 5xx on a PUT, DELETE or GET would be
// replayed and show up as more than one request in `seen`, which `refused` checks.
process.env.TATUM_RETRIES = '2';
process.env.TATUM_RETRY_DELAY = '10';
const v1 = await import('@tatumio/tatum');
const { Fiat, OperationType, TransactionType } = v1;

// The actions are typed Promise<void>, but v1 resolves axios's `data`, which for a 204 with no body is
// the empty string; its DELETE wrapper returns nothing at all.
const NO_CONTENT = '';

let server: CompatServer;

/** The client takes its server and key from the environment on every request. */
function as(key: string): void {
  process.env.TATUM_API_URL = server.url;
  process.env.TATUM_API_KEY = key;
}

/** Runs `body` with another key, then goes back to the default tenant's testnet key. */
async function withKey<T>(key: string, body: () => Promise<T>): Promise<T> {
  as(key);
  try {
    return await body();
  } finally {
    as(server.t.keys.testnet);
  }
}

const { refused, refusedLocally } = v1Refusals(() => server);

/** The call is sent (it passes 1.x's own checks) and the server refuses it with 400, without a retry. */
async function invalidOnServer(call: () => Promise<unknown>, property: string, constraint: string): Promise<void> {
  const before = server.seen.length;
  await assert.rejects(call(), (error: AxiosLikeError) => {
    assert.equal(error.response?.status, 400);
    assertValidationFailed(error.response.data, property, constraint);
    return true;
  });
  assert.equal(server.seen.length - before, 1, 'one request, not retried');
}

/** What reached the server while `call` ran, as `METHOD /path?query`. */
async function sent(call: () => Promise<unknown>): Promise<string[]> {
  const before = server.seen.length;
  await call();
  return server.seen.slice(before);
}

/** A new virtual currency (no supply unless given, valued 1:1 in EUR) and its issuer account. */
async function newCurrency(supply = '0', fields: { baseRate?: number; description?: string } = {}) {
  const name = newCurrencyName();
  const issuer = await v1.createVirtualCurrency({ name, supply, basePair: Fiat.EUR, ...fields });
  assertId(issuer.id);
  return { name, issuer };
}

/** An account in `currency` for a new customer with the given countries. */
async function accountIn(currency: string, countries: { customerCountry?: Country; providerCountry?: Country } = {}) {
  const created = await v1.createAccount({ currency, customer: { externalId: newExternalId('v1m'), ...countries } });
  assertId(created.id);
  assertId(created.customerId);
  return { ...created, customerId: created.customerId };
}

/** An account of virtual currency `name` holding `amount`, minted onto it. */
async function funded(name: string, amount: string, countries: Parameters<typeof accountIn>[1] = {}) {
  const created = await accountIn(name, countries);
  assertReference((await v1.mintVirtualCurrency({ accountId: created.id, amount })).reference);
  return created;
}

/** The records of one reference, each checked to be made since `since`. */
async function recordsOf(reference: string, since: number) {
  const records = await v1.getTransactionsByReference(reference);
  for (const r of records) assertCreated(r.created, since);
  return records;
}

describe('@tatumio/tatum 1.37.68: money', () => {
  before(async () => {
    server = await startCompatServer();
    as(server.t.keys.testnet);
  });
  after(() => server.close());

  describe('virtual currencies', () => {
    it('createVirtualCurrency returns the issuer account holding the supply; getVirtualCurrencyByName finds it', async () => {
      const name = newCurrencyName();
      const externalId = newExternalId('v1m-vc');
      const issuer = await v1.createVirtualCurrency({
        name,
        supply: '250.75',
        basePair: Fiat.USD,
        baseRate: 4,
        description: 'Vouchers',
        accountCode: 'ISSUER',
        accountingCurrency: Fiat.CZK,
        customer: { externalId, customerCountry: Country.CZ },
      });
      assertId(issuer.id);
      assertId(issuer.customerId);
      assert.deepEqual(
        issuer,
        account({
          id: issuer.id,
          currency: name,
          customerId: issuer.customerId,
          accountCode: 'ISSUER',
          accountingCurrency: 'CZK',
          balance: balance('250.75'),
        }),
      );
      assert.deepEqual(await v1.getVirtualCurrencyByName(name), {
        name,
        supply: '250.75',
        accountId: issuer.id,
        baseRate: 4,
        basePair: 'USD',
        customerId: issuer.customerId,
        description: 'Vouchers',
      });
      assert.equal((await v1.getCustomer(externalId)).id, issuer.customerId);
    });

    it('updateVirtualCurrency (sent with a trailing slash) changes the base rate and pair', async () => {
      const { name, issuer } = await newCurrency('5');
      const vc = { name, supply: '5', accountId: issuer.id, customerId: null, description: null };

      const requests = await sent(async () => {
        assert.equal(await v1.updateVirtualCurrency({ name, baseRate: 0.5, basePair: Fiat.GBP }), NO_CONTENT);
      });
      assert.deepEqual(requests, ['PUT /v3/ledger/virtualCurrency/']);
      assert.deepEqual(await v1.getVirtualCurrencyByName(name), { ...vc, baseRate: 0.5, basePair: 'GBP' });
      assert.equal(await v1.updateVirtualCurrency({ name, baseRate: 7 }), NO_CONTENT);
      assert.deepEqual(await v1.getVirtualCurrencyByName(name), { ...vc, baseRate: 7, basePair: 'GBP' });
    });

    it('mintVirtualCurrency and revokeVirtualCurrency change the balance and the supply, each with one record', async () => {
      const { name, issuer } = await newCurrency('100', { baseRate: 0.5 });
      const holder = await accountIn(name);
      const since = Date.now();

      const minted = await v1.mintVirtualCurrency({
        accountId: holder.id,
        amount: '12.5',
        counterAccount: issuer.id,
        paymentId: 'P-MINT',
        senderNote: 'issued',
      });
      assertReference(minted.reference);
      assert.deepEqual(await v1.getAccountBalance(holder.id), balance('12.5'));
      assert.equal((await v1.getVirtualCurrencyByName(name)).supply, '112.5');
      const mintRecords = await recordsOf(minted.reference, since);
      assert.deepEqual(mintRecords, [
        record({
          accountId: holder.id,
          counterAccountId: issuer.id,
          currency: name,
          amount: '12.5',
          operationType: 'MINT',
          transactionType: 'CREDIT_DEPOSIT',
          reference: minted.reference,
          created: mintRecords[0]!.created,
          marketCurrency: 'EUR',
          marketAmount: '6.25',
          paymentId: 'P-MINT',
          senderNote: 'issued',
        }),
      ]);

      const revoked = await v1.revokeVirtualCurrency({ accountId: holder.id, amount: '2.5', transactionCode: 'R_1' });
      assertReference(revoked.reference);
      assert.deepEqual(await v1.getAccountBalance(holder.id), balance('10'));
      assert.equal((await v1.getVirtualCurrencyByName(name)).supply, '110');
      const revokeRecords = await recordsOf(revoked.reference, since);
      assert.deepEqual(revokeRecords, [
        record({
          accountId: holder.id,
          currency: name,
          amount: '-2.5',
          operationType: 'REVOKE',
          transactionType: 'DEBIT_WITHDRAWAL',
          reference: revoked.reference,
          created: revokeRecords[0]!.created,
          marketCurrency: 'EUR',
          marketAmount: '-1.25',
          transactionCode: 'R_1',
        }),
      ]);
    });

    it('refuses what the currency rules forbid with 403, changing nothing', async () => {
      const { name, issuer } = await newCurrency('10');
      const btc = await accountIn('BTC');

      await refused(
        () => v1.createVirtualCurrency({ name, supply: '1', basePair: Fiat.USD }),
        forbidden('virtual.duplicate'),
      );
      await refused(() => v1.getVirtualCurrencyByName('VC_NOT_THERE'), forbidden('vc.not.found'));
      await refused(() => v1.updateVirtualCurrency({ name: 'VC_NOT_THERE', baseRate: 2 }), forbidden('vc.not.found'));
      await refused(() => v1.mintVirtualCurrency({ accountId: btc.id, amount: '1' }), forbidden('vc.not.found'));
      await refused(() => v1.revokeVirtualCurrency({ accountId: btc.id, amount: '1' }), forbidden('vc.not.found'));
      await refused(
        () => v1.mintVirtualCurrency({ accountId: UNKNOWN_ID, amount: '1' }),
        forbidden('account.not.exists'),
      );
      await refused(
        () => v1.mintVirtualCurrency({ accountId: issuer.id, amount: '0' }),
        forbidden('payment.amount.notNull'),
      );
      await refused(
        () => v1.revokeVirtualCurrency({ accountId: issuer.id, amount: '10.5' }),
        forbidden('virtual.account.balance'),
      );

      assert.deepEqual(await v1.getAccountBalance(issuer.id), balance('10'));
      assert.equal((await v1.getVirtualCurrencyByName(name)).supply, '10');
    });

    it('validates currency bodies locally and sends nothing: a name without VC_ never reaches the server', async () => {
      const { name, issuer } = await newCurrency('1');
      // 1.x matches names against ^VC_[a-zA-Z0-9_]+$ itself, so the server's virtual.name.prefix refusal
      // cannot be reached through this client.
      await refusedLocally(
        () => v1.createVirtualCurrency({ name: 'NOPREFIX_1', supply: '1', basePair: Fiat.EUR }),
        ['name'],
        'matches',
      );
      await refusedLocally(
        () => v1.createVirtualCurrency({ name: newCurrencyName(), supply: '-1', basePair: Fiat.EUR }),
        ['supply'],
        'matches',
      );
      await refusedLocally(
        () => v1.createVirtualCurrency({ name: newCurrencyName(), supply: '1', basePair: 'XXX' as never }),
        ['basePair'],
        'isIn',
      );
      await refusedLocally(() => v1.updateVirtualCurrency({ name: 'VC-DASH' }), ['name'], 'matches');
      await refusedLocally(
        () => v1.mintVirtualCurrency({ accountId: 'short', amount: '1' }),
        ['accountId'],
        'isLength',
      );
      await refusedLocally(() => v1.mintVirtualCurrency({ accountId: issuer.id, amount: '-5' }), ['amount'], 'matches');
      // 1.x allows a reference of at most 50 characters; the server's bound is 100.
      await refusedLocally(
        () => v1.revokeVirtualCurrency({ accountId: issuer.id, amount: '1', reference: 'r'.repeat(51) }),
        ['reference'],
        'isLength',
      );
      assert.equal((await v1.getVirtualCurrencyByName(name)).supply, '1');
    });
  });

  describe('accounts', () => {
    it('getAccountBalance and updateAccount (204, resolving the empty string)', async () => {
      const { name } = await newCurrency();
      const held = await funded(name, '10');
      assert.deepEqual(await v1.getAccountBalance(held.id), balance('10'));

      assert.equal(await v1.updateAccount(held.id, { accountCode: 'CODE_2' }), NO_CONTENT);
      assert.equal(await v1.updateAccount(held.id, { accountNumber: 'NUM-2' }), NO_CONTENT);
      const expected = account({
        id: held.id,
        currency: name,
        customerId: held.customerId,
        accountCode: 'CODE_2',
        accountNumber: 'NUM-2',
        balance: balance('10'),
      });
      assert.deepEqual(await v1.getAccountById(held.id), expected);

      // 1.x refuses an update that sets neither field before sending it.
      await refusedLocally(() => v1.updateAccount(held.id, {}), ['accountCode'], 'isNotEmpty');
      await refused(() => v1.getAccountBalance(UNKNOWN_ID), forbidden('account.not.exists'));
      await refused(() => v1.updateAccount(UNKNOWN_ID, { accountCode: 'X' }), forbidden('account.not.exists'));
      await refused(() => v1.deactivateAccount(held.id), forbidden('account.balance.non.zero'));
      assert.deepEqual(await v1.getAccountById(held.id), expected);
    });

    it('getAllAccounts lists every account of the ledger, paged by pageSize and item offset', async () => {
      const tenant = await server.t.newTenant();
      await withKey(tenant.testnet, async () => {
        const { name, issuer } = await newCurrency('7');
        const btc = await v1.createAccount({ currency: 'BTC', accountNumber: 'N-1' });
        const eth = await v1.createAccount({ currency: 'ETH' });
        const gone = await v1.createAccount({ currency: 'LTC' });
        await v1.deactivateAccount(gone.id);
        await v1.freezeAccount(issuer.id);
        const all = [
          account({ id: issuer.id, currency: name, frozen: true, balance: balance('7', '0') }),
          account({ id: btc.id, currency: 'BTC', accountNumber: 'N-1' }),
          account({ id: eth.id, currency: 'ETH' }),
          account({ id: gone.id, currency: 'LTC', active: false }),
        ];

        assert.deepEqual(await sent(async () => assert.deepEqual(await v1.getAllAccounts(), all)), [
          'GET /v3/ledger/account?pageSize=50&offset=0',
        ]);
        // 1.x sends an item offset where the api-client sends a page number
        // (docs/decisions/0001-item-offset-paging.md).
        assert.deepEqual(await v1.getAllAccounts(2, 1), all.slice(1, 3));
        assert.deepEqual(await v1.getAllAccounts(3, 3), all.slice(3));
        assert.deepEqual(await v1.getAllAccounts(50, 4), []);
      });
    });

    it('freezeAccount holds the available balance in an ACCOUNT_FROZEN blockage; unfreezeAccount releases it', async () => {
      const { name } = await newCurrency();
      const frozen = await funded(name, '40');
      const payer = await funded(name, '10');
      const held = await v1.blockAmount(frozen.id, { amount: '15', type: 'HOLD', description: 'Held' });
      const hold = { id: held.id, accountId: frozen.id, amount: '15', type: 'HOLD', description: 'Held' };

      assert.equal(await v1.freezeAccount(frozen.id), NO_CONTENT);
      assert.deepEqual(await v1.getAccountBalance(frozen.id), balance('40', '0'));
      assert.equal((await v1.getAccountById(frozen.id)).frozen, true);
      const blockages = await v1.getBlockedAmountsByAccountId(frozen.id);
      assert.equal(blockages.length, 2);
      assertId(blockages[1]!.id);
      assert.deepEqual(blockages, [
        hold,
        {
          id: blockages[1]!.id,
          accountId: frozen.id,
          amount: '25',
          type: 'ACCOUNT_FROZEN',
          description: 'Account frozen',
        },
      ]);
      await refused(() => v1.freezeAccount(frozen.id), forbidden('account.frozen'));

      // Incoming payments still land; outgoing ones stop.
      await v1.storeTransaction({ senderAccountId: payer.id, recipientAccountId: frozen.id, amount: '10' });
      assert.deepEqual(await v1.getAccountBalance(frozen.id), balance('50', '0'));
      await refused(
        () => v1.storeTransaction({ senderAccountId: frozen.id, recipientAccountId: payer.id, amount: '1' }),
        senderAccountFrozen(frozen.id),
      );

      assert.equal(await v1.unfreezeAccount(frozen.id), NO_CONTENT);
      assert.deepEqual(await v1.getAccountBalance(frozen.id), balance('50', '35'));
      assert.deepEqual(await v1.getBlockedAmountsByAccountId(frozen.id), [hold]);
      await refused(() => v1.unfreezeAccount(frozen.id), forbidden('account.not.frozen'));

      await refused(() => v1.freezeAccount(UNKNOWN_ID), forbidden('account.not.exists'));
      await refused(() => v1.unfreezeAccount(UNKNOWN_ID), forbidden('account.not.exists'));
    });
  });

  describe('blockages', () => {
    it('blockAmount, getBlockedAmountsByAccountId, deleteBlockedAmount and deleteBlockedAmountForAccount', async () => {
      const { name } = await newCurrency();
      const held = await funded(name, '100');

      const first = await v1.blockAmount(held.id, { amount: '30.5', type: 'DEBIT_CARD_OP', description: 'Card hold' });
      assertId(first.id);
      assert.deepEqual(first, { id: first.id });
      const second = await v1.blockAmount(held.id, { amount: '20', type: 'ESCROW' });
      assertId(second.id);
      assert.deepEqual(await v1.getAccountBalance(held.id), balance('100', '49.5'));

      const b1 = { id: first.id, accountId: held.id, amount: '30.5', type: 'DEBIT_CARD_OP', description: 'Card hold' };
      const b2 = { id: second.id, accountId: held.id, amount: '20', type: 'ESCROW', description: null };
      assert.deepEqual(
        await sent(async () => assert.deepEqual(await v1.getBlockedAmountsByAccountId(held.id), [b1, b2])),
        [`GET /v3/ledger/account/block/${held.id}?pageSize=50&offset=0`],
      );
      assert.deepEqual(await v1.getBlockedAmountsByAccountId(held.id, 1), [b1]);
      assert.deepEqual(await v1.getBlockedAmountsByAccountId(held.id, 1, 1), [b2]);
      assert.deepEqual(await v1.getBlockedAmountsByAccountId(held.id, 50, 2), []);

      // The DELETE wrapper resolves nothing, whatever the server answers with.
      assert.equal(await v1.deleteBlockedAmount(first.id), undefined);
      assert.deepEqual(await v1.getAccountBalance(held.id), balance('100', '80'));
      assert.deepEqual(await v1.getBlockedAmountsByAccountId(held.id), [b2]);
      await refused(() => v1.deleteBlockedAmount(first.id), forbidden('blockage.not.exists'));

      await v1.blockAmount(held.id, { amount: '5', type: 'MORE' });
      assert.equal(await v1.deleteBlockedAmountForAccount(held.id), undefined);
      assert.deepEqual(await v1.getAccountBalance(held.id), balance('100'));
      assert.deepEqual(await v1.getBlockedAmountsByAccountId(held.id), []);

      await refused(() => v1.blockAmount(UNKNOWN_ID, { amount: '1', type: 'X' }), forbidden('account.not.exists'));
      await refused(() => v1.getBlockedAmountsByAccountId(UNKNOWN_ID), forbidden('account.not.exists'));
      await refused(() => v1.deleteBlockedAmountForAccount(UNKNOWN_ID), forbidden('account.not.exists'));
      await refused(() => v1.deleteBlockedAmount(UNKNOWN_ID), forbidden('blockage.not.exists'));
    });

    it('deleteBlockedAmountWithTransaction removes the whole blockage and pays the amount, or changes nothing', async () => {
      const { name } = await newCurrency();
      const { name: other } = await newCurrency();
      const sender = await funded(name, '50');
      const recipient = await accountIn(name);
      const elsewhere = await accountIn(other);
      const held = await v1.blockAmount(sender.id, { amount: '20', type: 'ESCROW' });
      const blockage = { id: held.id, accountId: sender.id, amount: '20', type: 'ESCROW', description: null };

      await refused(
        () => v1.deleteBlockedAmountWithTransaction(held.id, { recipientAccountId: recipient.id, amount: '21' }),
        forbidden('blockage.amount.exceeded'),
      );
      await refused(
        () => v1.deleteBlockedAmountWithTransaction(held.id, { recipientAccountId: elsewhere.id, amount: '5' }),
        currencyIncompatible(sender.id, elsewhere.id),
      );
      assert.deepEqual(await v1.getBlockedAmountsByAccountId(sender.id), [blockage]);
      assert.deepEqual(await v1.getAccountBalance(sender.id), balance('50', '30'));

      const since = Date.now();
      const paid = await v1.deleteBlockedAmountWithTransaction(held.id, {
        recipientAccountId: recipient.id,
        amount: '12.5',
        recipientNote: 'released',
      });
      assertReference(paid.reference);
      assert.deepEqual(await v1.getAccountBalance(sender.id), balance('37.5'));
      assert.deepEqual(await v1.getAccountBalance(recipient.id), balance('12.5'));
      assert.deepEqual(await v1.getBlockedAmountsByAccountId(sender.id), []);
      const found = await recordsOf(paid.reference, since);
      assert.deepEqual(
        found,
        paymentRecords(
          found,
          { sender: sender.id, recipient: recipient.id, amount: '12.5', currency: name, reference: paid.reference },
          { recipientNote: 'released' },
        ),
      );

      await refused(
        () => v1.deleteBlockedAmountWithTransaction(held.id, { recipientAccountId: recipient.id, amount: '1' }),
        forbidden('blockage.not.exists'),
      );
    });

    it('validates blockage bodies locally and sends nothing', async () => {
      const { name } = await newCurrency();
      const held = await funded(name, '10');
      await refusedLocally(() => v1.blockAmount(held.id, { amount: '-3', type: 'X' }), ['amount'], 'matches');
      await refusedLocally(() => v1.blockAmount(held.id, { amount: '3', type: '' }), ['type'], 'isNotEmpty');
      await refusedLocally(
        () => v1.deleteBlockedAmountWithTransaction(UNKNOWN_ID, { recipientAccountId: 'x', amount: '1' }),
        ['recipientAccountId'],
        'isLength',
      );
      assert.deepEqual(await v1.getBlockedAmountsByAccountId(held.id), []);
    });
  });

  describe('payments', () => {
    it('storeTransaction writes two records under one UUID reference; balances are exact decimals', async () => {
      const { name } = await newCurrency('0', { baseRate: 2 });
      const sender = await funded(name, '1');
      const recipient = await accountIn(name);
      const since = Date.now();

      const paid = [];
      for (const amount of ['0.1', '0.2', '0.7']) {
        const { reference } = await v1.storeTransaction({
          senderAccountId: sender.id,
          recipientAccountId: recipient.id,
          amount,
          paymentId: 'P-1',
          senderNote: 'pocket money',
        });
        assertReference(reference);
        paid.push(reference);
      }
      assert.equal(new Set(paid).size, 3);
      // 1 − 0.1 − 0.2 − 0.7 is 0 exactly: no amount is ever a floating-point number.
      assert.deepEqual(await v1.getAccountBalance(sender.id), balance('0'));
      assert.deepEqual(await v1.getAccountBalance(recipient.id), balance('1'));

      const found = await recordsOf(paid[0]!, since);
      assert.deepEqual(
        found,
        paymentRecords(
          found,
          {
            sender: sender.id,
            recipient: recipient.id,
            amount: '0.1',
            currency: name,
            reference: paid[0]!,
            marketAmount: '0.2',
          },
          { paymentId: 'P-1', senderNote: 'pocket money' },
        ),
      );

      // An anonymous payment does not show the sender to the recipient.
      const back = await v1.storeTransaction({
        senderAccountId: recipient.id,
        recipientAccountId: sender.id,
        amount: '0.5',
        anonymous: true,
      });
      assert.deepEqual(
        (await v1.getTransactionsByReference(back.reference)).map((r) => [
          r.accountId,
          r.counterAccountId,
          r.anonymous,
        ]),
        [
          [recipient.id, sender.id, true],
          [sender.id, null, true],
        ],
      );
    });

    it('refuses payments that break a rule with 403, moving nothing', async () => {
      const { name } = await newCurrency();
      const { name: other } = await newCurrency();
      const sender = await funded(name, '10');
      const recipient = await accountIn(name);
      const elsewhere = await accountIn(other);
      const pay = (recipientAccountId: string, amount: string, senderAccountId = sender.id) =>
        v1.storeTransaction({ senderAccountId, recipientAccountId, amount });

      await refused(() => pay(UNKNOWN_ID, '1'), recipientNotExists(UNKNOWN_ID));
      await refused(() => pay(recipient.id, '1', UNKNOWN_ID), {
        statusCode: 403,
        errorCode: 'senderAccount.not.exists',
        message: `Unable to find sender account ${UNKNOWN_ID}.`,
      });
      // A zero amount matches 1.x's pattern, so it is sent and refused by the server.
      await refused(() => pay(recipient.id, '0'), forbidden('payment.amount.notNull'));
      await refused(() => pay(elsewhere.id, '1'), currencyIncompatible(sender.id, elsewhere.id));
      await refused(() => pay(recipient.id, '10.5'), balanceInsufficient(sender.id, '10.5', '10'));
      await v1.blockAmount(sender.id, { amount: '9', type: 'HOLD' });
      await refused(() => pay(recipient.id, '2'), balanceInsufficient(sender.id, '2', '1'));

      await v1.freezeAccount(sender.id);
      await refused(() => pay(recipient.id, '1'), senderAccountFrozen(sender.id));
      await v1.unfreezeAccount(sender.id);

      await v1.disableCustomer(sender.customerId);
      assert.deepEqual(await v1.getAccountBalance(sender.id), balance('10', '0'));
      await refused(() => pay(recipient.id, '1'), senderCustomerDisabled(sender.customerId));
      await v1.enableCustomer(sender.customerId);

      assert.deepEqual(await v1.getAccountBalance(sender.id), balance('10', '1'));
      assert.deepEqual(await v1.getAccountBalance(recipient.id), balance('0'));
      assert.equal(await v1.countTransactionsByAccount({ id: sender.id, opType: OperationType.PAYMENT }), 0);
    });

    it('validates payments locally and sends nothing when they break its rules', async () => {
      const { name } = await newCurrency();
      const sender = await funded(name, '10');
      const recipient = await accountIn(name);
      const pay = (amount: string) =>
        v1.storeTransaction({ senderAccountId: sender.id, recipientAccountId: recipient.id, amount });
      await refusedLocally(() => pay('-1'), ['amount'], 'matches');
      await refusedLocally(() => pay('1,5'), ['amount'], 'matches');
      await refusedLocally(() => pay('1'.repeat(39)), ['amount'], 'maxLength');
      await refusedLocally(
        () => v1.storeTransaction({ senderAccountId: 'short', recipientAccountId: recipient.id, amount: '1' }),
        ['senderAccountId'],
        'isLength',
      );
      await refusedLocally(
        () =>
          v1.storeTransaction({
            ...{ senderAccountId: sender.id, recipientAccountId: recipient.id, amount: '1' },
            senderNote: '',
          }),
        ['senderNote'],
        'isLength',
      );
      assert.deepEqual(await v1.getAccountBalance(sender.id), balance('10'));
    });

    it('with compliant: true, refuses a payment to or from a customer of an embargoed country (KP)', async () => {
      const { name } = await newCurrency();
      const czech = await funded(name, '10', { customerCountry: Country.CZ, providerCountry: Country.CZ });
      const korean = await funded(name, '10', { customerCountry: Country.KP });
      const fellow = await accountIn(name, { customerCountry: Country.SK });
      const pay = (senderAccountId: string, recipientAccountId: string, compliant?: boolean) =>
        v1.storeTransaction({ senderAccountId, recipientAccountId, amount: '1', compliant });

      await refused(() => pay(czech.id, korean.id, true), notCompliant('recipient', korean.id, 'KP'));
      await refused(() => pay(korean.id, czech.id, true), notCompliant('sender', korean.id, 'KP'));
      const held = await v1.blockAmount(czech.id, { amount: '2', type: 'ESCROW' });
      await refused(
        () =>
          v1.deleteBlockedAmountWithTransaction(held.id, {
            recipientAccountId: korean.id,
            amount: '2',
            compliant: true,
          }),
        notCompliant('recipient', korean.id, 'KP'),
      );
      assert.deepEqual(await v1.getAccountBalance(czech.id), balance('10', '8'));
      assert.deepEqual(await v1.getAccountBalance(korean.id), balance('10'));

      assertReference((await pay(czech.id, fellow.id, true)).reference);
      assertReference((await pay(czech.id, korean.id)).reference);
      assert.deepEqual(await v1.getAccountBalance(czech.id), balance('8', '6'));
      assert.deepEqual(await v1.getAccountBalance(korean.id), balance('11'));
    });
  });

  describe('finding transactions', () => {
    it('getTransactionsBy{Account,Customer,Ledger} filter and page; countTransactionsBy* answer a bare number', async () => {
      const tenant = await server.t.newTenant();
      await withKey(tenant.testnet, async () => {
        const since = Date.now();
        const { name, issuer } = await newCurrency('100');
        const alice = await accountIn(name);
        const bob = await accountIn(name);
        const ref1 = await v1.storeTransaction({
          senderAccountId: issuer.id,
          recipientAccountId: alice.id,
          amount: '30',
        });
        const ref2 = await v1.storeTransaction({
          senderAccountId: alice.id,
          recipientAccountId: bob.id,
          amount: '10',
          transactionCode: 'RENT',
        });
        const ref3 = await v1.revokeVirtualCurrency({ accountId: bob.id, amount: '4' });

        const all = await v1.getTransactionsByLedger({});
        assert.equal(all.length, 6);
        for (const r of all) assertCreated(r.created, since);
        assertReference(all[0]!.reference);
        const at = (i: number) => ({ created: all[i]!.created, marketCurrency: 'EUR', currency: name });
        const payment = (i: number, sender: string, recipient: string, amount: string, reference: string) =>
          paymentRecords(all, { sender, recipient, amount, currency: name, reference }, {}, i);
        const expected = [
          record({
            ...at(0),
            accountId: issuer.id,
            amount: '100',
            reference: all[0]!.reference,
            operationType: 'MINT',
            transactionType: 'CREDIT_DEPOSIT',
          }),
          ...payment(1, issuer.id, alice.id, '30', ref1.reference),
          ...payment(3, alice.id, bob.id, '10', ref2.reference).map((r) => ({ ...r, transactionCode: 'RENT' })),
          record({
            ...at(5),
            accountId: bob.id,
            amount: '-4',
            reference: ref3.reference,
            operationType: 'REVOKE',
            transactionType: 'DEBIT_WITHDRAWAL',
          }),
        ];
        assert.deepEqual(all, expected);

        // By account, paged by pageSize and item offset (1.x always sends both, 50 and 0 by default).
        assert.deepEqual(
          await sent(async () =>
            assert.deepEqual(await v1.getTransactionsByAccount({ id: alice.id }), [expected[2], expected[3]]),
          ),
          ['POST /v3/ledger/transaction/account?pageSize=50&offset=0'],
        );
        assert.deepEqual(await v1.getTransactionsByAccount({ id: alice.id }, 1, 1), [expected[3]]);
        assert.deepEqual(
          await v1.getTransactionsByAccount({ id: alice.id, transactionType: TransactionType.CREDIT_PAYMENT }),
          [expected[2]],
        );
        assert.deepEqual(await v1.getTransactionsByAccount({ id: bob.id, opType: OperationType.REVOKE }), [
          expected[5],
        ]);

        // By customer: `id` is the customer's internal id.
        assert.deepEqual(await v1.getTransactionsByCustomer({ id: bob.customerId }), expected.slice(4));
        assert.deepEqual(await v1.getTransactionsByCustomer({ id: alice.customerId, counterAccount: bob.id }), [
          expected[3],
        ]);

        // The whole ledger.
        assert.deepEqual(await v1.getTransactionsByLedger({}, 2, 4), expected.slice(4));
        assert.deepEqual(await v1.getTransactionsByLedger({ amount: [{ op: 'lt', value: '0' }] }), [
          expected[1],
          expected[3],
          expected[5],
        ]);
        assert.deepEqual(await v1.getTransactionsByLedger({ transactionCode: 'RENT', account: bob.id }), [expected[4]]);
        assert.deepEqual(await v1.getTransactionsByLedger({ to: all[0]!.created - 1 }), []);

        // count=true: the server answers a bare JSON number, which 1.x resolves as a number.
        assert.deepEqual(
          await sent(async () => assert.equal(await v1.countTransactionsByAccount({ id: alice.id }), 2)),
          ['POST /v3/ledger/transaction/account?count=true'],
        );
        assert.equal(await v1.countTransactionsByCustomer({ id: bob.customerId }), 2);
        assert.equal(await v1.countTransactionsByLedger({}), 6);
        assert.equal(await v1.countTransactionsByLedger({ currencies: ['BTC'] }), 0);

        // One reference: both records of a payment, the single record of a revoke.
        assert.deepEqual(await v1.getTransactionsByReference(ref2.reference), expected.slice(3, 5));
        assert.deepEqual(await v1.getTransactionsByReference(ref3.reference), [expected[5]]);
        assert.deepEqual(await v1.getTransactionsByReference('ffffffff-ffff-4fff-bfff-ffffffffffff'), []);

        // 1.x bounds from and to only below; a time past any date the database holds is the server's 400.
        await invalidOnServer(() => v1.getTransactionsByLedger({ from: 1e20 }), 'from', 'max');
        await invalidOnServer(() => v1.countTransactionsByAccount({ id: alice.id, to: 1e20 }), 'to', 'max');

        // Filters 1.x refuses before sending.
        await refusedLocally(
          () => v1.getTransactionsByLedger({ transactionTypes: ['NOPE' as never] }),
          ['transactionTypes'],
          'isIn',
        );
        await refusedLocally(
          () => v1.countTransactionsByLedger({ amount: [{ op: 'like', value: '1' }] }),
          ['amount', '0', 'op'],
          'isIn',
        );
      });

      // The default tenant's ledger sees none of it.
      assert.equal(await v1.countTransactionsByLedger({ transactionCode: 'RENT' }), 0);
    });
  });
});
