// The `ledger` command from the sources, for tests that run it as a process of its own (to kill it):
//   node --import tsx test/helpers/run-cli.ts import --from …
import { main } from '../../src/cli/main.js';

await main();
