import type { Database, Listening, Queryable } from '../storage/database.js';

/**
 * What a write changed, in the words of what a server keeps in memory about it: a customer (its
 * lookups), an API key or a tenant (what keys stand for, and whether any rate limit is set); or that a
 * ledger has new webhooks to deliver (the workers wake).
 */
export type Change =
  { customer: { ledgerId: string; id: string } } | { apiKey: string } | { tenant: string } | { webhooks: string };

/** Something kept in memory that must hear every change (docs/decisions/0045-one-change-signal.md). */
export interface ChangeSubscriber {
  /** `change` has committed, here or on any connection. */
  changed(change: Change): void;
  /** Changes made on other connections are heard from now on. */
  listening(): void;
  /** Changes made on other connections may go unheard until `listening` again. */
  interrupted(): void;
}

/** The channel migration 009's triggers and migration 012's events announce on. */
export const CHANGES_CHANNEL = 'ledger_changes';

/** An announcement's payload as migration 009 writes it; undefined for a topic this build does not know. */
export function parseChange(payload: string): Change | undefined {
  const colon = payload.indexOf(':');
  const what = payload.slice(colon + 1);
  switch (payload.slice(0, colon)) {
    case 'customer': {
      const slash = what.indexOf('/');
      return slash > 0 ? { customer: { ledgerId: what.slice(0, slash), id: what.slice(slash + 1) } } : undefined;
    }
    case 'api_key':
      return { apiKey: what };
    case 'tenant':
      return { tenant: what };
    case 'webhooks':
      return { webhooks: what };
    default:
      return undefined;
  }
}

/**
 * The one way what a server keeps in memory learns that it changed. A write announces its change inside
 * its transaction; subscribers hear it once that commits (afterCommit), so no read can start between the
 * commit and the forgetting. The database announces the same changes, made on any connection, through
 * migration 009's triggers; `listen` hands them to the same subscribers. A change made here is heard
 * twice: forgetting is idempotent.
 */
export class Changes {
  private readonly subscribers: ChangeSubscriber[] = [];

  /** Call inside the transaction that makes `change` (or after the statement, outside one). */
  announce(tx: Queryable, change: Change): void {
    tx.afterCommit(() => this.publish(change));
  }

  /**
   * From now on `subscriber` hears every change, until the function returned is called. It starts as not
   * listening: it keeps nothing yet.
   */
  subscribe(subscriber: ChangeSubscriber): () => void {
    this.subscribers.push(subscriber);
    return () => {
      const at = this.subscribers.indexOf(subscriber);
      if (at >= 0) this.subscribers.splice(at, 1);
    };
  }

  /**
   * Hears what is announced on the database until `stop`. Resolves once the LISTEN is in place, or once
   * a first attempt failed (it listens again by itself; meanwhile subscribers keep nothing).
   */
  async listen(db: Pick<Database, 'listen'>): Promise<Listening> {
    let settled!: () => void;
    const first = new Promise<void>((resolve) => (settled = resolve));
    const listening = db.listen(CHANGES_CHANNEL, {
      message: (payload) => {
        const change = parseChange(payload);
        if (change) this.publish(change);
      },
      listening: () => {
        for (const subscriber of this.subscribers) subscriber.listening();
        settled();
      },
      interrupted: () => {
        this.interrupt();
        settled();
      },
    });
    await first;
    return {
      stop: async () => {
        await listening.stop();
        // Nothing is heard any more: nothing may be kept.
        this.interrupt();
      },
    };
  }

  private publish(change: Change): void {
    for (const subscriber of this.subscribers) subscriber.changed(change);
  }

  private interrupt(): void {
    for (const subscriber of this.subscribers) subscriber.interrupted();
  }
}
