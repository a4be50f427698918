-- Servers keep in memory what API keys, tenants and customers stand for, and forget it when it changes
-- (src/domain/changes.ts). Every such change, from any connection (another server, the command line, an
-- operator's SQL), is announced on one channel, `ledger_changes`, as `<topic>:<what changed>`:
--   customer:<ledger id>/<customer id>   a customer's fields or flags
--   api_key:<api key id>                 a key's freeze flag, revocation, rate limit, or the key deleted
--   tenant:<tenant id>                   a tenant's active flag, quota, rate limit, or the tenant deleted
-- PostgreSQL delivers an announcement when its transaction commits, to every session listening, and
-- drops it otherwise. This replaces the channel `ledger_customer_changes` of migration 006. New rows are
-- not announced: a server keeps nothing about a customer it did not find or a key it does not know.

CREATE OR REPLACE FUNCTION ledger_announce_customer_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ledger_changes', 'customer:' || NEW.ledger_id || '/' || NEW.id);
  RETURN NULL;
END
$$;

-- The topic is the trigger's argument.
CREATE FUNCTION ledger_announce_row_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('ledger_changes', TG_ARGV[0] || ':' || OLD.id);
  ELSE
    PERFORM pg_notify('ledger_changes', TG_ARGV[0] || ':' || NEW.id);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER api_keys_announce_change
  AFTER UPDATE ON api_keys
  FOR EACH ROW
  WHEN (OLD IS DISTINCT FROM NEW)
  EXECUTE FUNCTION ledger_announce_row_change('api_key');

CREATE TRIGGER api_keys_announce_deletion
  AFTER DELETE ON api_keys
  FOR EACH ROW
  EXECUTE FUNCTION ledger_announce_row_change('api_key');

CREATE TRIGGER tenants_announce_change
  AFTER UPDATE ON tenants
  FOR EACH ROW
  WHEN (OLD IS DISTINCT FROM NEW)
  EXECUTE FUNCTION ledger_announce_row_change('tenant');

CREATE TRIGGER tenants_announce_deletion
  AFTER DELETE ON tenants
  FOR EACH ROW
  EXECUTE FUNCTION ledger_announce_row_change('tenant');
