// What a bench run must undo however it ends (servers stopped, databases dropped, folders removed):
// in reverse order, at its end or when it is interrupted.

export interface Cleanups {
  push(cleanup: () => Promise<unknown>): void;
  /** Runs every cleanup pushed so far, newest first; logs a failed one and never rejects. */
  run(): Promise<void>;
  /** Cleans up, then exits with code 2: on SIGINT, SIGTERM, or whatever else calls it. */
  abort(reason: string): void;
}

/** The run's cleanups, also run on SIGINT and SIGTERM. */
export function runCleanups(log: (line: string) => void): Cleanups {
  const pending: (() => Promise<unknown>)[] = [];
  const run = async () => {
    for (const cleanup of pending.splice(0).reverse()) await cleanup().catch((error) => log(`cleanup: ${error}`));
  };
  const abort = (reason: string) => {
    log(`${reason}: cleaning up and stopping`);
    void run().finally(() => process.exit(2));
  };
  process.once('SIGINT', () => abort('interrupted'));
  process.once('SIGTERM', () => abort('terminated'));
  return { push: (cleanup) => pending.push(cleanup), run, abort };
}
