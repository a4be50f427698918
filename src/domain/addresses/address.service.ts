import type { Account } from '../../contract/account.schema.js';
import type { Address, GenerateAddressesBatch } from '../../contract/address.schema.js';
import type { Database, Queryable } from '../../storage/database.js';
import { accountRowToAccount, findAccountById } from '../balances/account-reads.repository.js';
import type { LedgerScope } from '../ledger.js';
import { LedgerError } from '../ledger-error.js';
import {
  findAddressHolder,
  findAddressOwner,
  insertAddress,
  listAddresses,
  lockAddressOwners,
  removeAddress,
  type AddressOwner,
  type AddressRow,
} from './address.repository.js';
import { DerivationError, deriveAddress, derivesAddresses } from './derivation.js';

// Deposit addresses (docs/decisions/0026-deposit-addresses.md): derived from the account's xpub, or
// assigned by hand where the server does not derive, or the account has no xpub.

const isVirtual = (currency: string) => currency.startsWith('VC_');

function rowToAddress(row: AddressRow): Address {
  const tag = row.tag;
  return {
    address: row.address,
    currency: row.currency,
    derivationKey: row.derivation_key,
    xpub: row.xpub,
    // The index given on assignment is what tells one customer's deposits from another's on chains
    // where many accounts share one address.
    destinationTag: tag !== null && row.currency === 'XRP' ? Number(tag) : null,
    memo: tag !== null && row.currency === 'BNB' ? tag : null,
    message: tag !== null && row.currency === 'XLM' ? tag : null,
  };
}

interface Wanted {
  accountId: string;
  index?: number | undefined;
}

/** Derives and stores each wanted address, in order, inside `tx`; the first refusal throws. */
async function generate(tx: Queryable, scope: LedgerScope, wanted: readonly Wanted[]): Promise<Address[]> {
  const ids = [...new Set(wanted.map((w) => w.accountId))];
  const owners = new Map<string, AddressOwner>(
    (await lockAddressOwners(tx, scope.ledgerId, ids)).map((owner) => [owner.id, owner]),
  );
  const addresses: Address[] = [];
  for (const { accountId, index } of wanted) {
    const owner = owners.get(accountId);
    if (!owner) throw new LedgerError('accountNotExists');
    if (isVirtual(owner.currency) || !derivesAddresses(owner.currency)) {
      throw new LedgerError('offchainNotSupported', { currency: owner.currency });
    }
    if (owner.xpub === null) throw new LedgerError('accountXpubMissing');
    const derivationKey = index ?? (owner.last_index === null ? 0 : owner.last_index + 1);
    let address: string;
    try {
      address = deriveAddress(owner.currency, scope.network, owner.xpub, derivationKey);
    } catch (error) {
      // An index the caller gave is in range (the route's schema); the next one may not be.
      if (error instanceof DerivationError && error.reason === 'index')
        throw new LedgerError('addressGenerationFailed');
      if (error instanceof DerivationError) throw new LedgerError('addressGenerationWrongXpub');
      throw error;
    }
    const outcome = await insertAddress(tx, {
      ledgerId: scope.ledgerId,
      accountId,
      currency: owner.currency,
      address,
      derivationKey,
      xpub: owner.xpub,
      tag: null,
    });
    if (outcome === 'indexUsed') throw new LedgerError('addressIndexUsed');
    if (outcome === 'addressUsed') throw new LedgerError('addressUsed');
    owner.last_index = Math.max(owner.last_index ?? -1, derivationKey);
    addresses.push({
      address,
      currency: owner.currency,
      derivationKey,
      xpub: owner.xpub,
      destinationTag: null,
      memo: null,
      message: null,
    });
  }
  return addresses;
}

/**
 * Derives the account's address at `index`, or at its last used index + 1. Throws accountNotExists,
 * offchainNotSupported, accountXpubMissing, addressGenerationWrongXpub, addressGenerationFailed (no index
 * left), addressIndexUsed, addressUsed.
 */
export async function generateDepositAddress(
  db: Database,
  scope: LedgerScope,
  accountId: string,
  index: number | undefined,
): Promise<Address> {
  const [address] = await db.transaction((tx) => generate(tx, scope, [{ accountId, index }]));
  return address!;
}

/** Every address of the batch, or none. Throws what generateDepositAddress throws. */
export async function generateDepositAddressesBatch(
  db: Database,
  scope: LedgerScope,
  request: GenerateAddressesBatch,
): Promise<Address[]> {
  const wanted = request.addresses.map((a) => ({ accountId: a.accountId, index: a.derivationKey }));
  return db.transaction((tx) => generate(tx, scope, wanted));
}

/** The account's addresses, oldest first. Throws accountNotExists. */
export async function getAllDepositAddresses(db: Database, scope: LedgerScope, accountId: string): Promise<Address[]> {
  if (!(await findAddressOwner(db, scope.ledgerId, accountId))) throw new LedgerError('accountNotExists');
  return (await listAddresses(db, accountId)).map(rowToAddress);
}

/** The account holding the address for the asset. Throws addressNotFound. */
export async function addressExists(
  db: Database,
  scope: LedgerScope,
  address: string,
  currency: string,
  tag: number | undefined,
): Promise<Account> {
  const holder = await findAddressHolder(db, scope.ledgerId, currency, address, tag ?? null);
  const row = holder === undefined ? undefined : await findAccountById(db, scope.ledgerId, holder);
  if (!row) throw new LedgerError('addressNotFound');
  return accountRowToAccount(row);
}

/**
 * Gives an address obtained elsewhere to an account without an xpub, with `tag` for chains where
 * accounts share an address. Throws accountNotExists, offchainNotSupported (a virtual currency),
 * accountXpubPresent, addressUsed.
 */
export async function assignAddress(
  db: Database,
  scope: LedgerScope,
  accountId: string,
  address: string,
  tag: number | undefined,
): Promise<Address> {
  const owner = await findAddressOwner(db, scope.ledgerId, accountId);
  if (!owner) throw new LedgerError('accountNotExists');
  if (isVirtual(owner.currency)) throw new LedgerError('offchainNotSupported', { currency: owner.currency });
  if (owner.xpub !== null) throw new LedgerError('accountXpubPresent');
  const outcome = await insertAddress(db, {
    ledgerId: scope.ledgerId,
    accountId,
    currency: owner.currency,
    address,
    derivationKey: null,
    xpub: null,
    tag: tag ?? null,
  });
  if (outcome !== 'inserted') throw new LedgerError('addressUsed');
  return rowToAddress({
    address,
    currency: owner.currency,
    derivation_key: null,
    xpub: null,
    tag: tag === undefined ? null : String(tag),
  });
}

/** Takes the address from the account. Throws accountNotExists, addressNotFound. */
export async function removeDepositAddress(
  db: Database,
  scope: LedgerScope,
  accountId: string,
  address: string,
  tag: number | undefined,
): Promise<void> {
  if (!(await findAddressOwner(db, scope.ledgerId, accountId))) throw new LedgerError('accountNotExists');
  if (!(await removeAddress(db, accountId, address, tag ?? null))) throw new LedgerError('addressNotFound');
}
