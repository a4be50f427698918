import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../test/helpers/test-app.js';

// What both client suites share: a real server on a loopback port, a log of what reached it, and the
// values a client should see, written out from the contract (CONTRACT.md §4.1, §4.6, §9.1) rather than
// taken from the server's own registry, so that a change there cannot silently change the expectation.

export interface CompatServer {
  t: TestApp;
  /** `http://127.0.0.1:PORT`: no trailing slash and no `/v3`, as both clients prepend it to `/v3/...`. */
  url: string;
  /** `METHOD /path?query` of every request that reached the server, in arrival order. */
  seen: string[];
  close(): Promise<void>;
}

export async function startCompatServer(): Promise<CompatServer> {
  const t = await startTestApp();
  const seen: string[] = [];
  // Recorded on Node's own 'request' event as the request arrives, outside the app under test: every
  // request counts, however the app treats it, and it is logged before the client can have its answer.
  t.app.server.on('request', (request: { method?: string; url?: string }) => {
    seen.push(`${request.method} ${request.url}`);
  });
  const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  return { t, url, seen, close: () => t.close() };
}

let counter = 0;

/** An externalId unique to this process and call. */
export function newExternalId(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;
}

/** An internal id of the right shape that no customer or account has. */
export const UNKNOWN_ID = 'aaaaaaaaaaaaaaaaaaaaaaaa';

export interface ExpectedCustomer {
  externalId: string;
  id: string;
  enabled: boolean;
  active: boolean;
  accountingCurrency: string | null;
  customerCountry: string | null;
  providerCountry: string | null;
}

/** A customer as the wire shows it: unset countries are null, a never-set accountingCurrency is EUR. */
export function customer(fields: Partial<ExpectedCustomer> & { externalId: string; id: string }): ExpectedCustomer {
  return {
    enabled: true,
    active: true,
    accountingCurrency: 'EUR',
    customerCountry: null,
    providerCountry: null,
    ...fields,
  };
}

export interface ExpectedAccount {
  id: string;
  balance: { accountBalance: string; availableBalance: string };
  currency: string;
  frozen: boolean;
  active: boolean;
  customerId: string | null;
  accountNumber: string | null;
  accountCode: string | null;
  accountingCurrency: string | null;
  xpub: string | null;
}

/** A new account as the wire shows it: empty balances as decimal strings, unset fields null. */
export function account(fields: Partial<ExpectedAccount> & { id: string; currency: string }): ExpectedAccount {
  return {
    balance: { accountBalance: '0', availableBalance: '0' },
    frozen: false,
    active: true,
    customerId: null,
    accountNumber: null,
    accountCode: null,
    accountingCurrency: 'EUR',
    xpub: null,
    ...fields,
  };
}

export function assertId(value: unknown): asserts value is string {
  assert.match(String(value), /^[0-9a-f]{24}$/, 'ids are 24 lowercase hex characters');
}

const MESSAGES: Record<string, string> = {
  'customer.internal.not.exists': 'No such customer.',
  'customer.active': 'Unable to activate active customer.',
  'customer.inactive': 'Unable to perform operation on inactive customer.',
  'customer.deactivate.account.active': 'Unable to deactivate customer, accounts not deactivated.',
  'customer.enabled': 'Unable to enable enabled customer.',
  'customer.disabled': 'Unable to disable disabled customer.',
  'customer.not.active': 'Customer not active.',
  'account.not.exists': 'No such account.',
};

export interface ErrorBody {
  statusCode: number;
  errorCode: string;
  message: string;
  data?: unknown[];
}

/** The exact body of a 403 refusal whose message has no placeholder. */
export function forbidden(errorCode: string): ErrorBody {
  const message = MESSAGES[errorCode];
  assert.ok(message, `no expected message for ${errorCode}`);
  return { statusCode: 403, errorCode, message };
}

export const customerNotExists = (id: string): ErrorBody => ({
  statusCode: 403,
  errorCode: 'customer.not.exists',
  message: `No customer with given external ID ${id} exists.`,
});

export const subscriptionInvalid = (key: string): ErrorBody => ({
  statusCode: 401,
  errorCode: 'subscription.invalid',
  message: `Unable to find valid subscription for '${key}'`,
});

/** A 400 validation.failed body whose class-validator style `data[]` names `property`. */
export function assertValidationFailed(body: unknown, property: string, constraint: string): void {
  const { data, ...rest } = body as ErrorBody;
  assert.deepEqual(rest, {
    statusCode: 400,
    errorCode: 'validation.failed',
    message: 'Request validation failed. Please see data for additional information.',
  });
  assert.ok(Array.isArray(data) && data.length > 0, 'validation.failed carries data[]');
  const item = (data as { property: string; constraints?: Record<string, string> }[]).find(
    (d) => d.property === property,
  );
  assert.ok(item, `data[] names ${property}: ${JSON.stringify(data)}`);
  assert.ok(item.constraints?.[constraint], `${property} breaks ${constraint}: ${JSON.stringify(item)}`);
}
