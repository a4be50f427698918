// How @tatumio/api-client 2.x calls each operation (docs/compatibility/api-client-2.md): where the
// static method sits under TatumApi(key, url), or the service to import when TatumApi's tree lacks it,
// and its arguments in the client's order (`requestBody` is the body). compat/api-client-calls.test.ts
// holds this table to the client's own type declarations.

export interface ApiClientCall {
  /** `ledger.account`, `virtualAccount.withdrawal`, `tatum`: the member of TatumApi(key, url). */
  under?: string;
  /** A service TatumApi does not reach, imported from the package and called statically. */
  service?: string;
  args: readonly string[];
}

const PAGE = ['pageSize', 'offset'];
const ACCOUNT_LIST = [
  'pageSize',
  'page',
  'sort',
  'sortBy',
  'active',
  'onlyNonZeroBalance',
  'frozen',
  'currency',
  'accountNumber',
];
const DEPOSIT_LIST = ['pageSize', 'page', 'sort', 'status', 'currency', 'txId', 'to', 'accountId'];
const FIND = ['requestBody', 'pageSize', 'offset', 'count'];
const TRADE_SIDE = ['pageSize', 'id', 'customerId', 'offset', 'pair', 'count', 'tradeType'];

const on = (under: string, args: readonly string[] = []): ApiClientCall => ({ under, args });

export const API_CLIENT_CALLS: Record<string, ApiClientCall> = {
  findAllCustomers: on('ledger.customer', PAGE),
  getCustomerByExternalOrInternalId: on('ledger.customer', ['id']),
  updateCustomer: on('ledger.customer', ['id', 'requestBody']),
  activateCustomer: on('ledger.customer', ['id']),
  deactivateCustomer: on('ledger.customer', ['id']),
  enableCustomer: on('ledger.customer', ['id']),
  disableCustomer: on('ledger.customer', ['id']),

  createAccount: on('ledger.account', ['requestBody']),
  createAccountBatch: on('ledger.account', ['requestBody']),
  getAccounts: on('ledger.account', ACCOUNT_LIST),
  getAccountsCount: on('ledger.account', ACCOUNT_LIST),
  getAccountsByCustomerId: on('ledger.account', ['pageSize', 'id', 'offset', 'accountCode']),
  getAccountByAccountId: on('ledger.account', ['id']),
  updateAccountByAccountId: on('ledger.account', ['id', 'requestBody']),
  getAccountBalance: on('ledger.account', ['id']),
  activateAccount: on('ledger.account', ['id']),
  deactivateAccount: on('ledger.account', ['id']),
  freezeAccount: on('ledger.account', ['id']),
  unfreezeAccount: on('ledger.account', ['id']),
  blockAmount: on('ledger.account', ['id', 'requestBody']),
  unblockAmountWithTransaction: on('ledger.account', ['id', 'requestBody']),
  deleteBlockAmount: on('ledger.account', ['id']),
  getBlockAmount: on('ledger.account', ['id', 'pageSize', 'offset']),
  getBlockAmountById: on('ledger.account', ['id']),
  deleteAllBlockAmount: on('ledger.account', ['id']),

  sendTransaction: on('ledger.transaction', ['requestBody']),
  sendTransactionBatch: on('ledger.transaction', ['requestBody']),
  getTransactionsByAccountId: on('ledger.transaction', FIND),
  getTransactionsByCustomerId: on('ledger.transaction', FIND),
  getTransactions: on('ledger.transaction', FIND),
  getTransactionsByReference: on('ledger.transaction', ['reference']),

  createCurrency: on('ledger.virtualCurrency', ['requestBody']),
  updateCurrency: on('ledger.virtualCurrency', ['requestBody']),
  getCurrency: on('ledger.virtualCurrency', ['name']),
  mintCurrency: on('ledger.virtualCurrency', ['requestBody']),
  revokeCurrency: on('ledger.virtualCurrency', ['requestBody']),

  generateDepositAddress: on('virtualAccount.account', ['id', 'index']),
  generateDepositAddressesBatch: on('virtualAccount.account', ['requestBody']),
  getAllDepositAddresses: on('virtualAccount.account', ['id']),
  addressExists: on('virtualAccount.account', ['currency', 'address', 'index']),
  assignAddress: on('virtualAccount.account', ['id', 'address', 'index']),
  removeAddress: on('virtualAccount.account', ['id', 'address', 'index']),

  getDeposits: { service: 'DepositService', args: DEPOSIT_LIST },
  getDepositsCount: { service: 'DepositService', args: DEPOSIT_LIST },

  storeWithdrawal: on('virtualAccount.withdrawal', ['requestBody']),
  getWithdrawals: on('virtualAccount.withdrawal', ['pageSize', 'currency', 'status', 'offset']),
  completeWithdrawal: on('virtualAccount.withdrawal', ['id', 'txId']),
  cancelInProgressWithdrawal: on('virtualAccount.withdrawal', ['id', 'revert']),
  broadcastBlockchainTransaction: on('virtualAccount.withdrawal', ['requestBody']),

  createSubscription: on('ledger.subscriptions', ['requestBody', 'testnetType', 'xTestnetType']),
  getSubscriptions: on('ledger.subscriptions', ['pageSize', 'offset', 'address']),
  getSubscriptionsCount: on('ledger.subscriptions', ['pageSize', 'offset', 'address']),
  updateSubscription: on('ledger.subscriptions', ['id', 'requestBody']),
  deleteSubscription: on('ledger.subscriptions', ['id']),
  getSubscriptionReport: on('ledger.subscriptions', ['id']),
  enableWebHookHmac: on('ledger.subscriptions', ['requestBody']),
  disableWebHookHmac: on('ledger.subscriptions'),
  getAllWebhooks: on('ledger.subscriptions', ['pageSize', 'offset', 'direction', 'failed']),
  getAllWebhooksCount: on('ledger.subscriptions', ['pageSize', 'offset', 'direction', 'failed']),

  storeTrade: on('ledger.orderBook', ['requestBody']),
  chartRequest: on('ledger.orderBook', ['requestBody', 'direction']),
  getHistoricalTradesBody: on('ledger.orderBook', ['requestBody']),
  getHistoricalTrades: on('ledger.orderBook', ['pageSize', 'id', 'pair', 'offset', 'count', 'types']),
  getBuyTradesBody: on('ledger.orderBook', ['requestBody']),
  getBuyTrades: on('ledger.orderBook', TRADE_SIDE),
  getSellTradesBody: on('ledger.orderBook', ['requestBody']),
  getSellTrades: on('ledger.orderBook', TRADE_SIDE),
  getMatchedTrades: on('ledger.orderBook', ['requestBody']),
  getTradeById: on('ledger.orderBook', ['id']),
  deleteTrade: on('ledger.orderBook', ['id']),
  deleteAccountTrades: on('ledger.orderBook', ['id']),

  getCredits: on('tatum'),
  getVersion: on('tatum'),
  freezeApiKey: on('tatum'),
  unfreezeApiKey: on('tatum'),
};
