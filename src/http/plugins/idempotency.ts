import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { ERRORS } from '../../contract/errors.js';
import {
  beginIdempotentRequest,
  fingerprintRequest,
  MAX_KEY_LENGTH,
  recordResponse,
  releaseKey,
  sweepExpiredKeys,
} from '../../domain/idempotency/idempotency.service.js';
import type { Database } from '../../storage/database.js';
import '../route-config.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Set when the request carries an Idempotency-Key and holds it (`replayed: false`) or was answered
     * from a stored response (`replayed: true`). Metering may read it, e.g. not to charge a replay.
     */
    idempotency: { key: string; replayed: boolean } | null;
  }
}

const HEADER = 'idempotency-key';
const REPLAYED_HEADER = 'idempotent-replayed';
// Expired keys are ignored (and taken over) when met, so the sweep only bounds the table's size: at
// most one batch a minute per server, after a response has gone out, so no request waits for it.
const SWEEP_INTERVAL_MS = 60_000;
const SWEEP_BATCH = 1000;

/**
 * What a retry should get again. 2xx, and the 4xx that judged the request on its merits (a 403 broken
 * rule, a 400 the handler raised): these would come back the same. Not stored, the key is released:
 * 5xx (the service's transaction rolled back, so a retry should run), 401 and 429 (refused before
 * being judged) and 408/409. A body that fails schema validation never gets here: the key is taken
 * only after validation, as Stripe does ("results are saved only after execution begins"), so a client
 * may fix the body and retry with the same key.
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

/**
 * An optional `Idempotency-Key` on the POST and PUT routes of `scope` (extension, DECISIONS.md 23):
 * a retry with the same key and request replays the first answer instead of running again. GET and
 * DELETE, and the POSTs that only read (`readOnly`), ignore the header.
 *
 * The hooks are added to each route, not to the scope, because route hooks run after the scope's: the
 * key is taken only once authentication, metering and rate limits have let the request through, so
 * that none of their refusals is stored in its name, whatever order their plugins are registered in.
 */
export function idempotencyKeys(scope: FastifyInstance, db: Database): void {
  scope.decorateRequest('idempotency', null);
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
    // The key is written, and committed, before the handler runs: a concurrent retry finds it and gets
    // 409 in progress instead of running the work a second time. The answer is stored after the work,
    // in a second statement (onSend). Should the server die between the work's commit and that
    // statement, the key stays "in progress" until it expires, and retries get 409, never a second
    // payment. That is the deliberate trade-off: storing the answer inside the work's own transaction
    // would need every service to take the key's row into its db.transaction, and a 409 the client
    // can reconcile (find the payment by its fields) is safer than paying twice.
    const stored = await beginIdempotentRequest(db, request.ledger, key, fingerprint);
    if (stored === undefined) {
      request.idempotency = { key, replayed: false };
      return;
    }
    request.idempotency = { key, replayed: true };
    reply.code(stored.statusCode).header(REPLAYED_HEADER, 'true');
    if (stored.contentType !== null) reply.type(stored.contentType);
    // A string is sent as it is: no serializer runs again, so the body is byte for byte the first one.
    return reply.send(stored.body ?? undefined);
  }

  async function storeAnswer(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
    const held = request.idempotency;
    if (held === null || held.replayed) return payload;
    try {
      if (!isReplayable(reply.statusCode)) {
        await releaseKey(db, request.ledger, held.key);
        return payload;
      }
      const stored = storedBody(reply, payload);
      // No ledger route streams; if one did, its key would stay in progress (and expire), not be
      // released, because its work has been done.
      if (stored === undefined) request.log.warn({ key: held.key }, 'idempotent response not storable');
      else await recordResponse(db, request.ledger, held.key, { statusCode: reply.statusCode, ...stored });
    } catch (error) {
      // The client still gets its answer; the key stays in progress until it expires (see takeKey).
      request.log.error({ err: error, key: held.key }, 'idempotency key not completed');
    }
    return payload;
  }

  async function sweep(request: FastifyRequest) {
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
    route.onSend = [...[route.onSend ?? []].flat(), storeAnswer] as RouteOptions['onSend'];
    route.onResponse = [...[route.onResponse ?? []].flat(), sweep] as RouteOptions['onResponse'];
  });
}
