import type { Queryable } from '../../storage/database.js';
import type { RateLimit, TokenGrant, TokenWant } from './token-bucket.js';

// The same refill and grant as refillAndTake, in one atomic upsert: the row lock orders servers taking
// tokens for one key at once, and the database's clock is the only clock, so servers need not agree on
// the time (`now()` is the statement's start, one value for the whole statement).
// Every SET expression reads the row as it was, so `granted` and `tokens` repeat the computation. A
// statement that waited for the lock may have started before the winner's `updated_at`: elapsed time is
// never negative and `updated_at` never moves back, so no refill is counted twice.
// $2 burst, $3 rps, $4 need, $5 extra.
const REFILLED = `least($2::float8, b.tokens + greatest(0, extract(epoch FROM now() - b.updated_at)) * $3::float8)`;

/** What a bucket holding `available` grants: see refillAndTake. */
function granted(available: string): string {
  const needed = `least(floor(${available}), $4::int)`;
  return `(${needed} + CASE WHEN ${available} - ${needed} - $5::int >= $2::float8 / 2 THEN $5::int ELSE 0 END)`;
}

/** Takes tokens from the key's shared bucket (made full on first use); see refillAndTake. */
export async function takeTokens(db: Queryable, apiKeyId: string, limit: RateLimit, want: TokenWant) {
  const rows = await db.query<TokenGrant>(
    `INSERT INTO rate_limit_buckets AS b (api_key_id, tokens, granted, updated_at)
     VALUES ($1, $2::float8 - ${granted('$2::float8')}, ${granted('$2::float8')}, now())
     ON CONFLICT (api_key_id) DO UPDATE SET
       granted = ${granted(REFILLED)},
       tokens = ${REFILLED} - ${granted(REFILLED)},
       updated_at = greatest(b.updated_at, now())
     RETURNING granted, tokens AS "left"`,
    [apiKeyId, limit.burst, limit.rps, want.need, want.extra],
  );
  return rows[0]!;
}

/** Whether any tenant or key has a limit of its own (an index probe each: migration 008). */
export async function anyRateLimitSet(db: Queryable): Promise<boolean> {
  const rows = await db.query<{ set: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM tenants WHERE rate_limit_rps > 0)
         OR EXISTS (SELECT 1 FROM api_keys WHERE rate_limit_rps > 0 AND revoked_at IS NULL) AS set`,
  );
  return rows[0]!.set;
}
