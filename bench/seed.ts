import { randomBytes } from 'node:crypto';
import { createTenantWithKeys, operatorScope } from '../src/domain/tenancy/tenancy.service.js';
import type { Database } from '../src/storage/database.js';
import { CURRENCY, FUNDED_BALANCE, HEAVY_ACCOUNTS, HOT_BALANCE, PAIR_CURRENCIES, type Layout } from './layout.js';

// Seeds a ledger with bulk SQL, in the shape the app itself writes, far faster than its API could:
//   * ids are 24 lowercase hex characters, 4 bytes of seconds then 8 pseudo-random bytes (domain/ids.ts);
//   * customers get dense positions 1..n in creation order, and the ledger's counter says n;
//   * value enters only through the virtual currency: each account's balance is one MINT record
//     (CREDIT_DEPOSIT) on it, and the currency's supply is the sum of the balances; the pairs' own
//     currencies (PAIR_CURRENCIES) likewise, on the traders' accounts in them;
// so every invariant the ledger keeps holds before the first request (bench/ledger-check.ts proves it).

const CHUNK = 100_000;

export interface SeededLedger {
  tenant: string;
  apiKey: string;
  ledgerId: string;
}

// md5 of a per-run salt and the row's own coordinates: unique ids without a round trip per row.
const ID = (parts: string) =>
  `lpad(to_hex(floor(extract(epoch FROM now()))::bigint), 8, '0') || substr(md5($2::text || ${parts}), 1, 16)`;

export async function seedLedger(
  db: Database,
  layout: Layout,
  progress: (line: string) => void = () => undefined,
): Promise<SeededLedger> {
  const tenant = 'bench';
  const { keys } = await createTenantWithKeys(db, tenant, 'bench');
  const { ledgerId } = await operatorScope(db, tenant, 'testnet');
  const salt = randomBytes(8).toString('hex');

  // Each currency first, with its issuer account, as POST /v3/ledger/virtualCurrency makes them; its
  // supply is set once the mints below are in.
  for (const currency of [CURRENCY, ...PAIR_CURRENCIES]) {
    const [issuer] = await db.query<{ id: string }>(
      `INSERT INTO accounts (id, ledger_id, currency, accounting_currency)
       VALUES (${ID("'issuer:' || $3")}, $1, $3, 'EUR') RETURNING id`,
      [ledgerId, salt, currency],
    );
    await db.query(
      `INSERT INTO virtual_currencies (ledger_id, name, supply, base_pair, base_rate, issuer_account_id)
       VALUES ($1, $2, 0, 'EUR', 1, $3)`,
      [ledgerId, currency, issuer!.id],
    );
  }

  for (let first = 1; first <= layout.customers; first += CHUNK) {
    const last = Math.min(layout.customers, first + CHUNK - 1);
    const started = performance.now();
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO customers (id, ledger_id, position, external_id)
         SELECT ${ID("':c:' || g")}, $1, g, 'bench-customer-' || g FROM generate_series($3::bigint, $4::bigint) g
          ORDER BY g`,
        [ledgerId, salt, first, last],
      );
      // Each customer's funded account and the MINT record that explains its balance, in one statement.
      await tx.query(
        `WITH funded AS (
           INSERT INTO accounts (id, ledger_id, customer_id, currency, accounting_currency, balance)
           SELECT ${ID("':a:' || c.position")}, $1, c.id, $5, 'EUR',
                  CASE WHEN c.position = $6 THEN $7::numeric ELSE $8::numeric END
             FROM customers c WHERE c.ledger_id = $1 AND c.position BETWEEN $3 AND $4 ORDER BY c.position
           RETURNING id, customer_id, balance
         )
         INSERT INTO transactions (ledger_id, account_id, customer_id, reference, amount, currency, operation_type,
           transaction_type, anonymous, market_value_amount, market_value_currency, market_value_source)
         SELECT $1, id, customer_id, gen_random_uuid()::text, balance, $5, 'MINT', 'CREDIT_DEPOSIT', false,
                balance, 'EUR', 'ledger'
           FROM funded`,
        [ledgerId, salt, first, last, CURRENCY, layout.hot, HOT_BALANCE, FUNDED_BALANCE],
      );
    });
    progress(`customers ${first}..${last}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }

  // The heavy customers' other accounts, empty: 1,000 accounts each in all.
  const [heavyFirst] = layout.heavy[0]!;
  const [, heavyLast] = layout.heavy.at(-1)!;
  await db.query(
    `INSERT INTO accounts (id, ledger_id, customer_id, currency, accounting_currency)
     SELECT ${ID("':h:' || c.position || ':' || k")}, $1, c.id, $5, 'EUR'
       FROM customers c CROSS JOIN generate_series(2, $6::int) k
      WHERE c.ledger_id = $1 AND c.position BETWEEN $3 AND $4 ORDER BY c.position, k`,
    [ledgerId, salt, heavyFirst, heavyLast, CURRENCY, HEAVY_ACCOUNTS],
  );

  // The traders' accounts in the pairs' currencies, each funded by its MINT record.
  const [tradersFirst, tradersLast] = layout.traders;
  await db.query(
    `WITH funded AS (
       INSERT INTO accounts (id, ledger_id, customer_id, currency, accounting_currency, balance)
       SELECT ${ID("':t:' || c.position || ':' || p.currency")}, $1, c.id, p.currency, 'EUR', $6::numeric
         FROM customers c CROSS JOIN unnest($5::text[]) WITH ORDINALITY AS p(currency, n)
        WHERE c.ledger_id = $1 AND c.position BETWEEN $3 AND $4 ORDER BY c.position, p.n
       RETURNING id, customer_id, currency, balance
     )
     INSERT INTO transactions (ledger_id, account_id, customer_id, reference, amount, currency, operation_type,
       transaction_type, anonymous, market_value_amount, market_value_currency, market_value_source)
     SELECT $1, id, customer_id, gen_random_uuid()::text, balance, currency, 'MINT', 'CREDIT_DEPOSIT', false,
            balance, 'EUR', 'ledger'
       FROM funded`,
    [ledgerId, salt, tradersFirst, tradersLast, PAIR_CURRENCIES, FUNDED_BALANCE],
  );

  await db.query('UPDATE ledgers SET customers_count = $2 WHERE id = $1', [ledgerId, layout.customers]);
  await db.query(
    `UPDATE virtual_currencies v
        SET supply = (SELECT sum(a.balance) FROM accounts a WHERE a.ledger_id = $1 AND a.currency = v.name)
      WHERE v.ledger_id = $1`,
    [ledgerId],
  );
  // Fresh statistics, and the visibility map set, so that the planner and autovacuum do not change
  // their minds in the middle of a measurement.
  const started = performance.now();
  await db.exec('VACUUM ANALYZE');
  progress(`vacuum analyze: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { tenant, apiKey: keys.testnet.key, ledgerId };
}
