import { Type } from 'typebox';

// Tatum's amount: a non-negative decimal string, at most 38 characters. Never parsed into a JS number;
// it goes to PostgreSQL's NUMERIC as text.
export const AMOUNT_PATTERN = '^[+]?((\\d+(\\.\\d*)?)|(\\.\\d+))$';
export const Amount = Type.String({
  pattern: AMOUNT_PATTERN,
  maxLength: 38,
  description: 'Decimal amount, as a string',
});

/** A 24-character account id, as the clients check it before sending. */
export const AccountId24 = Type.String({ minLength: 24, maxLength: 24 });

/** The optional fields every payment carries: send, batch send items and unblock-with-transaction. */
export const paymentOptions = {
  anonymous: Type.Optional(Type.Boolean({ default: false, description: 'Hide the sender from the recipient' })),
  compliant: Type.Optional(Type.Boolean({ description: 'Run the compliance engine over both customers' })),
  transactionCode: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  paymentId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  recipientNote: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  // No schema default: an absent rate means the virtual currency's own rate, not 1.
  baseRate: Type.Optional(
    Type.Number({ minimum: 0, description: "Exchange rate of the base pair; the virtual currency's own when absent" }),
  ),
  senderNote: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
};

export const TransactionResult = Type.Object({ reference: Type.String() });
