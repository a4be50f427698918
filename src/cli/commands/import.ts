import { ImportRefused, runImport, type ImportReport } from '../../domain/import/importer.js';
import { SourceClient } from '../../domain/import/source-client.js';
import { SourceReader } from '../../domain/import/source-reader.js';
import { verifyImport, type VerifyReport } from '../../domain/import/verify.js';
import { NETWORKS, type Network } from '../../domain/ledger.js';
import { operatorScope } from '../../domain/tenancy/tenancy.service.js';
import { defineCommand, UsageError } from '../command.js';
import { printJson, printLines } from '../output.js';
import { progressReporter, type ProgressOutput } from './import-progress.js';

// `ledger import` (docs/decisions/0038-ledger-import.md; the README's "Moving from Tatum" says how to
// cut over with it). Exit codes: 0 copied (or checked) and equal to the source; 1 it could not run or
// finish (the message says why; --resume goes on); 2 a usage mistake; 3 it ran, and the verification
// found differences or some rows were left out.

/** Tatum's free plan: 5 requests a second. */
const DEFAULT_MAX_RPS = '5';
const DEFAULT_SETTLE_MS = 10_000;
export const DIFFERENCES_EXIT_CODE = 3;

function positiveNumber(name: string, text: string): number {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(value > 0))
    throw new UsageError(`--${name} must be a number above 0, not '${text}'`);
  return value;
}

function sourceUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--from must be the source's base URL (https://…), not '${text}'`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError('--from must be an http(s) URL');
  return url.href.replace(/\/+$/, '');
}

export const importLedger = defineCommand({
  path: ['import'],
  summary: 'Copy a ledger in from Tatum (or another server that speaks its API), keeping every id',
  description: [
    "Reads the source through its public API with the source's API key, never writing to it, and copies",
    'customers, accounts (with blockages and deposit addresses), virtual currencies, open and closed trades,',
    'transactions, withdrawals, deposits and subscriptions into the ledger named by --tenant and',
    '--network, which must be empty unless --resume goes on with an import recorded there. Then checks',
    "every customer and every account's balances and number of transactions against the source.",
    'Progress goes to standard error. Exit codes: 0 equal to the source; 1 could not run or finish',
    '(--resume goes on); 2 usage; 3 differences found, or rows left out.',
    'The key may be given in LEDGER_IMPORT_FROM_KEY instead of --from-key, out of the process list.',
    `Transactions of the last LEDGER_IMPORT_SETTLE_MS milliseconds (${DEFAULT_SETTLE_MS} by default) are left`,
    'to the next --resume.',
  ].join('\n'),
  options: {
    from: {
      type: 'string',
      value: '<url>',
      required: true,
      description: "The source's base URL, e.g. https://api.tatum.io",
    },
    'from-key': { type: 'string', value: '<key>', description: "The API key of the source's ledger" },
    tenant: { type: 'string', value: '<name>', required: true, description: 'The tenant whose ledger receives it' },
    network: {
      type: 'string',
      choices: NETWORKS,
      required: true,
      description: "Which of the tenant's ledgers receives it: the one the source key's network matches",
    },
    resume: {
      type: 'boolean',
      description:
        'Go on with the import recorded for this ledger; after a finished one, copy what the source gained since',
    },
    'verify-only': { type: 'boolean', description: 'Only compare this ledger with the source' },
    'max-rps': {
      type: 'string',
      value: '<n>',
      default: DEFAULT_MAX_RPS,
      description: 'Requests a second to the source at most',
    },
    json: {
      type: 'boolean',
      description:
        'Print {import, verification, source (requests, 429s, retries), exitCode} as JSON on standard output',
    },
  },
  async run(context, { options }) {
    const from = sourceUrl(options.from!);
    const key = options['from-key'] ?? context.env.LEDGER_IMPORT_FROM_KEY;
    if (!key) throw new UsageError('--from-key (or LEDGER_IMPORT_FROM_KEY) is required');
    const maxRps = positiveNumber('max-rps', options['max-rps'] ?? DEFAULT_MAX_RPS);
    const settleText = context.env.LEDGER_IMPORT_SETTLE_MS;
    const settleMs = settleText === undefined ? DEFAULT_SETTLE_MS : Number(settleText);
    if (!Number.isInteger(settleMs) || settleMs < 0) {
      throw new UsageError(`LEDGER_IMPORT_SETTLE_MS must be a whole number of milliseconds, not '${settleText}'`);
    }

    const shown = progressReporter(context.stderr as ProgressOutput);
    const client = new SourceClient({
      base: from,
      key,
      maxRps,
      onPause: (reason, ms) => shown.note(`${reason}: waiting ${(ms / 1000).toFixed(1)} s`),
    });
    const reader = new SourceReader(client);
    const db = await context.database();
    const { ledgerId } = await operatorScope(db, options.tenant!, options.network as Network);

    let imported: ImportReport | undefined;
    let verification: VerifyReport;
    try {
      if (!options['verify-only']) {
        imported = await runImport({
          db,
          ledgerId,
          source: from,
          reader,
          resume: options.resume ?? false,
          settleMs,
          onProgress: (progress) => shown.progress(progress),
        });
      }
      verification = await verifyImport({
        db,
        ledgerId,
        reader,
        onProgress: (checked) => shown.progress({ stage: 'verify', written: checked.customers + checked.accounts }),
      });
    } catch (error) {
      shown.end();
      if (error instanceof ImportRefused) throw error;
      const next = options['verify-only'] ? 'run it again' : 'run again with --resume to go on';
      throw new Error(`${(error as Error).message}. What was written is kept: ${next}.`, { cause: error });
    } finally {
      // Requests that ran beside the one that failed end with it.
      client.stop();
    }
    shown.end();
    const leftOut = imported?.leftOutCount ?? 0;
    const exitCode = verification.differenceCount > 0 || leftOut > 0 ? DIFFERENCES_EXIT_CODE : 0;
    const requests = { ...client.stats };
    if (options.json) {
      printJson(context.stdout, { import: imported ?? null, verification, source: requests, exitCode });
      return exitCode;
    }
    printLines(context.stdout, ...describe(imported, verification, requests));
    return exitCode;
  },
});

function describe(
  imported: ImportReport | undefined,
  verification: VerifyReport,
  requests: { requests: number; throttled: number; retried: number },
): string[] {
  const lines: string[] = [];
  if (imported) {
    const counts = Object.entries(imported.counts)
      .map(([stage, n]) => `${stage} ${n}`)
      .join(', ');
    lines.push(`${imported.resumed ? 'Resumed and finished' : 'Imported'}: ${counts || 'nothing new'}.`);
    if (imported.leftOutCount > 0) {
      lines.push(`Left out (${imported.leftOutCount}; their ids are another ledger's here, or name such a row):`);
      lines.push(...imported.leftOut.map((what) => `  ${what}`));
    }
  }
  lines.push(
    `Source: ${requests.requests} requests, ${requests.throttled} answered 429, ${requests.retried} tried again.`,
    `Checked ${verification.customers} customers and ${verification.accounts} accounts against the source: ` +
      (verification.differenceCount === 0 ? 'no difference.' : `${verification.differenceCount} difference(s):`),
    ...verification.differences.map(
      (d) => `  ${d.what}: source ${JSON.stringify(d.source)}, here ${JSON.stringify(d.target)}`,
    ),
  );
  return lines;
}
