import { CURRENCY } from './layout.js';
import { MONEY_STEPS } from './money-steps.js';
import { ORDER_BOOK } from './order-book.js';
import { JSON_HEADERS, alternatePuts, get, pick, pickOther, type Load, type Operation } from './operation.js';

// The operations measured against the ledger server, each as the requests of one load. Random ids come
// from the samples (bench/layout.ts); state-changing operations on customers give every connection a
// customer of its own, so that no request is refused for another's doing.

/** A payment of 0.01 from `sender()` to a random other account. */
function payment(accounts: readonly string[], sender: () => string): Load {
  return {
    requests: [
      {
        method: 'POST',
        path: '/v3/ledger/transaction',
        headers: JSON_HEADERS,
        setupRequest(request) {
          const senderAccountId = sender();
          const recipientAccountId = pickOther(accounts, senderAccountId);
          return { ...request, body: JSON.stringify({ senderAccountId, recipientAccountId, amount: '0.01' }) };
        },
      },
    ],
  };
}

const disableEnable = (ids: readonly string[]) =>
  alternatePuts(
    ids,
    (id) => `/v3/ledger/customer/${id}/disable`,
    (id) => `/v3/ledger/customer/${id}/enable`,
  );

/** `count` different items of `items` (all of them when there are fewer). */
function pickDistinct<T>(items: readonly T[], count: number): T[] {
  const picked = new Set<T>();
  while (picked.size < Math.min(count, items.length)) picked.add(pick(items));
  return [...picked];
}

/** Accounts per batch: a batch as a client sends it, each account for a customer that exists. */
const BATCH_ACCOUNTS = 10;

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
    ceiling: 'customer-update',
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
    ceiling: 'account-create',
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
  {
    name: 'account.batch-create',
    label: `batch of ${BATCH_ACCOUNTS} accounts`,
    // Its requests per second against single creations per second: a batch does ten times the work.
    ceiling: 'account-create',
    load: ({ samples }) => ({
      requests: [
        {
          method: 'POST',
          path: '/v3/ledger/account/batch',
          headers: JSON_HEADERS,
          setupRequest(request) {
            // Customers that stay active and enabled: the batch must not be refused for a disable/enable.
            const accounts = pickDistinct(samples.ordinaryCustomers, BATCH_ACCOUNTS).map((externalId) => ({
              currency: CURRENCY,
              customer: { externalId },
            }));
            return { ...request, body: JSON.stringify({ accounts }) };
          },
        },
      ],
    }),
  },
  // Last, so that what they leave (blockages, accounts) is not under the operations above.
  ...MONEY_STEPS,
  // Traders of their own, whose resting trades block only their own accounts.
  ...ORDER_BOOK,
];
