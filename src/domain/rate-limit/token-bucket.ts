/** A key's allowance: `rps` tokens a second flow into a bucket that holds at most `burst`. */
export interface RateLimit {
  rps: number;
  burst: number;
}

export interface TokenGrant {
  /** Tokens handed out, 0..wanted. */
  granted: number;
  /** What is left in the bucket afterwards (fractional: the bucket refills continuously). */
  left: number;
}

/** Where a key's bucket lives: this process, or the database every server shares. */
export interface TokenSource {
  take(apiKeyId: string, limit: RateLimit, wanted: number): Promise<TokenGrant>;
}

/** The bucket after `elapsedSeconds` of refill, and what a request for `wanted` tokens gets from it. */
export function refillAndTake(tokens: number, elapsedSeconds: number, limit: RateLimit, wanted: number): TokenGrant {
  const available = Math.min(limit.burst, tokens + Math.max(0, elapsedSeconds) * limit.rps);
  const granted = Math.min(Math.floor(available), wanted);
  return { granted, left: available - granted };
}

/**
 * Buckets in this process's memory. PGlite is opened by one process only, so every server on one
 * PGlite database runs in this process and shares these buckets (see `tokenSourceFor`).
 */
export class MemoryTokenSource implements TokenSource {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly clock: () => number = () => performance.now()) {}

  async take(apiKeyId: string, limit: RateLimit, wanted: number): Promise<TokenGrant> {
    const now = this.clock();
    const bucket = this.buckets.get(apiKeyId);
    const grant = bucket
      ? refillAndTake(bucket.tokens, (now - bucket.at) / 1000, limit, wanted)
      : refillAndTake(limit.burst, 0, limit, wanted);
    this.buckets.set(apiKeyId, { tokens: grant.left, at: now });
    return grant;
  }
}
