import http from 'node:http';
import https from 'node:https';
import type { DestinationGuard } from './destination.js';

/** Tatum's WebHook `response`: the receiver's status and body, or a network error (no answer at all). */
export interface WebhookResponse {
  code?: number;
  data?: string;
  networkError: boolean;
}

/** A try's outcome: delivered when the receiver answered 2xx within the timeout. */
export interface TryOutcome {
  delivered: boolean;
  response: WebhookResponse;
}

// What of a receiver's answer is kept in the record: enough to see why it refused.
const KEPT_BODY_CHARS = 1000;
// A receiver that streams more than this is cut off: its answer is judged by its status.
const READ_BODY_BYTES = 64 * 1024;

/** One server's way of posting webhooks: its connections (kept alive per receiver) and its guard. */
export class WebhookPoster {
  private readonly agents: { http: http.Agent; https: https.Agent };

  constructor(
    private readonly guard: DestinationGuard,
    private readonly timeoutMs: number,
    maxSockets: number,
  ) {
    const options = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'lifo' as const };
    this.agents = { http: new http.Agent(options), https: new https.Agent(options) };
  }

  /**
   * POSTs `body` to `url` once: no redirect is followed (a 3xx is not a 2xx), and the whole exchange,
   * from connecting to the end of the answer, has `timeoutMs`. `signal` abandons it (the server stops).
   * Never throws: what went wrong is the outcome's response.
   */
  post(url: string, body: Buffer, headers: Record<string, string>, signal: AbortSignal): Promise<TryOutcome> {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return Promise.resolve(networkFailure(`'${url}' is not a URL`));
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:')
      return Promise.resolve(networkFailure(`${target.protocol} is not http or https`));
    const refused = this.guard.refusesHost(target.hostname);
    if (refused !== undefined) return Promise.resolve(networkFailure(refused));

    if (signal.aborted) return Promise.resolve(networkFailure('the server stopped before the receiver answered'));
    const secure = target.protocol === 'https:';
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: TryOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      const request = (secure ? https : http).request(target, {
        method: 'POST',
        agent: secure ? this.agents.https : this.agents.http,
        ...(this.guard.lookup ? { lookup: this.guard.lookup } : {}),
        headers: { ...headers, 'content-length': String(body.length) },
      });
      const timer = setTimeout(() => {
        request.destroy();
        settle(networkFailure(`no answer within ${this.timeoutMs / 1000} s`));
      }, this.timeoutMs);
      const onAbort = () => {
        request.destroy();
        settle(networkFailure('the server stopped before the receiver answered'));
      };
      signal.addEventListener('abort', onAbort);
      request.on('error', (error: NodeJS.ErrnoException) =>
        settle(networkFailure(error.message || error.code || 'error')),
      );
      request.on('response', (answer) => {
        const code = answer.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let read = 0;
        const done = () =>
          settle({
            delivered: code >= 200 && code < 300,
            response: {
              code,
              data: Buffer.concat(chunks).toString('utf8').slice(0, KEPT_BODY_CHARS),
              networkError: false,
            },
          });
        answer.on('data', (chunk: Buffer) => {
          if (read < READ_BODY_BYTES) chunks.push(chunk);
          read += chunk.length;
          if (read >= READ_BODY_BYTES) {
            done();
            answer.destroy();
          }
        });
        answer.on('end', done);
        answer.on('error', done);
        answer.on('aborted', done);
      });
      request.end(body);
    });
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}

function networkFailure(data: string): TryOutcome {
  return { delivered: false, response: { data, networkError: true } };
}
