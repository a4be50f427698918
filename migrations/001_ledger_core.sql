-- Tenants own two ledgers, mainnet and testnet; every API key addresses exactly one ledger and no row
-- is ever read across ledgers.
CREATE TABLE tenants (
  id text PRIMARY KEY,
  name text NOT NULL UNIQUE,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ledgers (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants (id),
  network text NOT NULL CHECK (network IN ('mainnet', 'testnet')),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, network)
);

-- Only a SHA-256 of each key is kept; the key itself is shown once, when it is made.
CREATE TABLE api_keys (
  id text PRIMARY KEY,
  ledger_id text NOT NULL REFERENCES ledgers (id),
  key_hash text NOT NULL UNIQUE,
  key_hint text NOT NULL,
  label text,
  frozen boolean NOT NULL DEFAULT false,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- `seq` gives lists their stable creation order (oldest first) without relying on id order.
CREATE TABLE customers (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  ledger_id text NOT NULL REFERENCES ledgers (id),
  external_id text NOT NULL,
  accounting_currency text NOT NULL DEFAULT 'EUR',
  customer_country text,
  provider_country text,
  active boolean NOT NULL DEFAULT true,
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (ledger_id, external_id)
);
CREATE INDEX customers_ledger_seq ON customers (ledger_id, seq);

CREATE TABLE accounts (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  ledger_id text NOT NULL REFERENCES ledgers (id),
  customer_id text REFERENCES customers (id),
  currency text NOT NULL,
  xpub text,
  account_code text,
  account_number text,
  accounting_currency text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  frozen boolean NOT NULL DEFAULT false,
  balance numeric NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX accounts_ledger_seq ON accounts (ledger_id, seq);
CREATE INDEX accounts_customer_seq ON accounts (customer_id, seq);
