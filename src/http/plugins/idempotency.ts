import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { ERRORS } from '../../contract/errors.js';
import {
  beginIdempotentRequest,
  fingerprintRequest,
  MAX_KEY_LENGTH,
  sweepExpiredKeys,
  type HeldKey,
  type KeyedDatabase,
  type StoredResponse,
} from '../../domain/idempotency/idempotency.service.js';
import { LedgerError } from '../../domain/ledger-error.js';
import '../route-config.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Set when the request carries an Idempotency-Key and holds it (`replayed: false`) or was answered
     * from a stored response (`replayed: true`). Metering may read it, e.g. not to charge a replay.
     */
    idempotency: { key: string; replayed: boolean } | null;
    /** The key held by this request, with the unit of work its handler runs in, until it is answered. */
    heldKey: HeldKey | null;
  }
}

const HEADER = 'idempotency-key';
const REPLAYED_HEADER = 'idempotent-replayed';
// Expired keys are ignored (and taken over) when met, so the sweep only bounds the table's size: at
// most one batch a minute per server, after a response has gone out, so no request waits for it.
const SWEEP_INTERVAL_MS = 60_000;
const SWEEP_BATCH = 1000;
// Fault injection for the crash tests only (test/http/idempotency-crash.test.ts): `<point>:<key>`
// kills the process, as a power cut would, at that point of the request with that Idempotency-Key:
// `before-commit` (its work done, uncommitted) or `after-commit` (committed, not yet answered).
const CRASH = process.env.LEDGER_TEST_CRASH_AT;

function crashPoint(point: 'before-commit' | 'after-commit', key: string | undefined): void {
  if (CRASH !== undefined && CRASH === `${point}:${key}`) process.kill(process.pid, 'SIGKILL');
}

/**
 * What a retry should get again. 2xx, and the 4xx that judged the request on its merits (a 403 broken
 * rule, a 400 the handler raised): these would come back the same. Not stored, and the request's work
 * rolled back with its key: 5xx (a retry should run), 401 and 429 (refused before being judged) and
 * 408/409. A body that fails schema validation never gets here: the key is taken only after
 * validation, as Stripe does ("results are saved only after execution begins"), so a client may fix
 * the body and retry with the same key.
 */
function isReplayable(status: number): boolean {
  if (status < 400) return true;
  return status < 500 && status !== 401 && status !== 408 && status !== 409 && status !== 429;
}

function appliesTo(route: RouteOptions): boolean {
  const methods = [route.method].flat();
  return (methods.includes('POST') || methods.includes('PUT')) && route.config?.readOnly !== true;
}

function invalidKey(reply: FastifyReply, key: string) {
  const { status, errorCode, message } = ERRORS.validationFailed;
  const [bound, limit] = key.length === 0 ? ['longer', 1] : ['shorter', MAX_KEY_LENGTH];
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({
      statusCode: status,
      errorCode,
      message,
      data: [
        {
          target: { [HEADER]: key },
          value: key,
          property: HEADER,
          children: [],
          constraints: { isLength: `${HEADER} must be ${bound} than or equal to ${limit} characters` },
        },
      ],
    });
}

/** The stored form of an answer; undefined for a payload that cannot be kept (a stream). */
function storedBody(
  reply: FastifyReply,
  payload: unknown,
): { contentType: string | null; body: string | null } | undefined {
  if (reply.statusCode === 204) return { contentType: null, body: null };
  const type = reply.getHeader('content-type');
  const contentType = type === undefined ? null : String(type);
  if (payload === undefined || payload === null) return { contentType, body: null };
  if (typeof payload === 'string') return { contentType, body: payload };
  if (Buffer.isBuffer(payload)) return { contentType, body: payload.toString('utf8') };
  return undefined;
}

/** Sends a stored answer as it was first sent. */
function replay(reply: FastifyReply, stored: StoredResponse) {
  reply.code(stored.statusCode).header(REPLAYED_HEADER, 'true');
  if (stored.contentType !== null) reply.type(stored.contentType);
  // A string is sent as it is: no serializer runs again, so the body is byte for byte the first one.
  return stored.body ?? undefined;
}

/**
 * An optional `Idempotency-Key` on the POST and PUT routes of `scope` (extension,
 * docs/decisions/0023-idempotency-key.md): a retry with the same key and request replays the first answer
 * instead of running again. GET and DELETE, and the POSTs that only read (`readOnly`), ignore the header.
 *
 * A keyed request runs in one transaction, its unit of work: the key is taken in it, the handler's
 * own transactions join it (`db` must be the KeyedDatabase the routes were given), and the answer is
 * stored in it just before it is sent. So the payment, its key and its answer commit together: a
 * server that dies before the commit leaves nothing, and the retry runs; after it, the retry replays.
 *
 * The hooks are added to each route, not to the scope, because route hooks run after the scope's: the
 * key is taken only once authentication, metering and rate limits have let the request through, so
 * that none of their refusals is stored in its name, whatever order their plugins are registered in.
 */
export function idempotencyKeys(scope: FastifyInstance, db: KeyedDatabase): void {
  scope.decorateRequest('idempotency', null);
  scope.decorateRequest('heldKey', null);
  let nextSweepAt = 0;

  async function takeKey(request: FastifyRequest, reply: FastifyReply) {
    const header = request.headers[HEADER];
    if (header === undefined || (request.method !== 'POST' && request.method !== 'PUT')) return;
    const key = Array.isArray(header) ? header.join(', ') : header;
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) return invalidKey(reply, key);

    const fingerprint = fingerprintRequest({
      method: request.method,
      route: request.routeOptions.url ?? request.url,
      params: request.params,
      query: request.query,
      body: request.body,
    });
    let taken;
    try {
      taken = await beginIdempotentRequest(db, request.caller, key, fingerprint);
    } catch (error) {
      if (error instanceof LedgerError && error.reason === 'idempotencyKeyInProgress') {
        reply.header('retry-after', String(error.params.retryAfterSeconds));
      }
      throw error;
    }
    if ('replay' in taken) {
      request.idempotency = { key, replayed: true };
      return reply.send(replay(reply, taken.replay));
    }
    request.idempotency = { key, replayed: false };
    request.heldKey = taken;
  }

  /** The handler, run in the request's unit of work when it holds a key. */
  function inUnitOfWork(handler: RouteOptions['handler']): RouteOptions['handler'] {
    return function (this: FastifyInstance, request, reply) {
      const held = request.heldKey;
      return held ? held.run(() => handler.call(this, request, reply)) : handler.call(this, request, reply);
    };
  }

  // Commits the key with its answer before the answer goes out: once a client has an answer, its
  // retry replays it. Should the commit fail, this throws, and the client gets a 500 instead (the
  // work was not kept, so a retry runs it).
  async function storeAnswer(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
    const held = request.heldKey;
    if (held === null) return payload;
    request.heldKey = null;
    const replayable = isReplayable(reply.statusCode);
    const stored = replayable ? storedBody(reply, payload) : undefined;
    if (replayable && stored === undefined) {
      // No ledger route streams. If one did, its work would be rolled back, and it would answer 500
      // rather than an answer a retry could not get again.
      await held.finish(undefined);
      throw new Error('an answer to an Idempotency-Key request that cannot be stored');
    }
    crashPoint('before-commit', request.idempotency?.key);
    const instead = await held.finish(stored && { statusCode: reply.statusCode, ...stored });
    crashPoint('after-commit', request.idempotency?.key);
    if (instead === undefined) return payload;
    // A duplicate of this request answered first (this one's work was refused and rolled back).
    request.idempotency = { key: request.idempotency!.key, replayed: true };
    return replay(reply, instead);
  }

  async function sweep(request: FastifyRequest) {
    // A reply that never went through onSend still ends its unit of work, so PGlite is not left locked.
    await request.heldKey?.abandon();
    request.heldKey = null;
    if (request.idempotency === null || request.idempotency.replayed || Date.now() < nextSweepAt) return;
    nextSweepAt = Date.now() + SWEEP_INTERVAL_MS;
    try {
      // A full batch means there is more: the next new key sweeps again at once.
      if ((await sweepExpiredKeys(db, SWEEP_BATCH)) === SWEEP_BATCH) nextSweepAt = 0;
    } catch (error) {
      request.log.warn({ err: error }, 'expired idempotency keys not swept');
    }
  }

  scope.addHook('onRoute', (route) => {
    if (!appliesTo(route)) return;
    route.preHandler = [...[route.preHandler ?? []].flat(), takeKey] as RouteOptions['preHandler'];
    route.handler = inUnitOfWork(route.handler);
    route.onSend = [...[route.onSend ?? []].flat(), storeAnswer] as RouteOptions['onSend'];
    route.onResponse = [...[route.onResponse ?? []].flat(), sweep] as RouteOptions['onResponse'];
  });
}
