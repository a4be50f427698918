// The hand-written half of the generator's input: what the server's OpenAPI document does not say.
// Tatum's PHP SDK names its methods after the operationIds and its models after Tatum's schema names;
// the server's schemas are inline, so the names come from here. Adding a route to the SDK is adding its
// row below (when the defaults do not fit) and running `npm run sdk:generate`.

export interface MethodRow {
  api: string;
  args: readonly string[];
  /** Where the PHP SDK splits one operation into several methods: each of its names and the call of ours it is. */
  php?: Record<string, string>;
  /** The body may be left out, as the PHP SDK's `?Body` argument: the server then takes its default. */
  optionalBody?: boolean;
  /**
   * The operationId this method calls, when it is one of several methods for one operation (the PHP
   * SDK's, one per body of Tatum's oneOf): its body is the server's with `only` applied (a property's
   * values narrowed to those listed, or the property left out for `null`) and `required` added.
   */
  of?: string;
  only?: Record<string, readonly string[] | null>;
  required?: readonly string[];
  /** In place of the operation's, for one of several methods (`of`). */
  summary?: string;
  description?: string;
}

/**
 * Where each method sits and its argument order (the PHP SDK's order, docs/compatibility/php-sdk.md:
 * required arguments first, in Tatum's parameter order), by method name, which is the operationId
 * unless `of` says otherwise. A name that is not a path or query parameter is the request body. Without
 * a row: the API from the operation's tag, and path parameters, body, required query, optional query,
 * in that order. The reference lists a row's `php` names.
 */
export const METHODS: Record<string, MethodRow> = {
  // Customer
  findAllCustomers: { api: 'customer', args: ['pageSize', 'offset'] },
  getCustomerByExternalOrInternalId: { api: 'customer', args: ['id'] },
  updateCustomer: { api: 'customer', args: ['id', 'customerUpdate'] },
  activateCustomer: { api: 'customer', args: ['id'] },
  deactivateCustomer: { api: 'customer', args: ['id'] },
  enableCustomer: { api: 'customer', args: ['id'] },
  disableCustomer: { api: 'customer', args: ['id'] },
  // Account
  createAccount: { api: 'account', args: ['createAccount'] },
  createAccountBatch: { api: 'account', args: ['createAccountBatch'] },
  getAccounts: {
    api: 'account',
    args: ['pageSize', 'page', 'sort', 'sortBy', 'active', 'onlyNonZeroBalance', 'frozen', 'currency', 'accountNumber'],
  },
  getAccountsCount: {
    api: 'account',
    args: ['pageSize', 'page', 'sort', 'sortBy', 'active', 'onlyNonZeroBalance', 'frozen', 'currency', 'accountNumber'],
  },
  getAccountsByCustomerId: { api: 'account', args: ['pageSize', 'id', 'offset', 'accountCode'] },
  getAccountByAccountId: { api: 'account', args: ['id'] },
  updateAccountByAccountId: { api: 'account', args: ['id', 'updateAccount'] },
  getAccountBalance: { api: 'account', args: ['id'] },
  activateAccount: { api: 'account', args: ['id'] },
  deactivateAccount: { api: 'account', args: ['id'] },
  freezeAccount: { api: 'account', args: ['id'] },
  unfreezeAccount: { api: 'account', args: ['id'] },
  // Blockages: the "Account" tag and the PHP AccountApi.
  blockAmount: { api: 'account', args: ['id', 'blockAmount'] },
  unblockAmountWithTransaction: { api: 'account', args: ['id', 'unblockAmount'] },
  deleteBlockAmount: { api: 'account', args: ['id'] },
  getBlockAmount: { api: 'account', args: ['id', 'pageSize', 'offset'] },
  getBlockAmountById: { api: 'account', args: ['id'] },
  deleteAllBlockAmount: { api: 'account', args: ['id'] },
  // Transaction
  sendTransaction: { api: 'transaction', args: ['createTransaction'] },
  sendTransactionBatch: { api: 'transaction', args: ['batchCreateTransaction'] },
  getTransactionsByAccountId: { api: 'transaction', args: ['filter', 'pageSize', 'offset', 'count'] },
  getTransactionsByCustomerId: { api: 'transaction', args: ['filter', 'pageSize', 'offset', 'count'] },
  getTransactions: { api: 'transaction', args: ['filter', 'pageSize', 'offset', 'count'] },
  getTransactionsByReference: { api: 'transaction', args: ['reference'] },
  // Virtual currency
  createCurrency: { api: 'virtualCurrency', args: ['virtualCurrency'] },
  updateCurrency: { api: 'virtualCurrency', args: ['virtualCurrencyUpdate'] },
  getCurrency: { api: 'virtualCurrency', args: ['name'] },
  mintCurrency: { api: 'virtualCurrency', args: ['virtualCurrencyOperation'] },
  revokeCurrency: { api: 'virtualCurrency', args: ['virtualCurrencyOperation'] },
  // Withdrawal
  storeWithdrawal: { api: 'withdrawal', args: ['withdrawal'] },
  getWithdrawals: { api: 'withdrawal', args: ['pageSize', 'currency', 'status', 'offset'] },
  completeWithdrawal: { api: 'withdrawal', args: ['id', 'txId'] },
  cancelInProgressWithdrawal: { api: 'withdrawal', args: ['id', 'revert'] },
  broadcastBlockchainTransaction: { api: 'withdrawal', args: ['broadcastWithdrawal'] },
  // Deposit; reportDeposit is this server's own (POST /v3/ledger/deposits), not the PHP SDK's.
  getDeposits: { api: 'deposit', args: ['pageSize', 'page', 'sort', 'status', 'currency', 'txId', 'to', 'accountId'] },
  getDepositsCount: {
    api: 'deposit',
    args: ['pageSize', 'page', 'sort', 'status', 'currency', 'txId', 'to', 'accountId'],
  },
  reportDeposit: { api: 'deposit', args: ['reportDeposit'] },
  // Blockchain addresses (PHP BlockchainAddressesApi)
  generateDepositAddress: { api: 'blockchainAddresses', args: ['id', 'index'] },
  generateDepositAddressesBatch: { api: 'blockchainAddresses', args: ['offchainAddresses'] },
  getAllDepositAddresses: { api: 'blockchainAddresses', args: ['id'] },
  addressExists: { api: 'blockchainAddresses', args: ['currency', 'address', 'index'] },
  assignAddress: { api: 'blockchainAddresses', args: ['id', 'address', 'index'] },
  removeAddress: { api: 'blockchainAddresses', args: ['id', 'address', 'index'] },
  // Service utilities (PHP ServiceUtilsApi)
  getCredits: { api: 'serviceUtils', args: [] },
  getVersion: { api: 'serviceUtils', args: [] },
  freezeApiKey: { api: 'serviceUtils', args: [] },
  unfreezeApiKey: { api: 'serviceUtils', args: [] },
  // Notification subscriptions (PHP NotificationSubscriptionsApi). The PHP SDK has one create method per
  // body type of Tatum's oneOf; the server takes any of them in one body, as the other Tatum clients do.
  createSubscription: {
    api: 'notificationSubscriptions',
    args: ['createSubscription', 'testnetType'],
    php: {
      createSubscriptionBalance:
        "createSubscription({ type: 'ACCOUNT_BALANCE_LIMIT', attr: { limit, typeOfBalance } })",
      createSubscriptionInterval: "createSubscription({ type: 'TRANSACTION_HISTORY_REPORT', attr: { interval } })",
      createSubscriptionIncoming:
        "createSubscription({ type: 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', attr: { id, url } })",
      createSubscriptionPending:
        "createSubscription({ type: 'ACCOUNT_PENDING_BLOCKCHAIN_TRANSACTION', attr: { id, url } })",
      createSubscriptionTradeMatch: "createSubscription({ type: 'CUSTOMER_TRADE_MATCH', attr: { id, url } })",
      createSubscriptionPartialTradeMatch:
        "createSubscription({ type: 'CUSTOMER_PARTIAL_TRADE_MATCH', attr: { id, url } })",
      createSubscriptionTxInTheBlock: "createSubscription({ type: 'TRANSACTION_IN_THE_BLOCK', attr: { url } })",
    },
  },
  getSubscriptions: { api: 'notificationSubscriptions', args: ['pageSize', 'offset', 'address'] },
  getSubscriptionsCount: { api: 'notificationSubscriptions', args: ['pageSize', 'offset', 'address'] },
  // Not in the PHP SDK 2.0.0; Tatum's other clients take the id, then the body.
  updateSubscription: { api: 'notificationSubscriptions', args: ['id', 'updateSubscription'] },
  deleteSubscription: { api: 'notificationSubscriptions', args: ['id'] },
  getSubscriptionReport: { api: 'notificationSubscriptions', args: ['id'] },
  enableWebHookHmac: { api: 'notificationSubscriptions', args: ['hmacWebHook'] },
  disableWebHookHmac: { api: 'notificationSubscriptions', args: [] },
  getAllWebhooks: { api: 'notificationSubscriptions', args: ['pageSize', 'offset', 'direction', 'failed'] },
  getAllWebhooksCount: { api: 'notificationSubscriptions', args: ['pageSize', 'offset', 'direction', 'failed'] },
  // Order book (PHP OrderBookApi). One route stores both kinds of trade; the PHP SDK has a method for
  // each of Tatum's two bodies, and so has this one. Its deprecated GET lists are left out.
  createTrade: {
    api: 'orderBook',
    args: ['createTrade'],
    of: 'storeTrade',
    only: { type: ['BUY', 'SELL'], attr: null },
  },
  createFutureTrade: {
    api: 'orderBook',
    args: ['createFutureTrade'],
    of: 'storeTrade',
    only: { type: ['FUTURE_BUY', 'FUTURE_SELL'] },
    required: ['attr'],
    summary: 'Store future buy / sell trade',
    description:
      'A FUTURE_BUY or FUTURE_SELL trade, which Tatum fills at attr.sealDate. This server refuses every future with 403 trade.type.unsupported, which this method throws as a LedgerRefusalError: how a future that is not filled by its seal date is penalised is not specified (docs/decisions/0035-future-trades-refused.md). Nothing is stored; the refusal costs 2 credits, as a judged call does. The method is kept so that code written for the PHP SDK’s OrderBookApi carries over.',
  },
  chartRequest: { api: 'orderBook', args: ['chartRequest', 'direction'] },
  getHistoricalTradesBody: { api: 'orderBook', args: ['listOderBookHistoryBody'], optionalBody: true },
  getBuyTradesBody: { api: 'orderBook', args: ['listOderBookActiveBuyBody'] },
  getSellTradesBody: { api: 'orderBook', args: ['listOderBookActiveSellBody'] },
  getMatchedTrades: { api: 'orderBook', args: ['listOderBookMatchedBody'] },
  getTradeById: { api: 'orderBook', args: ['id'] },
  deleteTrade: { api: 'orderBook', args: ['id'] },
  deleteAccountTrades: { api: 'orderBook', args: ['id'] },
};

/**
 * Tatum's names for request bodies and responses, by method name (for a list, the name of its items; for
 * a response that is one of several shapes, one name per shape).
 */
export const OPERATION_MODELS: Record<string, { body?: string; response?: string | readonly string[] }> = {
  findAllCustomers: { response: 'Customer' },
  getCustomerByExternalOrInternalId: { response: 'Customer' },
  updateCustomer: { body: 'CustomerUpdate', response: 'Customer' },
  createAccount: { body: 'CreateAccount', response: 'Account' },
  createAccountBatch: { body: 'CreateAccountBatch', response: 'Account' },
  getAccounts: { response: 'Account' },
  getAccountsCount: { response: 'EntitiesCount' },
  getAccountsByCustomerId: { response: 'Account' },
  getAccountByAccountId: { response: 'Account' },
  updateAccountByAccountId: { body: 'UpdateAccount' },
  getAccountBalance: { response: 'AccountBalance' },
  blockAmount: { body: 'BlockAmount', response: 'Id' },
  unblockAmountWithTransaction: { body: 'UnblockAmount', response: 'TransactionResult' },
  getBlockAmount: { response: 'Blockage' },
  getBlockAmountById: { response: 'Blockage' },
  sendTransaction: { body: 'CreateTransaction', response: 'TransactionResult' },
  sendTransactionBatch: { body: 'BatchCreateTransaction', response: 'BatchTransactionResult' },
  getTransactionsByAccountId: { body: 'TransactionFilter', response: 'Transaction' },
  getTransactionsByCustomerId: { body: 'TransactionFilterCustomer', response: 'Transaction' },
  getTransactions: { body: 'TransactionFilterLedger', response: 'Transaction' },
  getTransactionsByReference: { response: 'Transaction' },
  createCurrency: { body: 'VirtualCurrency', response: 'Account' },
  updateCurrency: { body: 'VirtualCurrencyUpdate' },
  getCurrency: { response: 'VC' },
  mintCurrency: { body: 'VirtualCurrencyOperation', response: 'TransactionResult' },
  revokeCurrency: { body: 'VirtualCurrencyOperation', response: 'TransactionResult' },
  storeWithdrawal: { body: 'Withdrawal', response: 'WithdrawalResponse' },
  getWithdrawals: { response: 'WithdrawalObject' },
  broadcastBlockchainTransaction: { body: 'BroadcastWithdrawal', response: 'BroadcastResponse' },
  getDeposits: { response: 'Deposit' },
  getDepositsCount: { response: 'EntitiesCount' },
  reportDeposit: { body: 'ReportDeposit', response: 'Deposit' },
  generateDepositAddress: { response: 'Address' },
  generateDepositAddressesBatch: { body: 'OffchainAddresses', response: 'Address' },
  getAllDepositAddresses: { response: 'Address' },
  addressExists: { response: 'Account' },
  assignAddress: { response: 'Address' },
  getCredits: { response: 'Consumption' },
  getVersion: { response: 'GetVersion200Response' },
  createSubscription: { body: 'CreateSubscription', response: 'Id' },
  getSubscriptions: { response: 'Subscription' },
  getSubscriptionsCount: { response: 'EntitiesCount' },
  updateSubscription: { body: 'UpdateSubscription' },
  getSubscriptionReport: { response: ['Account', 'Transaction'] },
  enableWebHookHmac: { body: 'HmacWebHook' },
  getAllWebhooks: { response: 'WebHook' },
  getAllWebhooksCount: { response: 'EntitiesCount' },
  createTrade: { body: 'CreateTrade', response: 'Id' },
  createFutureTrade: { body: 'CreateFutureTrade', response: 'Id' },
  chartRequest: { body: 'ChartRequest', response: 'Chart' },
  getHistoricalTradesBody: { body: 'ListOderBookHistoryBody', response: 'Trade' },
  getBuyTradesBody: { body: 'ListOderBookActiveBuyBody', response: 'Trade' },
  getSellTradesBody: { body: 'ListOderBookActiveSellBody', response: 'Trade' },
  getMatchedTrades: { body: 'ListOderBookMatchedBody', response: 'Trade' },
  getTradeById: { response: 'Trade' },
};

/**
 * Names of schemas nested in named models: `Model.property`, `Model.property[]` for a list's items.
 * A shape equal to an already named one reuses that name without a row here.
 */
export const NESTED_MODELS: Record<string, string> = {
  'Account.balance': 'AccountBalance',
  'CreateAccount.customer': 'CustomerRegistration',
  'CreateAccountBatch.accounts[]': 'CreateAccount',
  'CustomerUpdate.accountingCurrency': 'FiatCurrency',
  'CustomerUpdate.customerCountry': 'CountryCode',
  'VirtualCurrency.customer': 'CustomerRegistration',
  // Inline in Tatum's document too; named as the server's contract names them.
  'BatchCreateTransaction.transaction[]': 'BatchTransactionItem',
  'TransactionFilter.amount[]': 'AmountCondition',
  'TransactionFilterCustomer.amount[]': 'AmountCondition',
  'TransactionFilterLedger.amount[]': 'AmountCondition',
  'Transaction.marketValue': 'MarketValue',
  'VirtualCurrency.basePair': 'FiatOrCryptoCurrency',
  'WithdrawalResponse.data[]': 'ResponseData',
  'ResponseData.address': 'Address',
  'CreateFutureTrade.attr': 'CreateFutureTradeAttr',
  // The trade lists' conditions have the transaction filters' shape; sort takes one key or several.
  ...Object.fromEntries(
    [
      'ListOderBookHistoryBody',
      'ListOderBookActiveBuyBody',
      'ListOderBookActiveSellBody',
      'ListOderBookMatchedBody',
    ].flatMap((body) => [
      ...['amount', 'fill', 'price', 'created'].map((filter) => [`${body}.${filter}[]`, 'AmountCondition']),
      [`${body}.sort`, 'OrderBookSort'],
    ]),
  ),
};
