-- A ledger copied in from another server (docs/decisions/0038-ledger-import.md). One row per target
-- ledger: where it came from, and how far the import has come. Every page the import writes commits in
-- one transaction with the new `state`, so that a run that stops at any moment resumes at the first
-- page it had not committed, never writing a page twice.
--   source       the source server's base URL, as given to --from
--   state        JSON: the stage under way and its position in it (src/domain/import/import-state.ts)
--   window_to    the end (UTC milliseconds) of the transaction window the last finished run read up
--                to: a later --resume reads from there
--   finished_at  when a run last went through every stage
CREATE TABLE imports (
  ledger_id text PRIMARY KEY REFERENCES ledgers (id),
  source text NOT NULL,
  state text NOT NULL,
  window_to bigint,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);

-- Transactions by creation time within a ledger: the `from` and `to` of Tatum's transaction finds, and
-- the import's reading of a source like this server, which walks the ledger's records in slices of
-- time (src/domain/import/importer.ts) instead of ever deeper offsets.
CREATE INDEX transactions_ledger_created ON transactions (ledger_id, created_at);
