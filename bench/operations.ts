import type autocannon from 'autocannon';
import { CURRENCY, type Samples } from './layout.js';

// The operations measured against the ledger server, each as the requests of one load. Random ids come
// from the samples (bench/layout.ts); state-changing operations on customers give every connection a
// customer of its own, so that no request is refused for another's doing.

export type Ceiling = 'http' | 'db';

export interface OperationContext {
  samples: Samples;
  customers: number;
  /** Which set of dedicated customers: a warm-up never leaves state the measurement trips over. */
  phase: 0 | 1;
}

export interface Operation {
  name: string;
  label: string;
  /** What its throughput is compared with: the bare HTTP route, or the minimal payment SQL. */
  ceiling: Ceiling;
  load(context: OperationContext): Pick<autocannon.Options, 'requests' | 'setupClient'>;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

function get(path: () => string): Pick<autocannon.Options, 'requests'> {
  return { requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: path() }) }] };
}

/** Each connection takes the next customer of `ids` and alternates disable and enable on it. */
function disableEnable(ids: readonly string[]): Pick<autocannon.Options, 'setupClient'> {
  let next = 0;
  return {
    setupClient(client) {
      const id = ids[next++ % ids.length]!;
      client.setRequests([
        { method: 'PUT', path: `/v3/ledger/customer/${id}/disable` },
        { method: 'PUT', path: `/v3/ledger/customer/${id}/enable` },
      ]);
    },
  };
}

/** A payment of 0.01 from `sender()` to a random other account. */
function payment(accounts: readonly string[], sender: () => string): Pick<autocannon.Options, 'requests'> {
  return {
    requests: [
      {
        method: 'POST',
        path: '/v3/ledger/transaction',
        headers: JSON_HEADERS,
        setupRequest(request) {
          const senderAccountId = sender();
          let recipientAccountId = pick(accounts);
          while (recipientAccountId === senderAccountId) recipientAccountId = pick(accounts);
          return { ...request, body: JSON.stringify({ senderAccountId, recipientAccountId, amount: '0.01' }) };
        },
      },
    ],
  };
}

let created = 0;
const createdPrefix = `bench-new-${Date.now().toString(36)}`;

export const OPERATIONS: readonly Operation[] = [
  {
    name: 'customer.get.id',
    label: 'get customer by id',
    ceiling: 'http',
    load: ({ samples }) => get(() => `/v3/ledger/customer/${pick(samples.customers).id}`),
  },
  {
    name: 'customer.get.externalId',
    label: 'get customer by externalId',
    ceiling: 'http',
    load: ({ samples }) => get(() => `/v3/ledger/customer/${pick(samples.customers).externalId}`),
  },
  {
    name: 'customer.list.first',
    label: 'list customers, first page',
    ceiling: 'http',
    load: () => get(() => '/v3/ledger/customer?pageSize=50&offset=0'),
  },
  {
    name: 'customer.list.last',
    label: 'list customers, last page',
    ceiling: 'http',
    load: ({ customers }) => get(() => `/v3/ledger/customer?pageSize=50&offset=${customers - 50}`),
  },
  {
    name: 'customer.update',
    label: 'update customer',
    ceiling: 'http',
    load: ({ samples }) => ({
      requests: [
        {
          method: 'PUT',
          headers: JSON_HEADERS,
          setupRequest(request) {
            const customer = pick(samples.customers);
            const body = { externalId: customer.externalId, customerCountry: pick(['DE', 'FR', 'CZ', 'SK']) };
            return { ...request, path: `/v3/ledger/customer/${customer.id}`, body: JSON.stringify(body) };
          },
        },
      ],
    }),
  },
  {
    name: 'customer.disable-enable.1',
    label: 'disable/enable, 1 account',
    ceiling: 'http',
    load: ({ samples, phase }) => disableEnable(samples.light[phase]!),
  },
  {
    name: 'customer.disable-enable.1000',
    label: 'disable/enable, 1,000 accounts',
    ceiling: 'http',
    load: ({ samples, phase }) => disableEnable(samples.heavy[phase]!),
  },
  {
    name: 'account.create',
    label: 'create account, new customer',
    ceiling: 'http',
    load: () => ({
      requests: [
        {
          method: 'POST',
          path: '/v3/ledger/account',
          headers: JSON_HEADERS,
          setupRequest: (request) => ({
            ...request,
            body: JSON.stringify({ currency: CURRENCY, customer: { externalId: `${createdPrefix}-${++created}` } }),
          }),
        },
      ],
    }),
  },
  {
    name: 'payment.cold',
    label: 'payment, cold accounts',
    ceiling: 'db',
    load: ({ samples }) => payment(samples.accounts, () => pick(samples.accounts)),
  },
  {
    name: 'payment.hot',
    label: 'payment, one hot sender',
    ceiling: 'db',
    load: ({ samples }) => payment(samples.accounts, () => samples.hotAccount),
  },
  {
    name: 'account.balance',
    label: 'get account balance',
    ceiling: 'http',
    load: ({ samples }) => get(() => `/v3/ledger/account/${pick(samples.accounts)}/balance`),
  },
];
