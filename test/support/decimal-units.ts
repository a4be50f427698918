// Money in the tests is a BigInt count of 10^-8 units: sums and comparisons are exact, as they are on
// the server's NUMERIC, and no JS number ever holds an amount. Amounts go to the server as strings
// written from those units, in any of the spellings the contract's amount pattern allows.

export const DECIMALS = 8;
export const ONE = 10n ** BigInt(DECIMALS);

/** Reads a decimal string ("12", "-0.5", "+.25", "3.") into units. Throws on more than 8 decimals. */
export function parseUnits(text: string): bigint {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] === '' && !match[3])) throw new Error(`not a decimal string: '${text}'`);
  const [, sign, whole, fraction = ''] = match;
  if (fraction.replace(/0+$/, '').length > DECIMALS) throw new Error(`more than ${DECIMALS} decimals: '${text}'`);
  const units = BigInt(whole || '0') * ONE + BigInt(fraction.slice(0, DECIMALS).padEnd(DECIMALS, '0'));
  return sign === '-' ? -units : units;
}

/**
 * How an amount is spelled on the wire. `canonical` is what the server answers with (PostgreSQL's
 * trim_scale: no trailing zeros, "0" for zero); the others are inputs the contract's pattern accepts.
 */
export type AmountStyle = 'canonical' | 'padded' | 'plus' | 'bare';

/** Writes units as a decimal string; negative amounts only in the canonical style. */
export function formatUnits(units: bigint, style: AmountStyle = 'canonical'): string {
  const negative = units < 0n;
  if (negative && style !== 'canonical') throw new Error(`a ${style} amount cannot be negative`);
  const abs = negative ? -units : units;
  const whole = (abs / ONE).toString();
  const fraction = (abs % ONE).toString().padStart(DECIMALS, '0');
  const trimmed = fraction.replace(/0+$/, '');
  switch (style) {
    case 'canonical':
      return `${negative ? '-' : ''}${whole}${trimmed ? `.${trimmed}` : ''}`;
    case 'padded':
      return `${whole}.${fraction}`;
    case 'plus':
      return `+${formatUnits(units)}`;
    case 'bare':
      // "0.5" as ".5", "7" as "7.": both match ^[+]?((\d+(\.\d*)?)|(\.\d+))$.
      if (whole === '0' && trimmed) return `.${trimmed}`;
      return trimmed ? `${whole}.${trimmed}` : `${whole}.`;
  }
}

export const sumUnits = (values: Iterable<bigint>): bigint => {
  let total = 0n;
  for (const value of values) total += value;
  return total;
};
