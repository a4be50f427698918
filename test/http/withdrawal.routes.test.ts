import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  balanceOf,
  createAccountIn,
  createCustomerAccount,
  createVirtualCurrency,
  externalId,
} from '../helpers/ledger-fixtures.js';
import { suiteTestApp, type LedgerClient, type Reply } from '../helpers/test-app.js';

// Withdrawals (docs/decisions/0028-withdrawals.md): debited at once, completed with the chain
// transaction or cancelled and refunded. Money enters the ledger only by deposits.

const VALIDATION = 'Request validation failed. Please see data for additional information.';
const refusal = (errorCode: string, message: string) => ({ statusCode: 403, errorCode, message });
const MISSING = refusal('withdrawal.missing', 'No such withdrawal.');
const UNEXPECTED_STATE = refusal(
  'withdrawal.unexpected.state',
  'Unable to complete withdrawal, which is not in InProgress state.',
);
const AMOUNT_FORMAT = refusal('amount.format', 'Amount has incorrect format.');
const RECIPIENT_FORMAT = refusal('withdrawal.recipient.format', 'Recipient blockchain address has incorrect format.');
const notCancelled = (id: string) =>
  refusal(
    'withdrawal.not.cancelled.transaction.failed',
    `Unable to cancel withdrawal ${id}, it is impossible to create refund transaction: it is already cancelled.`,
  );
const pending = (id: string) =>
  refusal(
    'withdrawal.pending',
    `Unable to prepare withdrawal, last withdrawal with id ${id} is not yet processed by blockchain.`,
  );
const senderNotExists = (id: string) => refusal('senderAccount.not.exists', `Unable to find sender account ${id}.`);
const insufficient = (id: string, amount: string, available: string) =>
  refusal(
    'balance.insufficient',
    `Insufficient balance for account ${id} and payment amount ${amount}. Sender balance is ${available}.`,
  );

// Recipients written as their chains write them (v1's addresses for the BIP-39 test mnemonic).
const BTC_TO = 'tb1q8gk5z3dy7zv9ywe7synlrk58elz4hrne29cpdj';
const BTC_TO_2 = 'tb1q60qgwr5wzw57cvs0z2qg3yf84g26fs9p97f2cu';
const BTC_MAINNET_TO = 'bc1qmxrw6qdh5g3ztfcwm0et5l8mvws4eva24kmp8m';
const ETH_TO = '0x9858effd232b4033e47d90003d41ec34ecaeda94';
const ETH_TO_2 = '0x6fac4d18c912343bf86fa7049364dd4e424ab9c0';

const TPUB =
  'tpubDEQBfiy13hMZzGT4NWqNnaSWwVqYQ58kuu2pDYjkrf8F6DLKAprm8c65Pyh7PrzodXHtJuEXFu5yf6JbvYaL8rz7v28zapwbuzZzr7z4UvR';
const XPUB =
  'xpub6ELHKXNimKbxMCytPh7EdC2QXx46T9qLDJWGnTraz1H9kMMFdcduoU69wh9cxP12wDxqAAfbaESWGYt5rREsX1J8iR2TEunvzvddduAPYcY';
let addressIndex = 100;

const UNKNOWN_ID = '0123456789abcdef01234567';
let txCounter = 0;
const txId = () => `${process.pid.toString(16)}${(++txCounter).toString(16).padStart(6, '0')}`.padEnd(64, 'b');

function assertReply(reply: Reply, status: number, body?: unknown) {
  assert.equal(reply.status, status, JSON.stringify(reply.body));
  if (body !== undefined) assert.deepEqual(reply.body, body);
}

interface WithdrawalBody {
  senderAccountId: string;
  address: string;
  amount: string;
  fee?: string;
  attr?: string;
  compliant?: boolean;
  multipleAmounts?: string[];
  paymentId?: string;
  senderNote?: string;
}

describe('withdrawal routes', (suite) => {
  const t = suiteTestApp(suite);

  /** A fresh testnet ledger (a new tenant's), with its tenant's keys. */
  const ledger = async () => {
    const keys = await t.newTenant();
    return { keys, api: t.client(keys.testnet) };
  };

  /** Credits the account by a deposit reported Done (to an address assigned to it for a coin without xpub). */
  async function fund(api: LedgerClient, accountId: string, currency: string, amount: string) {
    const reply = await api.post('/v3/ledger/deposits', {
      accountId,
      currency,
      txId: txId(),
      index: 0,
      amount,
      blockHeight: 1,
      status: 'Done',
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
  }

  /**
   * A BTC account of a new customer with `amount`, credited by a deposit to an address derived for it
   * (at an index of its own, as the accounts share the key).
   */
  async function btcAccount(api: LedgerClient, amount: string, customer: Record<string, unknown> = {}, xpub = TPUB) {
    const { accountId, customerId } = await createCustomerAccount(
      api,
      { externalId: externalId('withdrawer'), ...customer },
      { currency: 'BTC', xpub },
    );
    const generated = await api.post(`/v3/offchain/account/${accountId}/address?index=${++addressIndex}`);
    assertReply(generated, 200);
    const address = generated.body.address as string;
    const reply = await api.post('/v3/ledger/deposits', {
      address,
      currency: 'BTC',
      txId: txId(),
      index: 0,
      amount,
      blockHeight: 1,
      status: 'Done',
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    return { accountId, customerId };
  }

  async function accountIn(api: LedgerClient, currency: string, amount: string) {
    const { accountId, customerId } = await createAccountIn(api, currency);
    await fund(api, accountId, currency, amount);
    return { accountId, customerId };
  }

  const withdraw = (api: LedgerClient, body: WithdrawalBody) => api.post('/v3/offchain/withdrawal', body);
  const list = async (api: LedgerClient, query = '') =>
    (await api.get(`/v3/offchain/withdrawal?pageSize=50${query}`)).body as Record<string, unknown>[];
  const records = async (api: LedgerClient, id: string) =>
    (await api.post('/v3/ledger/transaction/account?pageSize=50', { id })).body as Record<string, unknown>[];
  const complete = (api: LedgerClient, id: string, tx = txId()) => api.put(`/v3/offchain/withdrawal/${id}/${tx}`);
  const cancel = (api: LedgerClient, id: string, query = '') => api.delete(`/v3/offchain/withdrawal/${id}${query}`);

  /** What a refusal must leave: the balance, the ledger's withdrawals and the account's records as they were. */
  async function snapshot(api: LedgerClient, accountId: string) {
    return {
      balance: await balanceOf(api, accountId),
      withdrawals: await list(api),
      records: await records(api, accountId),
    };
  }

  describe('store', () => {
    it('debits amount + fee of a coin in one DEBIT_WITHDRAWAL record, and lists it InProgress', async () => {
      const { api } = await ledger();
      const { accountId, customerId } = await btcAccount(api, '1');
      const before = Date.now() - 1;
      const body = {
        senderAccountId: accountId,
        address: BTC_TO,
        amount: '0.3',
        fee: '0.0001',
        attr: 'note-attr',
        paymentId: 'pay-1',
        senderNote: 'to cold storage',
      };
      const reply = await withdraw(api, body);
      assertReply(reply, 200);
      const { id, reference } = reply.body;
      assert.deepEqual(reply.body, { id, reference, data: [] });
      assert.match(id, /^[0-9a-f]{24}$/);
      assert.match(reference, /^[0-9a-f-]{36}$/);
      assert.deepEqual(await balanceOf(api, accountId), { accountBalance: '0.6999', availableBalance: '0.6999' });

      const [credit, debit, ...more] = await records(api, accountId);
      assert.deepEqual(more, []);
      assert.equal(credit!.transactionType, 'CREDIT_DEPOSIT');
      const { created, marketValue, ...rest } = debit!;
      assert.deepEqual(rest, {
        accountId,
        counterAccountId: BTC_TO,
        currency: 'BTC',
        amount: '-0.3001',
        anonymous: false,
        operationType: 'WITHDRAWAL',
        transactionType: 'DEBIT_WITHDRAWAL',
        reference,
        transactionCode: null,
        senderNote: 'to cold storage',
        recipientNote: null,
        paymentId: 'pay-1',
        attr: 'note-attr',
        // Tatum's Transaction has these for deposits; a withdrawal's recipient is its counter account.
        address: null,
        txId: null,
      });
      assert.equal((marketValue as { amount: string }).amount, '-0.3001');
      assert.ok((created as number) >= before);
      const byCustomer = await api.post('/v3/ledger/transaction/customer', { id: customerId });
      assert.equal(byCustomer.body.length, 2);

      const listed = await list(api);
      assert.deepEqual(listed, [
        {
          id,
          accountId,
          address: BTC_TO,
          amount: '0.3',
          fee: '0.0001',
          reference,
          status: 'InProgress',
          txId: null,
          attr: 'note-attr',
          multipleAmounts: null,
          paymentId: 'pay-1',
          senderNote: 'to cold storage',
          currency: 'BTC',
          date: listed[0]!.date,
          refund: null,
        },
      ]);
      assert.ok((listed[0]!.date as number) >= before && (listed[0]!.date as number) <= Date.now() + 1);
    });

    it('debits the amount alone for a token whose fee is paid in its chain coin, amount + fee for ETH', async () => {
      const { api } = await ledger();
      const usdt = await accountIn(api, 'USDT', '100');
      const stored = await withdraw(api, {
        senderAccountId: usdt.accountId,
        address: ETH_TO,
        amount: '40',
        fee: '0.002',
      });
      assertReply(stored, 200);
      assert.deepEqual(await balanceOf(api, usdt.accountId), { accountBalance: '60', availableBalance: '60' });
      assert.equal((await records(api, usdt.accountId))[1]!.amount, '-40');
      const [listed] = await list(api);
      assert.equal(listed!.fee, '0.002');

      const eth = await accountIn(api, 'ETH', '1');
      assertReply(
        await withdraw(api, { senderAccountId: eth.accountId, address: ETH_TO, amount: '0.5', fee: '0.01' }),
        200,
      );
      assert.deepEqual(await balanceOf(api, eth.accountId), { accountBalance: '0.49', availableBalance: '0.49' });
      // Without a fee, the amount alone.
      assertReply(await withdraw(api, { senderAccountId: eth.accountId, address: ETH_TO, amount: '0.09' }), 200);
      assert.deepEqual(await balanceOf(api, eth.accountId), { accountBalance: '0.4', availableBalance: '0.4' });
      assert.deepEqual(
        (await list(api)).map((w) => [w.currency, w.amount, w.fee]),
        [
          ['USDT', '40', '0.002'],
          ['ETH', '0.5', '0.01'],
          ['ETH', '0.09', '0'],
        ],
      );
    });

    it('takes several addresses for BTC, with amounts per address adding up to the amount', async () => {
      const { api } = await ledger();
      const { accountId } = await btcAccount(api, '1');
      const before = await snapshot(api, accountId);
      const body = { senderAccountId: accountId, address: `${BTC_TO},${BTC_TO_2}`, amount: '0.3', fee: '0.001' };
      assertReply(await withdraw(api, { ...body, multipleAmounts: ['0.1', '0.1'] }), 403, AMOUNT_FORMAT);
      assertReply(await withdraw(api, { ...body, multipleAmounts: ['0.3'] }), 403, AMOUNT_FORMAT);
      assertReply(await withdraw(api, { ...body, multipleAmounts: ['0.1', '0.1', '0.1'] }), 403, AMOUNT_FORMAT);
      assert.deepEqual(await snapshot(api, accountId), before);
      assertReply(await withdraw(api, { ...body, multipleAmounts: ['0.1', '0.20'] }), 200);
      assert.deepEqual(await balanceOf(api, accountId), { accountBalance: '0.699', availableBalance: '0.699' });
      const [listed] = await list(api);
      assert.deepEqual([listed!.address, listed!.multipleAmounts], [`${BTC_TO},${BTC_TO_2}`, ['0.1', '0.20']]);
    });

    it('answers 400 without a sender, an address or an amount, and for a signed amount', async () => {
      const { api } = await ledger();
      const { accountId } = await btcAccount(api, '1');
      const before = await snapshot(api, accountId);
      const bodies = [
        { address: BTC_TO, amount: '0.1' },
        { senderAccountId: accountId, amount: '0.1' },
        { senderAccountId: accountId, address: BTC_TO },
        { senderAccountId: accountId, address: '', amount: '0.1' },
        { senderAccountId: accountId, address: BTC_TO, amount: '-0.1' },
        { senderAccountId: 'short', address: BTC_TO, amount: '0.1' },
      ];
      for (const body of bodies) {
        const reply = await api.post('/v3/offchain/withdrawal', body);
        assert.equal(reply.status, 400, JSON.stringify(body));
        assert.deepEqual(
          { statusCode: reply.body.statusCode, errorCode: reply.body.errorCode, message: reply.body.message },
          { statusCode: 400, errorCode: 'validation.failed', message: VALIDATION },
        );
      }
      assert.deepEqual(await snapshot(api, accountId), before);
    });
  });

  describe('refusals, each changing nothing', () => {
    it('senderAccount.not.exists: unknown, inactive, another tenant, another network', async () => {
      const { keys, api } = await ledger();
      const { accountId } = await btcAccount(api, '1');
      const before = await snapshot(api, accountId);
      const body = { address: BTC_TO, amount: '0.1', fee: '0.0001' };
      assertReply(await withdraw(api, { ...body, senderAccountId: UNKNOWN_ID }), 403, senderNotExists(UNKNOWN_ID));
      const other = t.client((await t.newTenant()).testnet);
      assertReply(await withdraw(other, { ...body, senderAccountId: accountId }), 403, senderNotExists(accountId));
      const mainnet = t.client(keys.mainnet);
      assertReply(await withdraw(mainnet, { ...body, senderAccountId: accountId }), 403, senderNotExists(accountId));
      assert.deepEqual(await snapshot(api, accountId), before);
      assert.deepEqual(await list(other), []);
      assert.deepEqual(await list(mainnet), []);

      const closed = (await createAccountIn(api, 'BTC')).accountId;
      assert.equal((await api.put(`/v3/ledger/account/${closed}/deactivate`)).status, 204);
      assertReply(await withdraw(api, { ...body, senderAccountId: closed }), 403, senderNotExists(closed));
      assert.deepEqual(await list(api), before.withdrawals);
    });

    it('withdrawal.account.virtual for a virtual currency', async () => {
      const { api } = await ledger();
      const { issuerId } = await createVirtualCurrency(api, '100');
      const before = await snapshot(api, issuerId);
      assertReply(
        await withdraw(api, { senderAccountId: issuerId, address: 'x', amount: '1' }),
        403,
        refusal('withdrawal.account.virtual', 'Sender account cannot be virtual.'),
      );
      assert.deepEqual(await snapshot(api, issuerId), before);
      assert.equal(before.balance.accountBalance, '100');
    });

    it('transaction.amount.btc, fee.format and amount.format: amounts the chain cannot move', async () => {
      const { api } = await ledger();
      const { accountId } = await btcAccount(api, '1');
      const before = await snapshot(api, accountId);
      const body = { senderAccountId: accountId, address: BTC_TO };
      assertReply(
        await withdraw(api, { ...body, amount: '0.000000001', fee: '0.0001' }),
        403,
        refusal(
          'transaction.amount.btc',
          'BTC|LTC|BCH|DOGE payment amount must be at least 0.00000001, not 0.000000001.',
        ),
      );
      assertReply(
        await withdraw(api, { ...body, amount: '0.1', fee: '0.000000001' }),
        403,
        refusal('fee.format', 'Fee has incorrect format.'),
      );
      assertReply(await withdraw(api, { ...body, amount: '0', fee: '0.0001' }), 403, AMOUNT_FORMAT);
      assertReply(await withdraw(api, { ...body, amount: '0.000', fee: '0.0001' }), 403, AMOUNT_FORMAT);
      assert.deepEqual(await snapshot(api, accountId), before);
      // The smallest unit itself goes through.
      assertReply(await withdraw(api, { ...body, amount: '0.00000001', fee: '0.00000001' }), 200);
      assert.equal((await balanceOf(api, accountId)).accountBalance, '0.99999998');
    });

    it('withdrawal.recipient.format: several addresses for ETH, or an empty one', async () => {
      const { api } = await ledger();
      const eth = await accountIn(api, 'ETH', '1');
      const { accountId: btc } = await btcAccount(api, '1');
      const beforeEth = await snapshot(api, eth.accountId);
      const beforeBtc = await snapshot(api, btc);
      for (const address of [`${ETH_TO},${ETH_TO_2}`, `${ETH_TO},${ETH_TO_2},${ETH_TO}`]) {
        assertReply(
          await withdraw(api, { senderAccountId: eth.accountId, address, amount: '0.1', fee: '0.01' }),
          403,
          RECIPIENT_FORMAT,
        );
      }
      for (const address of [`${BTC_TO},`, `,${BTC_TO}`, `${BTC_TO},,${BTC_TO_2}`, `${BTC_TO}, ${BTC_TO_2}`, ' ']) {
        assertReply(
          await withdraw(api, { senderAccountId: btc, address, amount: '0.1', fee: '0.001' }),
          403,
          RECIPIENT_FORMAT,
        );
      }
      assert.deepEqual(await snapshot(api, eth.accountId), beforeEth);
      assert.deepEqual(await snapshot(api, btc), beforeBtc);
    });

    it('transaction.not.compliant with compliant: true, and no check without it', async () => {
      const { api } = await ledger();
      const { accountId } = await btcAccount(api, '1', { customerCountry: 'IR' });
      const noCountry = await accountIn(api, 'ETH', '1');
      const before = await snapshot(api, accountId);
      const body = { senderAccountId: accountId, address: BTC_TO, amount: '0.1', fee: '0.001', compliant: true };
      assertReply(
        await withdraw(api, body),
        403,
        refusal(
          'transaction.not.compliant',
          `Transaction not compliant, sender account ${accountId}: rule 'comprehensive-embargo': provider country unknown may not serve customer country IR.`,
        ),
      );
      assertReply(
        await withdraw(api, { ...body, senderAccountId: noCountry.accountId, address: ETH_TO }),
        403,
        refusal(
          'transaction.not.compliant',
          `Transaction not compliant, sender account ${noCountry.accountId}: customer country is not defined.`,
        ),
      );
      assert.deepEqual(await snapshot(api, accountId), before);
      assert.equal((await balanceOf(api, noCountry.accountId)).accountBalance, '1');
      assertReply(await withdraw(api, { ...body, compliant: false }), 200);
      assert.equal((await balanceOf(api, accountId)).accountBalance, '0.899');
    });

    it('senderAccount.frozen and senderAccount.customer.disabled', async () => {
      const { api } = await ledger();
      const { accountId, customerId } = await btcAccount(api, '1');
      const body = { senderAccountId: accountId, address: BTC_TO, amount: '0.1', fee: '0.001' };
      assert.equal((await api.put(`/v3/ledger/account/${accountId}/freeze`)).status, 204);
      const frozen = await snapshot(api, accountId);
      assertReply(
        await withdraw(api, body),
        403,
        refusal('senderAccount.frozen', `Sender account ${accountId} is frozen, unable to perform payment.`),
      );
      assert.deepEqual(await snapshot(api, accountId), frozen);
      assert.equal((await api.put(`/v3/ledger/account/${accountId}/unfreeze`)).status, 204);
      assert.equal((await api.put(`/v3/ledger/customer/${customerId}/disable`)).status, 204);
      const disabled = await snapshot(api, accountId);
      assertReply(
        await withdraw(api, body),
        403,
        refusal(
          'senderAccount.customer.disabled',
          `Sender accounts customer ${customerId} is disabled, unable to perform payment.`,
        ),
      );
      assert.deepEqual(await snapshot(api, accountId), disabled);
      assert.equal((await api.put(`/v3/ledger/customer/${customerId}/enable`)).status, 204);
      assertReply(await withdraw(api, body), 200);
    });

    it('balance.insufficient when amount + fee exceeds the available balance, blockages counted', async () => {
      const { api } = await ledger();
      const { accountId } = await btcAccount(api, '1');
      const before = await snapshot(api, accountId);
      const body = { senderAccountId: accountId, address: BTC_TO };
      assertReply(
        await withdraw(api, { ...body, amount: '1', fee: '0.00000001' }),
        403,
        insufficient(accountId, '1.00000001', '1'),
      );
      assertReply(await withdraw(api, { ...body, amount: '1.1' }), 403, insufficient(accountId, '1.1', '1'));
      assert.deepEqual(await snapshot(api, accountId), before);

      const blocked = await api.post(`/v3/ledger/account/block/${accountId}`, { amount: '0.4', type: 'HOLD' });
      assert.equal(blocked.status, 200);
      const held = await snapshot(api, accountId);
      assertReply(
        await withdraw(api, { ...body, amount: '0.6', fee: '0.00000001' }),
        403,
        insufficient(accountId, '0.60000001', '0.6'),
      );
      assert.deepEqual(await snapshot(api, accountId), held);
      // Exactly what is available goes through, and leaves the blocked amount.
      assertReply(await withdraw(api, { ...body, amount: '0.59999999', fee: '0.00000001' }), 200);
      assert.deepEqual(await balanceOf(api, accountId), { accountBalance: '0.4', availableBalance: '0' });
    });

    it('balance.insufficient for a token by its amount alone', async () => {
      const { api } = await ledger();
      const usdt = await accountIn(api, 'USDT', '10');
      assertReply(
        await withdraw(api, { senderAccountId: usdt.accountId, address: ETH_TO, amount: '10', fee: '5' }),
        200,
      );
      assertReply(
        await withdraw(api, { senderAccountId: usdt.accountId, address: ETH_TO, amount: '0.01', fee: '5' }),
        403,
        insufficient(usdt.accountId, '0.01', '0'),
      );
    });

    it('blockchain.broadcast.error for a broadcast', async () => {
      const { api } = await ledger();
      const { accountId } = await btcAccount(api, '1');
      const stored = await withdraw(api, { senderAccountId: accountId, address: BTC_TO, amount: '0.1', fee: '0.001' });
      const before = await snapshot(api, accountId);
      assertReply(
        await api.post('/v3/offchain/withdrawal/broadcast', {
          currency: 'BTC',
          txData: '0200000001abcdef',
          withdrawalId: stored.body.id,
        }),
        403,
        refusal(
          'blockchain.broadcast.error',
          'This ledger server connects to no blockchain node, so it cannot broadcast. Broadcast the signed transaction with your own node or wallet, then complete the withdrawal with PUT /v3/offchain/withdrawal/{id}/{txId}.',
        ),
      );
      assert.deepEqual(await snapshot(api, accountId), before);
      assert.equal(before.withdrawals[0]!.status, 'InProgress');
    });
  });

  describe('withdrawal.pending', () => {
    it('one BTC withdrawal at a time per ledger, from any of its accounts, freed by complete or cancel', async () => {
      const { keys, api } = await ledger();
      const first = (await btcAccount(api, '1')).accountId;
      const second = (await btcAccount(api, '1')).accountId;
      const body = { address: BTC_TO, amount: '0.1', fee: '0.001' };
      const stored = await withdraw(api, { ...body, senderAccountId: first });
      assertReply(stored, 200);
      const id = stored.body.id as string;
      const before = await snapshot(api, second);
      assertReply(await withdraw(api, { ...body, senderAccountId: first }), 403, pending(id));
      assertReply(await withdraw(api, { ...body, senderAccountId: second }), 403, pending(id));
      assert.deepEqual(await snapshot(api, second), before);
      assert.equal((await balanceOf(api, first)).accountBalance, '0.899');

      // Not across ledgers: another tenant's, and this tenant's mainnet ledger.
      const other = await ledger();
      assertReply(
        await withdraw(other.api, { ...body, senderAccountId: (await btcAccount(other.api, '1')).accountId }),
        200,
      );
      const mainnet = t.client(keys.mainnet);
      assertReply(
        await withdraw(mainnet, {
          ...body,
          address: BTC_MAINNET_TO,
          senderAccountId: (await btcAccount(mainnet, '1', {}, XPUB)).accountId,
        }),
        200,
      );

      // Not for ETH.
      const eth = await accountIn(api, 'ETH', '1');
      assertReply(await withdraw(api, { ...body, senderAccountId: eth.accountId, address: ETH_TO }), 200);
      assertReply(await withdraw(api, { ...body, senderAccountId: eth.accountId, address: ETH_TO }), 200);

      // Complete frees it.
      assert.equal((await complete(api, id)).status, 204);
      const next = await withdraw(api, { ...body, senderAccountId: second });
      assertReply(next, 200);
      assertReply(await withdraw(api, { ...body, senderAccountId: first }), 403, pending(next.body.id));
      // Cancel frees it too.
      assert.equal((await cancel(api, next.body.id)).status, 204);
      assertReply(await withdraw(api, { ...body, senderAccountId: first }), 200);
    });
  });

  describe('list', () => {
    it('requires pageSize, filters by currency and status, pages by offset, oldest first', async () => {
      const { api } = await ledger();
      const { accountId: btc } = await btcAccount(api, '10');
      const eth = await accountIn(api, 'ETH', '10');
      const ids: string[] = [];
      const store = async (body: WithdrawalBody) => {
        const reply = await withdraw(api, body);
        assertReply(reply, 200);
        ids.push(reply.body.id);
        return reply.body.id as string;
      };
      const w1 = await store({ senderAccountId: btc, address: BTC_TO, amount: '1', fee: '0.001' });
      assert.equal((await complete(api, w1, 'a'.repeat(64))).status, 204);
      const w2 = await store({ senderAccountId: btc, address: BTC_TO_2, amount: '2', fee: '0.001' });
      const w3 = await store({ senderAccountId: eth.accountId, address: ETH_TO, amount: '3', fee: '0.01' });
      const w4 = await store({ senderAccountId: eth.accountId, address: ETH_TO_2, amount: '4', fee: '0.01' });
      assert.equal((await cancel(api, w4)).status, 204);
      const idsOf = async (query: string) => (await list(api, query)).map((w) => w.id);

      assert.deepEqual(await idsOf(''), [w1, w2, w3, w4]);
      assert.deepEqual(await idsOf('&currency=BTC'), [w1, w2]);
      assert.deepEqual(await idsOf('&currency=ETH'), [w3, w4]);
      assert.deepEqual(await idsOf('&currency=LTC'), []);
      assert.deepEqual(await idsOf('&status=Done'), [w1]);
      assert.deepEqual(await idsOf('&status=InProgress'), [w2, w3]);
      assert.deepEqual(await idsOf('&status=Cancelled'), [w4]);
      assert.deepEqual(await idsOf('&currency=ETH&status=InProgress'), [w3]);
      assert.deepEqual(await idsOf('&offset=1'), [w2, w3, w4]);
      assert.deepEqual(await idsOf('&offset=4'), []);
      assert.deepEqual(
        (await api.get('/v3/offchain/withdrawal?pageSize=2&offset=1')).body.map((w: { id: string }) => w.id),
        [w2, w3],
      );
      assert.deepEqual(
        (await api.get('/v3/offchain/withdrawal?pageSize=1&currency=ETH&offset=1')).body.map(
          (w: { id: string }) => w.id,
        ),
        [w4],
      );
      const all = await list(api);
      assert.deepEqual(
        all.map((w) => [w.currency, w.status, w.txId]),
        [
          ['BTC', 'Done', 'a'.repeat(64)],
          ['BTC', 'InProgress', null],
          ['ETH', 'InProgress', null],
          ['ETH', 'Cancelled', null],
        ],
      );
      const dates = all.map((w) => w.date as number);
      assert.ok(dates.every((date, i) => Number.isFinite(date) && (i === 0 || date >= dates[i - 1]!)));

      for (const query of [
        '',
        '?currency=BTC',
        '?pageSize=0',
        '?pageSize=51',
        '?pageSize=5&status=Failed',
        '?pageSize=5&offset=-1',
      ]) {
        const reply = await api.get(`/v3/offchain/withdrawal${query}`);
        assert.equal(reply.status, 400, query);
        assert.equal(reply.body.errorCode, 'validation.failed');
      }
      // Isolation: another tenant's ledger lists none of them.
      assert.deepEqual(await list((await ledger()).api), []);
      assert.equal(ids.length, 4);
    });
  });

  describe('complete', () => {
    it('marks an InProgress withdrawal Done with its txId once, and refuses unknown ones', async () => {
      const { api } = await ledger();
      const { accountId } = await btcAccount(api, '1');
      const stored = await withdraw(api, { senderAccountId: accountId, address: BTC_TO, amount: '0.1', fee: '0.001' });
      const id = stored.body.id as string;
      const tx = txId();
      const done = await complete(api, id, tx);
      assert.equal(done.status, 204);
      assert.equal(done.body, '');
      const [listed] = await list(api);
      assert.deepEqual([listed!.status, listed!.txId], ['Done', tx]);
      assert.equal((await balanceOf(api, accountId)).accountBalance, '0.899', 'no money moves');
      assertReply(await complete(api, id, tx), 403, UNEXPECTED_STATE);
      assertReply(await complete(api, id), 403, UNEXPECTED_STATE);
      assert.equal((await list(api))[0]!.txId, tx, 'the first txId stays');
      assertReply(await complete(api, UNKNOWN_ID), 403, MISSING);
      // Another ledger's withdrawal is unknown here.
      assertReply(await complete((await ledger()).api, id), 403, MISSING);
      // A cancelled one cannot be completed.
      const second = await withdraw(api, { senderAccountId: accountId, address: BTC_TO, amount: '0.1', fee: '0.001' });
      assert.equal((await cancel(api, second.body.id)).status, 204);
      assertReply(await complete(api, second.body.id), 403, UNEXPECTED_STATE);
      assert.equal((await list(api))[1]!.status, 'Cancelled');
    });
  });

  describe('cancel', () => {
    it('refunds amount + fee by default, in one CANCEL_WITHDRAWAL record', async () => {
      const { api } = await ledger();
      const { accountId } = await btcAccount(api, '1');
      const stored = await withdraw(api, {
        senderAccountId: accountId,
        address: BTC_TO,
        amount: '0.3',
        fee: '0.0001',
        attr: 'a1',
        paymentId: 'p1',
      });
      const id = stored.body.id as string;
      const cancelled = await cancel(api, id);
      assert.equal(cancelled.status, 204);
      assert.equal(cancelled.body, '');
      assert.deepEqual(await balanceOf(api, accountId), { accountBalance: '1', availableBalance: '1' });
      const all = await records(api, accountId);
      assert.deepEqual(
        all.map((r) => [r.operationType, r.transactionType, r.amount]),
        [
          ['DEPOSIT', 'CREDIT_DEPOSIT', '1'],
          ['WITHDRAWAL', 'DEBIT_WITHDRAWAL', '-0.3001'],
          ['WITHDRAWAL', 'CANCEL_WITHDRAWAL', '0.3001'],
        ],
      );
      const refund = all[2]!;
      assert.deepEqual(
        [refund.counterAccountId, refund.attr, refund.paymentId, refund.txId, refund.accountId, refund.currency],
        [BTC_TO, 'a1', 'p1', null, accountId, 'BTC'],
      );
      assert.notEqual(refund.reference, stored.body.reference);
      assert.deepEqual(
        [(await list(api))[0]!.status, (await list(api))[0]!.refund],
        ['Cancelled', '0.3001'],
        'listed with what it gave back (an extension)',
      );

      const before = await snapshot(api, accountId);
      assertReply(await cancel(api, id), 403, notCancelled(id));
      assertReply(await cancel(api, id, '?revert=false'), 403, notCancelled(id));
      assertReply(await cancel(api, UNKNOWN_ID), 403, MISSING);
      assertReply(await cancel((await ledger()).api, id), 403, MISSING);
      assert.deepEqual(await snapshot(api, accountId), before);
    });

    it('refunds the amount alone with revert=false, from Done too; the txId stays on the withdrawal', async () => {
      const { api } = await ledger();
      const { accountId } = await btcAccount(api, '1');
      const stored = await withdraw(api, { senderAccountId: accountId, address: BTC_TO, amount: '0.3', fee: '0.0001' });
      const id = stored.body.id as string;
      const tx = txId();
      assert.equal((await complete(api, id, tx)).status, 204);
      assert.equal((await cancel(api, id, '?revert=false')).status, 204);
      assert.deepEqual(await balanceOf(api, accountId), { accountBalance: '0.9999', availableBalance: '0.9999' });
      const refund = (await records(api, accountId))[2]!;
      assert.deepEqual(
        [refund.transactionType, refund.amount, refund.counterAccountId],
        ['CANCEL_WITHDRAWAL', '0.3', BTC_TO],
      );
      const [listed] = await list(api);
      assert.deepEqual([listed!.status, listed!.txId, listed!.refund], ['Cancelled', tx, '0.3']);
      assertReply(await cancel(api, id), 403, notCancelled(id));
      assert.equal((await balanceOf(api, accountId)).accountBalance, '0.9999');

      // revert=true spelled out is the default.
      const second = await withdraw(api, { senderAccountId: accountId, address: BTC_TO, amount: '0.2', fee: '0.0001' });
      assert.equal((await cancel(api, second.body.id, '?revert=true')).status, 204);
      assert.equal((await balanceOf(api, accountId)).accountBalance, '0.9999');
    });

    it('refunds a token its amount, which is all that was debited', async () => {
      const { api } = await ledger();
      const usdt = await accountIn(api, 'USDT', '10');
      const stored = await withdraw(api, { senderAccountId: usdt.accountId, address: ETH_TO, amount: '4', fee: '1' });
      assert.equal((await cancel(api, stored.body.id)).status, 204);
      assert.deepEqual(await balanceOf(api, usdt.accountId), { accountBalance: '10', availableBalance: '10' });
      assert.equal((await records(api, usdt.accountId))[2]!.amount, '4');
    });

    it("refuses to refund a deactivated account's withdrawal", async () => {
      const { api } = await ledger();
      const { accountId } = await btcAccount(api, '1');
      const stored = await withdraw(api, {
        senderAccountId: accountId,
        address: BTC_TO,
        amount: '0.9999',
        fee: '0.0001',
      });
      assert.equal((await api.put(`/v3/ledger/account/${accountId}/deactivate`)).status, 204);
      assertReply(await cancel(api, stored.body.id), 403, refusal('account.not.exists', 'No such account.'));
      assert.equal((await list(api))[0]!.status, 'InProgress');
    });
  });
});
