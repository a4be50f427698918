import assert from 'node:assert/strict';
import { startTestApp, type TestApp, type TestAppOptions } from '../test/helpers/test-app.js';

// What both client suites share: a real server on a loopback port, a log of what reached it, and the
// values a client should see, written out from Tatum's Customer and Account models and its error codes
// and messages (docs/compatibility/README.md, docs/decisions/0005-error-bodies-and-statuses.md) rather
// than taken from the server's own registry, so that a change there cannot silently change the expectation.

export interface CompatServer {
  t: TestApp;
  /** `http://127.0.0.1:PORT`: no trailing slash and no `/v3`, as both clients prepend it to `/v3/...`. */
  url: string;
  /** `METHOD /path?query` of every request that reached the server, in arrival order. */
  seen: string[];
  close(): Promise<void>;
}

/** `options` as the main suite's test apps take them: webhook destinations on loopback, say. */
export async function startCompatServer(options: TestAppOptions = {}): Promise<CompatServer> {
  const t = await startTestApp(options);
  const seen: string[] = [];
  // Recorded on Node's own 'request' event as the request arrives, outside the app under test: every
  // request counts, however the app treats it, and it is logged before the client can have its answer.
  t.app.server.on('request', (request: { method?: string; url?: string }) => {
    seen.push(`${request.method} ${request.url}`);
  });
  const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  return { t, url, seen, close: () => t.close() };
}

let counter = 0;

/** An externalId unique to this process and call. */
export function newExternalId(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;
}

/** An internal id of the right shape that no customer or account has. */
export const UNKNOWN_ID = 'aaaaaaaaaaaaaaaaaaaaaaaa';

export interface ExpectedCustomer {
  externalId: string;
  id: string;
  enabled: boolean;
  active: boolean;
  accountingCurrency: string | null;
  customerCountry: string | null;
  providerCountry: string | null;
}

/** A customer as the wire shows it: unset countries are null, a never-set accountingCurrency is EUR. */
export function customer(fields: Partial<ExpectedCustomer> & { externalId: string; id: string }): ExpectedCustomer {
  return {
    enabled: true,
    active: true,
    accountingCurrency: 'EUR',
    customerCountry: null,
    providerCountry: null,
    ...fields,
  };
}

export interface ExpectedAccount {
  id: string;
  balance: { accountBalance: string; availableBalance: string };
  currency: string;
  frozen: boolean;
  active: boolean;
  customerId: string | null;
  accountNumber: string | null;
  accountCode: string | null;
  accountingCurrency: string | null;
  xpub: string | null;
}

/** A new account as the wire shows it: empty balances as decimal strings, unset fields null. */
export function account(fields: Partial<ExpectedAccount> & { id: string; currency: string }): ExpectedAccount {
  return {
    balance: { accountBalance: '0', availableBalance: '0' },
    frozen: false,
    active: true,
    customerId: null,
    accountNumber: null,
    accountCode: null,
    accountingCurrency: 'EUR',
    xpub: null,
    ...fields,
  };
}

export function assertId(value: unknown): asserts value is string {
  assert.match(String(value), /^[0-9a-f]{24}$/, 'ids are 24 lowercase hex characters');
}

const MESSAGES: Record<string, string> = {
  'customer.internal.not.exists': 'No such customer.',
  'customer.active': 'Unable to activate active customer.',
  'customer.inactive': 'Unable to perform operation on inactive customer.',
  'customer.deactivate.account.active': 'Unable to deactivate customer, accounts not deactivated.',
  'customer.enabled': 'Unable to enable enabled customer.',
  'customer.disabled': 'Unable to disable disabled customer.',
  'customer.not.active': 'Customer not active.',
  'account.not.exists': 'No such account.',
  'account.active': 'Unable to activate active account.',
  'account.balance.non.zero': 'Unable to deactivate account with non-zero balance.',
  'account.frozen': 'Unable to freeze frozen account.',
  'account.not.frozen': 'Unable to unfreeze unfrozen account.',
  'blockage.not.exists': 'No such blockage.',
  // Tatum's spelling ("greater then"), kept: it is Tatum's text.
  'blockage.amount.exceeded': 'Amount to transfer is greater then amount of the blockage.',
  'payment.amount.notNull': 'Payment amount must be greater than 0.',
  'vc.not.found': 'No such virtual currency.',
  'virtual.name.prefix': 'Virtual currency has wrong name, must start with VC_.',
  'virtual.duplicate': 'Virtual currency with given name already exists.',
  'virtual.account.balance': 'Insufficient balance to revoke virtual currency on account.',
  // Deposit addresses and withdrawals (docs/decisions/0026-deposit-addresses.md, 0028-withdrawals.md).
  'address.not.found': 'No such address exists.',
  'address.index.used': 'Unable to create address, derivation index is already used.',
  'address.used': 'Address and currency already in use.',
  'account.xpub.missing':
    'No xpub assigned to account, it is not possible to generate address. Use assignAddress method instead.',
  'account.xpub.present':
    'Xpub assigned to account, it is not possible to assign address. Use generateAddress method instead.',
  'withdrawal.missing': 'No such withdrawal.',
  'withdrawal.unexpected.state': 'Unable to complete withdrawal, which is not in InProgress state.',
  // Notification subscriptions (docs/decisions/0029-subscriptions.md).
  'subscription.type.invalid': 'Invalid subscription type.',
  'subscription.attr.balance.invalid': "Invalid subscription attribute 'limit' or 'typeOfBalance'.",
  'subscription.attr.interval.invalid': "Invalid subscription attribute 'interval'.",
  'subscription.attr.incoming.invalid': "Invalid subscription attribute 'id' or 'url'.",
  'subscription.attr.pending.invalid': "Invalid subscription attribute 'id' or 'url'.",
  'subscription.not.exists': 'No such subscription.',
  'report.invalid': 'Unsupported report type.',
  // The order book (docs/decisions/0036-trade-lookups-and-history.md): Tatum declares no code for an
  // unknown trade, so this one is the server's extension.
  'trade.not.exists': 'No such trade.',
  'account.trade.non.zero': 'Unable to deactivate account with non-zero exchange trades.',
};

export interface ErrorBody {
  statusCode: number;
  errorCode: string;
  message: string;
  data?: unknown[];
}

/** The exact body of a 403 refusal whose message has no placeholder. */
export function forbidden(errorCode: string): ErrorBody {
  const message = MESSAGES[errorCode];
  assert.ok(message, `no expected message for ${errorCode}`);
  return { statusCode: 403, errorCode, message };
}

export const customerNotExists = (id: string): ErrorBody => ({
  statusCode: 403,
  errorCode: 'customer.not.exists',
  message: `No customer with given external ID ${id} exists.`,
});

/** `shown` is what the message keeps of the key: its first 4 characters, never the whole key. */
export const subscriptionInvalid = (shown: string): ErrorBody => ({
  statusCode: 401,
  errorCode: 'subscription.invalid',
  message: `Unable to find valid subscription for '${shown}'`,
});

/** A 400 validation.failed body whose class-validator style `data[]` names `property`. */
export function assertValidationFailed(body: unknown, property: string, constraint: string): void {
  const { data, ...rest } = body as ErrorBody;
  assert.deepEqual(rest, {
    statusCode: 400,
    errorCode: 'validation.failed',
    message: 'Request validation failed. Please see data for additional information.',
  });
  assert.ok(Array.isArray(data) && data.length > 0, 'validation.failed carries data[]');
  const item = (data as { property: string; constraints?: Record<string, string> }[]).find(
    (d) => d.property === property,
  );
  assert.ok(item, `data[] names ${property}: ${JSON.stringify(data)}`);
  assert.ok(item.constraints?.[constraint], `${property} breaks ${constraint}: ${JSON.stringify(item)}`);
}

// Money: balances (docs/decisions/0017-available-balance.md), blockages
// (docs/decisions/0019-unblock-with-transaction.md), payments and their refusals
// (docs/decisions/0020-payment-records.md). The refusals whose messages name the accounts and amounts
// involved; the templates are Tatum's (docs/decisions/0005-error-bodies-and-statuses.md), with
// balance.insufficient in the form of a real body that Tatum's guides show.

export const balanceInsufficient = (senderAccountId: string, amount: string, available: string): ErrorBody => ({
  statusCode: 403,
  errorCode: 'balance.insufficient',
  message: `Insufficient balance for account ${senderAccountId} and payment amount ${amount}. Sender balance is ${available}.`,
});

export const senderAccountFrozen = (senderAccountId: string): ErrorBody => ({
  statusCode: 403,
  errorCode: 'senderAccount.frozen',
  message: `Sender account ${senderAccountId} is frozen, unable to perform payment.`,
});

export const senderCustomerDisabled = (customerId: string): ErrorBody => ({
  statusCode: 403,
  errorCode: 'senderAccount.customer.disabled',
  message: `Sender accounts customer ${customerId} is disabled, unable to perform payment.`,
});

export const recipientNotExists = (recipientAccountId: string): ErrorBody => ({
  statusCode: 403,
  errorCode: 'recipientAccount.not.exists',
  message: `Unable to find recipient account ${recipientAccountId}.`,
});

export const currencyIncompatible = (senderAccountId: string, recipientAccountId: string): ErrorBody => ({
  statusCode: 403,
  errorCode: 'transaction.currency.incompatible',
  message: `Incompatible currencies for sender account ${senderAccountId} and recipient account ${recipientAccountId}.`,
});

/**
 * transaction.not.compliant under the server's default policy (README "Compliance"): Tatum's message
 * names no rule, so after its prefix comes the server's reason, naming the party, the rule and countries.
 */
export const notCompliant = (
  party: 'sender' | 'recipient',
  accountId: string,
  customerCountry: string,
  providerCountry: string | null = null,
): ErrorBody => ({
  statusCode: 403,
  errorCode: 'transaction.not.compliant',
  message:
    `Transaction not compliant, ${party} account ${accountId}: rule 'comprehensive-embargo': ` +
    `provider country ${providerCountry ?? 'unknown'} may not serve customer country ${customerCountry}.`,
});

/** A balance as the wire shows it: decimal strings; the available one is the account one unless told. */
export function balance(accountBalance: string, availableBalance: string = accountBalance) {
  return { accountBalance, availableBalance };
}

/**
 * A payment, mint or revoke reference: a v4 UUID, as in Tatum's examples
 * (docs/decisions/0003-ids-and-exact-amounts.md).
 */
export function assertReference(value: unknown): asserts value is string {
  assert.match(String(value), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
}

/** A new virtual currency name, unique to this process and call, within the 30 characters allowed. */
export function newCurrencyName(): string {
  return `VC_${process.pid.toString(36)}_${Date.now().toString(36).slice(-5)}_${++counter}`.toUpperCase();
}

export interface ExpectedTransaction {
  accountId: string;
  counterAccountId: string | null;
  currency: string;
  amount: string;
  anonymous: boolean;
  created: number;
  marketValue: { amount: string; currency: string; sourceDate: number; source: string };
  operationType: string;
  transactionType: string;
  reference: string;
  transactionCode: string | null;
  senderNote: string | null;
  recipientNote: string | null;
  paymentId: string | null;
  // Always null here (no blockchain side), typed as the clients type them so that a deepEqual, which
  // narrows its actual argument to the expected type, leaves the records usable.
  attr: string | null;
  address: string | null;
  txId: string | null;
}

/**
 * One transaction record as the wire shows it. `created` comes from the record under test (checked with
 * `assertCreated`); the market value is the amount, sign included, at `rate` in `marketCurrency`, from
 * the "ledger" source (README "Money": no price feed here), dated when the record was made.
 */
export function record(
  fields: Pick<ExpectedTransaction, 'accountId' | 'currency' | 'amount' | 'reference' | 'created'> &
    Partial<Omit<ExpectedTransaction, 'marketValue'>> & {
      operationType: ExpectedTransaction['operationType'];
      transactionType: ExpectedTransaction['transactionType'];
      marketCurrency: string;
      marketAmount?: string;
    },
): ExpectedTransaction {
  const { marketCurrency, marketAmount, ...rest } = fields;
  return {
    counterAccountId: null,
    anonymous: false,
    transactionCode: null,
    senderNote: null,
    recipientNote: null,
    paymentId: null,
    attr: null,
    address: null,
    txId: null,
    ...rest,
    marketValue: {
      amount: marketAmount ?? fields.amount,
      currency: marketCurrency,
      sourceDate: fields.created,
      source: 'ledger',
    },
  };
}

/**
 * A record's creation time: whole UTC milliseconds, no earlier than `since` and not in the future. The
 * second of slack on each side is for the database's clock, which on PostgreSQL is another process's.
 */
export function assertCreated(created: unknown, since: number): asserts created is number {
  assert.ok(Number.isInteger(created), `created is whole milliseconds: ${String(created)}`);
  assert.ok(
    (created as number) >= since - 1000 && (created as number) <= Date.now() + 1000,
    `created ${String(created)}`,
  );
}

export interface ExpectedPayment {
  sender: string;
  recipient: string;
  /** Positive, as sent: the sender's record carries it negated. */
  amount: string;
  currency: string;
  reference: string;
  /** The currency that values the payment; EUR, that of a new currency valued 1:1, unless told. */
  marketCurrency?: string;
  /** The recipient's market value, positive, when the rate is not 1. */
  marketAmount?: string;
}

/**
 * The two records of a payment as the wire shows them: the sender's debit, then the recipient's credit.
 * `found` are the records under test and `at` the index of the debit among them; each expected record
 * takes its `created` from there (checked with `assertCreated`). `fields` (notes, paymentId,
 * transactionCode) apply to both records.
 */
export function paymentRecords(
  found: readonly { created: number }[],
  payment: ExpectedPayment,
  fields: Partial<Pick<ExpectedTransaction, 'paymentId' | 'transactionCode' | 'senderNote' | 'recipientNote'>> = {},
  at = 0,
): ExpectedTransaction[] {
  const { sender, recipient, amount, currency, reference, marketCurrency = 'EUR', marketAmount } = payment;
  const shared = { currency, reference, marketCurrency, operationType: 'PAYMENT', ...fields };
  return [
    record({
      ...shared,
      accountId: sender,
      counterAccountId: recipient,
      amount: `-${amount}`,
      ...(marketAmount !== undefined ? { marketAmount: `-${marketAmount}` } : {}),
      transactionType: 'DEBIT_PAYMENT',
      created: found[at]!.created,
    }),
    record({
      ...shared,
      accountId: recipient,
      counterAccountId: sender,
      amount,
      ...(marketAmount !== undefined ? { marketAmount } : {}),
      transactionType: 'CREDIT_PAYMENT',
      created: found[at + 1]!.created,
    }),
  ];
}

// How each client reports a refusal. Both suites of a client use the same assertions; the client's own
// error class is passed in, so that this file imports neither client.

/** `refused` and `invalid` for @tatumio/api-client, which rejects with its ApiError carrying the parsed body. */
export function apiClientRefusals(ApiError: abstract new (...args: never[]) => { status: number; body: unknown }) {
  return {
    /** The call fails as the client reports a refusal: an ApiError carrying the status and parsed body. */
    async refused(call: PromiseLike<unknown>, expected: ErrorBody): Promise<void> {
      await assert.rejects(Promise.resolve(call), (error: unknown) => {
        assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
        assert.equal(error.status, expected.statusCode);
        assert.deepEqual(error.body, expected);
        return true;
      });
    },
    /** Like `refused`, for a 400 whose `data[]` is checked by property and constraint, not verbatim. */
    async invalid(call: PromiseLike<unknown>, property: string, constraint: string): Promise<void> {
      await assert.rejects(Promise.resolve(call), (error: unknown) => {
        assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
        assert.equal(error.status, 400);
        assertValidationFailed(error.body, property, constraint);
        return true;
      });
    },
  };
}

/** What @tatumio/tatum 1.x rejects with for an answer other than 2xx: axios's own error. */
export interface AxiosLikeError {
  isAxiosError?: boolean;
  response?: { status: number; data: unknown };
}

interface LocalValidationError {
  property: string;
  constraints?: Record<string, string>;
  children?: LocalValidationError[];
}

/** `refused` and `refusedLocally` for @tatumio/tatum 1.x; `server` is read when a check runs. */
export function v1Refusals(server: () => CompatServer) {
  return {
    /** The call fails as this client reports a refusal (the raw axios error), after exactly one request. */
    async refused(call: () => Promise<unknown>, expected: ErrorBody): Promise<void> {
      const before = server().seen.length;
      await assert.rejects(call(), (error: AxiosLikeError) => {
        assert.equal(error.isAxiosError, true, `expected an axios error, got ${String(error)}`);
        assert.equal(error.response?.status, expected.statusCode);
        assert.deepEqual(error.response?.data, expected);
        return true;
      });
      assert.equal(server().seen.length - before, 1, 'one request, not retried');
    },
    /** The call fails in the client itself: class-validator's errors, and nothing reaches the server. */
    async refusedLocally(call: () => Promise<unknown>, path: string[], constraint: string): Promise<void> {
      const before = server().seen.length;
      await assert.rejects(call(), (errors: LocalValidationError[]) => {
        assert.ok(Array.isArray(errors), `expected class-validator errors, got ${String(errors)}`);
        let item: LocalValidationError | undefined;
        let level = errors;
        for (const property of path) {
          item = level.find((e) => e.property === property);
          assert.ok(item, `no error for ${path.join('.')}: ${JSON.stringify(errors)}`);
          level = item.children ?? [];
        }
        assert.ok(item!.constraints?.[constraint], `${path.join('.')} breaks ${constraint}: ${JSON.stringify(item)}`);
        return true;
      });
      assert.deepEqual(server().seen.slice(before), [], 'nothing was sent');
    },
  };
}

// Deposit addresses, deposits and withdrawals (docs/decisions/0026-deposit-addresses.md,
// 0027-deposit-reports.md, 0028-withdrawals.md).

export interface ExpectedAddress {
  address: string;
  currency: string;
  derivationKey: number | null;
  xpub: string | null;
  destinationTag: number | null;
  memo: string | null;
  message: string | null;
}

/** A deposit address as the wire shows it: a derived one carries its xpub and index, an assigned one its tag. */
export function depositAddress(
  fields: Partial<ExpectedAddress> & Pick<ExpectedAddress, 'address' | 'currency'>,
): ExpectedAddress {
  return { derivationKey: null, xpub: null, destinationTag: null, memo: null, message: null, ...fields };
}

export const withdrawalPending = (id: string): ErrorBody => ({
  statusCode: 403,
  errorCode: 'withdrawal.pending',
  message: `Unable to prepare withdrawal, last withdrawal with id ${id} is not yet processed by blockchain.`,
});

/** A chain transaction id of 64 hex digits, unique to this process and call. */
export function newTxId(): string {
  const unique = `${process.pid.toString(16)}${Date.now().toString(16)}${(++counter).toString(16)}`;
  return unique.padStart(64, '0');
}

export interface DepositReport {
  address?: string;
  tag?: number;
  accountId?: string;
  currency: string;
  txId: string;
  /** The output's vout. */
  index: number;
  amount: string;
  blockHeight: number;
  blockHash?: string;
  from?: string;
  status: 'InProgress' | 'Done' | 'Failed';
}

/**
 * The operator's chain watcher reporting a deposit: the server's own extension, which neither client
 * has, so it is sent as plain HTTP. Resolves the status and the parsed body.
 */
export async function reportDeposit(
  server: CompatServer,
  key: string,
  report: DepositReport,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}/v3/ledger/deposits`, {
    method: 'POST',
    headers: { 'x-api-key': key, 'content-type': 'application/json' },
    body: JSON.stringify(report),
  });
  return { status: response.status, body: await response.json() };
}

/** Reports a deposit to the testnet ledger and checks it is answered with 200 and the deposit, made since `since`. */
export async function reportedDeposit(
  server: CompatServer,
  body: DepositReport,
  since: number,
): Promise<ExpectedDeposit> {
  const { status, body: answered } = await reportDeposit(server, server.t.keys.testnet, body);
  assert.equal(status, 200, JSON.stringify(answered));
  const made = answered as ExpectedDeposit;
  assertCreated(made.timestamp, since);
  assertReference(made.reference);
  return made;
}

/** What reached the server while `call` ran, as `METHOD /path?query`. */
export async function sentDuring(server: CompatServer, call: () => Promise<unknown>): Promise<string[]> {
  const before = server.seen.length;
  await call();
  return server.seen.slice(before);
}

export interface ExpectedDeposit {
  txId: string;
  address: string | null;
  timestamp: number;
  xpub: string | null;
  derivationKey: number | null;
  amount: string;
  status: 'InProgress' | 'Done' | 'Failed';
  accountId: string;
  currency: string;
  reference: string;
  vout: number;
  spent: boolean;
  blockHeight: number;
  blockHash: string | null;
  from: string | null;
}

/**
 * A deposit as the wire shows it, from its report: `timestamp` and `reference` come from the deposit
 * under test (checked with `assertCreated` and `assertReference`), `spent` is always false.
 */
export function deposit(
  report: DepositReport,
  fields: Pick<ExpectedDeposit, 'accountId' | 'timestamp' | 'reference'> & Partial<ExpectedDeposit>,
): ExpectedDeposit {
  return {
    txId: report.txId,
    address: report.address ?? null,
    xpub: null,
    derivationKey: null,
    amount: report.amount,
    status: report.status,
    currency: report.currency,
    vout: report.index,
    spent: false,
    blockHeight: report.blockHeight,
    blockHash: report.blockHash ?? null,
    from: report.from ?? null,
    ...fields,
  };
}

// Notification subscriptions and their webhooks (docs/decisions/0029-subscriptions.md to
// 0032-webhook-destinations.md).

export interface ExpectedIncomingPayload {
  date: number;
  amount: string;
  currency: string;
  subscriptionType: 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION';
  accountId: string;
  reference: string;
  txId: string;
  blockHash?: string;
  blockHeight: number;
  from?: string;
  to?: string;
  index: number;
}

/**
 * What ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION posts for a credited deposit, from its report, in Tatum's
 * example's fields: `date` comes from the payload under test (checked with `assertCreated`), and what
 * the report left out (blockHash, from, the address as `to`) is left out, as Tatum leaves it out.
 */
export function incomingPayload(
  report: DepositReport,
  fields: Pick<ExpectedIncomingPayload, 'accountId' | 'reference' | 'date'>,
): ExpectedIncomingPayload {
  return {
    date: fields.date,
    amount: report.amount,
    currency: report.currency,
    subscriptionType: 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION',
    accountId: fields.accountId,
    reference: fields.reference,
    txId: report.txId,
    ...(report.blockHash !== undefined ? { blockHash: report.blockHash } : {}),
    blockHeight: report.blockHeight,
    ...(report.from !== undefined ? { from: report.from } : {}),
    ...(report.address !== undefined ? { to: report.address } : {}),
    index: report.index,
  };
}

// The order book (docs/decisions/0033-order-matching.md to 0037-open-trades-block-deactivation.md).

export interface ExpectedTrade {
  id: string;
  type: 'BUY' | 'SELL';
  price: string;
  amount: string;
  pair: string;
  fill: string;
  feeAccountId: string | null;
  fee: number | null;
  currency1AccountId: string;
  currency2AccountId: string;
  created: number;
  isMaker?: boolean;
}

/**
 * A trade as the wire shows it: nothing filled and no fee unless told, as in Tatum's samples (`fee` and
 * `feeAccountId` null). `isMaker` only on a closed trade: pass it for one, leave it out for an open one.
 * `created` comes from the trade under test (checked with `assertCreated`).
 */
export function trade(
  fields: Pick<
    ExpectedTrade,
    'id' | 'type' | 'price' | 'amount' | 'pair' | 'currency1AccountId' | 'currency2AccountId' | 'created'
  > &
    Partial<ExpectedTrade>,
): ExpectedTrade {
  return { fill: '0', feeAccountId: null, fee: null, ...fields };
}

// Tatum's messages for the refusals of a new trade, as its OpenAPI document gives them, name the account.
export const tradeCurrency1Balance = (currency1AccountId: string): ErrorBody => ({
  statusCode: 403,
  errorCode: 'trade.currency1.balance',
  message: `Insufficient balance on currency1 account ${currency1AccountId}.`,
});

export const tradeCurrency2Balance = (currency2AccountId: string): ErrorBody => ({
  statusCode: 403,
  errorCode: 'trade.currency2.balance',
  message: `Insufficient balance on currency2 account ${currency2AccountId}.`,
});

export const tradeCurrency1Pair = (currency1AccountId: string): ErrorBody => ({
  statusCode: 403,
  errorCode: 'trade.currency1.pair',
  message: `Incompatible currencies for currency1 account ${currency1AccountId} and trading pair.`,
});

/** The server's extension: futures are refused (docs/decisions/0035-future-trades-refused.md). */
export const tradeTypeUnsupported = (type: string): ErrorBody => ({
  statusCode: 403,
  errorCode: 'trade.type.unsupported',
  message: `Trade type ${type} is not supported; only BUY and SELL trades are.`,
});
