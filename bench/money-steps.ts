import type autocannon from 'autocannon';
import {
  JSON_HEADERS,
  alternatePuts,
  pick,
  pickOther,
  type Load,
  type Operation,
  type OperationContext,
} from './operation.js';

// The money steps besides payments: blocking an amount, releasing a blockage, releasing it with a
// payment, freezing and unfreezing an account. Each is measured alone. A release needs a blockage per
// request: they are made first, by an unmeasured load of the same concurrency (the blocking that
// `blockage.block` measures), and the measured load stops when they are used up, so that it measures
// releases only and leaves nothing behind but the blockages it had no time for.

/** What each blockage holds: the accounts are funded with far more than a run can block or pay out. */
const BLOCKED = '0.01';
const BLOCK_BODY = JSON.stringify({ amount: BLOCKED, type: 'BENCH_HOLD', description: 'bench' });

/**
 * The blocking runs this much longer than the releases it feeds, so that a release up to twice as fast
 * as a block still runs for its whole duration. If it does run out, its figures are still per second
 * of the time it ran, and the run says how long that was.
 */
const POOL_MARGIN = 2;

interface MadeBlockage {
  id: string;
  accountId: string;
}

/** POST block 0.01 on a random account of `accounts`; `made` is given each blockage that the answer names. */
function block(accounts: readonly string[], made?: (blockage: MadeBlockage) => void): Load {
  const request: autocannon.Request = {
    method: 'POST',
    headers: JSON_HEADERS,
    body: BLOCK_BODY,
    setupRequest(request, context) {
      const accountId = pick(accounts);
      (context as { accountId?: string }).accountId = accountId;
      return { ...request, path: `/v3/ledger/account/block/${accountId}` };
    },
  };
  if (made) {
    // Called with the context of the request answered: one request in flight per connection.
    request.onResponse = (status, body, context) => {
      if (status === 200)
        made({ id: (JSON.parse(body) as { id: string }).id, accountId: (context as MadeBlockage).accountId });
    };
  }
  return { requests: [request] };
}

/** Blockages on random sample accounts, made by an unmeasured load POOL_MARGIN times as long as the phase. */
async function madeBlockages({ samples, seconds, connections, prepare }: OperationContext): Promise<MadeBlockage[]> {
  const made: MadeBlockage[] = [];
  await prepare(
    block(samples.accounts, (blockage) => made.push(blockage)),
    Math.ceil(seconds * POOL_MARGIN),
  );
  if (made.length < connections) throw new Error(`only ${made.length} blockages made for ${connections} connections`);
  return made;
}

/** One request per blockage of `made`, in the order they were made, built by `release`. */
function releaseEach(made: readonly MadeBlockage[], release: (blockage: MadeBlockage) => autocannon.Request): Load {
  let next = 0;
  return {
    maxRequests: made.length,
    requests: [
      {
        setupRequest(request) {
          // The load sends at most one request per blockage (maxRequests), so there is always a next one.
          const releasing = release(made[next++ % made.length]!);
          // `request` carries the API key among its headers.
          return { ...request, ...releasing, headers: { ...request.headers, ...releasing.headers } };
        },
      },
    ],
  };
}

export const MONEY_STEPS: readonly Operation[] = [
  {
    name: 'blockage.block',
    label: 'block an amount',
    ceiling: 'db',
    load: ({ samples }) => block(samples.accounts),
  },
  {
    name: 'blockage.delete',
    label: 'delete a blockage',
    ceiling: 'db',
    load: async (context) =>
      releaseEach(await madeBlockages(context), ({ id }) => ({
        method: 'DELETE',
        path: `/v3/ledger/account/block/${id}`,
      })),
  },
  {
    name: 'blockage.unblock-with-transaction',
    label: 'unblock with a payment',
    ceiling: 'db',
    load: async (context) =>
      releaseEach(await madeBlockages(context), ({ id, accountId }) => ({
        method: 'PUT',
        path: `/v3/ledger/account/block/${id}`,
        headers: JSON_HEADERS,
        // The whole blocked amount goes to another account: money moves, as in a payment.
        body: JSON.stringify({ recipientAccountId: pickOther(context.samples.accounts, accountId), amount: BLOCKED }),
      })),
  },
  {
    name: 'account.freeze-unfreeze',
    label: 'freeze/unfreeze account',
    ceiling: 'db',
    // Accounts of their own: one a cut-off warm-up left frozen would refuse any payment from it.
    load: ({ samples, phase }) =>
      alternatePuts(
        samples.frozen[phase]!,
        (id) => `/v3/ledger/account/${id}/freeze`,
        (id) => `/v3/ledger/account/${id}/unfreeze`,
      ),
  },
];
