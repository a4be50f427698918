// Amount checks on the decimal string itself: exact, and no JS number is ever made of money.
// Arithmetic happens in SQL on NUMERIC.

const hasNonZeroDigit = (digits: string) => /[1-9]/.test(digits);

/** "0", "0.000", "+.0" are zero. The string already matched the contract's amount pattern. */
export function isZeroAmount(amount: string): boolean {
  return !hasNonZeroDigit(amount);
}

/** Whether a positive amount is at least 10^-places, e.g. 0.00000001 for places = 8. */
export function isAtLeastSmallestUnit(amount: string, places: number): boolean {
  const [whole = '', fraction = ''] = amount.replace('+', '').split('.');
  return hasNonZeroDigit(whole) || hasNonZeroDigit(fraction.slice(0, places));
}

// Tatum refuses payments below these assets' smallest units (amount.btc, amount.eth).
const SMALLEST_UNIT: Record<string, { places: number; reason: 'amountBtc' | 'amountEth' }> = {
  BTC: { places: 8, reason: 'amountBtc' },
  LTC: { places: 8, reason: 'amountBtc' },
  BCH: { places: 8, reason: 'amountBtc' },
  DOGE: { places: 8, reason: 'amountBtc' },
  ETH: { places: 12, reason: 'amountEth' },
};

/** The refusal for an amount below the currency's smallest unit, if any. */
export function belowSmallestUnit(currency: string, amount: string): 'amountBtc' | 'amountEth' | undefined {
  const unit = SMALLEST_UNIT[currency];
  return unit && !isAtLeastSmallestUnit(amount, unit.places) ? unit.reason : undefined;
}

/**
 * Every asset whose smallest unit `amount` is below, with its refusal: for a check made in SQL, in the
 * statement that reads the account's currency.
 */
export function smallestUnitRefusals(amount: string): { currency: string; reason: 'amountBtc' | 'amountEth' }[] {
  return Object.keys(SMALLEST_UNIT).flatMap((currency) => {
    const reason = belowSmallestUnit(currency, amount);
    return reason ? [{ currency, reason }] : [];
  });
}

/**
 * The smallest units as a table, for the payment function (payments.repository.ts) to check in the
 * statement that reads the sender's currency: a positive amount is below an asset's smallest unit
 * exactly when it is less than 10^-places.
 */
export const SMALLEST_UNITS = Object.entries(SMALLEST_UNIT).map(([currency, { places, reason }]) => ({
  currency,
  minimum: `1e-${places}`,
  refusal: reason,
}));

/**
 * The decimals of each chain's coin where the server knows them: what a deposit may carry, and the
 * smallest amount a withdrawal may send.
 */
export const CHAIN_DECIMALS: Readonly<Record<string, number>> = { BTC: 8, LTC: 8, BCH: 8, DOGE: 8, ETH: 18 };
