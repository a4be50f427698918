/** A key's allowance: `rps` tokens a second flow into a bucket that holds at most `burst`. */
export interface RateLimit {
  rps: number;
  burst: number;
}

/** What a server asks a bucket for: the requests waiting now, and tokens to keep for the next ones. */
export interface TokenWant {
  /** Tokens for requests waiting now: granted as far as the bucket holds them. */
  need: number;
  /**
   * Tokens beyond `need`, kept as a lease for the requests to come; granted whole, and only when the
   * bucket keeps at least half its burst after it (see `refillAndTake`).
   */
  extra: number;
}

export interface TokenGrant {
  /** Tokens handed out, 0..need + extra. */
  granted: number;
  /** What is left in the bucket afterwards (fractional: the bucket refills continuously). */
  left: number;
}

/** Where a key's bucket lives: this process, or the database every server shares. */
export interface TokenSource {
  take(apiKeyId: string, limit: RateLimit, want: TokenWant): Promise<TokenGrant>;
}

/**
 * The bucket after `elapsedSeconds` of refill, and what a request for `want` gets from it.
 * A lease beyond the requests waiting is taken only from the bucket's upper half: tokens a server keeps
 * unspent are tokens another server sharing the bucket cannot have, so near empty every server takes
 * just what its waiting requests need, and a burst spread over servers is admitted in full.
 */
export function refillAndTake(tokens: number, elapsedSeconds: number, limit: RateLimit, want: TokenWant): TokenGrant {
  const available = Math.min(limit.burst, tokens + Math.max(0, elapsedSeconds) * limit.rps);
  const needed = Math.min(Math.floor(available), want.need);
  const extra = available - needed - want.extra >= limit.burst / 2 ? want.extra : 0;
  return { granted: needed + extra, left: available - needed - extra };
}

/**
 * Buckets in this server's memory. PGlite is opened by one process only, so on PGlite one server holds
 * every bucket (see `tokenSourceFor`).
 */
export class MemoryTokenSource implements TokenSource {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly clock: () => number = () => performance.now()) {}

  async take(apiKeyId: string, limit: RateLimit, want: TokenWant): Promise<TokenGrant> {
    const now = this.clock();
    const bucket = this.buckets.get(apiKeyId);
    const grant = bucket
      ? refillAndTake(bucket.tokens, (now - bucket.at) / 1000, limit, want)
      : refillAndTake(limit.burst, 0, limit, want);
    this.buckets.set(apiKeyId, { tokens: grant.left, at: now });
    return grant;
  }
}
