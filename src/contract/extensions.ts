// Where this server's API document knowingly differs from Tatum's (OpenAPI 3.18.3). The reference at
// /docs lists them; test/http/openapi-tatum.test.ts compares the two documents operation by operation
// and fails on any difference no entry here covers, and on an entry that covers nothing any more.
//
// An entry covers a difference when its kind is one of `kinds`, its place matches one of `at` (`*` is
// any run of characters; places read `query.pageSize`, `body.customer.customerCountry`,
// `response.200[].xpub`, `response.403`; `operation` for an operation Tatum does not have, `operationId`
// for one Tatum spells otherwise), its operation is listed (or `operations` is absent), and, when
// `values` is given, the two documents' values are those.

export interface ApiExtension {
  /** One line for the reference: what differs, and why. */
  reason: string;
  kinds: readonly string[];
  at: readonly string[];
  operations?: readonly string[];
  values?: { ours: unknown; tatum: unknown };
}

const ACCOUNT_LISTS = ['getAccounts', 'getAccountsCount'];
const TRANSACTION_READS = ['getTransactionsByAccountId', 'getTransactionsByCustomerId', 'getTransactions'];
const DEPOSIT_LISTS = ['getDeposits', 'getDepositsCount'];
const TAGGED_ADDRESS_OPERATIONS = ['addressExists', 'assignAddress', 'removeAddress'];
const TRADE_LIST_BODIES = ['getHistoricalTradesBody', 'getBuyTradesBody', 'getSellTradesBody', 'getMatchedTrades'];
const TRADE_LIST_QUERIES = ['getHistoricalTrades', 'getBuyTrades', 'getSellTrades'];
const TRADE_LISTS = [...TRADE_LIST_BODIES, ...TRADE_LIST_QUERIES];

export const API_EXTENSIONS: readonly ApiExtension[] = [
  {
    reason:
      'Response fields are always present: an unset optional field is null, as Tatum’s production API sends it, not left out. Every Tatum client reads both.',
    kinds: ['nullable', 'required-extra'],
    at: ['response.2*'],
  },
  {
    reason:
      'Whole numbers are integers where Tatum says number (pageSize, offset, page, statusCode, counts): a fraction is refused with 400.',
    kinds: ['type'],
    at: ['*'],
    values: { ours: ['integer'], tatum: ['number'] },
  },
  {
    reason:
      'offset and page are at least 0; offset is at most 2^53 − 1, the largest integer a JSON number holds exactly, and page at most (2^53 − 1) / 50, so that page × pageSize stays within it.',
    kinds: ['minimum', 'maximum'],
    at: ['query.offset', 'query.page', 'body.offset'],
  },
  {
    reason:
      'Path ids Tatum leaves unbounded take 1 to 100 characters (a trade id, and the account id of DELETE /v3/trade/account/{id}, 1 to 50), so an absurd one is a 400 validation.failed like the customer ids Tatum bounds.',
    kinds: ['minLength', 'maxLength'],
    at: ['path.id'],
  },
  {
    reason:
      'customerCountry and providerCountry of a customer registered with an account or a virtual currency take the ISO 3166-1 CountryCode enum, as in CustomerUpdate; the enum implies Tatum’s two-character bound.',
    kinds: ['enum', 'minLength', 'maxLength'],
    at: ['body*customer.customerCountry', 'body*customer.providerCountry'],
  },
  {
    reason:
      'accountingCurrency takes the 170 FiatCurrency codes of Tatum’s PHP SDK, which has no ETH: the SDK validates the enum when it reads a customer, so one customer stored with ETH would make every customer list fail there.',
    kinds: ['enum'],
    at: ['*accountingCurrency'],
    values: { ours: '+[]', tatum: '-["ETH"]' },
  },
  {
    reason:
      'customer.accountingCurrency has no schema default: a new customer gets EUR, an existing one keeps its own when the field is absent.',
    kinds: ['default'],
    at: ['body*customer.accountingCurrency'],
  },
  {
    reason:
      'A batch of accounts or of deposit addresses holds at least one; the accounts take xpub, as a single account creation does.',
    kinds: ['minItems', 'property-extra'],
    at: ['body.accounts', 'body.accounts[].xpub', 'body.addresses'],
    operations: ['createAccountBatch', 'generateDepositAddressesBatch'],
  },
  {
    reason:
      'Every list a request takes has a maximum, so that one request cannot hold the server: a batch takes at most 500 payments, 500 accounts or 500 deposit addresses, a withdrawal at most 500 multipleAmounts, each list of a transaction find (amount, currencies, transactionTypes) and each condition list of a trade list (amount, fill, price, created) at most 50 values, and a trade history’s types at most the 4 trade types. Tatum documents none.',
    kinds: ['maxItems'],
    at: [
      'body.accounts',
      'body.transaction',
      'body.addresses',
      'body.multipleAmounts',
      'body.amount',
      'body.currencies',
      'body.transactionTypes',
      'body.fill',
      'body.price',
      'body.created',
      'body.types',
      'query.types',
    ],
    operations: [
      'createAccountBatch',
      'sendTransactionBatch',
      'generateDepositAddressesBatch',
      'storeWithdrawal',
      ...TRANSACTION_READS,
      ...TRADE_LISTS,
    ],
  },
  {
    reason:
      'A reference is looked up by 1 to 100 characters, not 20 to 100: mint and revoke take a reference of 1 to 100 characters from their caller, and every stored reference must be findable.',
    kinds: ['minLength'],
    at: ['path.reference'],
    operations: ['getTransactionsByReference'],
  },
  {
    reason:
      'Every error body names its errorCode, also the generic 403 and the 500 that Tatum documents as {statusCode, message}.',
    kinds: ['property-extra', 'required-extra'],
    at: ['response.403.errorCode', 'response.500.errorCode'],
  },
  {
    reason:
      'Every ledger operation declares 403, also where Tatum lists none: a tenant past its credit quota gets 403 credits.quota.exceeded on any call, and a lookup refuses an unknown id (account.not.exists, blockage.not.exists, trade.not.exists).',
    kinds: ['status-extra'],
    at: ['response.403'],
  },
  {
    reason:
      'Every ledger operation also declares the answers any call of its kind can get where Tatum lists none: 429 rate.limit.exceeded (with Retry-After) and 503 database.unavailable; with a body (POST, PUT, DELETE), 400, 413 and 415 for one that is not JSON, too deep, too large or of another type; POST and PUT, 409 for an Idempotency-Key in use. Each status lists its error codes and messages.',
    kinds: ['status-extra'],
    at: ['response.400', 'response.409', 'response.413', 'response.415', 'response.429', 'response.503'],
  },
  {
    reason:
      'A 400 carries data[] on validation.failed only; request.body.invalid, request.body.too.deep and request.url.invalid have none.',
    kinds: ['required-missing'],
    at: ['response.400.data'],
  },
  {
    reason:
      'A 400’s data[] items are class-validator ValidationErrors: target is the object or array holding the property, value what was sent (any type), children the nested errors.',
    kinds: ['type', 'property-extra', 'required-extra'],
    at: [
      'response.400.data[].target',
      'response.400.data[].value',
      'response.400.data[].property',
      'response.400.data[].children',
    ],
  },
  {
    reason:
      'GET /v3/ledger/account and /account/count also take offset, an item offset used when page is absent (Tatum’s v1 client sends it); pageSize defaults to 50; the currency filter takes 1 to 50 characters.',
    kinds: ['parameter-extra', 'default', 'minLength', 'maxLength'],
    at: ['query.offset', 'query.pageSize', 'query.currency'],
    operations: ACCOUNT_LISTS,
  },
  {
    reason:
      'Blocking an amount takes ensureSufficientBalance, as @tatumio/api-client 2.2.103 sends it (newer than Tatum’s 3.18.3 document).',
    kinds: ['property-extra'],
    at: ['body.ensureSufficientBalance'],
    operations: ['blockAmount'],
  },
  {
    reason:
      'baseRate has no schema default: an absent rate means the virtual currency’s own (1 when it was created without one), not 1 on every payment.',
    kinds: ['default'],
    at: ['body.baseRate', 'body.transaction[].baseRate', 'response.200.baseRate'],
  },
  {
    reason:
      'Transaction filters: amount values are decimal strings of at most 38 characters, signed since a sender’s record is negative; from and to are integers of UTC milliseconds without Tatum’s int64 tag, at most 2^53 − 1 (a date near the last the database holds); transactionType says type string.',
    kinds: ['pattern', 'maxLength', 'maximum', 'format', 'type'],
    at: ['body.amount[].value', 'body.from', 'body.to', 'body.transactionType'],
    operations: TRANSACTION_READS,
  },
  {
    reason:
      'Responses do not restate Tatum’s enums for operationType, transactionType, marketValue.currency and a virtual currency’s basePair; the values are Tatum’s.',
    kinds: ['enum'],
    at: [
      'response.200*operationType',
      'response.200*transactionType',
      'response.200*marketValue.currency',
      'response.200.basePair',
    ],
  },
  {
    reason:
      'A virtual currency leaves out Tatum’s blockchain fields (precision, trcType, erc20Address, issuerAccount, chain, initialAddress): here it never lives on a chain.',
    kinds: ['property-missing'],
    at: ['response.200.*'],
    operations: ['getCurrency'],
  },
  {
    reason:
      'POST /v3/ledger/deposits (reportDeposit) is ours: the server watches no chain, so the operator’s chain watcher reports each deposit there, and Done credits the account.',
    kinds: ['operation-extra'],
    at: ['operation'],
    operations: ['reportDeposit'],
  },
  {
    reason:
      'GET /v3/offchain/withdrawal is getWithdrawals, the name Tatum’s SDKs give it; Tatum’s document spells its operationId GetWithdrawals.',
    kinds: ['operationId'],
    at: ['operationId'],
    operations: ['getWithdrawals'],
  },
  {
    reason:
      'derivationKey is a BIP-32 child index, 0 to 2^31 − 1, stated by those bounds instead of Tatum’s int32 format tag.',
    kinds: ['format', 'minimum', 'maximum'],
    at: ['*derivationKey'],
  },
  {
    reason:
      'The index of generateDepositAddress, the BIP-32 child index to derive at, takes 0 to 2^31 − 1; that of addressExists, assignAddress and removeAddress, an XRP destination tag, XLM message or BNB memo, takes an integer from 1 (as Tatum bounds it on assign and remove) to 2^53 − 1.',
    kinds: ['minimum', 'maximum'],
    at: ['query.index'],
    operations: ['generateDepositAddress', ...TAGGED_ADDRESS_OPERATIONS],
  },
  {
    reason:
      'A blockchain address in a path takes 1 to 200 characters, and addressExists’s currency 1 to 50, where Tatum leaves them unbounded.',
    kinds: ['minLength', 'maxLength'],
    at: ['path.address', 'path.currency'],
    operations: TAGGED_ADDRESS_OPERATIONS,
  },
  {
    reason:
      'assignAddress’s 403 body requires statusCode, errorCode and message, as every error body does: Tatum’s Error403AddressXpub lists required and type among its properties, a slip of its document that leaves them unrequired.',
    kinds: ['property-missing', 'required-extra'],
    at: ['response.403.required', 'response.403.type', 'response.403.message', 'response.403.statusCode'],
    operations: ['assignAddress'],
  },
  {
    reason:
      'Deposit lists: pageSize defaults to 50; status also takes Failed, the end of a deposit its watcher reported failed; txId takes 10 to 88 characters, as completeWithdrawal’s does (a Solana signature has 88); accountId is a 24-character account id, currency takes 1 to 50 characters and to 1 to 200.',
    kinds: ['default', 'enum', 'minLength', 'maxLength'],
    at: ['query.pageSize', 'query.status', 'query.txId', 'query.accountId', 'query.currency', 'query.to'],
    operations: DEPOSIT_LISTS,
  },
  {
    reason:
      'A deposit’s address, xpub and derivationKey are null when it has none: a deposit reported to an account has no address, and one to an address assigned by hand no xpub or derivationKey.',
    kinds: ['nullable'],
    at: ['response.200[].address', 'response.200[].xpub', 'response.200[].derivationKey'],
    operations: ['getDeposits'],
  },
  {
    reason:
      'A withdrawal’s fee may be left out, as Tatum’s v1 client leaves it out, and then counts as no fee; fee and each of multipleAmounts take at most 38 characters, as amount does.',
    kinds: ['required-missing', 'maxLength'],
    at: ['body.fee', 'body.multipleAmounts[]'],
    operations: ['storeWithdrawal'],
  },
  {
    reason:
      'Listed withdrawals also carry currency and date (when each was stored, UTC milliseconds), as Tatum’s v1 client declares them, and refund (what a cancel gave back: the amount, and the fee when reverted), which lets an import copy it (docs/decisions/0038-ledger-import.md).',
    kinds: ['property-extra'],
    at: ['response.200[].currency', 'response.200[].date', 'response.200[].refund'],
    operations: ['getWithdrawals'],
  },
  {
    reason:
      'createSubscription takes { type, attr } of any type and attributes, judged by the ledger: a type it cannot fire (ADDRESS_TRANSACTION, CONTRACT_*, KMS_*) is refused with 403 subscription.type.invalid, and wrong attributes with the type’s 403 subscription.attr.*.invalid, as Tatum answers them, not with a 400; the route’s description lists each type’s attributes. mempool, for address subscriptions, is not taken.',
    kinds: ['enum', 'property-missing', 'required-missing'],
    at: ['body.type', 'body.attr.*', 'body.mempool'],
    operations: ['createSubscription'],
  },
  {
    reason:
      'createSubscription takes testnetType as any string and does not declare x-testnet-type: they choose an EVM testnet for chain subscriptions, the PHP SDK always sends ?testnetType=ethereum-sepolia, and both are ignored.',
    kinds: ['parameter-missing', 'enum'],
    at: ['query.testnetType', 'header.x-testnet-type'],
    operations: ['createSubscription'],
  },
  {
    reason:
      'A subscription’s type and an executed webhook’s type are only those a ledger fires (no ADDRESS_TRANSACTION, CONTRACT_LOG_EVENT or KMS_*), each a value of Tatum’s enum.',
    kinds: ['enum'],
    at: ['response.200[].type'],
    operations: ['getSubscriptions', 'getAllWebhooks'],
  },
  {
    reason:
      'An executed webhook also carries attempts: every try, oldest first, with its time (UTC milliseconds) and the receiver’s response, where Tatum keeps only the last.',
    kinds: ['property-extra'],
    at: ['response.200[].attempts'],
    operations: ['getAllWebhooks'],
  },
  {
    reason:
      'An HMAC secret takes 1 to 100 characters: an empty one would sign with no key. A body that is not { hmacSecret } is a 400 validation.failed.',
    kinds: ['minLength', 'status-extra'],
    at: ['body.hmacSecret', 'response.400'],
    operations: ['enableWebHookHmac'],
  },
  {
    reason:
      'A broadcast’s signatureId is checked with the UUID pattern, which the validator enforces, in place of Tatum’s uuid format tag.',
    kinds: ['format', 'pattern'],
    at: ['body.signatureId'],
    operations: ['broadcastBlockchainTransaction'],
  },
  {
    reason:
      'pair is checked with tatum 1.x’s pattern ^[A-Za-z0-9_-]+/[A-Za-z0-9_-]+$: the first character class of Tatum’s pattern has a typo (A-a-zZ) that refuses the lowercase letters b to y in the first currency and takes [, \\, ], ^ and `.',
    kinds: ['pattern'],
    at: ['body.pair', 'query.pair'],
    operations: ['storeTrade', 'chartRequest', ...TRADE_LISTS],
    values: { ours: '^[A-Za-z0-9_-]+/[A-Za-z0-9_-]+$', tatum: '^[A-a-zZ0-9_\\-]+\\/[A-Za-z0-9_\\-]+$' },
  },
  {
    reason:
      'storeTrade takes Tatum’s CreateTrade and CreateFutureTrade as one body: FUTURE_BUY and FUTURE_SELL are read and refused with 403 trade.type.unsupported (futures’ penalties are unspecified), so a future’s attr is not bounded further (percentBlock, percentPenalty) and no trade carries attr.',
    kinds: ['enum', 'minimum', 'maximum', 'property-missing'],
    at: ['body.type', 'body.attr.percentBlock', 'body.attr.percentPenalty', 'response.200.attr'],
    operations: ['storeTrade', 'getTradeById'],
  },
  {
    reason:
      'The chart’s from and to are at most 2^53 − 1 UTC milliseconds, as the transaction filters’ are (a date near the last the database holds).',
    kinds: ['maximum'],
    at: ['body.from', 'body.to'],
    operations: ['chartRequest'],
  },
  {
    reason:
      'POST /v3/trade/history also takes no body at all, a first page of 50, as Tatum’s clients send it; the document, generated from the route’s schema, marks the body required.',
    kinds: ['body-required'],
    at: ['body'],
    operations: ['getHistoricalTradesBody'],
  },
  {
    reason:
      'Trade lists: pageSize may be left out when count is true (“Either count or pageSize is accepted”, Tatum’s own words); with count=true the answer is a bare number, as the transaction finds’ count is; sort takes an array of sort keys or a single one (Tatum’s OrderBookSort declares no type); the id and customerId filters take at most 50 characters; each condition’s value is a decimal string of at most 38 characters (created in UTC milliseconds); a body or query that breaks these is a 400 validation.failed, also where Tatum lists no 400.',
    kinds: ['required-missing', 'union', 'maxLength', 'pattern', 'status-extra'],
    at: [
      'body.pageSize',
      'response.200',
      'body.sort',
      'body.id',
      'body.customerId',
      'query.id',
      'query.customerId',
      'body.*[].value',
      'response.400',
    ],
    operations: TRADE_LISTS,
  },
];
