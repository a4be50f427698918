import type { Account, CreateAccount } from '../../contract/account.schema.js';
import type { CustomerRegistration } from '../../contract/customer.schema.js';
import { LEDGER_ASSETS } from '../../contract/currencies.js';
import type { Database, Queryable } from '../../storage/database.js';
import { findCustomerById, type CustomerRow } from '../customers/customer.repository.js';
import { openAccounts, type NewAccount } from '../balances/account-openings.repository.js';
import {
  accountRowToAccount,
  findAccountById,
  listActiveAccountsOfCustomer,
} from '../balances/account-reads.repository.js';
import { deactivateEmptyAccount } from '../balances/deactivation.repository.js';
import { hasOpenTrades } from '../balances/trades.repository.js';
import { complianceRefusal } from '../compliance/compliance.js';
import type { CompliancePolicy } from '../compliance/policy.js';
import type { Ledger } from '../create-ledger.js';
import { eventLoopTurns } from '../event-loop.js';
import { newId } from '../ids.js';
import { findVirtualCurrency } from '../virtual-currencies/virtual-currency.repository.js';
import type { LedgerScope } from '../ledger.js';
import { LedgerError } from '../ledger-error.js';
import { DEFAULT_ACCOUNTING_CURRENCY, upsertAccountCustomer } from './account-customer.js';
import { findAccountCustomerId, lockAccount, setAccountActive } from './account.repository.js';

// Account use cases of the customer lifecycle: creation (the only way customers come to be), lookup,
// the by-customer list, activation and deactivation.

/** A documented asset, or a virtual currency of this ledger. Throws ledgerCurrencyInvalid. */
async function assertSupportedCurrencies(tx: Queryable, scope: LedgerScope, currencies: string[]): Promise<void> {
  for (const currency of new Set(currencies)) {
    if (LEDGER_ASSETS.has(currency)) continue;
    if (!(await findVirtualCurrency(tx, scope.ledgerId, currency))) throw new LedgerError('ledgerCurrencyInvalid');
  }
}

/** With `compliant: true`, the account's customer must pass the policy. Throws customerNotCompliant. */
function assertCompliantCustomer(policy: CompliancePolicy, request: CreateAccount, customer: CustomerRow | undefined) {
  if (!request.compliant) return;
  const subject = customer && {
    customerCountry: customer.customer_country,
    providerCountry: customer.provider_country,
  };
  const reason = complianceRefusal(policy, subject);
  if (reason) throw new LedgerError('customerNotCompliant', { reason });
}

/** The account a request opens, for `customer` (undefined for none). */
function newAccountFor(request: CreateAccount, customer: CustomerRow | undefined): NewAccount {
  return {
    id: newId(),
    customerId: customer?.id ?? null,
    currency: request.currency,
    xpub: request.xpub ?? null,
    accountCode: request.accountCode ?? null,
    accountNumber: request.accountNumber ?? null,
    accountingCurrency: request.accountingCurrency ?? customer?.accounting_currency ?? DEFAULT_ACCOUNTING_CURRENCY,
    openingBalance: '0',
  };
}

/** Throws ledgerCurrencyInvalid, customerNotActive, customerDisabledNoAccount, customerNotCompliant. */
export async function createAccount(
  { db, changes }: Pick<Ledger, 'db' | 'changes'>,
  scope: LedgerScope,
  policy: CompliancePolicy,
  request: CreateAccount,
): Promise<Account> {
  return db.transaction(async (tx) => {
    await assertSupportedCurrencies(tx, scope, [request.currency]);
    const customer = request.customer
      ? await upsertAccountCustomer(changes, tx, scope.ledgerId, request.customer)
      : undefined;
    assertCompliantCustomer(policy, request, customer);
    const [account] = await openAccounts(tx, scope.ledgerId, [newAccountFor(request, customer)]);
    // Inserted and returned by one statement, balances included: nothing to read back.
    return account!;
  });
}

/**
 * All accounts or none (docs/decisions/0021-atomic-batches.md). Customers are upserted first, in
 * externalId order, so that two batches naming the same customers lock them in the same order and cannot
 * deadlock; a customer named twice gets the fields of its items applied in request order, as if they came
 * one by one. Then every account is opened by one statement.
 */
export async function createAccountBatch(
  { db, changes }: Pick<Ledger, 'db' | 'changes'>,
  scope: LedgerScope,
  policy: CompliancePolicy,
  requests: CreateAccount[],
): Promise<Account[]> {
  const registrations = new Map<string, CustomerRegistration>();
  for (const { customer } of requests) {
    if (!customer) continue;
    registrations.set(customer.externalId, { ...registrations.get(customer.externalId), ...customer });
  }
  return db.transaction(async (tx) => {
    await assertSupportedCurrencies(
      tx,
      scope,
      requests.map((request) => request.currency),
    );
    const customers = new Map<string, CustomerRow>();
    const giveEventLoopTurn = eventLoopTurns();
    for (const externalId of [...registrations.keys()].sort()) {
      await giveEventLoopTurn();
      customers.set(
        externalId,
        await upsertAccountCustomer(changes, tx, scope.ledgerId, registrations.get(externalId)!),
      );
    }
    const accounts = requests.map((request) => {
      const customer = request.customer ? customers.get(request.customer.externalId) : undefined;
      assertCompliantCustomer(policy, request, customer);
      return newAccountFor(request, customer);
    });
    return openAccounts(tx, scope.ledgerId, accounts);
  });
}

/**
 * Inactive accounts too, with active:false (docs/decisions/0014-inactive-accounts-visibility.md).
 * Throws accountNotExists.
 */
export async function getAccountByAccountId(db: Database, scope: LedgerScope, id: string): Promise<Account> {
  const row = await findAccountById(db, scope.ledgerId, id);
  if (!row) throw new LedgerError('accountNotExists');
  return accountRowToAccount(row);
}

/** Active accounts only. Throws customerInternalNotExists. */
export async function getAccountsByCustomerId(
  db: Database,
  scope: LedgerScope,
  customerId: string,
  pageSize: number,
  offset = 0,
  accountCode?: string,
): Promise<Account[]> {
  const customer = await findCustomerById(db, scope.ledgerId, customerId);
  if (!customer) throw new LedgerError('customerInternalNotExists');
  const rows = await listActiveAccountsOfCustomer(db, customerId, pageSize, offset, accountCode);
  return rows.map(accountRowToAccount);
}

/**
 * The lock order, the same on every path, so that no two transactions wait for each other:
 *   1. customers, FOR NO KEY UPDATE, in externalId order when there are several (customer and
 *      account lifecycle, account creation);
 *   2. accounts, FOR UPDATE, in id order (lockAccount, the payment function ledger_pay of migration
 *      010, and the first CTE of the one-statement steps of ../balances/);
 *   3. then the rows under them: blockages, transaction records, virtual currencies.
 * Payments, freezes and blockages lock no customer; their account updates take the customer's key
 * lock (FOR KEY SHARE) only when a row is updated a second time in one transaction, so every money
 * step updates an account row once, and the customer lock of step 1 does not conflict with it.
 */
async function lockAccountWithCustomer(tx: Queryable, scope: LedgerScope, id: string) {
  const peek = await findAccountCustomerId(tx, scope.ledgerId, id);
  if (!peek) throw new LedgerError('accountNotExists');
  const customer = peek.customer_id ? await findCustomerById(tx, scope.ledgerId, peek.customer_id, true) : undefined;
  const account = (await lockAccount(tx, scope.ledgerId, id))!;
  return { account, customer };
}

/** Throws accountNotExists, accountActive, accountCustomerInactive. */
export async function activateAccount(db: Database, scope: LedgerScope, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { account, customer } = await lockAccountWithCustomer(tx, scope, id);
    if (account.active) throw new LedgerError('accountActive');
    if (customer && !customer.active) throw new LedgerError('accountCustomerInactive');
    await setAccountActive(tx, id, true);
  });
}

/**
 * Needs no open trade (docs/decisions/0037-open-trades-block-deactivation.md), a zero balance and no
 * blockages (docs/decisions/0018-account-deactivation.md).
 * Throws accountNotExists, accountInactive, accountTradeNonZero, accountBalanceNonZero.
 */
export async function deactivateAccount(db: Database, scope: LedgerScope, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { account } = await lockAccountWithCustomer(tx, scope, id);
    if (!account.active) throw new LedgerError('accountInactive');
    // After the lock, in a statement of its own: a trade stored meanwhile has committed and is seen.
    if (await hasOpenTrades(tx, id)) throw new LedgerError('accountTradeNonZero');
    if (!(await deactivateEmptyAccount(tx, id))) throw new LedgerError('accountBalanceNonZero');
  });
}
