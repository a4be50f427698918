import { insideUnitOfWork } from '../storage/ambient-transaction.js';

/**
 * Reads of single rows by key, gathered across the requests in flight into one statement. Under load
 * the costly part of such a read is not finding the row but the round trip: a write to the database's
 * socket, waking its process, parsing the answer. Requests that ask within the same turn of the event
 * loop share one round trip; a lone request waits for nothing but the end of that turn. While
 * `maxInFlight` statements are running, new keys gather until one returns (as a group commit does), so
 * the busier the server, the larger the batches and the fewer the round trips per request.
 *
 * Each request's answer is as fresh as its own read would have been: the statement starts after every
 * request of its batch arrived. Only reads outside any transaction may be batched; a read that must see
 * a transaction's own writes goes through the transaction. A read made inside a unit of work
 * (storage/ambient-transaction.ts) is made alone, on the unit's transaction: batched, it would wait for
 * a batch that, on PGlite, waits for the unit to end.
 */
export class BatchedReads<Key, Row> {
  private pending = new Map<
    string,
    { key: Key; waiters: { resolve(row: Row | undefined): void; reject(error: unknown): void }[] }
  >();
  private scheduled = false;
  private inFlight = 0;

  /**
   * `readMany` answers many keys in one statement, each answer under its key's index in the list it
   * was given; `id` tells keys apart (two requests for the same key share its answer).
   */
  constructor(
    private readonly readMany: (keys: Key[]) => Promise<Map<number, Row>>,
    private readonly id: (key: Key) => string,
    private readonly maxBatch = 500,
    private readonly maxInFlight = 2,
  ) {}

  read(key: Key): Promise<Row | undefined> {
    if (insideUnitOfWork()) return this.readMany([key]).then((rows) => rows.get(0));
    return new Promise((resolve, reject) => {
      const id = this.id(key);
      let entry = this.pending.get(id);
      if (!entry) this.pending.set(id, (entry = { key, waiters: [] }));
      entry.waiters.push({ resolve, reject });
      if (this.pending.size >= this.maxBatch && this.inFlight < this.maxInFlight) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    // Another batch is sent when a running one returns; the keys wait for it.
    if (this.pending.size === 0 || this.inFlight >= this.maxInFlight) return;
    let batch = [...this.pending.values()];
    if (batch.length <= this.maxBatch) this.pending = new Map();
    else {
      batch = batch.slice(0, this.maxBatch);
      for (const entry of batch) this.pending.delete(this.id(entry.key));
    }
    this.inFlight++;
    this.readMany(batch.map((entry) => entry.key))
      .then(
        (rows) => batch.forEach((entry, i) => entry.waiters.forEach((w) => w.resolve(rows.get(i)))),
        (error: unknown) => batch.forEach((entry) => entry.waiters.forEach((w) => w.reject(error))),
      )
      .finally(() => {
        this.inFlight--;
        this.flush();
      });
  }
}
