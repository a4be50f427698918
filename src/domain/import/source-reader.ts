import type { Account } from '../../contract/account.schema.js';
import type { Address } from '../../contract/address.schema.js';
import type { Blockage } from '../../contract/blockage.schema.js';
import type { Customer } from '../../contract/customer.schema.js';
import type { Deposit } from '../../contract/deposit.schema.js';
import type { Subscription } from '../../contract/subscription.schema.js';
import type { Trade } from '../../contract/trade.schema.js';
import type { Transaction } from '../../contract/transaction.schema.js';
import type { VC } from '../../contract/virtual-currency.schema.js';
import type { Withdrawal } from '../../contract/withdrawal.schema.js';
import { SourceRefusal, type SourceClient } from './source-client.js';

// What the import reads, as Tatum's public API lists it: one call per page, pages of 50 (Tatum's
// largest), each read at an offset the caller keeps, so that an import can stop after any page and
// go on from the next (docs/decisions/0038-ledger-import.md). The shapes are Tatum's, which are ours.

export const PAGE_SIZE = 50;

/** Transactions created within [from, to], UTC milliseconds, both ends included as Tatum's filter has them. */
export interface TransactionWindow {
  from?: number;
  to: number;
}

function list<T>(answer: unknown, what: string): T[] {
  if (!Array.isArray(answer)) throw new TypeError(`the source's ${what} is not a list`);
  return answer as T[];
}

export class SourceReader {
  constructor(private readonly client: SourceClient) {}

  async customers(offset: number): Promise<Customer[]> {
    return list(await this.client.get(`/v3/ledger/customer?pageSize=${PAGE_SIZE}&offset=${offset}`), 'customer list');
  }

  async accounts(offset: number): Promise<Account[]> {
    return list(await this.client.get(`/v3/ledger/account?pageSize=${PAGE_SIZE}&offset=${offset}`), 'account list');
  }

  /** The ledger's accounts, for the progress line; undefined where the source does not count them. */
  async accountCount(): Promise<number | undefined> {
    const answer = (await this.#optional(() => this.client.get('/v3/ledger/account/count'))) as { total?: unknown };
    return typeof answer?.total === 'number' ? answer.total : undefined;
  }

  /** The virtual currency of that name, or undefined when it is none (a chain asset). */
  async virtualCurrency(name: string): Promise<VC | undefined> {
    try {
      return (await this.client.get(`/v3/ledger/virtualCurrency/${encodeURIComponent(name)}`)) as VC;
    } catch (error) {
      if (error instanceof SourceRefusal && (error.status === 403 || error.status === 404)) return undefined;
      throw error;
    }
  }

  async blockages(accountId: string, offset: number): Promise<Blockage[]> {
    return list(
      await this.client.get(`/v3/ledger/account/block/${accountId}?pageSize=${PAGE_SIZE}&offset=${offset}`),
      'blockage list',
    );
  }

  /** The account's deposit addresses; none where the source will not list them (an inactive account). */
  async addresses(accountId: string): Promise<Address[]> {
    try {
      return list(await this.client.get(`/v3/offchain/account/${accountId}/address`), 'address list');
    } catch (error) {
      if (error instanceof SourceRefusal && error.status === 403) return [];
      throw error;
    }
  }

  async transactions(window: TransactionWindow, offset: number): Promise<Transaction[]> {
    return list(
      await this.client.search(`/v3/ledger/transaction/ledger?pageSize=${PAGE_SIZE}&offset=${offset}`, window),
      'transaction list',
    );
  }

  async transactionCount(window: TransactionWindow): Promise<number | undefined> {
    const answer = await this.#optional(() => this.client.search('/v3/ledger/transaction/ledger?count=true', window));
    return typeof answer === 'number' ? answer : undefined;
  }

  /** One account's transactions counted, for the verification. */
  async accountTransactionCount(accountId: string): Promise<number> {
    const answer = await this.client.search('/v3/ledger/transaction/account?count=true', { id: accountId });
    if (typeof answer !== 'number')
      throw new TypeError(`the source's count of ${accountId}'s transactions is no number`);
    return answer;
  }

  /** Every withdrawal, whatever its state, in the source's order (creation order). */
  async withdrawals(offset: number): Promise<Withdrawal[]> {
    return list(
      await this.client.get(`/v3/offchain/withdrawal?pageSize=${PAGE_SIZE}&offset=${offset}`),
      'withdrawal list',
    );
  }

  /** Deposits go by page number, not offset (Tatum's getDeposits), oldest first. */
  async deposits(page: number): Promise<Deposit[]> {
    return list(
      await this.client.get(`/v3/ledger/deposits?pageSize=${PAGE_SIZE}&page=${page}&sort=asc`),
      'deposit list',
    );
  }

  async subscriptions(offset: number): Promise<Subscription[]> {
    return list(await this.client.get(`/v3/subscription?pageSize=${PAGE_SIZE}&offset=${offset}`), 'subscription list');
  }

  /** Open trades of one side of the book. */
  async openTrades(type: 'BUY' | 'SELL', offset: number): Promise<Trade[]> {
    const path = type === 'BUY' ? '/v3/trade/buy' : '/v3/trade/sell';
    return list(await this.client.search(path, { pageSize: PAGE_SIZE, offset }), 'trade list');
  }

  /** One trade, or undefined where the source has none by that id (a cancelled one, as Tatum has it). */
  async trade(id: string): Promise<Trade | undefined> {
    try {
      return (await this.client.get(`/v3/trade/${encodeURIComponent(id)}`)) as Trade;
    } catch (error) {
      if (error instanceof SourceRefusal && (error.status === 403 || error.status === 404)) return undefined;
      throw error;
    }
  }

  /** Closed trades, oldest first. */
  async closedTrades(offset: number): Promise<Trade[]> {
    return list(await this.client.search('/v3/trade/history', { pageSize: PAGE_SIZE, offset }), 'trade history');
  }

  /** A read some sources do not serve: undefined on a refusal. */
  async #optional(read: () => Promise<unknown>): Promise<unknown> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof SourceRefusal) return undefined;
      throw error;
    }
  }
}
