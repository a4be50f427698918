import { setImmediate } from 'node:timers/promises';

// The embedded database (PGlite) runs in this thread, and its queries resolve without giving the event
// loop a turn: a loop of a few hundred statements (a batch) would keep every other request, /health
// included, waiting until it ends. Long per-item loops call the function this returns after each item;
// at most every TURN_INTERVAL_MS it lets the event loop answer what is waiting. On PostgreSQL every
// query already waits on the network, and the check costs a clock reading.
const TURN_INTERVAL_MS = 20;

/** A function that yields to the event loop when TURN_INTERVAL_MS have passed since it last did. */
export function eventLoopTurns(): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < TURN_INTERVAL_MS) return;
    await setImmediate();
    last = performance.now();
  };
}
