-- The order book (docs/decisions/0033-order-matching.md to 0037-open-trades-block-deactivation.md): BUY
-- and SELL limit trades on a pair, matched at once on price-time priority at the resting trade's price,
-- each fill settled as ledger transactions in the request's own database transaction.

-- A trade is OPEN while it rests in the book, CLOSED once filled (kept for the history, the chart and
-- reads by id), CANCELLED once cancelled (kept, but shown nowhere). `is_maker` says, for a closed
-- trade, whether its last fill found it resting. `fee` is the percentage as sent; it is charged only
-- with a fee account.
CREATE TABLE trades (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  ledger_id text NOT NULL REFERENCES ledgers (id),
  type text NOT NULL CHECK (type IN ('BUY', 'SELL')),
  pair text NOT NULL,
  price numeric NOT NULL CHECK (price > 0),
  amount numeric NOT NULL CHECK (amount > 0),
  fill numeric NOT NULL DEFAULT 0 CHECK (fill >= 0 AND fill <= amount),
  currency1_account_id text NOT NULL REFERENCES accounts (id),
  currency2_account_id text NOT NULL REFERENCES accounts (id),
  fee_account_id text REFERENCES accounts (id),
  fee numeric CHECK (fee >= 0 AND fee <= 100),
  status text NOT NULL CHECK (status IN ('OPEN', 'CLOSED', 'CANCELLED')),
  is_maker boolean,
  created_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  CHECK ((status = 'CLOSED') = (fill = amount))
);
-- The book: the open trades of a pair, best price first, then oldest.
CREATE INDEX trades_book ON trades (ledger_id, pair, type, price, seq) WHERE status = 'OPEN';
CREATE INDEX trades_ledger_seq ON trades (ledger_id, seq);
CREATE INDEX trades_account1_seq ON trades (currency1_account_id, seq);
CREATE INDEX trades_account2_seq ON trades (currency2_account_id, seq);
CREATE INDEX trades_fee_account ON trades (fee_account_id) WHERE status = 'OPEN';

-- An open trade's TRADE blockage: the blockage API leaves it to the trade (docs/decisions/0034-trade-blockages-and-fees.md).
ALTER TABLE blockages ADD COLUMN trade_id text REFERENCES trades (id);
CREATE UNIQUE INDEX blockages_trade ON blockages (trade_id) WHERE trade_id IS NOT NULL;

-- Every fill, at its execution price: what the chart is drawn from.
CREATE TABLE trade_fills (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ledger_id text NOT NULL REFERENCES ledgers (id),
  pair text NOT NULL,
  buy_trade_id text NOT NULL REFERENCES trades (id),
  sell_trade_id text NOT NULL REFERENCES trades (id),
  price numeric NOT NULL,
  amount numeric NOT NULL CHECK (amount > 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX trade_fills_chart ON trade_fills (ledger_id, pair, created_at, seq);

-- Every change to a pair's book in a ledger takes this lock first, before any row lock: matching is
-- serialised per pair, and a counter-trade cannot be filled twice or cancelled while it is filled.
CREATE FUNCTION ledger_lock_pair(l_ledger text, l_pair text) RETURNS void LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock(hashtextextended('trade:' || l_ledger || '/' || l_pair, 0))
$$;

-- What an open trade blocks: its unfilled remainder (times its price for a BUY, which pays in currency 2)
-- plus the fee on that remainder.
CREATE FUNCTION ledger_trade_block(t trades) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
  SELECT (t.amount - t.fill) * CASE WHEN t.type = 'BUY' THEN t.price ELSE 1 END
         * (1 + CASE WHEN t.fee_account_id IS NULL THEN 0 ELSE coalesce(t.fee, 0) / 100 END)
$$;

-- A fill's events for one of its two trades: CUSTOMER_TRADE_MATCH when it closed the trade,
-- CUSTOMER_PARTIAL_TRADE_MATCH (with `orderAmount`, the whole trade, and `amount`, this fill) when it
-- did not, once for each customer owning one of the trade's accounts. The payload's fields are
-- aggregated in the order they are sent; `fee` and `feeAccountId` are sent as null when unset.
CREATE FUNCTION ledger_trade_event(t trades, filled numeric, maker boolean) RETURNS integer LANGUAGE sql AS $$
  WITH event AS (
    SELECT CASE WHEN t.status = 'CLOSED' THEN 'CUSTOMER_TRADE_MATCH' ELSE 'CUSTOMER_PARTIAL_TRADE_MATCH' END AS type
  ), payload AS (
    SELECT json_object_agg(f.name, f.value ORDER BY f.n) AS body
      FROM event, LATERAL (VALUES
        (1, 'created', to_json(floor(extract(epoch FROM t.created_at) * 1000)::bigint)),
        (2, 'amount', to_json(trim_scale(CASE WHEN t.status = 'CLOSED' THEN t.amount ELSE filled END)::text)),
        (3, 'orderAmount', CASE WHEN t.status <> 'CLOSED' THEN to_json(trim_scale(t.amount)::text) END),
        (4, 'price', to_json(trim_scale(t.price)::text)),
        (5, 'type', to_json(t.type)),
        (6, 'pair', to_json(t.pair)),
        (7, 'id', to_json(t.id)),
        (8, 'currency1AccountId', to_json(t.currency1_account_id)),
        (9, 'currency2AccountId', to_json(t.currency2_account_id)),
        (10, 'fee', to_json(trim_scale(t.fee))),
        (11, 'feeAccountId', to_json(t.fee_account_id)),
        (12, 'isMaker', to_json(maker)),
        (13, 'expiredWithoutMatch', to_json(false)),
        (14, 'subscriptionType', to_json(event.type))) AS f(n, name, value)
     WHERE f.name <> 'orderAmount' OR t.status <> 'CLOSED'
  )
  SELECT coalesce(sum(ledger_raise_event(t.ledger_id, event.type, o.customer_id, payload.body)), 0)::integer
    FROM event, payload,
         (SELECT DISTINCT a.customer_id FROM accounts a
           WHERE a.id IN (t.currency1_account_id, t.currency2_account_id) AND a.customer_id IS NOT NULL) o
$$;

-- A new trade, in one statement: takes the pair's lock, locks in id order the trader's accounts and
-- those of the counter-trades it may fill, judges it, stores it, fills it against the book and
-- settles each fill, and blocks what is left of it. The refusals, in the order they are checked:
--   tradeCurrency1AccountNotExists, tradeCurrency2AccountNotExists, tradeFeeAccount,
--   tradeCurrency1Pair, tradeCurrency2Pair, tradeCurrencyFee,
--   tradeCurrency1AccountFrozen, tradeCurrency2AccountFrozen,
--   tradeCurrency1AccountCustomerDisabled, tradeCurrency2AccountCustomerDisabled (detail: the customer),
--   tradeCurrency1Balance (a SELL), tradeCurrency2Balance (a BUY).
-- Counter-trades whose accounts are frozen, or whose customers are disabled, are passed over; if one
-- became so while this waited for the locks and the trade is not filled, it fails with a serialization
-- failure, to be run again.
-- Each fill of q at the resting trade's price p writes two EXCHANGE transactions, each two records
-- under one reference (q of currency 1 from the seller to the buyer, q×p of currency 2 from the buyer to
-- the seller), and one fee transfer per side that pays a fee. Answers the refusal (NULL when stored),
-- its detail, and the number of fills.
CREATE FUNCTION ledger_store_trade(
  t_ledger text, t_id text, t_blockage text, t_type text, t_pair text, t_price numeric, t_amount numeric,
  t_account1 text, t_account2 text, t_fee_account text, t_fee numeric
) RETURNS TABLE (refusal text, detail text, fills integer) LANGUAGE plpgsql AS $$
DECLARE
  buying boolean := t_type = 'BUY';
  currency1 text := split_part(t_pair, '/', 1);
  currency2 text := split_part(t_pair, '/', 2);
  -- The counter-trades this trade may fill, best first.
  counters text[];
  -- The locked accounts, in id order, and what the fills have made of their balances so far.
  ids text[];
  a_ledger text[]; a_customer text[]; a_currency text[]; a_active boolean[]; a_frozen boolean[];
  a_enabled boolean[]; a_pair text[]; a_rate numeric[]; a_balance numeric[]; a_blocked numeric[];
  a_changed boolean[];
  -- The records of the fills, one array per column of transactions.
  r_account text[] := '{}'; r_counter text[] := '{}'; r_reference text[] := '{}'; r_amount numeric[] := '{}';
  r_type text[] := '{}'; r_trade text[] := '{}';
  i1 int; i2 int; fi int; pay int;
  no text; about text;
  taker trades%ROWTYPE;
  maker trades%ROWTYPE;
  buy trades%ROWTYPE;
  sell trades%ROWTYPE;
  q numeric; value numeric; buy_fee numeric; sell_fee numeric; before numeric;
  b1 int; b2 int; s1 int; s2 int; bf int; sf int; m int;
  made int := 0;
  c text;
  ref1 text; ref2 text;
  raced boolean := false;
  -- Whether anyone in the ledger listens for trade matches: without, no event is built.
  watched boolean;
BEGIN
  PERFORM ledger_lock_pair(t_ledger, t_pair);

  -- Enough of the crossing counter-trades, best price then oldest, to fill this one, passing over those
  -- that cannot trade now. Their state is read again once their accounts are locked.
  SELECT coalesce(array_agg(x.id ORDER BY x.rank), '{}') INTO counters
    FROM (SELECT t.id, t.amount - t.fill AS rest,
                 row_number() OVER w AS rank, sum(t.amount - t.fill) OVER w AS running
            FROM trades t
            JOIN accounts a1 ON a1.id = t.currency1_account_id
            JOIN accounts a2 ON a2.id = t.currency2_account_id
            LEFT JOIN customers c1 ON c1.id = a1.customer_id
            LEFT JOIN customers c2 ON c2.id = a2.customer_id
           WHERE t.ledger_id = t_ledger AND t.pair = t_pair AND t.status = 'OPEN'
             AND t.type = CASE WHEN buying THEN 'SELL' ELSE 'BUY' END
             AND CASE WHEN buying THEN t.price <= t_price ELSE t.price >= t_price END
             AND NOT a1.frozen AND NOT a2.frozen AND c1.enabled IS NOT FALSE AND c2.enabled IS NOT FALSE
          WINDOW w AS (ORDER BY CASE WHEN buying THEN t.price END, CASE WHEN NOT buying THEN t.price END DESC, t.seq
                       ROWS UNBOUNDED PRECEDING)) x
   WHERE x.running - x.rest < t_amount;

  -- Every account this request may touch, locked in id order: the one order every money movement takes.
  SELECT array_agg(l.id ORDER BY l.id), array_agg(l.ledger_id ORDER BY l.id), array_agg(l.customer_id ORDER BY l.id),
         array_agg(l.currency ORDER BY l.id), array_agg(l.active ORDER BY l.id), array_agg(l.frozen ORDER BY l.id),
         array_agg(l.enabled ORDER BY l.id), array_agg(l.base_pair ORDER BY l.id), array_agg(l.base_rate ORDER BY l.id),
         array_agg(l.balance ORDER BY l.id), array_agg(l.blocked ORDER BY l.id), array_agg(false ORDER BY l.id)
    INTO ids, a_ledger, a_customer, a_currency, a_active, a_frozen, a_enabled, a_pair, a_rate, a_balance, a_blocked,
         a_changed
    FROM (SELECT a.id, a.ledger_id, a.customer_id, a.currency, a.active, a.frozen, c.enabled, v.base_pair,
                 v.base_rate, a.balance, a.blocked
            FROM accounts a
            LEFT JOIN customers c ON c.id = a.customer_id
            LEFT JOIN virtual_currencies v ON v.ledger_id = a.ledger_id AND v.name = a.currency
           WHERE a.id = ANY (ARRAY[t_account1, t_account2, t_fee_account]
                   || ARRAY(SELECT unnest(ARRAY[t.currency1_account_id, t.currency2_account_id, t.fee_account_id])
                              FROM trades t WHERE t.id = ANY (counters)))
           ORDER BY a.id
             FOR UPDATE OF a) l;
  ids := coalesce(ids, '{}');

  i1 := array_position(ids, t_account1);
  i2 := array_position(ids, t_account2);
  fi := array_position(ids, t_fee_account);
  IF i1 IS NULL OR a_ledger[i1] <> t_ledger OR NOT a_active[i1] THEN
    no := 'tradeCurrency1AccountNotExists';
  ELSIF i2 IS NULL OR a_ledger[i2] <> t_ledger OR NOT a_active[i2] THEN
    no := 'tradeCurrency2AccountNotExists';
  ELSIF t_fee_account IS NOT NULL AND (fi IS NULL OR a_ledger[fi] <> t_ledger OR NOT a_active[fi]) THEN
    no := 'tradeFeeAccount';
  ELSIF a_currency[i1] <> currency1 THEN
    no := 'tradeCurrency1Pair';
  ELSIF a_currency[i2] <> currency2 THEN
    no := 'tradeCurrency2Pair';
  ELSIF fi IS NOT NULL AND a_currency[fi] <> (CASE WHEN buying THEN currency2 ELSE currency1 END) THEN
    no := 'tradeCurrencyFee';
  ELSIF a_frozen[i1] THEN
    no := 'tradeCurrency1AccountFrozen';
  ELSIF a_frozen[i2] THEN
    no := 'tradeCurrency2AccountFrozen';
  ELSIF a_enabled[i1] IS FALSE THEN
    no := 'tradeCurrency1AccountCustomerDisabled'; about := a_customer[i1];
  ELSIF a_enabled[i2] IS FALSE THEN
    no := 'tradeCurrency2AccountCustomerDisabled'; about := a_customer[i2];
  END IF;

  pay := CASE WHEN buying THEN i2 ELSE i1 END;
  IF no IS NULL AND a_balance[pay] - a_blocked[pay]
       < t_amount * (CASE WHEN buying THEN t_price ELSE 1 END)
         * (1 + (CASE WHEN t_fee_account IS NULL THEN 0 ELSE coalesce(t_fee, 0) / 100 END)) THEN
    no := CASE WHEN buying THEN 'tradeCurrency2Balance' ELSE 'tradeCurrency1Balance' END;
  END IF;
  IF no IS NOT NULL THEN
    RETURN QUERY SELECT no, about, 0;
    RETURN;
  END IF;

  INSERT INTO trades (id, ledger_id, type, pair, price, amount, currency1_account_id, currency2_account_id,
      fee_account_id, fee, status)
    VALUES (t_id, t_ledger, t_type, t_pair, t_price, t_amount, t_account1, t_account2, t_fee_account, t_fee, 'OPEN')
    RETURNING * INTO taker;

  watched := EXISTS (SELECT 1 FROM subscriptions s WHERE s.ledger_id = t_ledger
                       AND s.type IN ('CUSTOMER_TRADE_MATCH', 'CUSTOMER_PARTIAL_TRADE_MATCH'));
  FOREACH c IN ARRAY counters LOOP
    EXIT WHEN taker.fill = taker.amount;
    SELECT * INTO maker FROM trades t WHERE t.id = c;
    -- A counter-trade whose account froze, or whose customer was disabled, while this waited for the
    -- locks is passed over; the book behind it was not locked (see the end).
    IF a_frozen[array_position(ids, maker.currency1_account_id)]
       OR a_frozen[array_position(ids, maker.currency2_account_id)]
       OR a_enabled[array_position(ids, maker.currency1_account_id)] IS FALSE
       OR a_enabled[array_position(ids, maker.currency2_account_id)] IS FALSE THEN
      raced := true;
      CONTINUE;
    END IF;

    q := least(taker.amount - taker.fill, maker.amount - maker.fill);
    before := ledger_trade_block(maker);
    IF buying THEN buy := taker; sell := maker; ELSE buy := maker; sell := taker; END IF;
    value := q * maker.price;
    buy_fee := CASE WHEN buy.fee_account_id IS NULL THEN 0 ELSE value * coalesce(buy.fee, 0) / 100 END;
    sell_fee := CASE WHEN sell.fee_account_id IS NULL THEN 0 ELSE q * coalesce(sell.fee, 0) / 100 END;
    b1 := array_position(ids, buy.currency1_account_id);
    b2 := array_position(ids, buy.currency2_account_id);
    s1 := array_position(ids, sell.currency1_account_id);
    s2 := array_position(ids, sell.currency2_account_id);
    bf := array_position(ids, buy.fee_account_id);
    sf := array_position(ids, sell.fee_account_id);

    a_balance[s1] := a_balance[s1] - q - sell_fee;
    a_balance[b1] := a_balance[b1] + q;
    a_balance[b2] := a_balance[b2] - value - buy_fee;
    a_balance[s2] := a_balance[s2] + value;
    a_changed[s1] := true; a_changed[b1] := true; a_changed[b2] := true; a_changed[s2] := true;
    -- Currency 1, seller to buyer; currency 2, buyer to seller: each one reference, two records.
    ref1 := gen_random_uuid()::text;
    ref2 := gen_random_uuid()::text;
    r_reference := r_reference || ARRAY[ref1, ref1, ref2, ref2];
    r_account := r_account || ARRAY[ids[s1], ids[b1], ids[b2], ids[s2]];
    r_counter := r_counter || ARRAY[ids[b1], ids[s1], ids[s2], ids[b2]];
    r_amount := r_amount || ARRAY[-q, q, -value, value];
    r_type := r_type || ARRAY['EXCHANGE_SELL', 'EXCHANGE_BUY', 'EXCHANGE_BUY', 'EXCHANGE_SELL'];
    r_trade := r_trade || ARRAY[sell.id, buy.id, buy.id, sell.id];
    IF buy_fee > 0 THEN
      a_balance[bf] := a_balance[bf] + buy_fee;
      a_changed[bf] := true;
      ref1 := gen_random_uuid()::text;
      r_reference := r_reference || ARRAY[ref1, ref1];
      r_account := r_account || ARRAY[ids[b2], ids[bf]];
      r_counter := r_counter || ARRAY[ids[bf], ids[b2]];
      r_amount := r_amount || ARRAY[-buy_fee, buy_fee];
      r_type := r_type || ARRAY['EXCHANGE_BUY', 'EXCHANGE_BUY'];
      r_trade := r_trade || ARRAY[buy.id, buy.id];
    END IF;
    IF sell_fee > 0 THEN
      a_balance[sf] := a_balance[sf] + sell_fee;
      a_changed[sf] := true;
      ref1 := gen_random_uuid()::text;
      r_reference := r_reference || ARRAY[ref1, ref1];
      r_account := r_account || ARRAY[ids[s1], ids[sf]];
      r_counter := r_counter || ARRAY[ids[sf], ids[s1]];
      r_amount := r_amount || ARRAY[-sell_fee, sell_fee];
      r_type := r_type || ARRAY['EXCHANGE_SELL', 'EXCHANGE_SELL'];
      r_trade := r_trade || ARRAY[sell.id, sell.id];
    END IF;

    -- The resting trade: filled by q, its blockage shrunk to what is left (and gone once it is closed).
    UPDATE trades t SET fill = t.fill + q,
           status = CASE WHEN t.fill + q = t.amount THEN 'CLOSED' ELSE 'OPEN' END,
           is_maker = CASE WHEN t.fill + q = t.amount THEN true END,
           ended_at = CASE WHEN t.fill + q = t.amount THEN now() END
     WHERE t.id = maker.id RETURNING * INTO maker;
    m := array_position(ids, CASE WHEN maker.type = 'BUY' THEN maker.currency2_account_id
                                   ELSE maker.currency1_account_id END);
    a_blocked[m] := a_blocked[m] - before + ledger_trade_block(maker);
    a_changed[m] := true;
    IF maker.status = 'CLOSED' THEN
      DELETE FROM blockages WHERE trade_id = maker.id;
    ELSE
      UPDATE blockages SET amount = ledger_trade_block(maker) WHERE trade_id = maker.id;
    END IF;

    taker.fill := taker.fill + q;
    IF taker.fill = taker.amount THEN
      taker.status := 'CLOSED'; taker.is_maker := false; taker.ended_at := now();
    END IF;
    INSERT INTO trade_fills (ledger_id, pair, buy_trade_id, sell_trade_id, price, amount)
      VALUES (t_ledger, t_pair, buy.id, sell.id, maker.price, q);
    IF watched THEN
      PERFORM ledger_trade_event(maker, q, true);
      PERFORM ledger_trade_event(taker, q, false);
    END IF;
    made := made + 1;
  END LOOP;

  -- A counter-trade passed over above may have had crossing trades behind it, whose accounts are not
  -- locked here: locking them now, out of id order, could deadlock. The whole statement runs again
  -- instead, choosing its counter-trades afresh (the caller retries a serialization failure).
  IF raced AND taker.fill < taker.amount THEN
    RAISE EXCEPTION 'a counter-trade of % changed while trade % waited for its accounts', t_pair, t_id
      USING ERRCODE = 'serialization_failure';
  END IF;

  UPDATE trades t SET fill = taker.fill, status = taker.status, is_maker = taker.is_maker, ended_at = taker.ended_at
   WHERE t.id = t_id AND made > 0;
  IF taker.status = 'OPEN' THEN
    -- What is left rests in the book, blocked on the account it pays from.
    INSERT INTO blockages (id, ledger_id, account_id, amount, type, description, trade_id)
      VALUES (t_blockage, t_ledger, ids[pay], ledger_trade_block(taker), 'TRADE', t_id, t_id);
    a_blocked[pay] := a_blocked[pay] + ledger_trade_block(taker);
    a_changed[pay] := true;
  END IF;

  -- Each account row is written once, whatever number of fills touched it.
  UPDATE accounts a SET balance = x.balance, blocked = x.blocked
    FROM unnest(ids, a_balance, a_blocked, a_changed) AS x(id, balance, blocked, changed)
   WHERE a.id = x.id AND x.changed;
  -- A virtual currency is valued in its base pair at its rate; any other asset in itself.
  INSERT INTO transactions (ledger_id, account_id, customer_id, counter_account_id, reference, amount, currency,
      operation_type, transaction_type, payment_id, market_value_amount, market_value_currency, market_value_source)
    SELECT t_ledger, x.account, a_customer[k], x.counter, x.reference, x.amount, a_currency[k], 'EXCHANGE',
           x.type, x.trade, x.amount * CASE WHEN a_pair[k] IS NULL THEN 1 ELSE a_rate[k] END,
           coalesce(a_pair[k], a_currency[k]), 'ledger'
      FROM unnest(r_account, r_counter, r_reference, r_amount, r_type, r_trade) WITH ORDINALITY
             AS x(account, counter, reference, amount, type, trade, n),
           LATERAL array_position(ids, x.account) AS k
     ORDER BY x.n;

  RETURN QUERY SELECT NULL::text, NULL::text, made;
END
$$;

-- Cancels one open trade (`c_trade`) or every open trade on an account (`c_account`, either of a trade's
-- two accounts): takes the pairs' locks in pair order, then the paying accounts in id order, deletes the
-- TRADE blockages and marks the trades CANCELLED. Answers how many it cancelled.
CREATE FUNCTION ledger_cancel_trades(c_ledger text, c_trade text, c_account text)
  RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  p text;
  cancelled integer;
BEGIN
  FOR p IN SELECT DISTINCT t.pair FROM trades t
            WHERE t.ledger_id = c_ledger AND t.status = 'OPEN'
              AND (t.id = c_trade OR t.currency1_account_id = c_account OR t.currency2_account_id = c_account)
            ORDER BY t.pair LOOP
    PERFORM ledger_lock_pair(c_ledger, p);
  END LOOP;
  -- A statement of its own, so that it sees what the trades' earlier holders of those locks committed.
  RETURN ledger_cancel_locked_trades(c_ledger, c_trade, c_account);
END
$$;

CREATE FUNCTION ledger_cancel_locked_trades(c_ledger text, c_trade text, c_account text)
  RETURNS integer LANGUAGE sql AS $$
  WITH open AS (
    SELECT t.* FROM trades t
     WHERE t.ledger_id = c_ledger AND t.status = 'OPEN'
       AND (t.id = c_trade OR t.currency1_account_id = c_account OR t.currency2_account_id = c_account)
  ), paying AS MATERIALIZED (
    SELECT a.id FROM accounts a
     WHERE a.id IN (SELECT b.account_id FROM blockages b WHERE b.trade_id IN (SELECT id FROM open))
     ORDER BY a.id
       FOR UPDATE
  ), released AS (
    DELETE FROM blockages b WHERE b.trade_id IN (SELECT id FROM open) AND b.account_id IN (SELECT id FROM paying)
    RETURNING b.account_id, b.amount, b.trade_id
  ), sums AS (
    UPDATE accounts a SET blocked = a.blocked - s.amount
      FROM (SELECT account_id, sum(amount) AS amount FROM released GROUP BY account_id) s
     WHERE a.id = s.account_id
  ), ended AS (
    UPDATE trades t SET status = 'CANCELLED', ended_at = now() FROM released r WHERE t.id = r.trade_id
    RETURNING t.id
  )
  SELECT count(*)::integer FROM ended
$$;

-- Migration 010's payment function, judging one more refusal: an unblock with a transaction out of an
-- open trade's blockage is `blockageTrade` (its detail the trade), right after blockageNotExists: such a
-- blockage changes only with its trade (docs/decisions/0034-trade-blockages-and-fees.md). The rest is
-- unchanged.
CREATE OR REPLACE FUNCTION ledger_pay(
  unit_ledgers text[], unit_senders text[], unit_blockages text[],
  item_units int[], item_recipients text[], item_amounts numeric[], item_references text[],
  item_base_rates numeric[], item_anonymous boolean[], item_codes text[], item_payment_ids text[],
  item_sender_notes text[], item_recipient_notes text[], item_compliant boolean[],
  policy jsonb, unit_currencies text[], unit_minimums numeric[], unit_refusals text[]
) RETURNS TABLE (refusal text, item int, sender text, detail text) LANGUAGE plpgsql AS $$
DECLARE
  -- The locked accounts, in id order, and what the group has made of their balances so far.
  ids text[];
  a_ledger text[]; a_customer text[]; a_currency text[]; a_active boolean[]; a_frozen boolean[];
  a_enabled boolean[]; a_country text[]; a_provider text[]; a_pair text[]; a_rate numeric[];
  a_balance numeric[]; a_blocked numeric[]; a_changed boolean[];
  -- The records of the accepted units, one array per column of transactions.
  r_ledger text[] := '{}'; r_account text[] := '{}'; r_customer text[] := '{}'; r_counter text[] := '{}';
  r_reference text[] := '{}'; r_amount numeric[] := '{}'; r_currency text[] := '{}';
  r_type text[] := '{}'; r_anonymous boolean[] := '{}'; r_code text[] := '{}'; r_payment_id text[] := '{}';
  r_sender_note text[] := '{}'; r_recipient_note text[] := '{}'; r_value numeric[] := '{}';
  r_value_currency text[] := '{}';
  -- The answer, per unit.
  o_refusal text[] := '{}'; o_item int[] := '{}'; o_sender text[] := '{}'; o_detail text[] := '{}';
  units int := coalesce(array_length(unit_senders, 1), 0);
  items int := coalesce(array_length(item_units, 1), 0);
  first_item int := 1;
  last_item int;
  u int; i int; s int; r int; k int;
  no text; bad int; about text; sender_id text;
  released numeric; available numeric; spent numeric; rate numeric;
  b_account text; b_amount numeric; b_trade text;
  blockage_accounts text[] := '{}';
BEGIN
  -- Each blockage by its key alone: a lookup by a list of ids could be planned as a scan of the table.
  FOR u IN 1 .. units LOOP
    IF unit_blockages[u] IS NOT NULL THEN
      blockage_accounts := blockage_accounts
        || (SELECT b.account_id FROM blockages b WHERE b.ledger_id = unit_ledgers[u] AND b.id = unit_blockages[u]);
    END IF;
  END LOOP;

  -- Every account the group may touch, locked in id order: the one order every money movement takes,
  -- so that groups, and the single-row steps elsewhere, never deadlock. A blockage's account is read
  -- first; the blockage itself is locked once its account is.
  SELECT array_agg(l.id ORDER BY l.id), array_agg(l.ledger_id ORDER BY l.id), array_agg(l.customer_id ORDER BY l.id),
         array_agg(l.currency ORDER BY l.id), array_agg(l.active ORDER BY l.id), array_agg(l.frozen ORDER BY l.id),
         array_agg(l.enabled ORDER BY l.id), array_agg(l.customer_country ORDER BY l.id),
         array_agg(l.provider_country ORDER BY l.id), array_agg(l.base_pair ORDER BY l.id),
         array_agg(l.base_rate ORDER BY l.id), array_agg(l.balance ORDER BY l.id), array_agg(l.blocked ORDER BY l.id),
         array_agg(false ORDER BY l.id)
    INTO ids, a_ledger, a_customer, a_currency, a_active, a_frozen, a_enabled, a_country, a_provider, a_pair,
         a_rate, a_balance, a_blocked, a_changed
    FROM (SELECT a.id, a.ledger_id, a.customer_id, a.currency, a.active, a.frozen, c.enabled, c.customer_country,
                 c.provider_country, v.base_pair, v.base_rate, a.balance, a.blocked
            FROM accounts a
            LEFT JOIN customers c ON c.id = a.customer_id
            LEFT JOIN virtual_currencies v ON v.ledger_id = a.ledger_id AND v.name = a.currency
           WHERE a.id = ANY (unit_senders || item_recipients || blockage_accounts)
           ORDER BY a.id
             FOR UPDATE OF a) l;
  ids := coalesce(ids, '{}');

  FOR u IN 1 .. units LOOP
    last_item := first_item - 1;
    WHILE last_item < items AND item_units[last_item + 1] = u LOOP
      last_item := last_item + 1;
    END LOOP;
    no := NULL; bad := NULL; about := NULL; released := 0; sender_id := unit_senders[u]; s := NULL;

    IF unit_blockages[u] IS NOT NULL THEN
      SELECT b.account_id, b.amount, b.trade_id INTO b_account, b_amount, b_trade
        FROM blockages b WHERE b.ledger_id = unit_ledgers[u] AND b.id = unit_blockages[u] FOR UPDATE;
      IF NOT FOUND THEN
        no := 'blockageNotExists';
      ELSIF b_trade IS NOT NULL THEN
        no := 'blockageTrade';
        about := b_trade;
      ELSIF item_amounts[first_item] > b_amount THEN
        no := 'blockageAmountExceeded';
      ELSE
        sender_id := b_account;
        released := b_amount;
      END IF;
    END IF;

    IF no IS NULL THEN
      s := array_position(ids, sender_id);
      IF s IS NULL OR a_ledger[s] <> unit_ledgers[u] OR NOT a_active[s] THEN
        no := 'senderAccountNotExists';
      END IF;
    END IF;

    IF no IS NULL THEN
      -- The sender's asset's smallest unit, if it has one.
      k := array_position(unit_currencies, a_currency[s]);
      FOR i IN first_item .. last_item LOOP
        r := array_position(ids, item_recipients[i]);
        IF r IS NULL OR a_ledger[r] <> unit_ledgers[u] OR NOT a_active[r] THEN
          no := 'recipientAccountNotExists';
        ELSIF item_amounts[i] = 0 THEN
          no := 'paymentAmountNotNull';
        ELSIF r = s THEN
          no := 'paymentSameAccount';
        ELSIF a_currency[r] <> a_currency[s] THEN
          no := 'transactionCurrencyIncompatible';
        ELSIF k IS NOT NULL AND item_amounts[i] < unit_minimums[k] THEN
          no := unit_refusals[k];
        ELSIF item_compliant[i] THEN
          about := ledger_compliance_refusal(policy, a_customer[s] IS NOT NULL, a_country[s], a_provider[s]);
          IF about IS NOT NULL THEN
            about := 'sender account ' || ids[s] || ': ' || about;
          ELSE
            about := ledger_compliance_refusal(policy, a_customer[r] IS NOT NULL, a_country[r], a_provider[r]);
            IF about IS NOT NULL THEN
              about := 'recipient account ' || ids[r] || ': ' || about;
            END IF;
          END IF;
          IF about IS NOT NULL THEN
            no := 'transactionNotCompliant';
          END IF;
        END IF;
        IF no IS NOT NULL THEN
          bad := i - first_item;
          EXIT;
        END IF;
      END LOOP;
    END IF;

    IF no IS NULL AND a_frozen[s] THEN
      no := 'senderAccountFrozen';
    ELSIF no IS NULL AND a_enabled[s] IS FALSE THEN
      no := 'senderAccountCustomerDisabled';
      about := a_customer[s];
    END IF;

    IF no IS NULL THEN
      -- The available balance: the balance less the blockages, the one being paid out no longer among them.
      available := a_balance[s] - (a_blocked[s] - released);
      spent := 0;
      FOR i IN first_item .. last_item LOOP
        IF spent + item_amounts[i] > available THEN
          no := 'balanceInsufficient';
          bad := i - first_item;
          about := trim_scale(available - spent)::text;
          EXIT;
        END IF;
        spent := spent + item_amounts[i];
      END LOOP;
    END IF;

    IF no IS NULL THEN
      a_balance[s] := a_balance[s] - spent;
      a_blocked[s] := a_blocked[s] - released;
      a_changed[s] := true;
      FOR i IN first_item .. last_item LOOP
        r := array_position(ids, item_recipients[i]);
        a_balance[r] := a_balance[r] + item_amounts[i];
        a_changed[r] := true;
        -- A virtual currency is valued in its base pair, at the payment's rate or its own; any other
        -- asset has no price source here and is valued in itself.
        rate := CASE WHEN a_pair[s] IS NULL THEN 1 ELSE coalesce(item_base_rates[i], a_rate[s]) END;
        r_ledger := r_ledger || unit_ledgers[u] || unit_ledgers[u];
        r_account := r_account || ids[s] || ids[r];
        r_customer := r_customer || a_customer[s] || a_customer[r];
        -- An anonymous payment does not show the sender to the recipient.
        r_counter := r_counter || ids[r] || CASE WHEN item_anonymous[i] THEN NULL ELSE ids[s] END;
        r_reference := r_reference || item_references[i] || item_references[i];
        r_amount := r_amount || -item_amounts[i] || item_amounts[i];
        r_currency := r_currency || a_currency[s] || a_currency[s];
        r_type := r_type || 'DEBIT_PAYMENT'::text || 'CREDIT_PAYMENT'::text;
        r_anonymous := r_anonymous || item_anonymous[i] || item_anonymous[i];
        r_code := r_code || item_codes[i] || item_codes[i];
        r_payment_id := r_payment_id || item_payment_ids[i] || item_payment_ids[i];
        r_sender_note := r_sender_note || item_sender_notes[i] || item_sender_notes[i];
        r_recipient_note := r_recipient_note || item_recipient_notes[i] || item_recipient_notes[i];
        r_value := r_value || -item_amounts[i] * rate || item_amounts[i] * rate;
        r_value_currency := r_value_currency || coalesce(a_pair[s], a_currency[s]) || coalesce(a_pair[s], a_currency[s]);
      END LOOP;
      IF unit_blockages[u] IS NOT NULL THEN
        DELETE FROM blockages WHERE id = unit_blockages[u];
      END IF;
    END IF;

    o_refusal := o_refusal || no;
    o_item := o_item || bad;
    o_sender := o_sender || sender_id;
    o_detail := o_detail || about;
    first_item := last_item + 1;
  END LOOP;

  -- Each account row is written once, whatever number of payments touched it: a second update of a
  -- row in one transaction would check its customer's key again, which the lock order forbids.
  UPDATE accounts a SET balance = x.balance, blocked = x.blocked
    FROM unnest(ids, a_balance, a_blocked, a_changed) AS x(id, balance, blocked, changed)
   WHERE a.id = x.id AND x.changed;
  INSERT INTO transactions (ledger_id, account_id, customer_id, counter_account_id, reference, amount, currency,
      operation_type, transaction_type, anonymous, transaction_code, payment_id, sender_note, recipient_note,
      market_value_amount, market_value_currency, market_value_source)
    SELECT x.ledger_id, x.account_id, x.customer_id, x.counter_account_id, x.reference, x.amount, x.currency,
           'PAYMENT', x.transaction_type, x.anonymous, x.transaction_code, x.payment_id, x.sender_note,
           x.recipient_note, x.value, x.value_currency, 'ledger'
      FROM unnest(r_ledger, r_account, r_customer, r_counter, r_reference, r_amount, r_currency, r_type,
                  r_anonymous, r_code, r_payment_id, r_sender_note, r_recipient_note, r_value, r_value_currency)
        AS x(ledger_id, account_id, customer_id, counter_account_id, reference, amount, currency, transaction_type,
             anonymous, transaction_code, payment_id, sender_note, recipient_note, value, value_currency);

  RETURN QUERY SELECT * FROM unnest(o_refusal, o_item, o_sender, o_detail);
END
$$;
