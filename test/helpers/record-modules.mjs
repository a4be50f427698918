// `node --import ./test/helpers/record-modules.mjs …`: appends the URL of every module the process
// resolves, one a line, to the file named by LEDGER_TEST_MODULES_FILE. The hooks run on a thread of
// their own, which loads this file again: there it only exports them. Plain JavaScript, so that it
// loads before tsx does.
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

const file = process.env.LEDGER_TEST_MODULES_FILE;
if (!file) throw new Error('record-modules.mjs needs LEDGER_TEST_MODULES_FILE');
if (isMainThread) register(import.meta.url);

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(file, `${resolved.url}\n`);
  return resolved;
}
