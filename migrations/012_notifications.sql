-- Notifications (docs/decisions/0029-subscriptions.md to 0032-webhook-destinations.md): subscriptions,
-- the HMAC secret of each API key, and webhooks, written in the transaction of the change that causes
-- them and delivered by the servers' workers.

-- A subscription belongs to its ledger; the key that made it is the one whose HMAC secret signs its
-- webhooks. `subject_id` is what it watches: an account (incoming and pending deposits), a customer
-- (trade matches), nothing (withdrawals in the block, and the two reports). `attr` is stored as it came,
-- without tatum 1.x's `__type`, and answered as it is stored; its `url` is where webhooks go.
CREATE TABLE subscriptions (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  ledger_id text NOT NULL REFERENCES ledgers (id),
  api_key_id text NOT NULL REFERENCES api_keys (id),
  type text NOT NULL CHECK (type IN ('ACCOUNT_BALANCE_LIMIT', 'TRANSACTION_HISTORY_REPORT',
    'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', 'ACCOUNT_PENDING_BLOCKCHAIN_TRANSACTION', 'CUSTOMER_TRADE_MATCH',
    'CUSTOMER_PARTIAL_TRADE_MATCH', 'TRANSACTION_IN_THE_BLOCK')),
  subject_id text,
  attr json NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subscriptions_ledger_seq ON subscriptions (ledger_id, seq);
CREATE INDEX subscriptions_subject ON subscriptions (ledger_id, type, subject_id);

-- docs/decisions/0031-webhook-hmac.md: set per key with PUT /v3/subscription, removed with DELETE. Kept as
-- given, not hashed: it signs.
ALTER TABLE api_keys ADD COLUMN hmac_secret text;

-- One row per event and subscription: the outbox and the executed-webhook record at once
-- (docs/decisions/0030-webhook-outbox.md). `next_at` is when it is due: when it is written, then after a
-- failed try by the retry schedule; NULL once delivered or given up. A worker that claims it holds it
-- until `leased_until`: a worker that dies gives it back when that passes. `tries` counts the tries made
-- (retryCount is one less), `tried_at` and `response` are the last one's, `history` every try's time
-- and response.
CREATE TABLE webhooks (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  ledger_id text NOT NULL REFERENCES ledgers (id),
  subscription_id text NOT NULL,
  api_key_id text NOT NULL,
  type text NOT NULL CHECK (type IN ('INCOMING_BLOCKCHAIN_HOOK', 'PENDING_BLOCKCHAIN_HOOK', 'TRADE_MATCH',
    'TRADE_PARTIAL_FILL', 'TRANSACTION_IN_THE_BLOCK')),
  url text NOT NULL,
  payload json NOT NULL,
  tries integer NOT NULL DEFAULT 0,
  failed boolean NOT NULL DEFAULT false,
  response json NOT NULL DEFAULT '{"networkError":false}',
  history json NOT NULL DEFAULT '[]',
  next_at timestamptz,
  leased_until timestamptz,
  tried_at timestamptz,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhooks_due ON webhooks (next_at) WHERE next_at IS NOT NULL;
CREATE INDEX webhooks_ledger_seq ON webhooks (ledger_id, seq);

-- The one call that raises an event: a webhook for each of the ledger's subscriptions of `e_type` that
-- watch `e_subject` (or everything, for a type that watches nothing), due now, and a word on the change
-- channel that wakes the workers when the transaction commits. `e_payload` is what is POSTed, with its
-- `subscriptionType`, its fields in the order they are sent. Answers how many webhooks it wrote.
CREATE FUNCTION ledger_raise_event(e_ledger text, e_type text, e_subject text, e_payload json)
  RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  written integer;
BEGIN
  INSERT INTO webhooks (id, ledger_id, subscription_id, api_key_id, type, url, payload, next_at)
    SELECT lpad(to_hex(floor(extract(epoch FROM clock_timestamp()))::bigint), 8, '0')
             || substr(md5(gen_random_uuid()::text), 1, 16),
           s.ledger_id, s.id, s.api_key_id,
           CASE e_type
             WHEN 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION' THEN 'INCOMING_BLOCKCHAIN_HOOK'
             WHEN 'ACCOUNT_PENDING_BLOCKCHAIN_TRANSACTION' THEN 'PENDING_BLOCKCHAIN_HOOK'
             WHEN 'CUSTOMER_TRADE_MATCH' THEN 'TRADE_MATCH'
             WHEN 'CUSTOMER_PARTIAL_TRADE_MATCH' THEN 'TRADE_PARTIAL_FILL'
             ELSE e_type
           END,
           s.attr->>'url', e_payload, now()
      FROM subscriptions s
     WHERE s.ledger_id = e_ledger AND s.type = e_type
       AND (s.subject_id = e_subject OR (e_subject IS NULL AND s.subject_id IS NULL))
     ORDER BY s.seq;
  GET DIAGNOSTICS written = ROW_COUNT;
  IF written > 0 THEN
    PERFORM pg_notify('ledger_changes', 'webhooks:' || e_ledger);
  END IF;
  RETURN written;
END
$$;

-- A deposit's event, as Tatum posts ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION (and, without a block yet
-- credited, ACCOUNT_PENDING_BLOCKCHAIN_TRANSACTION). Fields Tatum leaves out when it has no value
-- (blockHash, from, to) are left out, not sent as null.
CREATE FUNCTION ledger_deposit_event(d deposits, e_type text) RETURNS integer LANGUAGE sql AS $$
  SELECT ledger_raise_event(d.ledger_id, e_type, d.account_id, json_strip_nulls(json_build_object(
    'date', floor(extract(epoch FROM now()) * 1000)::bigint,
    'amount', trim_scale(d.amount)::text,
    'currency', d.currency,
    'subscriptionType', e_type,
    'accountId', d.account_id,
    'reference', d.reference,
    'txId', d.tx_id,
    'blockHash', d.block_hash,
    'blockHeight', d.block_height,
    'from', d.from_address,
    'to', d.address,
    'index', d.vout)))
$$;

-- Migration 011's deposit report, now raising its events in its own transaction: pending when a deposit
-- is first reported InProgress, incoming when it is credited.
CREATE OR REPLACE FUNCTION ledger_report_deposit(
  d_ledger text, d_currency text, d_address text, d_tag bigint, d_account text, d_tx_id text, d_vout integer,
  d_amount numeric, d_status text, d_block_height bigint, d_block_hash text, d_from text, d_reference text
) RETURNS TABLE (refusal text, deposit bigint) LANGUAGE plpgsql AS $$
DECLARE
  account text; key text; key_index integer; found_seq bigint; recorded integer;
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
  GET DIAGNOSTICS recorded = ROW_COUNT;

  SELECT * INTO d FROM deposits x
   WHERE x.ledger_id = d_ledger AND x.currency = d_currency AND x.tx_id = d_tx_id AND x.vout = d_vout
     AND coalesce(x.address, x.account_id) = coalesce(d_address, account) AND coalesce(x.tag, 0) = coalesce(d_tag, 0)
     FOR UPDATE;
  found_seq := d.seq;

  IF recorded > 0 AND d_status = 'InProgress' THEN
    PERFORM ledger_deposit_event(d, 'ACCOUNT_PENDING_BLOCKCHAIN_TRANSACTION');
  END IF;

  IF d.status = 'InProgress' AND d.amount = d_amount AND d_status <> 'InProgress' THEN
    UPDATE deposits SET status = d_status, block_height = d_block_height,
           block_hash = coalesce(d_block_hash, block_hash), updated_at = now()
     WHERE seq = found_seq
     RETURNING * INTO d;
    IF d_status = 'Done' THEN
      -- Credited whatever the account's or its customer's state: the coins are in custody.
      UPDATE accounts SET balance = balance + d.amount WHERE id = d.account_id;
      INSERT INTO transactions (ledger_id, account_id, customer_id, counter_account_id, reference, amount, currency,
          operation_type, transaction_type, address, tx_id, market_value_amount, market_value_currency,
          market_value_source)
        SELECT d.ledger_id, a.id, a.customer_id, d.from_address, d.reference, d.amount, d.currency,
               'DEPOSIT', 'CREDIT_DEPOSIT', d.address, d.tx_id, d.amount, d.currency, 'ledger'
          FROM accounts a WHERE a.id = d.account_id;
      PERFORM ledger_deposit_event(d, 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION');
    END IF;
  END IF;
  RETURN QUERY SELECT NULL::text, found_seq;
END
$$;

-- Completes an InProgress withdrawal with its chain transaction and raises TRANSACTION_IN_THE_BLOCK, in
-- one statement. Answers whether it completed and the state the withdrawal is in (NULL: no such
-- withdrawal in the ledger). The block height is not known here, so the payload leaves it out.
CREATE FUNCTION ledger_complete_withdrawal(w_ledger text, w_id text, w_tx_id text)
  RETURNS TABLE (status text, completed boolean) LANGUAGE plpgsql AS $$
DECLARE
  w withdrawals%ROWTYPE;
BEGIN
  UPDATE withdrawals x SET status = 'Done', tx_id = w_tx_id
   WHERE x.ledger_id = w_ledger AND x.id = w_id AND x.status = 'InProgress'
   RETURNING * INTO w;
  IF w.id IS NULL THEN
    RETURN QUERY SELECT x.status, false FROM withdrawals x WHERE x.ledger_id = w_ledger AND x.id = w_id;
    RETURN;
  END IF;
  PERFORM ledger_raise_event(w.ledger_id, 'TRANSACTION_IN_THE_BLOCK', NULL, json_build_object(
    'txId', w.tx_id,
    'reference', w.reference,
    'accountId', w.account_id,
    'currency', w.currency,
    'withdrawalId', w.id,
    'address', w.address,
    'amount', trim_scale(w.amount)::text,
    'subscriptionType', 'TRANSACTION_IN_THE_BLOCK'));
  RETURN QUERY SELECT w.status, true;
END
$$;
