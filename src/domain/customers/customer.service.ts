import type { Customer, CustomerUpdate } from '../../contract/customer.schema.js';
import type { Database, Queryable } from '../../storage/database.js';
import type { LedgerScope } from '../ledger.js';
import { BatchedReads } from '../batched-reads.js';
import type { Ledger } from '../create-ledger.js';
import { LedgerError } from '../ledger-error.js';
import {
  customerHasActiveAccount,
  customerRowToCustomer,
  findCustomerByExternalId,
  findCustomerById,
  findCustomersByIdOrExternalId,
  listCustomers,
  setCustomerFlag,
  updateCustomerFields,
  type CustomerRow,
} from './customer.repository.js';

// Customer use cases. Each owns its transaction; refusals are LedgerErrors named in the registry.

/** Every customer of the ledger, inactive and disabled ones included, oldest first. */
export async function findAllCustomers(db: Database, scope: LedgerScope, pageSize: number, offset = 0) {
  const rows = await listCustomers(db, scope.ledgerId, pageSize, offset);
  return rows.map(customerRowToCustomer);
}

/** Lookups of customers by id or externalId, gathered across the requests in flight (batched-reads.ts). */
export type CustomerLookups = BatchedReads<{ ledgerId: string; id: string }, CustomerRow>;

/** The lookups of one server (domain/create-ledger.ts). */
export function customerLookups(db: Queryable): CustomerLookups {
  return new BatchedReads(
    (keys) => findCustomersByIdOrExternalId(db, keys),
    (key) => `${key.ledgerId}/${key.id}`,
  );
}

/**
 * Internal id first, then externalId (docs/decisions/0009-customer-lookup-order.md). A customer found
 * before comes from memory until it changes (customer-cache.ts); concurrent reads of the others share one
 * statement (batched-reads.ts). Throws customerNotExists.
 */
export async function getCustomerByExternalOrInternalId(
  { customers, customerLookups: lookups }: Pick<Ledger, 'customers' | 'customerLookups'>,
  scope: LedgerScope,
  id: string,
) {
  const customer = await customers.read(scope.ledgerId, id, async () => {
    const row = await lookups.read({ ledgerId: scope.ledgerId, id });
    return row && customerRowToCustomer(row);
  });
  if (!customer) throw new LedgerError('customerNotExists', { externalId: id });
  return customer;
}

async function lockCustomer(tx: Queryable, scope: LedgerScope, id: string): Promise<CustomerRow> {
  const row = await findCustomerById(tx, scope.ledgerId, id, true);
  if (!row) throw new LedgerError('customerInternalNotExists');
  return row;
}

/** Throws customerInternalNotExists, customerExternalIdExists. */
export async function updateCustomer(
  { db, changes }: Pick<Ledger, 'db' | 'changes'>,
  scope: LedgerScope,
  id: string,
  update: CustomerUpdate,
): Promise<Customer> {
  return db.transaction(async (tx) => {
    const customer = await lockCustomer(tx, scope, id);
    if (update.externalId !== customer.external_id) {
      const holder = await findCustomerByExternalId(tx, scope.ledgerId, update.externalId);
      if (holder) throw new LedgerError('customerExternalIdExists', { externalId: update.externalId });
    }
    changes.announce(tx, { customer: { ledgerId: scope.ledgerId, id } });
    try {
      return customerRowToCustomer(await updateCustomerFields(tx, id, update));
    } catch (error) {
      // Two updates racing for one free externalId: the unique index lets one win.
      if ((error as { code?: string }).code === '23505') {
        throw new LedgerError('customerExternalIdExists', { externalId: update.externalId });
      }
      throw error;
    }
  });
}

/** Throws customerInternalNotExists, customerActive. */
export async function activateCustomer(
  { db, changes }: Pick<Ledger, 'db' | 'changes'>,
  scope: LedgerScope,
  id: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const customer = await lockCustomer(tx, scope, id);
    if (customer.active) throw new LedgerError('customerActive');
    await setCustomerFlag(tx, id, 'active', true);
    changes.announce(tx, { customer: { ledgerId: scope.ledgerId, id } });
  });
}

/**
 * Only once every account of the customer is inactive. Account creation and activation lock the same
 * customer row, so none can slip in between the check and the update.
 * Throws customerInternalNotExists, customerInactive, customerDeactivateAccountActive.
 */
export async function deactivateCustomer(
  { db, changes }: Pick<Ledger, 'db' | 'changes'>,
  scope: LedgerScope,
  id: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const customer = await lockCustomer(tx, scope, id);
    if (!customer.active) throw new LedgerError('customerInactive');
    if (await customerHasActiveAccount(tx, id)) throw new LedgerError('customerDeactivateAccountActive');
    await setCustomerFlag(tx, id, 'active', false);
    changes.announce(tx, { customer: { ledgerId: scope.ledgerId, id } });
  });
}

/**
 * Enable and disable flip one flag; balances read it when they are computed
 * (docs/decisions/0012-disabled-customer.md), so both cost the same whatever the number of accounts.
 * Throws customerInternalNotExists, customerInactive, customerEnabled / customerDisabled.
 */
export async function enableCustomer(
  { db, changes }: Pick<Ledger, 'db' | 'changes'>,
  scope: LedgerScope,
  id: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const customer = await lockCustomer(tx, scope, id);
    if (!customer.active) throw new LedgerError('customerInactive');
    if (customer.enabled) throw new LedgerError('customerEnabled');
    await setCustomerFlag(tx, id, 'enabled', true);
    changes.announce(tx, { customer: { ledgerId: scope.ledgerId, id } });
  });
}

export async function disableCustomer(
  { db, changes }: Pick<Ledger, 'db' | 'changes'>,
  scope: LedgerScope,
  id: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const customer = await lockCustomer(tx, scope, id);
    if (!customer.active) throw new LedgerError('customerInactive');
    if (!customer.enabled) throw new LedgerError('customerDisabled');
    await setCustomerFlag(tx, id, 'enabled', false);
    changes.announce(tx, { customer: { ledgerId: scope.ledgerId, id } });
  });
}
