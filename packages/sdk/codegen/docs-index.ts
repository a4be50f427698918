// docs/sdk/README.md: the SDK's front page, with the list of APIs taken from the metadata.

import { GENERATED_NOTE } from './docs.js';
import type { SdkApi } from './methods.js';

export function emitIndexPage(apis: SdkApi[]): string {
  const rows = apis
    .map(
      (api) =>
        `| [${api.className}](${api.className}.md) | \`api().${api.name}()\` | ${api.methods.map((m) => `\`${m.name}\``).join(', ')} |`,
    )
    .join('\n');
  return `${GENERATED_NOTE}

# TypeScript SDK reference

\`tatum-ledger-sdk\` (\`packages/sdk\`) is the client of this ledger server, shaped like Tatum's PHP SDK:
\`sdk.{mainnet|testnet}().api().{api}().{method}(…)\` with the PHP SDK's method names and argument order.
It has no runtime dependencies (Node.js 20, 22 or 24, global \`fetch\`).

| API | accessor | methods |
| --- | --- | --- |
${rows}

Operations the server's document marks deprecated (the GET forms of the trade lists, which the PHP SDK
lacks too) are left out: their POST forms answer the same.

[Models](Models.md) lists the request and response types.

## Setup

\`\`\`ts
import { LedgerSdk, LedgerRefusalError } from 'tatum-ledger-sdk';

const sdk = new LedgerSdk({
  mainnetApiKey: 'main_…', // the key decides the ledger: mainnet and testnet are two separate ledgers
  testnetApiKey: 'test_…',
  baseUrl: 'http://127.0.0.1:3000',
  timeoutMs: 30_000, // per attempt; default 30 s
  maxRetries: 2, // default 2
  retryBaseDelayMs: 500, // the first retry's delay before jitter, doubled for each further retry
  retryMaxDelayMs: 8_000, // the longest delay between two attempts
});

try {
  const customers = await sdk.testnet().api().customer().findAllCustomers(10);
} catch (error) {
  if (error instanceof LedgerRefusalError) console.error(error.errorCode, error.message);
  else throw error;
}
\`\`\`

Unknown configuration keys throw a \`TypeError\`. Every method takes a last \`options\` argument,
\`{ timeoutMs?, maxRetries?, idempotencyKey? }\`, that overrides the configuration for one call.

## Errors

Every failure is a \`LedgerApiError\` with \`statusCode\`, \`errorCode\`, \`message\` and \`data\`, and
\`requestId\`: the response's \`x-request-id\`, under which the server logs the call (undefined when no
response arrived). Quote it when you report a problem. Each error is of a subclass chosen by kind:

| class | when |
| --- | --- |
| \`LedgerValidationError\` | 400; also thrown before sending when an argument breaks a documented bound |
| \`LedgerAuthenticationError\` | 401: missing, unknown or inactive API key |
| \`LedgerRefusalError\` | 403: a ledger rule refused the operation (\`customer.active\`, …) |
| \`LedgerIdempotencyInProgressError\` | 409 \`idempotency.key.in.progress\`: an earlier attempt with the same \`Idempotency-Key\` still runs; with \`retryAfterMs\` |
| \`LedgerRateLimitError\` | 429, with \`retryAfterMs\` |
| \`LedgerServerError\` | 5xx |
| \`LedgerConnectionError\` | no response (\`statusCode\` undefined); \`LedgerTimeoutError\` when the timeout ran out |

## Timeouts and retries

Each attempt has \`timeoutMs\`. A call is retried up to \`maxRetries\` times, with exponential backoff and
jitter, only when repeating it is safe: on no response, 429 and 503, after the server's \`Retry-After\`
when it sends one; GET always, POST and PUT because the SDK sends an \`Idempotency-Key\` (one UUID per
call, the same on every retry), which lets the server replay instead of repeat. A POST or PUT with a key
is also retried on \`409 idempotency.key.in.progress\` (an earlier attempt of the same call, say one that
timed out, is still running; the retry gets its answer once it ends). \`idempotencyKey: false\` sends none
and turns retries off for that call; 400, 401, 403, other 409s and other statuses are never retried.

## Examples

One file per method under \`packages/sdk/examples/<api>/<method>.ts\`, each runnable against a server:

\`\`\`sh
LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/customer/findAllCustomers.ts
\`\`\`

They read \`LEDGER_URL\` (default \`http://127.0.0.1:3000\`), \`LEDGER_API_KEY\` and \`LEDGER_NETWORK\`
(\`testnet\`, the default, or \`mainnet\`: which caller the key is given to).

## Regenerating

The types, the operation tables and these pages are generated from the server's OpenAPI document:
\`npm run sdk:generate\`. A test fails when they are stale.
`;
}
