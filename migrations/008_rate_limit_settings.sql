-- Rate limits chosen per tenant or per API key (`ledger tenants limit`, `ledger keys limit`). A key's own
-- setting wins over its tenant's, a tenant's over the environment's (README, Rate limits).
-- Both NULL: no setting here. rps 0: no limit, whatever the level below says. rps > 0: that limit.
ALTER TABLE tenants ADD COLUMN rate_limit_rps double precision, ADD COLUMN rate_limit_burst integer,
  ADD CONSTRAINT tenants_rate_limit CHECK (
    (rate_limit_rps IS NULL OR rate_limit_rps = 0) AND rate_limit_burst IS NULL
    OR rate_limit_rps > 0 AND rate_limit_burst >= 1);
ALTER TABLE api_keys ADD COLUMN rate_limit_rps double precision, ADD COLUMN rate_limit_burst integer,
  ADD CONSTRAINT api_keys_rate_limit CHECK (
    (rate_limit_rps IS NULL OR rate_limit_rps = 0) AND rate_limit_burst IS NULL
    OR rate_limit_rps > 0 AND rate_limit_burst >= 1);

-- Whether any limit is set at all decides whether unknown keys are limited per client address; servers
-- ask once a second, and these keep the answer one index probe however many tenants and keys there are.
CREATE INDEX tenants_with_rate_limit ON tenants (id) WHERE rate_limit_rps > 0;
CREATE INDEX api_keys_with_rate_limit ON api_keys (id) WHERE rate_limit_rps > 0;
