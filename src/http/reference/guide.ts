import { ERRORS, type ErrorName } from '../../contract/errors.js';
import { API_EXTENSIONS } from '../../contract/extensions.js';

// The reference's own pages: info.description, which Redoc shows before the operations and lists in
// its menu by heading. What holds for every call is said here once; each operation lists its own
// credits, error codes, examples and code samples.

const row = (name: ErrorName) => {
  const { status, errorCode, message } = ERRORS[name];
  return `| ${status} | \`${errorCode}\` | ${message.replace(/\$\{(\w+)\}/g, '_$1_')} |`;
};

const USING = `
A self-hosted virtual ledger that speaks Tatum’s v3 ledger API. The API key selects the ledger: a
tenant’s mainnet key and testnet key address two separate ledgers. Tatum’s clients work unchanged:
point them at this server instead of https://api.tatum.io.

# Using this reference

- **Search** (top left) finds an operation by its name, its path words or its description, e.g.
  “customer”, “block”, “withdrawal”.
- Each operation states **what it costs** in credits first, then its parameters and bodies, a **request
  and response example** recorded from this server, **code samples** for curl, \`@tatumio/api-client\`,
  Tatum’s PHP SDK and this server’s own SDK (\`tatum-ledger-sdk\`, method names as in the PHP SDK), and
  under **Responses** every error code it can answer with, by status.
- The document itself is \`GET /openapi.json\` (OpenAPI 3.1); this page loads nothing else, so it works
  offline.

# Authentication

Every call under \`/v3\` sends its API key in the \`x-api-key\` header. No key, an unknown one, or one
whose tenant is deactivated: \`401\`. \`/health\`, \`/ready\`, \`/metrics\`, \`/openapi.json\` and this page
need no key.`;

const ERRORS_SECTION = `
# Errors

Every refusal is JSON in one shape: \`{ "statusCode": 403, "errorCode": "account.not.exists", "message":
"No such account." }\`. Program against \`errorCode\`; \`message\` is for people. A \`400
validation.failed\` adds \`data[]\`, one class-validator item per broken rule, as Tatum answers it.

- \`400\`: the request is malformed or fails validation; nothing was done and nothing is charged.
- \`401\`: the key.
- \`403\`: a rule of the ledger refused the request (or the key is frozen, or the credit quota is used
  up); the operation’s list names its codes.
- \`409\`: the \`Idempotency-Key\` is in use (below).
- \`429\`: the rate limit (below).
- \`500\`: the server failed; \`503 database.unavailable\`: retry after \`Retry-After\`.

Any request can also meet these, before any operation is chosen:

| status | errorCode | message |
| --- | --- | --- |
${(['httpMalformed', 'urlInvalid', 'routeNotFound', 'requestTimeout', 'urlTooLong', 'headersTooLarge'] as const)
  .map(row)
  .join('\n')}`;

const IDEMPOTENCY = `
# Idempotency-Key

Not Tatum’s: ours, with Stripe’s semantics. Send \`Idempotency-Key: <1 to 255 characters>\` on any
POST or PUT (the transaction finds, which only read, ignore it) to make a retry safe, for example a
payment whose answer was lost to a timeout:

- The same key with the same request (method, route, parameters and body) answers the first answer
  again, status and body, with \`Idempotent-Replayed: true\`; nothing runs again, refusals included, and
  nothing is charged again.
- The same key with another request: \`409 idempotency.key.reused\`. While the first request with the key
  is still running: \`409 idempotency.key.in.progress\`; retry later.
- Keys belong to the ledger and expire after 24 hours. Answers 5xx, 401, 429 and 400 validation failures
  are not kept, so such a request may be retried with the same key.`;

const RATE_LIMITS = `
# Rate limits

Off unless the operator sets them (for every key, per tenant or per key). Each key has a token bucket:
every request within its burst is admitted, however many arrive at once. Past it the answer is \`429
rate.limit.exceeded\` with a \`Retry-After\` header in seconds; wait that long, then retry. A refused
request did nothing and is not charged. A client address that sends many unknown keys is limited the
same way. Tatum’s JS client 1.x retries 429 by itself.`;

const REQUEST_IDS = `
# Request ids

Every answer, refusals included, carries \`x-request-id\`. Send your own \`x-request-id\` (1 to 128
characters of letters, digits and \`_ . : @ / + = -\`) and it is kept, so one id follows a call through
your proxy and this server; otherwise the server makes a UUID. The server’s log lines name it as
\`reqId\`: quote it when you report a problem.`;

const CREDITS = `
# Credits

Each operation costs the credits Tatum states for it: the first sentence of its description, and
\`x-credits\` in the document. A call is charged when it is answered 2xx or refused by a ledger rule
(403); not when it is refused before being judged (400, 401, \`api.key.frozen\`,
\`credits.quota.exceeded\`, 429), on a 5xx, or when an \`Idempotency-Key\` replays it. \`GET
/v3/tatum/usage\` reports a key’s daily use. A tenant may have a monthly quota: once it is used up,
calls get \`403 credits.quota.exceeded\`.`;

const OURS = `
# What is ours, not Tatum’s

Besides \`Idempotency-Key\` and \`x-request-id\` (above), these operations are this server’s own:
\`POST /v3/ledger/deposits\` (reportDeposit), where your chain watcher reports deposits, and the
operator’s \`/health\`, \`/ready\` and \`/metrics\`. Everywhere else this document follows Tatum’s
(OpenAPI 3.18.3); where it knowingly differs, this is why:

${API_EXTENSIONS.map((extension) => `- ${extension.reason}`).join('\n')}`;

/** info.description: the reference's guide, in Markdown. */
export const REFERENCE_GUIDE = [USING, ERRORS_SECTION, IDEMPOTENCY, RATE_LIMITS, REQUEST_IDS, CREDITS, OURS]
  .map((section) => section.trim())
  .join('\n\n');

/** The tags in the reference's order (Tatum's, then the server's own), each with what it holds. */
export const REFERENCE_TAGS = [
  {
    name: 'Customer',
    description:
      'Customers come to be with their first account; here they are listed, changed, (de)activated and disabled.',
  },
  {
    name: 'Account',
    description:
      'Virtual accounts: creation (which creates or updates the customer), lookups, balances, freezes and blockages of amounts.',
  },
  {
    name: 'Transaction',
    description: 'Payments between accounts, in one call or a batch, and the records they leave.',
  },
  {
    name: 'Virtual Currency',
    description: 'Currencies of this ledger (VC_…): their supply enters by creation and mints and leaves by revokes.',
  },
  {
    name: 'Blockchain addresses',
    description: 'Deposit addresses of an account: derived from its xpub, or assigned by hand.',
  },
  {
    name: 'Deposit',
    description:
      'Deposits to the ledger. This server watches no chain: your chain watcher reports each deposit (reportDeposit, ours), and a Done deposit credits the account.',
  },
  {
    name: 'Withdrawal',
    description:
      'Withdrawals debit the account at once; you broadcast the chain transaction with your own node and complete or cancel the withdrawal here.',
  },
  {
    name: 'Notification subscriptions',
    description: 'Webhooks on ledger events, delivered at least once, optionally signed with HMAC.',
  },
  {
    name: 'Order Book',
    description: 'Limit trades between two currencies of the ledger, matched on price-time priority.',
  },
  { name: 'Service utils', description: 'The key’s credit use, the API version, and freezing the key itself.' },
  {
    name: 'Server',
    description: 'For operators, not Tatum’s: liveness, readiness and Prometheus metrics. No key needed.',
  },
];
