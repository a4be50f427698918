-- Money: virtual currencies bring value into a ledger, payments move it, blockages hold it.
-- Every amount is NUMERIC; a balance changes only together with the transaction records that explain it.

-- `blocked` is the sum of the account's blockages, kept in the same transaction as every blockage
-- change, so that balances and the account list's available_balance sort need no aggregate.
ALTER TABLE accounts ADD COLUMN blocked numeric NOT NULL DEFAULT 0;

CREATE TABLE virtual_currencies (
  ledger_id text NOT NULL REFERENCES ledgers (id),
  name text NOT NULL,
  supply numeric NOT NULL,
  base_pair text NOT NULL,
  base_rate numeric NOT NULL DEFAULT 1,
  description text,
  issuer_account_id text NOT NULL REFERENCES accounts (id),
  customer_id text REFERENCES customers (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ledger_id, name)
);

CREATE TABLE blockages (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  ledger_id text NOT NULL REFERENCES ledgers (id),
  account_id text NOT NULL REFERENCES accounts (id),
  amount numeric NOT NULL CHECK (amount >= 0),
  type text NOT NULL,
  description text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX blockages_account_seq ON blockages (account_id, seq);

-- One row per account touched: a payment writes two (the sender's negative DEBIT_PAYMENT and the
-- recipient's CREDIT_PAYMENT) under one reference. customer_id is the account's customer, which never
-- changes, copied here so that the per-customer find needs no join.
CREATE TABLE transactions (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ledger_id text NOT NULL REFERENCES ledgers (id),
  account_id text NOT NULL REFERENCES accounts (id),
  customer_id text,
  counter_account_id text,
  reference text NOT NULL,
  amount numeric NOT NULL,
  currency text NOT NULL,
  operation_type text NOT NULL,
  transaction_type text NOT NULL,
  anonymous boolean NOT NULL DEFAULT false,
  transaction_code text,
  payment_id text,
  sender_note text,
  recipient_note text,
  market_value_amount numeric NOT NULL,
  market_value_currency text NOT NULL,
  market_value_source text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX transactions_account_seq ON transactions (account_id, seq);
CREATE INDEX transactions_customer_seq ON transactions (customer_id, seq);
CREATE INDEX transactions_ledger_seq ON transactions (ledger_id, seq);
CREATE INDEX transactions_reference ON transactions (ledger_id, reference);
