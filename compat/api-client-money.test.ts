import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ApiError,
  TatumApi,
  type Account,
  type BlockAmount,
  type Transaction,
  type TransactionService,
  type VirtualCurrency,
} from '@tatumio/api-client';
import {
  account,
  apiClientRefusals,
  assertCreated,
  assertId,
  assertReference,
  balance,
  balanceInsufficient,
  currencyIncompatible,
  customer,
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
  type CompatServer,
} from './support.js';

// The money routes (accounts' balances, freeze, blockages, payments, the finds, virtual currencies)
// through @tatumio/api-client; the customer lifecycle is in api-client.test.ts.

// TatumApi() takes TATUM_API_URL over its url argument (docs/compatibility/api-client-2.md), so a value
// left in the environment would send this suite to another server.
delete process.env.TATUM_API_URL;

let server: CompatServer;

/**
 * The client's base URL and key are globals (OpenAPI.BASE/HEADERS) that TatumApi() sets, so every call
 * goes through here to pick its key; calls are awaited one at a time for the same reason.
 */
function ledger(key: string = server.t.keys.testnet) {
  return TatumApi(key, server.url).ledger;
}

const { refused, invalid } = apiClientRefusals(ApiError);

/** A new virtual currency (no supply unless given, valued 1:1 in EUR unless told) and its issuer account. */
async function newCurrency(
  supply = '0',
  fields: Partial<VirtualCurrency> = {},
  key?: string,
): Promise<{ name: string; issuer: Account }> {
  const name = newCurrencyName();
  const issuer = await ledger(key).virtualCurrency.createCurrency({ name, supply, basePair: 'EUR', ...fields });
  assertId(issuer.id);
  return { name, issuer };
}

/** An account in `currency` for a new customer with the given fields. */
async function accountIn(currency: string, fields: Record<string, string> = {}, key?: string): Promise<Account> {
  const created = await ledger(key).account.createAccount({
    currency,
    customer: { externalId: newExternalId('acm'), ...fields },
  });
  assertId(created.id);
  return created;
}

/** An account of virtual currency `name` holding `amount`, minted onto it. */
async function funded(name: string, amount: string, fields: Record<string, string> = {}): Promise<Account> {
  const created = await accountIn(name, fields);
  assertReference((await ledger().virtualCurrency.mintCurrency({ accountId: created.id, amount })).reference);
  return created;
}

/** Blocks an amount on the account; the client types the new blockage's id as optional, so it is checked here. */
async function block(accountId: string, body: BlockAmount): Promise<{ id: string }> {
  const { id } = await ledger().account.blockAmount(accountId, body);
  assertId(id);
  return { id };
}

const balanceOf = (id: string) => ledger().account.getAccountBalance(id);

/** The records of one reference, each checked to be made since `since`. */
async function recordsOf(reference: string, since: number): Promise<Transaction[]> {
  const records = await ledger().transaction.getTransactionsByReference(reference);
  for (const r of records) assertCreated(r.created, since);
  return records;
}

describe('@tatumio/api-client 2.2.103: money', () => {
  before(async () => {
    server = await startCompatServer();
  });
  after(() => server.close());

  describe('virtual currencies', () => {
    it('createCurrency returns the issuer account holding the supply, recorded as a mint', async () => {
      const name = newCurrencyName();
      const externalId = newExternalId('acm-vc');
      const since = Date.now();
      const issuer = await ledger().virtualCurrency.createCurrency({
        name,
        supply: '1000.5',
        basePair: 'USD',
        baseRate: 2,
        description: 'Loyalty points',
        accountCode: 'ISSUER',
        accountNumber: 'VC-1',
        accountingCurrency: 'CZK',
        customer: { externalId, customerCountry: 'CZ' },
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
          accountNumber: 'VC-1',
          accountingCurrency: 'CZK',
          balance: balance('1000.5'),
        }),
      );
      assert.deepEqual(
        await ledger().customer.getCustomerByExternalOrInternalId(externalId),
        customer({ externalId, id: issuer.customerId, customerCountry: 'CZ' }),
      );
      assert.deepEqual(await ledger().virtualCurrency.getCurrency(name), {
        name,
        supply: '1000.5',
        accountId: issuer.id,
        baseRate: 2,
        basePair: 'USD',
        customerId: issuer.customerId,
        description: 'Loyalty points',
      });

      const records = (await ledger().transaction.getTransactionsByAccountId({ id: issuer.id })) as Transaction[];
      assert.equal(records.length, 1);
      assertReference(records[0]!.reference);
      assertCreated(records[0]!.created, since);
      assert.deepEqual(records, [
        record({
          accountId: issuer.id,
          currency: name,
          amount: '1000.5',
          operationType: 'MINT',
          transactionType: 'CREDIT_DEPOSIT',
          reference: records[0]!.reference,
          created: records[0]!.created,
          marketCurrency: 'USD',
          marketAmount: '2001',
        }),
      ]);
    });

    it('updateCurrency changes the base rate and pair (both, or one), resolving undefined', async () => {
      const { name, issuer } = await newCurrency('5', { description: 'Tokens' });
      const vc = { name, supply: '5', accountId: issuer.id, customerId: null, description: 'Tokens' };
      assert.deepEqual(await ledger().virtualCurrency.getCurrency(name), { ...vc, baseRate: 1, basePair: 'EUR' });

      assert.equal(await ledger().virtualCurrency.updateCurrency({ name, baseRate: 0.25, basePair: 'CHF' }), undefined);
      assert.deepEqual(await ledger().virtualCurrency.getCurrency(name), { ...vc, baseRate: 0.25, basePair: 'CHF' });
      assert.equal(await ledger().virtualCurrency.updateCurrency({ name, baseRate: 3 }), undefined);
      assert.deepEqual(await ledger().virtualCurrency.getCurrency(name), { ...vc, baseRate: 3, basePair: 'CHF' });
      assert.equal(await ledger().virtualCurrency.updateCurrency({ name, basePair: 'BTC' }), undefined);
      assert.deepEqual(await ledger().virtualCurrency.getCurrency(name), { ...vc, baseRate: 3, basePair: 'BTC' });
    });

    it('mintCurrency and revokeCurrency change the balance and the supply, each with one record', async () => {
      const { name, issuer } = await newCurrency('100', { baseRate: 1.5 });
      const holder = await accountIn(name);
      const since = Date.now();

      const minted = await ledger().virtualCurrency.mintCurrency({
        accountId: holder.id,
        amount: '25.25',
        counterAccount: issuer.id,
        paymentId: 'P-MINT',
        transactionCode: 'MINT_1',
        senderNote: 'issued',
        recipientNote: 'welcome',
      });
      assertReference(minted.reference);
      assert.deepEqual(await balanceOf(holder.id), balance('25.25'));
      assert.equal((await ledger().virtualCurrency.getCurrency(name)).supply, '125.25');
      const mintRecords = await recordsOf(minted.reference, since);
      assert.deepEqual(mintRecords, [
        record({
          accountId: holder.id,
          counterAccountId: issuer.id,
          currency: name,
          amount: '25.25',
          operationType: 'MINT',
          transactionType: 'CREDIT_DEPOSIT',
          reference: minted.reference,
          created: mintRecords[0]!.created,
          marketCurrency: 'EUR',
          marketAmount: '37.875',
          paymentId: 'P-MINT',
          transactionCode: 'MINT_1',
          senderNote: 'issued',
          recipientNote: 'welcome',
        }),
      ]);

      const revoked = await ledger().virtualCurrency.revokeCurrency({ accountId: holder.id, amount: '5.25' });
      assertReference(revoked.reference);
      assert.notEqual(revoked.reference, minted.reference);
      assert.deepEqual(await balanceOf(holder.id), balance('20'));
      assert.equal((await ledger().virtualCurrency.getCurrency(name)).supply, '120');
      const revokeRecords = await recordsOf(revoked.reference, since);
      assert.deepEqual(revokeRecords, [
        record({
          accountId: holder.id,
          currency: name,
          amount: '-5.25',
          operationType: 'REVOKE',
          transactionType: 'DEBIT_WITHDRAWAL',
          reference: revoked.reference,
          created: revokeRecords[0]!.created,
          marketCurrency: 'EUR',
          marketAmount: '-7.875',
        }),
      ]);

      // The issuer account is an account like any other: revoking from it shrinks the supply too.
      await ledger().virtualCurrency.revokeCurrency({ accountId: issuer.id, amount: '100' });
      assert.deepEqual(await balanceOf(issuer.id), balance('0'));
      assert.equal((await ledger().virtualCurrency.getCurrency(name)).supply, '20');
    });

    it('refuses what the currency rules forbid with 403, changing nothing', async () => {
      const { name, issuer } = await newCurrency('10');
      const btc = await accountIn('BTC');

      await refused(
        ledger().virtualCurrency.createCurrency({ name: 'NOPREFIX_1', supply: '1', basePair: 'EUR' }),
        forbidden('virtual.name.prefix'),
      );
      await refused(
        ledger().virtualCurrency.createCurrency({ name, supply: '1', basePair: 'USD' }),
        forbidden('virtual.duplicate'),
      );
      await refused(ledger().virtualCurrency.getCurrency('VC_NOT_THERE'), forbidden('vc.not.found'));
      await refused(ledger().virtualCurrency.getCurrency('NOPREFIX_1'), forbidden('vc.not.found'));
      await refused(
        ledger().virtualCurrency.updateCurrency({ name: 'VC_NOT_THERE', baseRate: 2 }),
        forbidden('vc.not.found'),
      );
      // A BTC account holds no virtual currency: there is nothing to mint or revoke.
      await refused(
        ledger().virtualCurrency.mintCurrency({ accountId: btc.id, amount: '1' }),
        forbidden('vc.not.found'),
      );
      await refused(
        ledger().virtualCurrency.revokeCurrency({ accountId: btc.id, amount: '1' }),
        forbidden('vc.not.found'),
      );
      await refused(
        ledger().virtualCurrency.mintCurrency({ accountId: UNKNOWN_ID, amount: '1' }),
        forbidden('account.not.exists'),
      );
      await refused(
        ledger().virtualCurrency.mintCurrency({ accountId: issuer.id, amount: '0.00' }),
        forbidden('payment.amount.notNull'),
      );
      await refused(
        ledger().virtualCurrency.revokeCurrency({ accountId: issuer.id, amount: '10.01' }),
        forbidden('virtual.account.balance'),
      );
      // Revoking takes from the available balance: a blockage holds part of it back.
      await ledger().account.blockAmount(issuer.id, { amount: '4', type: 'HOLD' });
      await refused(
        ledger().virtualCurrency.revokeCurrency({ accountId: issuer.id, amount: '7' }),
        forbidden('virtual.account.balance'),
      );

      assert.deepEqual(await balanceOf(issuer.id), balance('10', '6'));
      assert.deepEqual(await ledger().virtualCurrency.getCurrency(name), {
        name,
        supply: '10',
        accountId: issuer.id,
        baseRate: 1,
        basePair: 'EUR',
        customerId: null,
        description: null,
      });
    });

    it('refuses a malformed body with 400 validation.failed (the client checks nothing)', async () => {
      const { name, issuer } = await newCurrency('1');
      await invalid(
        ledger().virtualCurrency.createCurrency({ name: 'VC_BAD-NAME', supply: '1', basePair: 'EUR' }),
        'name',
        'matches',
      );
      await invalid(
        ledger().virtualCurrency.createCurrency({ name: newCurrencyName(), supply: '-1', basePair: 'EUR' }),
        'supply',
        'matches',
      );
      await invalid(
        ledger().virtualCurrency.mintCurrency({ accountId: issuer.id, amount: '1e3' }),
        'amount',
        'matches',
      );
      await invalid(
        ledger().virtualCurrency.mintCurrency({ accountId: 'short', amount: '1' }),
        'accountId',
        'isLength',
      );
      assert.equal((await ledger().virtualCurrency.getCurrency(name)).supply, '1');
    });
  });

  describe('accounts', () => {
    it('getAccountBalance and updateAccountByAccountId; an account holding money cannot be deactivated', async () => {
      const { name } = await newCurrency();
      const held = await funded(name, '10');
      assert.deepEqual(await ledger().account.getAccountBalance(held.id), balance('10'));

      assert.equal(await ledger().account.updateAccountByAccountId(held.id, { accountCode: 'CODE_2' }), undefined);
      assert.equal(await ledger().account.updateAccountByAccountId(held.id, { accountNumber: 'NUM-2' }), undefined);
      const expected = { ...held, balance: balance('10'), accountCode: 'CODE_2', accountNumber: 'NUM-2' };
      assert.deepEqual(await ledger().account.getAccountByAccountId(held.id), expected);

      await refused(ledger().account.deactivateAccount(held.id), forbidden('account.balance.non.zero'));
      await refused(ledger().account.getAccountBalance(UNKNOWN_ID), forbidden('account.not.exists'));
      await refused(
        ledger().account.updateAccountByAccountId(UNKNOWN_ID, { accountCode: 'X' }),
        forbidden('account.not.exists'),
      );
      await invalid(ledger().account.updateAccountByAccountId(held.id, { accountCode: '' }), 'accountCode', 'isLength');
      assert.deepEqual(await ledger().account.getAccountByAccountId(held.id), expected);
    });

    it('activateAccount brings back a deactivated (empty) account; an active one is refused', async () => {
      const { name } = await newCurrency();
      const empty = await accountIn(name);
      await refused(ledger().account.activateAccount(empty.id), forbidden('account.active'));
      await ledger().account.deactivateAccount(empty.id);
      assert.equal(await ledger().account.activateAccount(empty.id), undefined);
      assert.deepEqual(await ledger().account.getAccountByAccountId(empty.id), empty);
      await refused(ledger().account.activateAccount(UNKNOWN_ID), forbidden('account.not.exists'));
    });

    it('getAccounts lists every account of the ledger by filters, sort and page; getAccountsCount counts them', async () => {
      const tenant = await server.t.newTenant();
      const accounts = () => ledger(tenant.testnet).account;
      const { name, issuer } = await newCurrency('100', { accountNumber: 'ISS' }, tenant.testnet);
      const rich = await accounts().createAccount({ currency: name, accountNumber: 'N-RICH' });
      const poor = await accounts().createAccount({ currency: name, accountNumber: 'N-POOR' });
      await ledger(tenant.testnet).transaction.sendTransaction({
        senderAccountId: issuer.id,
        recipientAccountId: rich.id,
        amount: '30',
      });
      await ledger(tenant.testnet).transaction.sendTransaction({
        senderAccountId: issuer.id,
        recipientAccountId: poor.id,
        amount: '5',
      });
      await accounts().freezeAccount(poor.id);
      const btc = await accounts().createAccount({ currency: 'BTC' });
      const gone = await accounts().createAccount({ currency: 'BTC' });
      await accounts().deactivateAccount(gone.id);

      const I = account({ id: issuer.id, currency: name, accountNumber: 'ISS', balance: balance('65') });
      const R = account({ id: rich.id, currency: name, accountNumber: 'N-RICH', balance: balance('30') });
      const P = account({
        id: poor.id,
        currency: name,
        accountNumber: 'N-POOR',
        frozen: true,
        balance: balance('5', '0'),
      });
      const B = account({ id: btc.id, currency: 'BTC' });
      const G = account({ id: gone.id, currency: 'BTC', active: false });
      const all = [I, R, P, B, G];

      // No query at all (what getAccounts() sends), then pages: `page` is a page number from 0.
      assert.deepEqual(await accounts().getAccounts(), all);
      assert.deepEqual(await accounts().getAccounts(2), all.slice(0, 2));
      assert.deepEqual(await accounts().getAccounts(2, 1), all.slice(2, 4));
      assert.deepEqual(await accounts().getAccounts(2, 2), all.slice(4));
      assert.deepEqual(await accounts().getAccounts(2, 3), []);

      // Sorted; ties keep creation order in the direction asked, and accounts without the key come last.
      assert.deepEqual(await accounts().getAccounts(50, 0, 'desc', 'account_balance'), [I, R, P, G, B]);
      assert.deepEqual(await accounts().getAccounts(50, 0, 'asc', 'available_balance'), [P, B, G, R, I]);
      assert.deepEqual(await accounts().getAccounts(50, 0, 'asc', 'account_number'), [I, P, R, B, G]);
      assert.deepEqual(
        await accounts().getAccounts(50, 0, 'asc', 'id'),
        [...all].sort((x, y) => (x.id < y.id ? -1 : 1)),
      );

      // Filters: active, onlyNonZeroBalance, frozen, currency, accountNumber, ANDed.
      const filtered = (...args: [boolean?, boolean?, boolean?, string?, string?]) =>
        accounts().getAccounts(50, 0, undefined, undefined, ...args);
      assert.deepEqual(await filtered(false), [G]);
      assert.deepEqual(await filtered(true), [I, R, P, B]);
      assert.deepEqual(await filtered(undefined, true), [I, R, P]);
      assert.deepEqual(await filtered(undefined, undefined, true), [P]);
      assert.deepEqual(await filtered(undefined, undefined, false, name), [I, R]);
      assert.deepEqual(await filtered(undefined, undefined, undefined, 'BTC'), [B, G]);
      assert.deepEqual(await filtered(undefined, undefined, undefined, undefined, 'N-RICH'), [R]);
      assert.deepEqual(await filtered(undefined, true, undefined, 'BTC'), []);

      // The count takes the same filters and ignores the page; Tatum spells the id sort key `_id` here.
      assert.deepEqual(await accounts().getAccountsCount(), { total: 5 });
      assert.deepEqual(await accounts().getAccountsCount(1, 3, 'desc', '_id'), { total: 5 });
      assert.deepEqual(await accounts().getAccountsCount(undefined, undefined, undefined, undefined, true), {
        total: 4,
      });
      assert.deepEqual(
        await accounts().getAccountsCount(undefined, undefined, undefined, undefined, undefined, true, false, name),
        { total: 2 },
      );
      assert.deepEqual(
        await accounts().getAccountsCount(
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          'ETH',
        ),
        { total: 0 },
      );

      await invalid(accounts().getAccounts(51), 'pageSize', 'max');
      // A page so far out that page × pageSize is no longer an integer a JS number prints as one.
      await invalid(accounts().getAccounts(50, 1e20), 'page', 'max');
      await invalid(accounts().getAccounts(50, 0, undefined, 'balance' as never), 'sortBy', 'isIn');
    });

    it('freezeAccount holds the available balance in an ACCOUNT_FROZEN blockage; unfreezeAccount releases it', async () => {
      const { name } = await newCurrency();
      const frozen = await funded(name, '40');
      const payer = await funded(name, '10');
      const held = await block(frozen.id, { amount: '15', type: 'HOLD' });
      const hold = { id: held.id, accountId: frozen.id, amount: '15', type: 'HOLD', description: null };

      assert.equal(await ledger().account.freezeAccount(frozen.id), undefined);
      assert.deepEqual(await ledger().account.getAccountByAccountId(frozen.id), {
        ...frozen,
        frozen: true,
        balance: balance('40', '0'),
      });
      const blockages = await ledger().account.getBlockAmount(frozen.id, 50);
      assert.equal(blockages.length, 2);
      const frozenBlockage = blockages[1] as { id: string };
      assertId(frozenBlockage.id);
      // What was available when the account froze (40 − 15) is what the ACCOUNT_FROZEN blockage holds.
      assert.deepEqual(blockages, [
        hold,
        {
          id: frozenBlockage.id,
          accountId: frozen.id,
          amount: '25',
          type: 'ACCOUNT_FROZEN',
          description: 'Account frozen',
        },
      ]);
      await refused(ledger().account.freezeAccount(frozen.id), forbidden('account.frozen'));

      // Incoming payments still land; outgoing ones stop.
      await ledger().transaction.sendTransaction({
        senderAccountId: payer.id,
        recipientAccountId: frozen.id,
        amount: '10',
      });
      assert.deepEqual(await balanceOf(frozen.id), balance('50', '0'));
      await refused(
        ledger().transaction.sendTransaction({ senderAccountId: frozen.id, recipientAccountId: payer.id, amount: '1' }),
        senderAccountFrozen(frozen.id),
      );

      assert.equal(await ledger().account.unfreezeAccount(frozen.id), undefined);
      assert.deepEqual(await balanceOf(frozen.id), balance('50', '35'));
      assert.deepEqual(await ledger().account.getBlockAmount(frozen.id, 50), [hold]);
      await refused(ledger().account.getBlockAmountById(frozenBlockage.id), forbidden('blockage.not.exists'));
      await refused(ledger().account.unfreezeAccount(frozen.id), forbidden('account.not.frozen'));

      await refused(ledger().account.freezeAccount(UNKNOWN_ID), forbidden('account.not.exists'));
      await refused(ledger().account.unfreezeAccount(UNKNOWN_ID), forbidden('account.not.exists'));
    });
  });

  describe('blockages', () => {
    it('blockAmount, getBlockAmount, getBlockAmountById, deleteBlockAmount and deleteAllBlockAmount', async () => {
      const { name } = await newCurrency();
      const held = await funded(name, '100');

      // The answer is an Id: the new blockage's id and nothing else.
      const first = await ledger().account.blockAmount(held.id, {
        amount: '30.5',
        type: 'DEBIT_CARD_OP',
        description: 'Card hold',
      });
      assertId(first.id);
      assert.deepEqual(first, { id: first.id });
      const second = await block(held.id, { amount: '20', type: 'ESCROW' });
      assert.deepEqual(await balanceOf(held.id), balance('100', '49.5'));

      const b1 = { id: first.id, accountId: held.id, amount: '30.5', type: 'DEBIT_CARD_OP', description: 'Card hold' };
      const b2 = { id: second.id, accountId: held.id, amount: '20', type: 'ESCROW', description: null };
      assert.deepEqual(await ledger().account.getBlockAmount(held.id, 50), [b1, b2]);
      assert.deepEqual(await ledger().account.getBlockAmount(held.id, 1), [b1]);
      assert.deepEqual(await ledger().account.getBlockAmount(held.id, 1, 1), [b2]);
      assert.deepEqual(await ledger().account.getBlockAmount(held.id, 50, 2), []);
      assert.deepEqual(await ledger().account.getBlockAmountById(first.id), b1);
      assert.deepEqual(await ledger().account.getBlockAmountById(second.id), b2);

      // Without ensureSufficientBalance, more may be blocked than is available: it goes negative.
      const third = await block(held.id, { amount: '60', type: 'OVER' });
      assert.deepEqual(await balanceOf(held.id), balance('100', '-10.5'));

      assert.equal(await ledger().account.deleteBlockAmount(first.id), undefined);
      assert.deepEqual(await balanceOf(held.id), balance('100', '20'));
      await refused(ledger().account.getBlockAmountById(first.id), forbidden('blockage.not.exists'));
      await refused(ledger().account.deleteBlockAmount(first.id), forbidden('blockage.not.exists'));
      assert.deepEqual(await ledger().account.getBlockAmount(held.id, 50), [
        b2,
        { id: third.id, accountId: held.id, amount: '60', type: 'OVER', description: null },
      ]);

      assert.equal(await ledger().account.deleteAllBlockAmount(held.id), undefined);
      assert.deepEqual(await balanceOf(held.id), balance('100'));
      assert.deepEqual(await ledger().account.getBlockAmount(held.id, 50), []);
      // Deleting the blockages of an account that has none is not an error.
      assert.equal(await ledger().account.deleteAllBlockAmount(held.id), undefined);
    });

    it('blockAmount with ensureSufficientBalance refuses more than the available balance', async () => {
      const { name } = await newCurrency();
      const held = await funded(name, '100');
      await refused(
        ledger().account.blockAmount(held.id, { amount: '100.01', type: 'X', ensureSufficientBalance: true }),
        balanceInsufficient(held.id, '100.01', '100'),
      );
      assert.deepEqual(await ledger().account.getBlockAmount(held.id, 50), []);
      const all = await block(held.id, { amount: '100', type: 'X', ensureSufficientBalance: true });
      assert.deepEqual(await balanceOf(held.id), balance('100', '0'));
      assert.deepEqual(await ledger().account.getBlockAmount(held.id, 50), [
        { id: all.id, accountId: held.id, amount: '100', type: 'X', description: null },
      ]);
    });

    it('unblockAmountWithTransaction removes the whole blockage and pays the amount, or changes nothing', async () => {
      const { name } = await newCurrency();
      const { name: other } = await newCurrency();
      const sender = await funded(name, '50');
      const recipient = await accountIn(name);
      const elsewhere = await accountIn(other);
      const held = await block(sender.id, { amount: '20', type: 'ESCROW' });
      const blockage = { id: held.id, accountId: sender.id, amount: '20', type: 'ESCROW', description: null };

      await refused(
        ledger().account.unblockAmountWithTransaction(held.id, { recipientAccountId: recipient.id, amount: '20.01' }),
        forbidden('blockage.amount.exceeded'),
      );
      await refused(
        ledger().account.unblockAmountWithTransaction(held.id, { recipientAccountId: elsewhere.id, amount: '5' }),
        currencyIncompatible(sender.id, elsewhere.id),
      );
      await refused(
        ledger().account.unblockAmountWithTransaction(held.id, { recipientAccountId: UNKNOWN_ID, amount: '5' }),
        recipientNotExists(UNKNOWN_ID),
      );
      assert.deepEqual(await ledger().account.getBlockAmountById(held.id), blockage);
      assert.deepEqual(await balanceOf(sender.id), balance('50', '30'));

      const since = Date.now();
      const paid = await ledger().account.unblockAmountWithTransaction(held.id, {
        recipientAccountId: recipient.id,
        amount: '15',
        senderNote: 'escrow released',
      });
      assertReference(paid.reference);
      // The whole 20 is released and 15 of it paid.
      assert.deepEqual(await balanceOf(sender.id), balance('35'));
      assert.deepEqual(await balanceOf(recipient.id), balance('15'));
      await refused(ledger().account.getBlockAmountById(held.id), forbidden('blockage.not.exists'));
      const found = await recordsOf(paid.reference, since);
      assert.deepEqual(
        found,
        paymentRecords(
          found,
          {
            sender: sender.id,
            recipient: recipient.id,
            amount: '15',
            currency: name,
            reference: paid.reference,
          },
          { senderNote: 'escrow released' },
        ),
      );

      await refused(
        ledger().account.unblockAmountWithTransaction(held.id, { recipientAccountId: recipient.id, amount: '1' }),
        forbidden('blockage.not.exists'),
      );
    });

    it('refuses blockages of unknown accounts and unknown blockages with 403', async () => {
      await refused(
        ledger().account.blockAmount(UNKNOWN_ID, { amount: '1', type: 'X' }),
        forbidden('account.not.exists'),
      );
      await refused(ledger().account.getBlockAmount(UNKNOWN_ID, 50), forbidden('account.not.exists'));
      await refused(ledger().account.deleteAllBlockAmount(UNKNOWN_ID), forbidden('account.not.exists'));
      await refused(ledger().account.getBlockAmountById(UNKNOWN_ID), forbidden('blockage.not.exists'));
      await refused(ledger().account.deleteBlockAmount(UNKNOWN_ID), forbidden('blockage.not.exists'));
      await refused(
        ledger().account.unblockAmountWithTransaction(UNKNOWN_ID, { recipientAccountId: UNKNOWN_ID, amount: '1' }),
        forbidden('blockage.not.exists'),
      );
    });
  });

  describe('payments', () => {
    it('sendTransaction writes two records under one UUID reference; balances are exact decimals', async () => {
      const { name } = await newCurrency('0', { basePair: 'USD', baseRate: 2.5 });
      const sender = await funded(name, '0.3');
      const recipient = await accountIn(name);
      const since = Date.now();

      const first = await ledger().transaction.sendTransaction({
        senderAccountId: sender.id,
        recipientAccountId: recipient.id,
        amount: '0.1',
        paymentId: 'P-1',
        transactionCode: 'TC_1',
        senderNote: 'to you',
        recipientNote: 'from me',
      });
      assertReference(first.reference);
      // The payment's own baseRate values it instead of the currency's.
      const second = await ledger().transaction.sendTransaction({
        senderAccountId: sender.id,
        recipientAccountId: recipient.id,
        amount: '.2',
        baseRate: 3,
      });
      assertReference(second.reference);
      assert.notEqual(first.reference, second.reference);

      // 0.3 − 0.1 − 0.2 is 0 exactly: no amount is ever a floating-point number.
      assert.deepEqual(await balanceOf(sender.id), balance('0'));
      assert.deepEqual(await balanceOf(recipient.id), balance('0.3'));

      const notes = { paymentId: 'P-1', transactionCode: 'TC_1', senderNote: 'to you', recipientNote: 'from me' };
      const firstRecords = await recordsOf(first.reference, since);
      assert.deepEqual(
        firstRecords,
        paymentRecords(
          firstRecords,
          {
            sender: sender.id,
            recipient: recipient.id,
            amount: '0.1',
            currency: name,
            reference: first.reference,
            marketCurrency: 'USD',
            marketAmount: '0.25',
          },
          notes,
        ),
      );
      const secondRecords = await recordsOf(second.reference, since);
      assert.deepEqual(
        secondRecords.map((r) => [r.accountId, r.amount, r.transactionType, r.marketValue.amount]),
        [
          [sender.id, '-0.2', 'DEBIT_PAYMENT', '-0.6'],
          [recipient.id, '0.2', 'CREDIT_PAYMENT', '0.6'],
        ],
      );
    });

    it('sendTransactionBatch pays every recipient or none; references come in request order', async () => {
      const { name } = await newCurrency();
      const sender = await funded(name, '10');
      const r1 = await accountIn(name);
      const r2 = await accountIn(name);
      const since = Date.now();

      const references = await ledger().transaction.sendTransactionBatch({
        senderAccountId: sender.id,
        transaction: [
          { recipientAccountId: r1.id, amount: '3' },
          { recipientAccountId: r2.id, amount: '4', anonymous: true },
        ],
      });
      assert.equal(references.length, 2);
      references.forEach((r) => assertReference(r));
      assert.notEqual(references[0], references[1]);
      assert.deepEqual(await balanceOf(sender.id), balance('3'));
      assert.deepEqual(await balanceOf(r1.id), balance('3'));
      assert.deepEqual(await balanceOf(r2.id), balance('4'));

      const found = await recordsOf(references[0]!, since);
      assert.deepEqual(
        found,
        paymentRecords(found, {
          sender: sender.id,
          recipient: r1.id,
          amount: '3',
          currency: name,
          reference: references[0]!,
        }),
      );
      // An anonymous payment does not show the sender to the recipient.
      const hidden = await recordsOf(references[1]!, since);
      assert.deepEqual(
        hidden,
        paymentRecords(hidden, {
          sender: sender.id,
          recipient: r2.id,
          amount: '4',
          currency: name,
          reference: references[1]!,
        }).map((r, i) => ({ ...r, anonymous: true, counterAccountId: i === 0 ? r2.id : null })),
      );

      // The second payment finds 2 left of the 3 and fails, so the first is undone with it.
      await refused(
        ledger().transaction.sendTransactionBatch({
          senderAccountId: sender.id,
          transaction: [
            { recipientAccountId: r1.id, amount: '1' },
            { recipientAccountId: r2.id, amount: '5' },
          ],
        }),
        balanceInsufficient(sender.id, '5', '2'),
      );
      await refused(
        ledger().transaction.sendTransactionBatch({
          senderAccountId: sender.id,
          transaction: [
            { recipientAccountId: r1.id, amount: '1' },
            { recipientAccountId: UNKNOWN_ID, amount: '1' },
          ],
        }),
        recipientNotExists(UNKNOWN_ID),
      );
      assert.deepEqual(await balanceOf(sender.id), balance('3'));
      assert.deepEqual(await balanceOf(r1.id), balance('3'));
      assert.deepEqual(await balanceOf(r2.id), balance('4'));

      assert.deepEqual(
        await ledger().transaction.sendTransactionBatch({ senderAccountId: sender.id, transaction: [] }),
        [],
      );
    });

    it('refuses payments that break a rule with 403, moving nothing', async () => {
      const { name } = await newCurrency();
      const { name: other } = await newCurrency();
      const sender = await funded(name, '10');
      const recipient = await accountIn(name);
      const elsewhere = await accountIn(other);
      const closed = await accountIn(name);
      await ledger().account.deactivateAccount(closed.id);
      const pay = (recipientAccountId: string, amount: string, senderAccountId = sender.id) =>
        ledger().transaction.sendTransaction({ senderAccountId, recipientAccountId, amount });

      await refused(pay(UNKNOWN_ID, '1'), recipientNotExists(UNKNOWN_ID));
      await refused(pay(closed.id, '1'), recipientNotExists(closed.id));
      await refused(pay(recipient.id, '1', UNKNOWN_ID), {
        statusCode: 403,
        errorCode: 'senderAccount.not.exists',
        message: `Unable to find sender account ${UNKNOWN_ID}.`,
      });
      await refused(pay(recipient.id, '0'), forbidden('payment.amount.notNull'));
      await refused(pay(recipient.id, '0.000'), forbidden('payment.amount.notNull'));
      await refused(pay(elsewhere.id, '1'), currencyIncompatible(sender.id, elsewhere.id));
      await refused(pay(recipient.id, '10.000001'), balanceInsufficient(sender.id, '10.000001', '10'));
      // Payments check the available balance: a blockage holds part of the balance back.
      await ledger().account.blockAmount(sender.id, { amount: '4', type: 'HOLD' });
      await refused(pay(recipient.id, '7'), balanceInsufficient(sender.id, '7', '6'));

      await ledger().account.freezeAccount(sender.id);
      await refused(pay(recipient.id, '1'), senderAccountFrozen(sender.id));
      await ledger().account.unfreezeAccount(sender.id);

      // A disabled customer's accounts read an available balance of 0 and cannot pay.
      await ledger().customer.disableCustomer(sender.customerId!);
      assert.deepEqual(await balanceOf(sender.id), balance('10', '0'));
      await refused(pay(recipient.id, '1'), senderCustomerDisabled(sender.customerId!));
      await ledger().customer.enableCustomer(sender.customerId!);

      assert.deepEqual(await balanceOf(sender.id), balance('10', '6'));
      assert.deepEqual(await balanceOf(recipient.id), balance('0'));
      assert.deepEqual(
        await ledger().transaction.getTransactionsByAccountId(
          { id: sender.id, opType: 'PAYMENT' },
          undefined,
          undefined,
          true,
        ),
        0,
      );
    });

    it('refuses a malformed payment with 400 validation.failed (the client checks nothing)', async () => {
      const { name } = await newCurrency();
      const sender = await funded(name, '10');
      const recipient = await accountIn(name);
      const pay = (amount: string) =>
        ledger().transaction.sendTransaction({ senderAccountId: sender.id, recipientAccountId: recipient.id, amount });
      await invalid(pay('-1'), 'amount', 'matches');
      await invalid(pay('1,5'), 'amount', 'matches');
      // The server names every length bound isLength, as class-validator's @Length does.
      await invalid(pay('1'.repeat(39)), 'amount', 'isLength');
      await invalid(
        ledger().transaction.sendTransaction({
          senderAccountId: 'short',
          recipientAccountId: recipient.id,
          amount: '1',
        }),
        'senderAccountId',
        'isLength',
      );
      assert.deepEqual(await balanceOf(sender.id), balance('10'));
    });

    it('with compliant: true, refuses a payment to or from a customer of an embargoed country (KP)', async () => {
      const { name } = await newCurrency();
      const czech = await funded(name, '10', { customerCountry: 'CZ', providerCountry: 'CZ' });
      const korean = await funded(name, '10', { customerCountry: 'KP', providerCountry: 'CN' });
      const fellow = await accountIn(name, { customerCountry: 'SK' });
      const unknown = await accountIn(name);
      const pay = (senderAccountId: string, recipientAccountId: string, compliant?: boolean) =>
        ledger().transaction.sendTransaction({ senderAccountId, recipientAccountId, amount: '1', compliant });

      await refused(pay(czech.id, korean.id, true), notCompliant('recipient', korean.id, 'KP', 'CN'));
      await refused(pay(korean.id, czech.id, true), notCompliant('sender', korean.id, 'KP', 'CN'));
      // A customer without a country cannot be checked, so it is refused too.
      await refused(pay(czech.id, unknown.id, true), {
        statusCode: 403,
        errorCode: 'transaction.not.compliant',
        message: `Transaction not compliant, recipient account ${unknown.id}: customer country is not defined.`,
      });
      await refused(
        ledger().transaction.sendTransactionBatch({
          senderAccountId: czech.id,
          transaction: [
            { recipientAccountId: fellow.id, amount: '1', compliant: true },
            { recipientAccountId: korean.id, amount: '1', compliant: true },
          ],
        }),
        notCompliant('recipient', korean.id, 'KP', 'CN'),
      );
      const held = await block(czech.id, { amount: '2', type: 'ESCROW' });
      await refused(
        ledger().account.unblockAmountWithTransaction(held.id, {
          recipientAccountId: korean.id,
          amount: '2',
          compliant: true,
        }),
        notCompliant('recipient', korean.id, 'KP', 'CN'),
      );
      assert.deepEqual(await balanceOf(czech.id), balance('10', '8'));
      assert.deepEqual(await balanceOf(korean.id), balance('10'));

      // Between customers the policy allows, it pays; without compliant: true, nothing is checked.
      assertReference((await pay(czech.id, fellow.id, true)).reference);
      assertReference((await pay(czech.id, korean.id)).reference);
      assertReference((await pay(korean.id, unknown.id, false)).reference);
      assert.deepEqual(await balanceOf(czech.id), balance('8', '6'));
      assert.deepEqual(await balanceOf(korean.id), balance('10'));
      assert.deepEqual(await balanceOf(fellow.id), balance('1'));
      assert.deepEqual(await balanceOf(unknown.id), balance('1'));
    });
  });

  describe('finding transactions', () => {
    it('getTransactionsByAccountId, getTransactionsByCustomerId and getTransactions: filters, pages, count', async () => {
      const tenant = await server.t.newTenant();
      const transactions = () => ledger(tenant.testnet).transaction;
      const since = Date.now();
      const { name, issuer } = await newCurrency('100', {}, tenant.testnet);
      const alice = await accountIn(name, {}, tenant.testnet);
      const bob = await accountIn(name, {}, tenant.testnet);
      const ref1 = await transactions().sendTransaction({
        senderAccountId: issuer.id,
        recipientAccountId: alice.id,
        amount: '30',
        paymentId: 'P-1',
      });
      const ref2 = await transactions().sendTransaction({
        senderAccountId: alice.id,
        recipientAccountId: bob.id,
        amount: '10',
        senderNote: 'rent',
      });
      const ref3 = await ledger(tenant.testnet).virtualCurrency.mintCurrency({ accountId: bob.id, amount: '5' });

      const all = (await transactions().getTransactions({})) as Transaction[];
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
        ...payment(1, issuer.id, alice.id, '30', ref1.reference!).map((r) => ({ ...r, paymentId: 'P-1' })),
        ...payment(3, alice.id, bob.id, '10', ref2.reference!).map((r) => ({ ...r, senderNote: 'rent' })),
        record({
          ...at(5),
          accountId: bob.id,
          amount: '5',
          reference: ref3.reference!,
          operationType: 'MINT',
          transactionType: 'CREDIT_DEPOSIT',
        }),
      ];
      assert.deepEqual(all, expected);

      // By account: its records, oldest first, paged by pageSize and item offset.
      const byAccount = (...args: Parameters<typeof TransactionService.getTransactionsByAccountId>) =>
        transactions().getTransactionsByAccountId(...args);
      assert.deepEqual(await byAccount({ id: alice.id }), [expected[2], expected[3]]);
      assert.deepEqual(await byAccount({ id: alice.id }, 1), [expected[2]]);
      assert.deepEqual(await byAccount({ id: alice.id }, 1, 1), [expected[3]]);
      assert.deepEqual(await byAccount({ id: alice.id }, 50, 2), []);
      assert.deepEqual(await byAccount({ id: alice.id, transactionType: 'DEBIT_PAYMENT' }), [expected[3]]);
      assert.deepEqual(await byAccount({ id: alice.id, counterAccount: issuer.id }), [expected[2]]);
      assert.deepEqual(await byAccount({ id: bob.id, opType: 'MINT' }), [expected[5]]);
      // count=true answers a bare number, which the client resolves as is; pageSize alongside it is ignored.
      assert.equal(await byAccount({ id: alice.id }, undefined, undefined, true), 2);
      assert.equal(await byAccount({ id: alice.id }, 1, 0, true), 2);
      assert.equal(await byAccount({ id: UNKNOWN_ID }, undefined, undefined, true), 0);
      assert.deepEqual(await byAccount({ id: UNKNOWN_ID }), []);

      // By customer: the records of all its accounts.
      const byCustomer = (...args: Parameters<typeof TransactionService.getTransactionsByCustomerId>) =>
        transactions().getTransactionsByCustomerId(...args);
      assert.deepEqual(await byCustomer({ id: alice.customerId! }), [expected[2], expected[3]]);
      assert.deepEqual(await byCustomer({ id: bob.customerId!, senderNote: 'rent' }), [expected[4]]);
      assert.deepEqual(await byCustomer({ id: bob.customerId!, account: bob.id, opType: 'MINT' }), [expected[5]]);
      assert.equal(await byCustomer({ id: bob.customerId! }, undefined, undefined, true), 2);

      // The whole ledger.
      const inLedger = (...args: Parameters<typeof TransactionService.getTransactions>) =>
        transactions().getTransactions(...args);
      assert.deepEqual(await inLedger({}, 2, 2), expected.slice(2, 4));
      assert.deepEqual(await inLedger({ account: bob.id }), expected.slice(4));
      assert.deepEqual(await inLedger({ amount: [{ op: 'lt', value: '0' }] }), [expected[1], expected[3]]);
      assert.deepEqual(
        await inLedger({
          amount: [
            { op: 'gte', value: '10' },
            { op: 'lte', value: '30' },
          ],
        }),
        [expected[2], expected[4]],
      );
      assert.deepEqual(await inLedger({ amount: [{ op: 'eq', value: '-30' }] }), [expected[1]]);
      assert.deepEqual(await inLedger({ paymentId: 'P-1' }), expected.slice(1, 3));
      assert.deepEqual(await inLedger({ transactionTypes: ['CREDIT_DEPOSIT', 'DEBIT_PAYMENT'] }), [
        expected[0],
        expected[1],
        expected[3],
        expected[5],
      ]);
      assert.deepEqual(await inLedger({ from: all[0]!.created }), expected);
      assert.deepEqual(await inLedger({ to: all[0]!.created - 1 }), []);
      assert.equal(await inLedger({ currencies: [name] }, undefined, undefined, true), 6);
      assert.equal(await inLedger({ currency: 'BTC' }, undefined, undefined, true), 0);

      // One reference: both records of a payment, the single record of a mint.
      assert.deepEqual(await transactions().getTransactionsByReference(ref1.reference!), expected.slice(1, 3));
      assert.deepEqual(await transactions().getTransactionsByReference(ref3.reference!), [expected[5]]);
      assert.deepEqual(await transactions().getTransactionsByReference('ffffffff-ffff-4fff-bfff-ffffffffffff'), []);

      await invalid(inLedger({}, 51), 'pageSize', 'max');
      await invalid(byAccount({ id: 'short' }), 'id', 'isLength');
      // A time past any date the database holds.
      await invalid(inLedger({ from: 1e20 }), 'from', 'max');
      await invalid(byCustomer({ id: alice.customerId!, to: 1e20 }, undefined, undefined, true), 'to', 'max');

      // Another ledger (the mainnet key) sees none of it.
      assert.deepEqual(await ledger(tenant.mainnet).transaction.getTransactionsByReference(ref1.reference!), []);
      assert.equal(await ledger(tenant.mainnet).transaction.getTransactions({}, undefined, undefined, true), 0);
    });
  });
});
