import { createHmac } from 'node:crypto';

/**
 * `x-payload-hash` (docs/decisions/0031-webhook-hmac.md): base64 of the HMAC-SHA512 of the exact bytes
 * sent, keyed with the API key's hmacSecret, as Tatum's documentation verifies it.
 */
export function payloadHash(hmacSecret: string, body: Buffer): string {
  return createHmac('sha512', hmacSecret).update(body).digest('base64');
}
