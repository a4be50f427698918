// The HTTP ceiling: a bare Fastify process answering GET /v3/ledger/customer/:id with the same customer
// JSON as the ledger, from memory, serialised by the same response schema. No hooks, no database, no
// logging: what this machine's Node and Fastify can answer at most, which no ledger route can beat.
// Started by the bench (bench/run.ts) with the customer in BENCH_CUSTOMER_JSON; stops on SIGTERM.
import Fastify from 'fastify';
import { Customer } from '../src/contract/customer.schema.js';

const customer: unknown = JSON.parse(process.env.BENCH_CUSTOMER_JSON ?? '{}');
const app = Fastify({ logger: false });
app.get('/v3/ledger/customer/:id', { schema: { response: { 200: Customer } } }, async () => customer);

const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`HTTP ceiling listening on ${address}\n`);
process.on('SIGTERM', () => {
  app.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
