import assert from 'node:assert/strict';

export interface HttpReply {
  status: number;
  body: any;
}

/**
 * A client over real HTTP (fetch) to a listening server, with one API key: what tests use where
 * requests must really overlap on the server's connections, which injected requests never do.
 */
export function httpClient(base: string, key: string) {
  async function send(method: string, path: string, body?: unknown): Promise<HttpReply> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** The body of a 200 or 204; any other answer fails the test, naming the request. */
  async function ok(method: string, path: string, body?: unknown): Promise<any> {
    const reply = await send(method, path, body);
    assert.ok(reply.status === 200 || reply.status === 204, `${method} ${path}: ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  return { send, ok };
}
