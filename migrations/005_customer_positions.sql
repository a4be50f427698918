-- A dense 1..n position per ledger for customers, in creation order. Customers are never deleted, so
-- "skip N" is "position > N": the list's last page is an index seek, as cheap as its first, instead
-- of an OFFSET that walks every row before it.
ALTER TABLE ledgers ADD COLUMN customers_count bigint NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN position bigint;

UPDATE customers c
   SET position = numbered.position
  FROM (SELECT id, row_number() OVER (PARTITION BY ledger_id ORDER BY seq) AS position FROM customers) numbered
 WHERE c.id = numbered.id;
UPDATE ledgers l SET customers_count = (SELECT count(*) FROM customers c WHERE c.ledger_id = l.id);

ALTER TABLE customers ALTER COLUMN position SET NOT NULL;
CREATE UNIQUE INDEX customers_ledger_position ON customers (ledger_id, position);
DROP INDEX customers_ledger_seq;
