// The one registry of everything the server can refuse, keyed by the reason's name. `errorCode`, status
// and message are what Tatum's clients see on the wire (docs/decisions/0005-error-bodies-and-statuses.md);
// `${name}` placeholders are filled from the error's params. Entries marked "extension" are ours: Tatum
// documents no code there.

export interface ErrorDefinition {
  readonly status: 400 | 401 | 403 | 404 | 408 | 409 | 413 | 414 | 415 | 429 | 431 | 500 | 503;
  readonly errorCode: string;
  readonly message: string;
}

export const ERRORS = {
  // Transport and request shape.
  validationFailed: {
    status: 400,
    errorCode: 'validation.failed',
    message: 'Request validation failed. Please see data for additional information.',
  },
  // extension: Tatum answers malformed JSON with a bare 400.
  bodyNotJson: { status: 400, errorCode: 'request.body.invalid', message: 'Request body is not valid JSON: ${reason}' },
  // extension: the contract's bodies nest four levels at most; a deeper one is refused before anything
  // walks it, because echoing it back in a 400's data[] would overflow the stack.
  bodyTooDeep: {
    status: 400,
    errorCode: 'request.body.too.deep',
    message: 'Request body nests deeper than ${limit} levels.',
  },
  bodyTooLarge: {
    status: 413,
    errorCode: 'request.body.too.large',
    message: 'Request body is larger than ${limit} bytes.',
  },
  contentTypeUnsupported: {
    status: 415,
    errorCode: 'request.content.type.unsupported',
    message: "Content-Type '${contentType}' is not supported; send application/json.",
  },
  // extension: the router refuses these before any route is chosen.
  urlInvalid: {
    status: 400,
    errorCode: 'request.url.invalid',
    message: 'Path ${url} is not valid: a percent-encoded sequence is malformed.',
  },
  urlTooLong: {
    status: 414,
    errorCode: 'request.url.too.long',
    message: 'A path segment is longer than ${limit} characters.',
  },
  // extension: refusals of the HTTP layer itself, answered before any route exists for the request; the
  // connection is closed after them.
  httpMalformed: {
    status: 400,
    errorCode: 'request.http.invalid',
    message: 'The request is not valid HTTP (${reason}).',
  },
  requestTimeout: {
    status: 408,
    errorCode: 'request.timeout',
    message:
      'The request did not arrive in time: headers within ${headersMs} ms, the whole request within ${requestMs} ms.',
  },
  headersTooLarge: {
    status: 431,
    errorCode: 'request.headers.too.large',
    message: 'The request headers are larger than ${limit} bytes.',
  },
  routeNotFound: { status: 404, errorCode: 'route.not.found', message: 'No route ${method} ${url}.' },
  internal: { status: 500, errorCode: 'internal.error', message: 'Internal server error' },
  shuttingDown: { status: 503, errorCode: 'server.shutting.down', message: 'The server is shutting down.' },
  // extension: the connection to PostgreSQL was lost or cannot be made; answered with Retry-After.
  databaseUnavailable: {
    status: 503,
    errorCode: 'database.unavailable',
    message: 'The database is unavailable: the connection to it was lost. Retry the request.',
  },
  // extension: GET /ready, for load balancers and orchestrators; Tatum has no such route.
  notReady: { status: 503, errorCode: 'server.not.ready', message: 'The server is not ready: ${reason}.' },

  // Authentication.
  subscriptionInvalid: {
    status: 401,
    errorCode: 'subscription.invalid',
    message: "Unable to find valid subscription for '${apiKey}'",
  },
  subscriptionNotActive: {
    status: 401,
    errorCode: 'subscription.not.active',
    message: 'Subscription not active anymore.',
  },

  // Guards: key freeze, credit quota, rate limit (all extensions: Tatum documents no code for them).
  apiKeyFrozen: {
    status: 403,
    errorCode: 'api.key.frozen',
    message: 'The API key is frozen: only read operations are permitted. DELETE /v3/tatum/freeze unfreezes it.',
  },
  creditsQuotaExceeded: {
    status: 403,
    errorCode: 'credits.quota.exceeded',
    message:
      'The monthly credit quota of ${quota} credits is used up (${used} used this month, UTC). Calls are refused until the month ends or the quota is raised.',
  },
  rateLimitExceeded: {
    status: 429,
    errorCode: 'rate.limit.exceeded',
    message:
      'Too many requests: this API key may make ${rps} requests per second, in bursts of up to ${burst}. Retry after ${retryAfter} s.',
  },
  // A client address sending API keys the server does not know, each of which costs a lookup.
  unknownKeysRateLimitExceeded: {
    status: 429,
    errorCode: 'rate.limit.exceeded',
    message:
      'Too many requests with unknown API keys from this address: ${rps} per second, in bursts of up to ${burst}, are looked up. Retry after ${retryAfter} s.',
  },

  // Customers.
  customerNotExists: {
    status: 403,
    errorCode: 'customer.not.exists',
    message: 'No customer with given external ID ${externalId} exists.',
  },
  customerInternalNotExists: { status: 403, errorCode: 'customer.internal.not.exists', message: 'No such customer.' },
  customerActive: { status: 403, errorCode: 'customer.active', message: 'Unable to activate active customer.' },
  customerInactive: {
    status: 403,
    errorCode: 'customer.inactive',
    message: 'Unable to perform operation on inactive customer.',
  },
  customerDeactivateAccountActive: {
    status: 403,
    errorCode: 'customer.deactivate.account.active',
    message: 'Unable to deactivate customer, accounts not deactivated.',
  },
  customerEnabled: { status: 403, errorCode: 'customer.enabled', message: 'Unable to enable enabled customer.' },
  customerDisabled: { status: 403, errorCode: 'customer.disabled', message: 'Unable to disable disabled customer.' },
  // extension: Tatum's reference says a disabled customer cannot create accounts but names no code for it
  // (docs/decisions/0012-disabled-customer.md).
  customerDisabledNoAccount: {
    status: 403,
    errorCode: 'customer.disabled',
    message: 'Customer ${customerId} is disabled, unable to create an account.',
  },
  customerNotActive: { status: 403, errorCode: 'customer.not.active', message: 'Customer not active.' },
  // extension: externalId is unique per ledger, so an update may not take one another customer holds.
  customerExternalIdExists: {
    status: 403,
    errorCode: 'customer.externalId.exists',
    message: 'Another customer already has external ID ${externalId}.',
  },

  // Accounts.
  accountNotExists: { status: 403, errorCode: 'account.not.exists', message: 'No such account.' },
  accountActive: { status: 403, errorCode: 'account.active', message: 'Unable to activate active account.' },
  accountCustomerInactive: {
    status: 403,
    errorCode: 'account.customer.inactive',
    message: 'Unable to activate account, customer inactive.',
  },
  accountInactive: { status: 403, errorCode: 'account.inactive', message: 'Unable to deactivate inactive account.' },
  ledgerCurrencyInvalid: {
    status: 403,
    errorCode: 'ledger.currency.invalid',
    message: 'Unable to create an account, unsupported currency.',
  },
  accountBalanceNonZero: {
    status: 403,
    errorCode: 'account.balance.non.zero',
    message: 'Unable to deactivate account with non-zero balance.',
  },

  // Freeze, blockages.
  accountFrozen: { status: 403, errorCode: 'account.frozen', message: 'Unable to freeze frozen account.' },
  // extension: Tatum lists no code for freezing a deactivated account; this is its deactivate code.
  accountInactiveFreeze: {
    status: 403,
    errorCode: 'account.inactive',
    message: 'Unable to freeze inactive account.',
  },
  accountNotFrozen: { status: 403, errorCode: 'account.not.frozen', message: 'Unable to unfreeze unfrozen account.' },
  blockageNotExists: { status: 403, errorCode: 'blockage.not.exists', message: 'No such blockage.' },
  blockageAmountExceeded: {
    status: 403,
    errorCode: 'blockage.amount.exceeded',
    message: 'Amount to transfer is greater then amount of the blockage.',
  },
  customerBlockageInactive: {
    status: 403,
    errorCode: 'customer.blockage.inactive',
    message: 'Unable to delete blockages on account for inactive customer.',
  },

  // Payments.
  paymentAmountNotNull: {
    status: 403,
    errorCode: 'payment.amount.notNull',
    message: 'Payment amount must be greater than 0.',
  },
  senderAccountNotExists: {
    status: 403,
    errorCode: 'senderAccount.not.exists',
    message: 'Unable to find sender account ${senderAccountId}.',
  },
  senderAccountFrozen: {
    status: 403,
    errorCode: 'senderAccount.frozen',
    message: 'Sender account ${senderAccountId} is frozen, unable to perform payment.',
  },
  senderAccountCustomerDisabled: {
    status: 403,
    errorCode: 'senderAccount.customer.disabled',
    message: 'Sender accounts customer ${customerId} is disabled, unable to perform payment.',
  },
  recipientAccountNotExists: {
    status: 403,
    errorCode: 'recipientAccount.not.exists',
    message: 'Unable to find recipient account ${recipientAccountId}.',
  },
  // extension: a payment from an account to itself would move nothing and record two entries.
  paymentSameAccount: {
    status: 403,
    errorCode: 'payment.account.same',
    message: 'Sender and recipient account ${senderAccountId} are the same account.',
  },
  transactionCurrencyIncompatible: {
    status: 403,
    errorCode: 'transaction.currency.incompatible',
    message:
      'Incompatible currencies for sender account ${senderAccountId} and recipient account ${recipientAccountId}.',
  },
  balanceInsufficient: {
    status: 403,
    errorCode: 'balance.insufficient',
    message:
      'Insufficient balance for account ${senderAccountId} and payment amount ${amount}. Sender balance is ${availableBalance}.',
  },
  amountBtc: {
    status: 403,
    errorCode: 'amount.btc',
    message: 'BTC|LTC|BCH|DOGE payment amount must be at least 0.00000001, not ${amount}.',
  },
  amountEth: {
    status: 403,
    errorCode: 'amount.eth',
    message: 'ETH payment amount must be at least 0.000000000001, not ${amount}.',
  },
  transactionNotCompliant: {
    status: 403,
    errorCode: 'transaction.not.compliant',
    message: 'Transaction not compliant, ${reason}',
  },
  // extension: Tatum names no code for a refused compliance check on account creation.
  customerNotCompliant: {
    status: 403,
    errorCode: 'customer.not.compliant',
    message: 'Customer not compliant, ${reason}',
  },

  // Virtual currencies.
  vcNotFound: { status: 403, errorCode: 'vc.not.found', message: 'No such virtual currency.' },
  virtualNamePrefix: {
    status: 403,
    errorCode: 'virtual.name.prefix',
    message: 'Virtual currency has wrong name, must start with VC_.',
  },
  virtualDuplicate: {
    status: 403,
    errorCode: 'virtual.duplicate',
    message: 'Virtual currency with given name already exists.',
  },
  virtualAccountBalance: {
    status: 403,
    errorCode: 'virtual.account.balance',
    message: 'Insufficient balance to revoke virtual currency on account.',
  },
  // Tatum's code for a mint or revoke it cannot store; here, when its reference already names another
  // operation of the ledger (one operation per reference). The message adds why to Tatum's.
  virtualTxFailed: {
    status: 403,
    errorCode: 'virtual.tx.failed',
    message:
      'Unable to perform operation on virtual currency, impossible to store transaction: reference ${reference} already names another operation.',
  },

  // Deposit addresses (docs/decisions/0026-deposit-addresses.md).
  offchainNotSupported: {
    status: 403,
    errorCode: 'offchain.not.supported',
    message: 'Offchain not supported for account with ${currency} currency.',
  },
  accountXpubMissing: {
    status: 403,
    errorCode: 'account.xpub.missing',
    message: 'No xpub assigned to account, it is not possible to generate address. Use assignAddress method instead.',
  },
  accountXpubPresent: {
    status: 403,
    errorCode: 'account.xpub.present',
    message: 'Xpub assigned to account, it is not possible to assign address. Use generateAddress method instead.',
  },
  addressIndexUsed: {
    status: 403,
    errorCode: 'address.index.used',
    message: 'Unable to create address, derivation index is already used.',
  },
  addressUsed: { status: 403, errorCode: 'address.used', message: 'Address and currency already in use.' },
  addressGenerationWrongXpub: {
    status: 403,
    errorCode: 'address.generation.failed.wrong.xpub',
    message: 'Unable to generate address, wrong xpub and account type.',
  },
  addressNotFound: { status: 403, errorCode: 'address.not.found', message: 'No such address exists.' },
  // Tatum's general generation failure; here, an account whose last index is already 2^31 − 1.
  addressGenerationFailed: {
    status: 403,
    errorCode: 'address.generation.failed',
    message: 'Unable to generate address: the account has used its last index, 2147483647.',
  },

  // Deposits (extension route: docs/decisions/0027-deposit-reports.md).
  depositAmountFormat: {
    status: 403,
    errorCode: 'deposit.amount.format',
    message:
      '${currency} deposit amount must be a multiple of ${minimum}, the smallest unit of its chain, not ${amount}.',
  },

  // Withdrawals (docs/decisions/0028-withdrawals.md).
  withdrawalAccountVirtual: {
    status: 403,
    errorCode: 'withdrawal.account.virtual',
    message: 'Sender account cannot be virtual.',
  },
  withdrawalRecipientFormat: {
    status: 403,
    errorCode: 'withdrawal.recipient.format',
    message: 'Recipient blockchain address has incorrect format.',
  },
  amountFormat: { status: 403, errorCode: 'amount.format', message: 'Amount has incorrect format.' },
  feeFormat: { status: 403, errorCode: 'fee.format', message: 'Fee has incorrect format.' },
  transactionAmountBtc: {
    status: 403,
    errorCode: 'transaction.amount.btc',
    message: 'BTC|LTC|BCH|DOGE payment amount must be at least 0.00000001, not ${amount}.',
  },
  transactionAmountEth: {
    status: 403,
    errorCode: 'transaction.amount.eth',
    message: 'ETH payment amount must be at least 0.000000000000000001, not ${amount}.',
  },
  withdrawalPending: {
    status: 403,
    errorCode: 'withdrawal.pending',
    message: 'Unable to prepare withdrawal, last withdrawal with id ${id} is not yet processed by blockchain.',
  },
  withdrawalMissing: { status: 403, errorCode: 'withdrawal.missing', message: 'No such withdrawal.' },
  withdrawalUnexpectedState: {
    status: 403,
    errorCode: 'withdrawal.unexpected.state',
    message: 'Unable to complete withdrawal, which is not in InProgress state.',
  },
  // Tatum's code when no refund can be made; here, for a withdrawal already cancelled.
  withdrawalNotCancelled: {
    status: 403,
    errorCode: 'withdrawal.not.cancelled.transaction.failed',
    message:
      'Unable to cancel withdrawal ${id}, it is impossible to create refund transaction: it is already cancelled.',
  },
  // Broadcasting needs a chain node, which this server does not have.
  blockchainBroadcastError: {
    status: 403,
    errorCode: 'blockchain.broadcast.error',
    message:
      'This ledger server connects to no blockchain node, so it cannot broadcast. Broadcast the signed transaction with your own node or wallet, then complete the withdrawal with PUT /v3/offchain/withdrawal/{id}/{txId}.',
  },

  // Notification subscriptions (docs/decisions/0029-subscriptions.md). Tatum's "currency" code belongs to
  // the legacy OFFCHAIN_WITHDRAWAL type, which is refused as an invalid type, so it is not here.
  subscriptionTypeInvalid: {
    status: 403,
    errorCode: 'subscription.type.invalid',
    message: 'Invalid subscription type.',
  },
  subscriptionAttrBalanceInvalid: {
    status: 403,
    errorCode: 'subscription.attr.balance.invalid',
    message: "Invalid subscription attribute 'limit' or 'typeOfBalance'.",
  },
  subscriptionAttrIntervalInvalid: {
    status: 403,
    errorCode: 'subscription.attr.interval.invalid',
    message: "Invalid subscription attribute 'interval'.",
  },
  // Also Tatum's generic "id or url" code where it documents none: the trade matches, the block
  // inclusion, and a new url for a report, which has none.
  subscriptionAttrIncomingInvalid: {
    status: 403,
    errorCode: 'subscription.attr.incoming.invalid',
    message: "Invalid subscription attribute 'id' or 'url'.",
  },
  subscriptionAttrPendingInvalid: {
    status: 403,
    errorCode: 'subscription.attr.pending.invalid',
    message: "Invalid subscription attribute 'id' or 'url'.",
  },
  subscriptionNotExists: { status: 403, errorCode: 'subscription.not.exists', message: 'No such subscription.' },
  reportInvalid: { status: 403, errorCode: 'report.invalid', message: 'Unsupported report type.' },

  // The order book (docs/decisions/0033-order-matching.md to 0037-open-trades-block-deactivation.md).
  tradeCurrency1AccountNotExists: {
    status: 403,
    errorCode: 'trade.currency1AccountId.not.exists',
    message: 'Unable to find currency1 account ${currency1AccountId}.',
  },
  tradeCurrency2AccountNotExists: {
    status: 403,
    errorCode: 'trade.currency2AccountId.not.exists',
    message: 'Unable to find currency2 account ${currency2AccountId}.',
  },
  tradeFeeAccount: {
    status: 403,
    errorCode: 'trade.feeAccount',
    message: 'Unable to find fee account ${feeAccountId}.',
  },
  tradeCurrency1Pair: {
    status: 403,
    errorCode: 'trade.currency1.pair',
    message: 'Incompatible currencies for currency1 account ${currency1AccountId} and trading pair.',
  },
  tradeCurrency2Pair: {
    status: 403,
    errorCode: 'trade.currency2.pair',
    message: 'Incompatible currencies for currency2 account ${currency2AccountId} and trading pair.',
  },
  tradeCurrencyFee: {
    status: 403,
    errorCode: 'trade.currency.fee',
    message: 'Incompatible currencies for currency1 and fee account.',
  },
  tradeCurrency1AccountFrozen: {
    status: 403,
    errorCode: 'trade.currency1AccountId.frozen',
    message: 'Currency1 account ${currency1AccountId} is frozen, unable to perform trade.',
  },
  tradeCurrency2AccountFrozen: {
    status: 403,
    errorCode: 'trade.currency2AccountId.frozen',
    message: 'Currency2 account ${currency2AccountId} is frozen, unable to perform trade.',
  },
  tradeCurrency1AccountCustomerDisabled: {
    status: 403,
    errorCode: 'trade.currency1AccountId.customer.disabled',
    message: "Currency1 account's customer ${customerId} is disabled, unable to perform exchange trade.",
  },
  tradeCurrency2AccountCustomerDisabled: {
    status: 403,
    errorCode: 'trade.currency2AccountId.customer.disabled',
    message: "Currency2 account's customer ${customerId} is disabled, unable to perform exchange trade.",
  },
  tradeCurrency1Balance: {
    status: 403,
    errorCode: 'trade.currency1.balance',
    message: 'Insufficient balance on currency1 account ${currency1AccountId}.',
  },
  tradeCurrency2Balance: {
    status: 403,
    errorCode: 'trade.currency2.balance',
    message: 'Insufficient balance on currency2 account ${currency2AccountId}.',
  },
  // extension: futures need penalty rules Tatum does not specify (docs/decisions/0035-future-trades-refused.md).
  tradeTypeUnsupported: {
    status: 403,
    errorCode: 'trade.type.unsupported',
    message: 'Trade type ${type} is not supported; only BUY and SELL trades are.',
  },
  // extension: Tatum declares no code for an unknown trade.
  tradeNotExists: { status: 403, errorCode: 'trade.not.exists', message: 'No such trade.' },
  accountTradeNonZero: {
    status: 403,
    errorCode: 'account.trade.non.zero',
    message: 'Unable to deactivate account with non-zero exchange trades.',
  },
  // extension: an open trade's blockage is released by cancelling the trade.
  blockageTrade: {
    status: 403,
    errorCode: 'blockage.trade',
    message: 'Blockage ${id} holds open trade ${tradeId}; cancel the trade to release it.',
  },

  // Idempotency-Key (extension, Stripe semantics: docs/decisions/0023-idempotency-key.md).
  idempotencyKeyReused: {
    status: 409,
    errorCode: 'idempotency.key.reused',
    message: 'Idempotency-Key ${key} was used with another request.',
  },
  idempotencyKeyInProgress: {
    status: 409,
    errorCode: 'idempotency.key.in.progress',
    message: 'A request with Idempotency-Key ${key} is still being processed.',
  },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorName = keyof typeof ERRORS;

export type ErrorParams = Record<string, string | number>;

export function renderMessage(template: string, params: ErrorParams): string {
  return template.replace(/\$\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}
