-- Servers keep the customers they looked up in memory (src/domain/customers/customer-cache.ts). Every
-- change of what a lookup returns, from any connection (another server, the command line, an
-- operator's SQL), is announced on the channel `ledger_customer_changes` as `<ledger id>/<customer
-- id>`; PostgreSQL delivers it when the change commits, to every server listening, and drops it
-- otherwise. New customers are not announced: a server keeps no answer for a customer it did not find.
CREATE FUNCTION ledger_announce_customer_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ledger_customer_changes', NEW.ledger_id || '/' || NEW.id);
  RETURN NULL;
END
$$;

CREATE TRIGGER customers_announce_change
  AFTER UPDATE OF external_id, accounting_currency, customer_country, provider_country, active, enabled
  ON customers
  FOR EACH ROW
  WHEN (OLD IS DISTINCT FROM NEW)
  EXECUTE FUNCTION ledger_announce_customer_change();
