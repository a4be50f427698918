import type { Queryable } from '../../storage/database.js';

// Payments are judged and applied by one database function, ledger_pay (migration 010,
// docs/decisions/0046-payments-in-one-call.md): one statement for a group of payments, whatever their
// number, and the only SQL that moves money between accounts.

/** One payment of a unit, its reference made beforehand. */
export interface PaymentItem {
  recipientAccountId: string;
  /** Positive decimal string, as the request gave it. */
  amount: string;
  reference: string;
  /** The rate to value a virtual currency in its base pair with, instead of the currency's own. */
  baseRate?: string;
  anonymous: boolean;
  compliant: boolean;
  transactionCode?: string;
  paymentId?: string;
  senderNote?: string;
  recipientNote?: string;
}

/**
 * What is judged as a whole: a payment, a batch request's payments, or an unblock with a transaction,
 * which pays one item out of a blockage (its account is the sender).
 */
export type PaymentUnit = {
  ledgerId: string;
  items: readonly PaymentItem[];
} & ({ senderAccountId: string; blockageId?: undefined } | { senderAccountId?: undefined; blockageId: string });

/** What ledger_pay answers for a unit: `refusal` null when it went through. */
export interface UnitAnswer {
  refusal: string | null;
  /** The item (0-based) the refusal is about, when it is about one. */
  item: number | null;
  /** The sender as judged: for an unblock, the blockage's account once it is found. */
  sender: string | null;
  /** The available balance before that item, the compliance reason, or the disabled customer. */
  detail: string | null;
}

/** The rules a group is judged by besides the rows: what the server is configured with. */
export interface PaymentRules {
  /** The compliance policy as JSON, sent only with a group where some payment asks for the check. */
  policyJson: string;
  /** Each asset's smallest payable amount and the refusal below it. */
  smallestUnits: readonly { currency: string; minimum: string; refusal: string }[];
}

const PAY = `
  SELECT refusal, item, sender, detail
    FROM ledger_pay($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::numeric[], $7::text[],
                    $8::numeric[], $9::boolean[], $10::text[], $11::text[], $12::text[], $13::text[],
                    $14::boolean[], $15::jsonb, $16::text[], $17::numeric[], $18::text[])`;

/**
 * Judges the units in their order, each against what the units before it left, and applies those that
 * pass, in one statement: on its own it is its own transaction; inside one, part of it. Answers in unit
 * order.
 */
export async function payGroup(
  db: Queryable,
  units: readonly PaymentUnit[],
  rules: PaymentRules,
): Promise<UnitAnswer[]> {
  const items = units.flatMap((unit, index) => unit.items.map((item) => ({ unit: index + 1, ...item })));
  const column = <T>(pick: (item: (typeof items)[number]) => T) => items.map(pick);
  return db.query<UnitAnswer>(PAY, [
    units.map((unit) => unit.ledgerId),
    units.map((unit) => unit.senderAccountId ?? null),
    units.map((unit) => unit.blockageId ?? null),
    column((item) => item.unit),
    column((item) => item.recipientAccountId),
    column((item) => item.amount),
    column((item) => item.reference),
    column((item) => item.baseRate ?? null),
    column((item) => item.anonymous),
    column((item) => item.transactionCode ?? null),
    column((item) => item.paymentId ?? null),
    column((item) => item.senderNote ?? null),
    column((item) => item.recipientNote ?? null),
    column((item) => item.compliant),
    items.some((item) => item.compliant) ? rules.policyJson : null,
    rules.smallestUnits.map((unit) => unit.currency),
    rules.smallestUnits.map((unit) => unit.minimum),
    rules.smallestUnits.map((unit) => unit.refusal),
  ]);
}
