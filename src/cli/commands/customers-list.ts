import { findAllCustomers } from '../../domain/customers/customer.service.js';
import { defineCommand } from '../command.js';
import { printJson, printTable } from '../output.js';
import { integerOption } from '../parse.js';
import { describeLedger, ledgerOf, ledgerOptions } from './customer-options.js';

// Wider than the API's 50: an operator may want a whole ledger on one screen or in one file.
const MAX_PAGE_SIZE = 1000;

export const customersList = defineCommand({
  path: ['customers', 'list'],
  summary: "List a ledger's customers, oldest first, inactive and disabled ones included",
  options: {
    ...ledgerOptions,
    'page-size': {
      type: 'string',
      value: '<n>',
      default: '50',
      description: `Customers to show, 1 to ${MAX_PAGE_SIZE}`,
    },
    offset: { type: 'string', value: '<n>', default: '0', description: 'Customers to skip first' },
    json: { type: 'boolean', description: 'Print the customers as the API returns them, a JSON array' },
  },
  async run(context, { options }) {
    const pageSize = integerOption('page-size', options['page-size'] ?? '50', 1, MAX_PAGE_SIZE);
    const offset = integerOption('offset', options.offset ?? '0', 0, Number.MAX_SAFE_INTEGER);
    const db = await context.database();
    const customers = await findAllCustomers(db, await ledgerOf(db, options), pageSize, offset);
    if (options.json) return printJson(context.stdout, customers);
    printTable(
      context.stdout,
      ['ID', 'EXTERNAL ID', 'ACTIVE', 'ENABLED', 'CURRENCY', 'COUNTRY', 'PROVIDER'],
      customers.map((c) => [
        c.id,
        c.externalId,
        c.active ? 'yes' : 'no',
        c.enabled ? 'yes' : 'no',
        c.accountingCurrency ?? '-',
        c.customerCountry ?? '-',
        c.providerCountry ?? '-',
      ]),
      offset > 0
        ? `No customers past ${offset} in ${describeLedger(options)}.`
        : `No customers in ${describeLedger(options)}.`,
    );
  },
});
