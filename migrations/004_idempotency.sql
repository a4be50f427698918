-- Idempotency-Key (extension, docs/decisions/0023-idempotency-key.md): one row per key and ledger. The
-- row is written before the request's work runs, so that a concurrent or later retry finds it;
-- status_code stays NULL while the request is in progress and is set, with the response, once it is
-- answered.
CREATE TABLE idempotency_keys (
  ledger_id text NOT NULL REFERENCES ledgers (id),
  key text NOT NULL,
  -- SHA-256 of the request (method, route, path parameters, query, canonical JSON body): the same key
  -- with another request is refused, never answered with the first request's response.
  request_hash text NOT NULL,
  status_code integer,
  content_type text,
  body text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ledger_id, key)
);
-- Keys expire after 24 hours; the sweep that deletes them walks this index.
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
