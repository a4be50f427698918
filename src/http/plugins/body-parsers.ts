import type { FastifyBodyParser, FastifyInstance } from 'fastify';
import { LedgerError } from '../../domain/ledger-error.js';

// The deepest body of the contract (a batch item's customer) nests four levels; the limit leaves room
// and keeps a 1 MiB body of brackets from overflowing the stack when a 400 echoes it back.
const MAX_JSON_DEPTH = 32;

/** Walks with a stack of its own, not recursion, so that the check itself cannot overflow. */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}

/**
 * JSON bodies, parsed safely (prototype poisoning refused); and for the body-less PUT actions, an empty
 * body with any Content-Type: Tatum's JS clients send `application/x-www-form-urlencoded` there, the
 * PHP client `application/json` (docs/decisions/0006-tolerant-transport.md). A non-empty body that is
 * not JSON gets 415.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  // Fastify's default JSON parser takes a callback and returns nothing; its type also allows the
  // promise-returning form of a parser, which it is not.
  const parseJson = app.getDefaultJsonParser('error', 'error') as Exclude<
    FastifyBodyParser<string>,
    (request: never, body: never) => Promise<unknown>
  >;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    parseJson(request, body as string, (error, value) => {
      if (error) return done(error, undefined);
      if (nestsDeeperThan(value, MAX_JSON_DEPTH))
        return done(new LedgerError('bodyTooDeep', { limit: MAX_JSON_DEPTH }));
      done(null, value);
    });
  });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    if (body.length === 0) return done(null, undefined);
    done(new LedgerError('contentTypeUnsupported', { contentType: request.headers['content-type'] ?? '' }));
  });
}
