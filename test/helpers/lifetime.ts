import { after, before, type SuiteContext, type TestContext } from 'node:test';

// What a test opens is closed by the test runner, so that no test has to pair an open with a close.
// node:test gives a test (and its beforeEach hooks) a TestContext, whose `after` runs once the test has
// ended. A suite's SuiteContext has no hooks (Node 20 to 24), so what its tests share is opened by a
// `before` and closed by an `after` registered from the suite's body: those attach to the suite being
// declared. Registered from inside a hook, an `after` would attach to the hook and run at once.

export interface Closable {
  close(): Promise<void>;
}

/**
 * Opens what one test uses, and closes it once the test has ended. Call it in the test or its
 * beforeEach, with the context node:test hands them (a hook's is typed as either kind).
 */
export async function openForTest<T extends Closable>(
  context: TestContext | SuiteContext,
  open: () => Promise<T>,
): Promise<T> {
  if (!('after' in context)) {
    throw new TypeError(`"${context.name}" is a suite: what its tests share is opened by openForSuite`);
  }
  const opened = await open();
  context.after(() => opened.close());
  return opened;
}

/**
 * Opens what the tests of a suite share before the first of them, and closes it after the last. Call
 * it in the suite's body. The function it returns gives what was opened, to the tests and to the
 * suite's hooks registered after this call: hooks of a kind run in the order they were registered.
 * So this closes before the suite's own `after` hooks run: a suite that closes in one of them
 * something built on what this opens (an app on its database) opens both in its own hooks instead.
 */
export function openForSuite<T extends Closable>(suite: SuiteContext, open: () => Promise<T>): () => T {
  let opened: T | undefined;
  before(async () => {
    opened = await open();
  });
  // Also when opening failed: the suite's tests fail on their own then, and nothing is left to close.
  after(() => opened?.close());
  return () => {
    if (opened === undefined) {
      throw new Error(`"${suite.name}" uses what it shares before its before hook opened it, or opening failed`);
    }
    return opened;
  };
}
