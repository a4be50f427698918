import type { FastifyInstance } from 'fastify';
import { LedgerError } from '../../domain/ledger-error.js';

/**
 * JSON bodies, parsed safely (prototype poisoning refused); and for the body-less PUT actions, an empty
 * body with any Content-Type: Tatum's JS clients send `application/x-www-form-urlencoded` there, the
 * PHP client `application/json` (CONTRACT.md §1.1, §12). A non-empty body that is not JSON gets 415.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    parseJson(request, body as string, done);
  });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    if (body.length === 0) return done(null, undefined);
    done(new LedgerError('contentTypeUnsupported', { contentType: request.headers['content-type'] ?? '' }));
  });
}
