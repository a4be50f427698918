import { getCustomerByExternalOrInternalId } from '../../domain/customers/customer.service.js';
import { defineCommand } from '../command.js';
import { printJson, printLines } from '../output.js';
import { ledgerOf, ledgerOptions } from './customer-options.js';

export const customersShow = defineCommand({
  path: ['customers', 'show'],
  args: ['<id-or-externalId>'],
  summary: 'Show one customer, found by internal id first, then by externalId',
  options: {
    ...ledgerOptions,
    json: { type: 'boolean', description: 'Print the customer as the API returns it' },
  },
  async run(context, { options, args: [id] }) {
    const ledger = await context.ledger();
    const customer = await getCustomerByExternalOrInternalId(ledger, await ledgerOf(ledger.db, options), id!);
    if (options.json) return printJson(context.stdout, customer);
    printLines(
      context.stdout,
      `id                  ${customer.id}`,
      `externalId          ${customer.externalId}`,
      `active              ${customer.active ? 'yes' : 'no'}`,
      `enabled             ${customer.enabled ? 'yes' : 'no'}`,
      `accountingCurrency  ${customer.accountingCurrency ?? '-'}`,
      `customerCountry     ${customer.customerCountry ?? '-'}`,
      `providerCountry     ${customer.providerCountry ?? '-'}`,
    );
  },
});
