import type { Queryable } from '../../storage/database.js';
import type { RateLimit, TokenGrant } from './token-bucket.js';

// The same refill as refillAndTake, in one atomic upsert: the row lock orders servers taking tokens for
// one key at once, and the database's clock is the only clock, so servers need not agree on the time
// (`now()` is the statement's start, one value for the whole statement).
// Every SET expression reads the row as it was, so `granted` and `tokens` repeat the refill. A statement
// that waited for the lock may have started before the winner's `updated_at`: elapsed time is never
// negative and `updated_at` never moves back, so no refill is counted twice.
const AVAILABLE = `least($2::float8, b.tokens + greatest(0, extract(epoch FROM now() - b.updated_at)) * $3::float8)`;

/** Takes up to `wanted` tokens from the key's shared bucket (made full on first use). */
export async function takeTokens(db: Queryable, apiKeyId: string, limit: RateLimit, wanted: number) {
  const rows = await db.query<TokenGrant>(
    `INSERT INTO rate_limit_buckets AS b (api_key_id, tokens, granted, updated_at)
     VALUES ($1, $2::float8 - least(floor($2::float8), $4::int), least(floor($2::float8), $4::int), now())
     ON CONFLICT (api_key_id) DO UPDATE SET
       granted = least(floor(${AVAILABLE}), $4::int),
       tokens = ${AVAILABLE} - least(floor(${AVAILABLE}), $4::int),
       updated_at = greatest(b.updated_at, now())
     RETURNING granted, tokens AS "left"`,
    [apiKeyId, limit.burst, limit.rps, wanted],
  );
  return rows[0]!;
}
