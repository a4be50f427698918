import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';

// Redoc's standalone bundle, as the redoc package ships it: React, the renderer and its search in one
// file, served by this server, so the page needs nothing from anywhere else
// (docs/decisions/0047-api-reference-page.md).
const REDOC_BUNDLE = createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js');
const SCRIPT_PATH = '/docs/redoc.standalone.js';
// The one address elsewhere the bundle loads by itself: the logo beside its menu's "API docs by Redocly"
// link, from Redocly's CDN. The policy would refuse it, and the browser report the refusal; an empty
// source fails at once, and the bundle then leaves the logo out (the link and its text stay).
const CDN_LOGO = 'https://cdn.redoc.ly/redoc/logo-mini.svg';

// What the page may load: everything from this server and nothing from elsewhere, so the reference
// works offline and a page can never call out. Beyond 'self', only what Redoc cannot run without (each
// was taken away in turn, and the page broke; test/http/docs.test.ts fails on any refused resource):
// - style-src 'unsafe-inline': Redoc styles itself with styled-components, which writes its CSS into
//   <style> elements it creates at run time; their content is computed, so no hash or nonce can name
//   it in advance. Scripts stay 'self' only, so injected markup cannot run code; an injected style can
//   restyle the page, not read or send anything (connect-src and img-src keep it on this server).
// - worker-src blob:: the search index (lunr) is built in a Web Worker that the bundle starts from a
//   blob: URL made out of its own code. Only a script already running here (script-src 'self') can make
//   such a URL, so this lets in no code from elsewhere.
// - img-src data:: the icons Redoc draws (the link beside each heading) are inline SVG data URLs.
// No 'unsafe-eval'. Fonts fall under default-src 'self'; Redoc loads none (the page uses the system's).
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "base-uri 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  'worker-src blob:',
  "object-src 'none'",
  "frame-ancestors 'self'",
  "form-action 'self'",
].join('; ');

// Redoc's options as attributes of <redoc>: the successful answer opened, required properties first,
// examples opened three levels deep, no host name (the samples name this server's default address).
const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Ledger server: API reference</title>
  </head>
  <body style="margin: 0">
    <redoc
      spec-url="/openapi.json"
      expand-responses="200,204"
      required-props-first
      sort-required-props-first
      show-object-schema-examples
      json-sample-expand-level="3"
      hide-hostname
    ></redoc>
    <script src="${SCRIPT_PATH}"></script>
  </body>
</html>
`;

/** `GET /docs`: the API reference, rendered by Redoc in the browser from /openapi.json. */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  // Read once: 1 MB the page asks for on every visit, from a package that does not change while we run.
  const bundle = (await readFile(REDOC_BUNDLE, 'utf8')).replaceAll(CDN_LOGO, '');
  app.get('/docs', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY).type('text/html; charset=utf-8').send(PAGE),
  );
  app.get(SCRIPT_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('cache-control', 'public, max-age=3600')
      .type('application/javascript; charset=utf-8')
      .send(bundle),
  );
}
