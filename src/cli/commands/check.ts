import { checkLedgers, type LedgerChecked } from '../../domain/balances/ledger-check.js';
import { defineCommand, type Output } from '../command.js';
import { printJson, printLines } from '../output.js';

/** What `ledger check` prints for the ledgers checked; whether every invariant holds. */
export function reportCheck(out: Output, ledgers: readonly LedgerChecked[], json: boolean): boolean {
  const holds = ledgers.every((ledger) => ledger.breaks.length === 0);
  const accounts = ledgers.reduce((sum, ledger) => sum + ledger.accounts, 0);
  const records = ledgers.reduce((sum, ledger) => sum + ledger.records, 0);
  if (json) {
    printJson(out, { holds, accounts, records, ledgers });
  } else if (holds) {
    const among = ledgers.length === 1 ? '1 ledger' : `${ledgers.length} ledgers`;
    printLines(out, `The ledger holds: ${accounts} accounts, ${records} records checked in ${among}.`);
  } else {
    printLines(
      out,
      ...ledgers.flatMap((ledger) =>
        ledger.breaks.map(
          ({ invariant, count }) => `${ledger.tenant} ${ledger.network} (${ledger.id}): ${invariant}: ${count}`,
        ),
      ),
    );
  }
  return holds;
}

export const check = defineCommand({
  path: ['check'],
  summary: "Check every ledger's invariants in the database: exit code 1 when one is broken",
  description: [
    "Per ledger: each virtual currency's supply is the sum of its balances; every other asset's balances",
    'are its credited deposits − withdrawals + refunds; every balance is the sum of its transaction',
    'records; each payment and exchange is one debit and one equal credit; as much was bought as sold',
    'on each pair; each open trade blocks what it has left to pay; blocked is the sum of the blockages.',
    'Prints one line for each broken one (tenant, network, ledger id,',
    'what, how many). Reads whole tables: on a large ledger it takes a while, and it changes nothing.',
  ].join('\n'),
  options: {
    json: {
      type: 'boolean',
      description:
        'Print {holds, accounts, records, ledgers: [{id, tenant, network, customers, accounts, records, keys, breaks: [{invariant, count}]}]}',
    },
  },
  async run(context, { options }) {
    const ledgers = await checkLedgers(await context.database());
    return reportCheck(context.stdout, ledgers, options.json ?? false) ? 0 : 1;
  },
});
