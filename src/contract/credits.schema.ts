import { Type, type Static } from 'typebox';

/**
 * One day of `GET /v3/tatum/usage`, Tatum's `Consumption`. Tatum's generated clients (api-client's
 * `Consumption`, PHP's `Consumption`) document `day` as "The date in the MM/DD/YYYY format", so that is
 * the format here; days are UTC.
 */
export const Consumption = Type.Object({
  day: Type.String({ description: 'The day, MM/DD/YYYY (UTC)', examples: ['11/21/2026'] }),
  usage: Type.Integer({ minimum: 0, description: 'The credits used on the day' }),
});
export type Consumption = Static<typeof Consumption>;

/** `YYYY-MM-DD` as Tatum's `Consumption.day` writes it, `MM/DD/YYYY`. */
export function consumptionDay(isoDay: string): string {
  const [year, month, day] = isoDay.split('-');
  return `${month}/${day}/${year}`;
}
