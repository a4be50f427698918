import type { Queryable } from '../../storage/database.js';

// The moves across a ledger's boundary (docs/decisions/0025-ledger-boundary.md), each one database
// function of migration 011 that judges, moves the money and writes the record in one statement:
// a deposit credited, a withdrawal debited, a withdrawal cancelled and refunded.

export interface DepositReport {
  ledgerId: string;
  currency: string;
  address: string | null;
  tag: number | null;
  accountId: string | null;
  txId: string;
  vout: number;
  amount: string;
  status: string;
  blockHeight: number;
  blockHash: string | null;
  from: string | null;
  /** The reference the deposit takes if this is its first report. */
  reference: string;
}

/** Records or advances a deposit; answers its seq, or the refusal (addressNotFound, accountNotExists, offchainNotSupported). */
export async function reportDeposit(
  db: Queryable,
  report: DepositReport,
): Promise<{ refusal: string | null; deposit: string | null }> {
  const rows = await db.query<{ refusal: string | null; deposit: string | null }>(
    `SELECT refusal, deposit::text AS deposit
       FROM ledger_report_deposit($1, $2, $3, $4::bigint, $5, $6, $7::int, $8::numeric, $9, $10::bigint, $11, $12, $13)`,
    [
      report.ledgerId,
      report.currency,
      report.address,
      report.tag,
      report.accountId,
      report.txId,
      report.vout,
      report.amount,
      report.status,
      report.blockHeight,
      report.blockHash,
      report.from,
      report.reference,
    ],
  );
  return rows[0]!;
}

export interface WithdrawalOrder {
  ledgerId: string;
  id: string;
  senderAccountId: string;
  address: string;
  /** How many addresses `address` lists. */
  addresses: number;
  amount: string;
  fee: string;
  attr: string | null;
  multipleAmounts: readonly string[] | null;
  compliant: boolean;
  paymentId: string | null;
  senderNote: string | null;
  reference: string;
}

export interface WithdrawalRules {
  /** The compliance policy as JSON, sent only when the withdrawal asks for the check. */
  policyJson: string;
  nativeAssets: readonly string[];
  oneAtATimeAssets: readonly string[];
  smallestUnits: readonly { currency: string; minimum: string; refusal: string }[];
}

export interface WithdrawalAnswer {
  /** Null when the withdrawal was stored. */
  refusal: string | null;
  /** The compliance reason, the disabled customer, the pending withdrawal or the available balance. */
  detail: string | null;
  /** When the balance fell short: what the withdrawal would have debited. */
  debit: string | null;
}

/** Judges and debits a withdrawal. */
export async function withdraw(
  db: Queryable,
  order: WithdrawalOrder,
  rules: WithdrawalRules,
): Promise<WithdrawalAnswer> {
  const rows = await db.query<WithdrawalAnswer>(
    `SELECT refusal, detail, debit
       FROM ledger_withdraw($1, $2, $3, $4, $5::int, $6::numeric, $7::numeric, $8, $9::text[], $10::boolean, $11, $12,
                            $13, $14::jsonb, $15::text[], $16::text[], $17::text[], $18::numeric[], $19::text[])`,
    [
      order.ledgerId,
      order.id,
      order.senderAccountId,
      order.address,
      order.addresses,
      order.amount,
      order.fee,
      order.attr,
      order.multipleAmounts,
      order.compliant,
      order.paymentId,
      order.senderNote,
      order.reference,
      order.compliant ? rules.policyJson : null,
      rules.nativeAssets,
      rules.oneAtATimeAssets,
      rules.smallestUnits.map((unit) => unit.currency),
      rules.smallestUnits.map((unit) => unit.minimum),
      rules.smallestUnits.map((unit) => unit.refusal),
    ],
  );
  return rows[0]!;
}

/** Cancels a withdrawal and refunds it; answers the refusal, or null. */
export async function cancelWithdrawal(
  db: Queryable,
  ledgerId: string,
  id: string,
  revert: boolean,
  reference: string,
): Promise<string | null> {
  const rows = await db.query<{ refusal: string | null }>(
    'SELECT refusal FROM ledger_cancel_withdrawal($1, $2, $3::boolean, $4)',
    [ledgerId, id, revert, reference],
  );
  return rows[0]!.refusal;
}
