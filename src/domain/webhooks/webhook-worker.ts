import { setTimeout as sleep } from 'node:timers/promises';
import type { Change, ChangeSubscriber } from '../changes.js';
import type { Queryable } from '../../storage/database.js';
import { WebhookPoster } from './delivery.js';
import { destinationGuard } from './destination.js';
import { retryDelayMs, RETRY_BASE_MS } from './retry-schedule.js';
import { payloadHash } from './signing.js';
import {
  claimDueWebhooks,
  endLeases,
  msUntilNextDue,
  recordTry,
  releaseWebhook,
  type ClaimedWebhook,
} from './webhook.repository.js';

// Every server delivers webhooks (docs/decisions/0030-webhook-outbox.md): apart from request handling,
// at most `concurrency` at once, so a slow or dead receiver holds a delivery slot for its timeout and
// nothing else. Workers of several servers on one PostgreSQL share the rows by claiming them.

/** How long a stop waits for a look in progress. */
const STOP_WAIT_MS = 1000;

export interface WebhookOptions {
  /** Deliver to loopback, private and link-local addresses too (LEDGER_WEBHOOK_ALLOW_PRIVATE). */
  allowPrivate: boolean;
  /** A try's whole exchange; Tatum's receivers have 10 s to answer 2xx. */
  timeoutMs: number;
  /** Deliveries in flight at once in this server. */
  concurrency: number;
  /** How long a claimed webhook is this worker's; longer than a try can take. */
  leaseMs: number;
  /** The first retry's delay (retry-schedule.ts); shorter only in tests. */
  retryBaseMs: number;
  /**
   * The longest the worker sleeps without looking for due webhooks, when it is not woken: a net for a
   * wake-up lost with the change channel, or a retry another server scheduled and then died. With PGlite
   * (soleServer) every change is heard in this process, and a worker with nothing due sleeps until woken.
   */
  idleLookMs: number;
  /**
   * No other server opens the database (PGlite): leases left at start are a dead server's, ended at
   * once. On PostgreSQL they may be another live server's, and end when they run out.
   */
  soleServer: boolean;
}

export const WEBHOOK_DEFAULTS: WebhookOptions = {
  allowPrivate: false,
  timeoutMs: 10_000,
  concurrency: 16,
  leaseMs: 30_000,
  retryBaseMs: RETRY_BASE_MS,
  idleLookMs: 10_000,
  soleServer: false,
};

/** What each try did, for /metrics. */
export interface TryReport {
  delivered: boolean;
  /** Not the webhook's first try. */
  retry: boolean;
  /** It failed and had every try: it will not be tried again. */
  givenUp: boolean;
  /** How long the try took. */
  seconds: number;
  /** From the event to its delivery, when it was delivered. */
  latencySeconds?: number;
}

/** Counts since the server started. */
export interface WebhookStats {
  delivered: number;
  /** Tries that did not get a 2xx. */
  failedTries: number;
  /** Tries after a failed one. */
  retries: number;
  /** Webhooks that failed every try. */
  givenUp: number;
}

export class WebhookWorker implements ChangeSubscriber {
  readonly stats: WebhookStats = { delivered: 0, failedTries: 0, retries: 0, givenUp: 0 };
  private readonly options: WebhookOptions;
  private readonly poster: WebhookPoster;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly listeners: ((report: TryReport) => void)[] = [];
  private readonly stopping = new AbortController();
  private running = false;
  private round: Promise<void> | undefined;
  /** Leases a dead server left, to end at the first look (soleServer only). */
  private leftLeases: boolean;
  private lookAgain = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Queryable,
    options: Partial<WebhookOptions> = {},
    private readonly reportError: (error: unknown, message: string) => void = () => undefined,
  ) {
    this.options = { ...WEBHOOK_DEFAULTS, ...options };
    this.leftLeases = this.options.soleServer;
    this.poster = new WebhookPoster(
      destinationGuard({ allowPrivate: this.options.allowPrivate }),
      this.options.timeoutMs,
      this.options.concurrency,
    );
  }

  /** `listener` hears every try from now on. */
  onTry(listener: (report: TryReport) => void): void {
    this.listeners.push(listener);
  }

  /** Starts delivering: what is due now (left by a server that stopped or died), then what is raised. */
  start(): void {
    if (this.running || this.stopping.signal.aborted) return;
    this.running = true;
    // Not awaited: a server whose database does not answer yet still starts (and says it is not ready).
    this.look();
  }

  /**
   * Stops claiming, abandons the tries in flight and gives their webhooks back, due at once, to whichever
   * server runs next. Resolves once they are given back.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping.abort();
    clearTimeout(this.timer);
    // A look waiting on a database that does not answer is not waited for past a moment: it must not
    // hold the server's stop. What it claims then is given back by the tries, which see the stop.
    await Promise.race([this.round, sleep(STOP_WAIT_MS, undefined, { ref: false })]);
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    this.poster.close();
  }

  changed(change: Change): void {
    if ('webhooks' in change) this.look();
  }

  /** Webhooks raised while the channel was down are found by the next look: look now. */
  listening(): void {
    this.look();
  }

  interrupted(): void {}

  /** Claims due webhooks for the free slots; once, however often it is asked while it runs. */
  private look(): void {
    if (!this.running) return;
    if (this.round) {
      this.lookAgain = true;
      return;
    }
    this.round = this.claimRound().finally(() => {
      this.round = undefined;
      // Asked while the round was past its last claim.
      if (this.lookAgain) this.look();
    });
  }

  private async claimRound(): Promise<void> {
    clearTimeout(this.timer);
    if (this.leftLeases) {
      await endLeases(this.db);
      this.leftLeases = false;
    }
    let nextLookMs: number | undefined = this.options.soleServer ? undefined : this.options.idleLookMs;
    try {
      do {
        this.lookAgain = false;
        const free = this.options.concurrency - this.inFlight.size;
        if (free <= 0) return; // a finishing try looks again
        const claimed = await claimDueWebhooks(this.db, free, this.options.leaseMs);
        for (const webhook of claimed) this.track(this.tryOnce(webhook));
        // All it asked for: more may be due.
        if (claimed.length === free) this.lookAgain = true;
      } while (this.lookAgain && this.running);
      // With tries in flight, the end of each looks again: only an idle worker needs to know when to.
      const due = this.inFlight.size === 0 ? await msUntilNextDue(this.db) : undefined;
      if (due !== undefined) nextLookMs = Math.min(nextLookMs ?? Infinity, Math.max(due, 1));
    } catch (error) {
      this.reportError(error, 'claiming webhooks failed; the worker looks again shortly');
      nextLookMs = this.options.idleLookMs;
    } finally {
      if (this.running && nextLookMs !== undefined) this.timer = setTimeout(() => this.look(), nextLookMs).unref();
    }
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => {
      this.inFlight.delete(work);
      this.look();
    });
  }

  private async tryOnce(webhook: ClaimedWebhook): Promise<void> {
    // Exactly what is signed is sent: the stored payload, compact, its fields in their order.
    const body = Buffer.from(JSON.stringify(JSON.parse(webhook.payload)));
    const headers: Record<string, string> = {
      accept: 'application/json, text/plain, */*',
      'content-type': 'application/json',
      'x-webhook-id': webhook.id,
    };
    if (webhook.hmacSecret !== null) headers['x-payload-hash'] = payloadHash(webhook.hmacSecret, body);
    const at = new Date();
    const started = performance.now();
    try {
      const outcome = await this.poster.post(webhook.url, body, headers, this.stopping.signal);
      if (this.stopping.signal.aborted && !outcome.delivered) {
        await releaseWebhook(this.db, webhook.id, webhook.tries);
        return;
      }
      const tries = webhook.tries + 1;
      const retryInMs = outcome.delivered ? undefined : retryDelayMs(tries, this.options.retryBaseMs);
      const history = [...webhook.history, { timestamp: at.getTime(), response: outcome.response }];
      const recorded = await recordTry(this.db, webhook.id, webhook.tries, {
        at,
        delivered: outcome.delivered,
        response: outcome.response,
        history,
        ...(retryInMs !== undefined ? { retryInMs } : {}),
      });
      if (recorded) this.count(outcome.delivered, webhook, retryInMs === undefined, started);
    } catch (error) {
      // The record could not be written: the lease ends and the webhook is tried again.
      this.reportError(error, `recording webhook ${webhook.id} failed; it is tried again when its lease ends`);
    }
  }

  private count(delivered: boolean, webhook: ClaimedWebhook, last: boolean, started: number): void {
    const retry = webhook.tries > 0;
    if (delivered) this.stats.delivered++;
    else this.stats.failedTries++;
    if (retry) this.stats.retries++;
    const givenUp = !delivered && last;
    if (givenUp) this.stats.givenUp++;
    const report: TryReport = {
      delivered,
      retry,
      givenUp,
      seconds: (performance.now() - started) / 1000,
      ...(delivered ? { latencySeconds: (Date.now() - webhook.createdAt.getTime()) / 1000 } : {}),
    };
    for (const listener of this.listeners) listener(report);
  }
}
