// The available balance, written once, as SQL over an accounts row: the balance less the blockages
// (their sum, `blocked`, is kept on the row), or 0 while the account is frozen or its customer
// disabled, the account balance staying as it is (docs/decisions/0017-available-balance.md,
// 0016-account-freeze.md, 0012-disabled-customer.md). Balances are computed when read: that is what
// keeps disable and enable O(1) in the number of accounts. Every statement that shows, checks or
// reports an available balance builds it from here.

export interface BalanceOf {
  /** The alias of the accounts row. */
  account?: string;
  /** Its customer's `enabled` flag: a column or a subquery, NULL for an account without a customer. */
  customerEnabled?: string;
  /** The amount of a blockage the same step deletes: no longer among the blocked. */
  released?: string;
}

function parts({ account = 'a', customerEnabled = 'c.enabled', released }: BalanceOf) {
  const blocked = released === undefined ? `${account}.blocked` : `(${account}.blocked - ${released})`;
  return {
    zeroed: `(${account}.frozen OR ${customerEnabled} IS FALSE)`,
    unblocked: `${account}.balance - ${blocked}`,
  };
}

/** What the blockages leave of the balance, the flags aside: the available balance of an account that is neither frozen nor disabled. */
export function unblockedBalance(of: BalanceOf = {}): string {
  return parts(of).unblocked;
}

/** The available balance, NUMERIC; it may be negative when more is blocked than held. */
export function availableBalance(of: BalanceOf = {}): string {
  const { zeroed, unblocked } = parts(of);
  return `CASE WHEN ${zeroed} THEN 0 ELSE ${unblocked} END`;
}

/**
 * Whether the available balance covers `amount` (an SQL expression). While the flags zero it nothing
 * is covered, not even 0: a frozen account or a disabled customer moves and holds nothing.
 */
export function availableCovers(amount: string, of: BalanceOf = {}): string {
  const { zeroed, unblocked } = parts(of);
  return `(NOT ${zeroed} AND ${unblocked} >= ${amount})`;
}
