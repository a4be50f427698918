-- The ledger's boundary (docs/decisions/0025-ledger-boundary.md): deposit addresses, deposits reported by
-- the operator's chain watcher, and withdrawals. Assets other than virtual currencies enter a ledger only
-- by a credited deposit and leave it only by a withdrawal.

-- Records carry the chain's side as Tatum's Transaction describes it: a deposit's record its address and
-- chain transaction; a withdrawal's its recipient as the counter account and, for XRP or XLM, the
-- destination tag or memo (attr). Records are never changed afterwards: a withdrawal's chain
-- transaction is on the withdrawal.
ALTER TABLE transactions ADD COLUMN address text, ADD COLUMN tx_id text, ADD COLUMN attr text;

-- An account's deposit addresses (docs/decisions/0026-deposit-addresses.md): derived from its xpub at
-- `derivation_key`, or assigned by hand, with `tag` the index given then (XRP destination tag, XLM
-- message, BNB memo). A removed derived address stays, `removed`, so that it is never derived again.
CREATE TABLE deposit_addresses (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ledger_id text NOT NULL REFERENCES ledgers (id),
  account_id text NOT NULL REFERENCES accounts (id),
  currency text NOT NULL,
  address text NOT NULL,
  derivation_key integer CHECK (derivation_key >= 0),
  xpub text,
  tag bigint CHECK (tag >= 1),
  removed boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- An address (with its tag) belongs to at most one account of a ledger per asset; an ETH account and a
-- USDT account derived from one key share their addresses.
CREATE UNIQUE INDEX deposit_addresses_address ON deposit_addresses (ledger_id, currency, address, coalesce(tag, 0));
CREATE UNIQUE INDEX deposit_addresses_index ON deposit_addresses (account_id, derivation_key)
  WHERE derivation_key IS NOT NULL;
CREATE INDEX deposit_addresses_account_seq ON deposit_addresses (account_id, seq);

-- Deposits as the watcher reports them (docs/decisions/0027-deposit-reports.md), one row per chain
-- output: (currency, tx_id, vout, and the address, or the account when none was given) within a ledger.
-- `reference` is made at the first report and is the reference of the CREDIT_DEPOSIT record once Done.
CREATE TABLE deposits (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ledger_id text NOT NULL REFERENCES ledgers (id),
  account_id text NOT NULL REFERENCES accounts (id),
  currency text NOT NULL,
  address text,
  tag bigint,
  xpub text,
  derivation_key integer,
  tx_id text NOT NULL,
  vout integer NOT NULL,
  amount numeric NOT NULL CHECK (amount > 0),
  status text NOT NULL CHECK (status IN ('InProgress', 'Done', 'Failed')),
  block_height bigint NOT NULL,
  block_hash text,
  from_address text,
  reference text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX deposits_report ON deposits (ledger_id, currency, tx_id, vout, coalesce(address, account_id),
  coalesce(tag, 0));
CREATE INDEX deposits_ledger_seq ON deposits (ledger_id, seq);
CREATE INDEX deposits_account_seq ON deposits (account_id, seq);

-- Withdrawals (docs/decisions/0028-withdrawals.md). What left the balance is amount + fee, or the amount
-- alone for a token whose fee is paid in another asset (`fee_included` false); `refund` is what a cancel
-- gave back.
CREATE TABLE withdrawals (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  ledger_id text NOT NULL REFERENCES ledgers (id),
  account_id text NOT NULL REFERENCES accounts (id),
  currency text NOT NULL,
  address text NOT NULL,
  amount numeric NOT NULL,
  fee numeric NOT NULL,
  fee_included boolean NOT NULL,
  refund numeric,
  attr text,
  multiple_amounts text[],
  payment_id text,
  sender_note text,
  reference text NOT NULL,
  tx_id text,
  status text NOT NULL CHECK (status IN ('InProgress', 'Done', 'Cancelled')),
  -- One unfinished withdrawal per UTXO coin and ledger: two would be built on the same unspent outputs.
  one_at_a_time boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX withdrawals_one_pending ON withdrawals (ledger_id, currency)
  WHERE status = 'InProgress' AND one_at_a_time;
CREATE INDEX withdrawals_ledger_seq ON withdrawals (ledger_id, seq);

-- A deposit report, in one statement: finds the account (by the address it holds for the asset, or by
-- id), records the deposit at its first report, and moves it InProgress → Done (crediting the account
-- once) or InProgress → Failed. A report about a deposit already Done or Failed, or one that contradicts
-- what was first reported (another amount), changes nothing. Concurrent reports of one deposit wait for
-- each other on its account, then on its row, so it is credited once. Answers the refusal (addressNotFound, accountNotExists,
-- offchainNotSupported) or the deposit's seq.
CREATE FUNCTION ledger_report_deposit(
  d_ledger text, d_currency text, d_address text, d_tag bigint, d_account text, d_tx_id text, d_vout integer,
  d_amount numeric, d_status text, d_block_height bigint, d_block_hash text, d_from text, d_reference text
) RETURNS TABLE (refusal text, deposit bigint) LANGUAGE plpgsql AS $$
DECLARE
  account text; key text; key_index integer; found_seq bigint;
  d deposits%ROWTYPE;
BEGIN
  IF d_address IS NOT NULL THEN
    SELECT da.account_id, da.xpub, da.derivation_key INTO account, key, key_index
      FROM deposit_addresses da
     WHERE da.ledger_id = d_ledger AND da.currency = d_currency AND da.address = d_address
       AND coalesce(da.tag, 0) = coalesce(d_tag, 0) AND NOT da.removed;
    IF account IS NULL OR (d_account IS NOT NULL AND account <> d_account) THEN
      RETURN QUERY SELECT 'addressNotFound'::text, NULL::bigint;
      RETURN;
    END IF;
  ELSE
    SELECT a.id INTO account FROM accounts a
     WHERE a.ledger_id = d_ledger AND a.id = d_account AND a.currency = d_currency;
    IF account IS NULL THEN
      RETURN QUERY SELECT 'accountNotExists'::text, NULL::bigint;
      RETURN;
    END IF;
    IF d_currency LIKE 'VC\_%' THEN
      RETURN QUERY SELECT 'offchainNotSupported'::text, NULL::bigint;
      RETURN;
    END IF;
  END IF;

  -- The account first, then its deposit: the order every move takes, accounts before what hangs off them.
  PERFORM 1 FROM accounts a WHERE a.id = account FOR UPDATE;

  INSERT INTO deposits (ledger_id, account_id, currency, address, tag, xpub, derivation_key, tx_id, vout, amount,
      status, block_height, block_hash, from_address, reference)
    VALUES (d_ledger, account, d_currency, d_address, d_tag, key, key_index, d_tx_id, d_vout, d_amount,
      'InProgress', d_block_height, d_block_hash, d_from, d_reference)
    ON CONFLICT DO NOTHING;

  SELECT * INTO d FROM deposits x
   WHERE x.ledger_id = d_ledger AND x.currency = d_currency AND x.tx_id = d_tx_id AND x.vout = d_vout
     AND coalesce(x.address, x.account_id) = coalesce(d_address, account) AND coalesce(x.tag, 0) = coalesce(d_tag, 0)
     FOR UPDATE;
  found_seq := d.seq;

  IF d.status = 'InProgress' AND d.amount = d_amount AND d_status <> 'InProgress' THEN
    UPDATE deposits SET status = d_status, block_height = d_block_height,
           block_hash = coalesce(d_block_hash, block_hash), updated_at = now()
     WHERE seq = found_seq;
    IF d_status = 'Done' THEN
      -- Credited whatever the account's or its customer's state: the coins are in custody.
      UPDATE accounts SET balance = balance + d.amount WHERE id = d.account_id;
      INSERT INTO transactions (ledger_id, account_id, customer_id, counter_account_id, reference, amount, currency,
          operation_type, transaction_type, address, tx_id, market_value_amount, market_value_currency,
          market_value_source)
        SELECT d.ledger_id, a.id, a.customer_id, d.from_address, d.reference, d.amount, d.currency,
               'DEPOSIT', 'CREDIT_DEPOSIT', d.address, d.tx_id, d.amount, d.currency, 'ledger'
          FROM accounts a WHERE a.id = d.account_id;
    END IF;
  END IF;
  RETURN QUERY SELECT NULL::text, found_seq;
END
$$;

-- A withdrawal, in one statement: locks the sender, judges it as a payment's sender is judged and by the
-- withdrawal's own rules, and debits amount + fee (or the amount alone for a token) with one
-- WITHDRAWAL / DEBIT_WITHDRAWAL record. The refusals, in the order they are checked:
--   senderAccountNotExists, withdrawalAccountVirtual, withdrawalRecipientFormat (several addresses for a
--   coin that takes one), the asset's smallest unit (amount, then fee: unit_refusals / feeFormat),
--   transactionNotCompliant, senderAccountFrozen, senderAccountCustomerDisabled, withdrawalPending,
--   balanceInsufficient.
-- Answers the refusal (NULL when it went through), a detail (the compliance reason, the disabled
-- customer, the pending withdrawal's id, or the available balance) and, when the balance falls short,
-- what the withdrawal would have debited.
CREATE FUNCTION ledger_withdraw(
  w_ledger text, w_id text, w_sender text, w_address text, w_addresses integer, w_amount numeric, w_fee numeric,
  w_attr text, w_multiple_amounts text[], w_compliant boolean, w_payment_id text, w_sender_note text,
  w_reference text, policy jsonb, native_assets text[], one_at_a_time_assets text[], unit_currencies text[],
  unit_minimums numeric[], unit_refusals text[]
) RETURNS TABLE (refusal text, detail text, debit text) LANGUAGE plpgsql AS $$
DECLARE
  s record;
  k int;
  about text;
  included boolean;
  single boolean;
  wanted numeric;
  available numeric;
  pending text;
BEGIN
  SELECT a.id, a.currency, a.active, a.frozen, a.balance, a.blocked, a.customer_id, c.enabled, c.customer_country,
         c.provider_country
    INTO s
    FROM accounts a LEFT JOIN customers c ON c.id = a.customer_id
   WHERE a.ledger_id = w_ledger AND a.id = w_sender
     FOR UPDATE OF a;
  IF NOT FOUND OR NOT s.active THEN
    RETURN QUERY SELECT 'senderAccountNotExists'::text, NULL::text, NULL::text; RETURN;
  END IF;
  IF s.currency LIKE 'VC\_%' THEN
    RETURN QUERY SELECT 'withdrawalAccountVirtual'::text, NULL::text, NULL::text; RETURN;
  END IF;
  single := s.currency = ANY (one_at_a_time_assets);
  IF w_addresses > 1 AND NOT single THEN
    RETURN QUERY SELECT 'withdrawalRecipientFormat'::text, NULL::text, NULL::text; RETURN;
  END IF;
  k := array_position(unit_currencies, s.currency);
  IF k IS NOT NULL AND w_amount < unit_minimums[k] THEN
    RETURN QUERY SELECT unit_refusals[k], NULL::text, NULL::text; RETURN;
  END IF;
  IF k IS NOT NULL AND w_fee > 0 AND w_fee < unit_minimums[k] THEN
    RETURN QUERY SELECT 'feeFormat'::text, NULL::text, NULL::text; RETURN;
  END IF;
  IF w_compliant THEN
    about := ledger_compliance_refusal(policy, s.customer_id IS NOT NULL, s.customer_country, s.provider_country);
    IF about IS NOT NULL THEN
      RETURN QUERY SELECT 'transactionNotCompliant'::text, 'sender account ' || s.id || ': ' || about, NULL::text;
      RETURN;
    END IF;
  END IF;
  IF s.frozen THEN
    RETURN QUERY SELECT 'senderAccountFrozen'::text, NULL::text, NULL::text; RETURN;
  END IF;
  IF s.enabled IS FALSE THEN
    RETURN QUERY SELECT 'senderAccountCustomerDisabled'::text, s.customer_id, NULL::text; RETURN;
  END IF;
  IF single THEN
    SELECT w.id INTO pending FROM withdrawals w
     WHERE w.ledger_id = w_ledger AND w.currency = s.currency AND w.status = 'InProgress' AND w.one_at_a_time;
    IF pending IS NOT NULL THEN
      RETURN QUERY SELECT 'withdrawalPending'::text, pending, NULL::text; RETURN;
    END IF;
  END IF;
  included := s.currency = ANY (native_assets);
  wanted := w_amount + CASE WHEN included THEN w_fee ELSE 0 END;
  available := s.balance - s.blocked;
  IF wanted > available THEN
    RETURN QUERY SELECT 'balanceInsufficient'::text, trim_scale(available)::text, trim_scale(wanted)::text; RETURN;
  END IF;

  -- Another account's withdrawal of the same coin may have been stored since the check above; the
  -- unique index then keeps this one out.
  INSERT INTO withdrawals (id, ledger_id, account_id, currency, address, amount, fee, fee_included, attr,
      multiple_amounts, payment_id, sender_note, reference, status, one_at_a_time)
    VALUES (w_id, w_ledger, s.id, s.currency, w_address, w_amount, w_fee, included, w_attr,
      w_multiple_amounts, w_payment_id, w_sender_note, w_reference, 'InProgress', single)
    ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    SELECT w.id INTO pending FROM withdrawals w
     WHERE w.ledger_id = w_ledger AND w.currency = s.currency AND w.status = 'InProgress' AND w.one_at_a_time;
    RETURN QUERY SELECT 'withdrawalPending'::text, pending, NULL::text; RETURN;
  END IF;

  UPDATE accounts SET balance = balance - wanted WHERE id = s.id;
  INSERT INTO transactions (ledger_id, account_id, customer_id, counter_account_id, reference, amount, currency,
      operation_type, transaction_type, attr, payment_id, sender_note, market_value_amount, market_value_currency,
      market_value_source)
    VALUES (w_ledger, s.id, s.customer_id, w_address, w_reference, -wanted, s.currency, 'WITHDRAWAL',
      'DEBIT_WITHDRAWAL', w_attr, w_payment_id, w_sender_note, -wanted, s.currency, 'ledger');
  RETURN QUERY SELECT NULL::text, NULL::text, NULL::text;
END
$$;

-- Cancels a withdrawal that is InProgress or Done: refunds the amount, and the fee too when `revert` and
-- the fee was debited, with one WITHDRAWAL / CANCEL_WITHDRAWAL record. The account is locked before the
-- withdrawal, the order a withdrawal takes them in. Refusals: withdrawalMissing, accountNotExists (the
-- account was deactivated: the refund would land on a closed account), withdrawalNotCancelled (already
-- cancelled).
CREATE FUNCTION ledger_cancel_withdrawal(w_ledger text, w_id text, w_revert boolean, w_reference text)
  RETURNS TABLE (refusal text) LANGUAGE plpgsql AS $$
DECLARE
  account text;
  active boolean;
  w withdrawals%ROWTYPE;
  back numeric;
BEGIN
  SELECT x.account_id INTO account FROM withdrawals x WHERE x.ledger_id = w_ledger AND x.id = w_id;
  IF account IS NULL THEN
    RETURN QUERY SELECT 'withdrawalMissing'::text; RETURN;
  END IF;
  SELECT a.active INTO active FROM accounts a WHERE a.id = account FOR UPDATE;
  SELECT * INTO w FROM withdrawals x WHERE x.id = w_id FOR UPDATE;
  IF w.status = 'Cancelled' THEN
    RETURN QUERY SELECT 'withdrawalNotCancelled'::text; RETURN;
  END IF;
  IF NOT active THEN
    RETURN QUERY SELECT 'accountNotExists'::text; RETURN;
  END IF;
  back := w.amount + CASE WHEN w_revert AND w.fee_included THEN w.fee ELSE 0 END;
  UPDATE withdrawals SET status = 'Cancelled', refund = back WHERE id = w_id;
  UPDATE accounts SET balance = balance + back WHERE id = account;
  INSERT INTO transactions (ledger_id, account_id, customer_id, counter_account_id, reference, amount, currency,
      operation_type, transaction_type, attr, payment_id, market_value_amount, market_value_currency,
      market_value_source)
    SELECT w_ledger, a.id, a.customer_id, w.address, w_reference, back, w.currency, 'WITHDRAWAL',
           'CANCEL_WITHDRAWAL', w.attr, w.payment_id, back, w.currency, 'ledger'
      FROM accounts a WHERE a.id = account;
  RETURN QUERY SELECT NULL::text;
END
$$;
