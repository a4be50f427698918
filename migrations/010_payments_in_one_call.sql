-- Payments in one call (docs/decisions/0046-payments-in-one-call.md): one statement locks the accounts
-- of a whole group of payments, judges each payment in its turn, moves the money of those it accepts
-- and writes their records, and answers, per payment, nothing or the refusal that applies. A single
-- payment is a group of one; concurrent payments share a group, so that they share the locks, the
-- statement and the commit.
--
-- A group is made of units, each all or nothing, judged in their order against the balances the
-- units before them left: a payment (one item), a batch request (its items), or an unblock with a
-- transaction (one item, paid out of a blockage, whose account is the sender). A refused unit changes
-- nothing, and the units after it are judged as if it had not been sent.

-- Why a customer may not be served under a compliance policy, or NULL when it may: the same rules as
-- complianceRefusal in src/domain/compliance/compliance.ts (test/domain/compliance-in-sql.test.ts holds
-- the two to the same answers). `policy` is the policy file's JSON: {"rules": [{name, providerCountries,
-- customerCountries}]}, providerCountries being "*" or a list.
CREATE FUNCTION ledger_compliance_refusal(policy jsonb, has_customer boolean, customer_country text,
  provider_country text) RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
  rule jsonb;
BEGIN
  IF NOT has_customer OR customer_country IS NULL THEN
    RETURN 'customer country is not defined.';
  END IF;
  FOR rule IN SELECT value FROM jsonb_array_elements(policy -> 'rules') LOOP
    IF (rule -> 'providerCountries' = '"*"'::jsonb
        OR (provider_country IS NOT NULL AND rule -> 'providerCountries' ? provider_country))
       AND rule -> 'customerCountries' ? customer_country THEN
      RETURN format('rule ''%s'': provider country %s may not serve customer country %s.', rule ->> 'name',
        coalesce(provider_country, 'unknown'), customer_country);
    END IF;
  END LOOP;
  RETURN NULL;
END
$$;

-- The refusals, in the order they are checked, which is the order the API has always answered them in:
--   blockageNotExists, blockageAmountExceeded           (an unblock: its blockage)
--   senderAccountNotExists                               (missing, inactive or of another ledger)
--   per item, in order: recipientAccountNotExists, paymentAmountNotNull, paymentSameAccount,
--     transactionCurrencyIncompatible, the asset's smallest unit (unit_refusals), transactionNotCompliant
--   senderAccountFrozen, senderAccountCustomerDisabled
--   balanceInsufficient                                  (the first item the available balance misses)
-- Each answer row, in unit order: the refusal (NULL when the unit went through), the item it is about
-- (0-based within the unit), the sender as judged (a blockage's account for an unblock), and a detail:
-- the available balance before that item, the compliance reason, or the disabled customer's id.
CREATE FUNCTION ledger_pay(
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
  b_account text; b_amount numeric;
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
      SELECT b.account_id, b.amount INTO b_account, b_amount
        FROM blockages b WHERE b.ledger_id = unit_ledgers[u] AND b.id = unit_blockages[u] FOR UPDATE;
      IF NOT FOUND THEN
        no := 'blockageNotExists';
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
