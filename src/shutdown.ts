import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';

// Connections the kernel has completed but the event loop has not accepted yet are reset, not refused,
// when the listening socket closes. A server busy with requests accepts them one per turn of its event
// loop, after its timers, so the listener closes only after a turn that accepted none: checked in the
// check phase (setImmediate), right after that turn's poll.
const ACCEPT_WINDOW_MS = 100;
const afterNextPoll = () => new Promise<void>((resolve) => setImmediate(resolve));

async function acceptQueued(server: net.Server, deadline: number): Promise<void> {
  let accepted = 0;
  const count = () => accepted++;
  server.on('connection', count);
  try {
    await delay(Math.max(0, Math.min(ACCEPT_WINDOW_MS, deadline - performance.now())));
    for (let before = -1; before !== accepted && performance.now() < deadline;) {
      before = accepted;
      await afterNextPoll();
    }
  } finally {
    server.off('connection', count);
  }
}

/**
 * Stops `app` within `graceMs` without resetting a request it has received:
 * 1. /ready turns 503 and every answer carries `Connection: close` (draining.ts);
 * 2. after the accept window, the listening socket closes: new connections are refused;
 * 3. open connections finish their requests and close; an idle kept-alive one closes at its keep-alive
 *    timeout, which the server announced to the client, so a client never sends on one being closed;
 * 4. whatever is still open at the end of the grace period is cut, then the app closes.
 * Node's http.Server.close() would drop idle kept-alive connections at once (step 3), racing requests
 * their clients are sending, so the listener is closed as a plain net.Server here.
 */
export async function stopGracefully(app: FastifyInstance, graceMs: number): Promise<void> {
  const deadline = performance.now() + graceMs;
  app.draining.begin();
  await acceptQueued(app.server, deadline);
  const drained = new Promise<void>((resolve) => net.Server.prototype.close.call(app.server, () => resolve()));
  const remaining = Math.max(0, deadline - performance.now());
  const graceOver = new AbortController();
  await Promise.race([drained, delay(remaining, undefined, { signal: graceOver.signal }).catch(() => undefined)]);
  graceOver.abort();
  app.server.closeAllConnections();
  await app.close();
}
