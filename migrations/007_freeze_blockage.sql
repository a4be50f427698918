-- The blockage a freeze made is marked, so that unfreeze deletes that one and no other: a user may
-- create blockages of type ACCOUNT_FROZEN too, and those stay until the user deletes them.
ALTER TABLE blockages ADD COLUMN account_freeze boolean NOT NULL DEFAULT false;

-- Before this mark, a frozen account's freeze blockage is its newest ACCOUNT_FROZEN blockage with the
-- description freeze gives it.
UPDATE blockages b
   SET account_freeze = true
  FROM (SELECT DISTINCT ON (bl.account_id) bl.id
          FROM blockages bl
          JOIN accounts a ON a.id = bl.account_id AND a.frozen
         WHERE bl.type = 'ACCOUNT_FROZEN' AND bl.description = 'Account frozen'
         ORDER BY bl.account_id, bl.seq DESC) made
 WHERE b.id = made.id;
