-- Operating the ledger: credits consumed, monthly quotas, per-key rate limits.

-- Credits a tenant may consume per UTC calendar month, over both its ledgers; NULL means no limit.
ALTER TABLE tenants ADD COLUMN monthly_credit_quota bigint CHECK (monthly_credit_quota >= 0);

-- Credits consumed per API key and UTC day. Servers count in memory and add to these rows in batches
-- (at least once a second), never once per request. `ledger_id` repeats the key's ledger so that a
-- ledger's usage report reads one index range without a join.
CREATE TABLE credit_usage (
  api_key_id text NOT NULL REFERENCES api_keys (id),
  ledger_id text NOT NULL REFERENCES ledgers (id),
  day date NOT NULL,
  credits bigint NOT NULL CHECK (credits >= 0),
  PRIMARY KEY (api_key_id, day)
);
CREATE INDEX credit_usage_ledger_day ON credit_usage (ledger_id, day);

-- One token bucket per API key, shared by every server on this database: a server takes tokens in
-- small leases with one atomic upsert (`granted` is what the last lease got). UNLOGGED because the
-- buckets are worth nothing after a crash: a key simply starts again with a full bucket.
CREATE UNLOGGED TABLE rate_limit_buckets (
  api_key_id text PRIMARY KEY,
  tokens double precision NOT NULL,
  granted integer NOT NULL,
  updated_at timestamptz NOT NULL
);
