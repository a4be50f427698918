import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, it, type TestContext } from 'node:test';
import type { InjectOptions } from 'fastify';
import { differences } from '../helpers/differences.js';
import { startFaultyHttpProxy, type ProxiedRequest } from '../helpers/faulty-http-proxy.js';
import { snapshotLedger, type LedgerSnapshot } from '../helpers/ledger-snapshot.js';
import { anotherServerDatabase } from '../helpers/more-server-databases.js';
import { buildRichLedger } from '../helpers/rich-ledger.js';
import { describeOnServerDatabase } from '../helpers/server-databases.js';
import { spawnServer, type SpawnedServer } from '../helpers/spawn-server.js';
import { testApp, type LedgerClient, type Reply } from '../helpers/test-app.js';

// An import killed at any point and gone on with `--resume` ends with the ledger an import never
// stopped makes (docs/decisions/0038-ledger-import.md): each page is written with the import's position
// in one transaction. The import runs as a process of its own, killed (SIGKILL) by the proxy in front of
// the source when it sends a chosen request. Every import goes into a database of its own, as an import
// keeps the source's ids and a server refuses an id another of its ledgers has; the ledgers are then
// read back through a server on each database and compared, object by object, with the uninterrupted
// copy and with the source.

/** How long one CLI process may take before the test kills it. */
const CHILD_TIMEOUT_MS = 60_000;
/** The tenant that receives the import, in each target database. */
const TENANT = 'imported';

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Decides, per request of one import run (counted from 0), whether the import is killed there. */
type KillAt = (index: number, url: string) => boolean;

/**
 * `ledger …` as a process of its own on `env`'s database, kept in `children` while it runs; `onSpawn`
 * gets the process as soon as it is started.
 */
async function runCli(
  env: Record<string, string>,
  args: string[],
  children: Set<ChildProcess>,
  onSpawn?: (child: ChildProcess) => void,
): Promise<Exit> {
  const began = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/run-cli.ts', ...args], {
    env: { ...process.env, ...env, LEDGER_IMPORT_SETTLE_MS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  onSpawn?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('close', (code, signal) => resolve([code, signal])),
  );
  clearTimeout(timer);
  children.delete(child);
  return { code, signal, stdout, stderr, ms: performance.now() - began };
}

/** A LedgerClient over real HTTP, for a server in another process. */
function fetchClient(base: string, key: string): LedgerClient {
  const request = async ({ method = 'GET', url, payload }: InjectOptions): Promise<Reply> => {
    assert.equal(typeof url, 'string', 'the URL is a path');
    const response = await fetch(`${base}${url as string}`, {
      method,
      headers: { 'x-api-key': key, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(payload === undefined ? {} : { body: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
    });
    const text = await response.text();
    const json = text !== '' && (response.headers.get('content-type') ?? '').startsWith('application/json');
    return {
      status: response.status,
      body: json ? JSON.parse(text) : text,
      headers: Object.fromEntries(response.headers),
    };
  };
  const withPayload = (payload: unknown) => (payload === undefined ? {} : { payload: payload as object });
  return {
    request,
    get: (url) => request({ method: 'GET', url }),
    delete: (url) => request({ method: 'DELETE', url }),
    post: (url, payload) => request({ method: 'POST', url, ...withPayload(payload) }),
    put: (url, payload) => request({ method: 'PUT', url, ...withPayload(payload) }),
  };
}

/** The rich ledger and some bulk, so that customers, accounts and transactions take several pages of 50. */
async function bulkySource(context: TestContext) {
  const source = await testApp(context);
  const api = source.client();
  const rich = await buildRichLedger(api);
  const ok = (what: string, reply: Reply) => {
    assert.equal(reply.status, 200, `${what} → ${JSON.stringify(reply.body)}`);
    return reply.body;
  };
  // 60 accounts, 50 of them with a customer of their own, every fifth a chain asset's (whose deposit
  // addresses the import reads account by account).
  const accounts = ok(
    'account batch',
    await api.post('/v3/ledger/account/batch', {
      accounts: Array.from({ length: 60 }, (_, n) => ({
        currency: n % 5 === 0 ? 'BTC' : rich.currencies.euro,
        ...(n % 6 === 5 ? {} : { customer: { externalId: `bulk-${n}` } }),
      })),
    }),
  ) as { id: string; currency: string }[];
  const euros = accounts.filter((account) => account.currency === rich.currencies.euro);
  // 200 payments, two records each.
  ok(
    'payment batch',
    await api.post('/v3/ledger/transaction/batch', {
      senderAccountId: rich.accounts.euroIssuer,
      transaction: Array.from({ length: 200 }, (_, n) => ({
        recipientAccountId: euros[n % euros.length]!.id,
        amount: '0.25',
        paymentId: `bulk-${n}`,
      })),
    }),
  );
  const url = await source.app.listen({ port: 0, host: '127.0.0.1' });
  return { api, url, key: source.keys.testnet };
}

const startsWith = (path: string) => (request: ProxiedRequest) => request.url.startsWith(path);
/** The index of the first request that `matches`. */
function firstIndex(requests: ProxiedRequest[], matches: (request: ProxiedRequest) => boolean): number {
  const index = requests.findIndex(matches);
  assert.ok(index >= 0, 'the uninterrupted import sent such a request');
  return index;
}
const CUSTOMERS_FIRST_PAGE = '/v3/ledger/customer?pageSize=50&offset=0';
const ACCOUNTS_SECOND_PAGE = '/v3/ledger/account?pageSize=50&offset=50';
const isTransactionPage = (url: string) => url.startsWith('/v3/ledger/transaction/ledger?pageSize');
const isAddressRead = (url: string) => /^\/v3\/offchain\/account\/[^/]+\/address/.test(url);

/**
 * Kills a resume at the third address read after the accounts' second page, while the page is being
 * read (account by account, several reads in flight at once) and before it is written.
 */
function atAnAddressRead(): KillAt {
  let page = false;
  let reads = 0;
  return (_index, url) => {
    if (url.startsWith(ACCOUNTS_SECOND_PAGE)) page = true;
    return page && isAddressRead(url) && ++reads === 3;
  };
}

/** Kills a resume at the verification's first request: it reads the customers again, after the subscriptions. */
function atTheVerification(): KillAt {
  let subscriptions = false;
  return (_index, url) => {
    if (url.startsWith('/v3/subscription?')) subscriptions = true;
    return subscriptions && url.startsWith(CUSTOMERS_FIRST_PAGE);
  };
}

/**
 * Where an import is killed: at request K of the uninterrupted import (found by what it asks for), and
 * optionally again in the resume that follows; the resume after the last kill must finish.
 */
interface Scenario {
  name: string;
  find: (requests: ProxiedRequest[]) => number;
  again?: { name: string; at: () => KillAt };
  /** Whether the last kill came after the import's stages, in the verification that follows them. */
  lastKillInVerification?: true;
}

const SCENARIOS: Scenario[] = [
  {
    name: "early: the customers' second page",
    find: (requests) => firstIndex(requests, startsWith('/v3/ledger/customer?pageSize=50&offset=50')),
    again: { name: "an address read of the accounts' second page", at: atAnAddressRead },
  },
  {
    name: 'in the middle: the middle page of the transactions',
    find: (requests) => {
      const pages = requests.flatMap((request, index) => (isTransactionPage(request.url) ? [index] : []));
      assert.ok(pages.length >= 4, `the transactions take ${pages.length} pages`);
      return pages[Math.floor(pages.length / 2)]!;
    },
  },
  {
    name: 'near the end: the deposits',
    find: (requests) => firstIndex(requests, startsWith('/v3/ledger/deposits?')),
    again: { name: 'the verification, after the last stage', at: atTheVerification },
    lastKillInVerification: true,
  },
];

function resumeTests(database: () => Record<string, string>) {
  const children = new Set<ChildProcess>();
  const servers = new Set<SpawnedServer>();
  // A failed assertion must not leave a process running: the test process would wait for it.
  after(() => {
    for (const child of [...children, ...[...servers].map((server) => server.process)]) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('killed at any point and resumed, an import ends with the ledger of an import never stopped', async (context) => {
    const log = (line: string) => context.diagnostic(line);
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const started = performance.now();

    /** The tenant made on `env`'s database; answers its testnet key. */
    const newTenant = async (env: Record<string, string>) => {
      const created = await runCli(env, ['tenants', 'create', TENANT, '--json'], children);
      assert.equal(created.code, 0, created.stderr);
      return (JSON.parse(created.stdout) as { keys: { testnet: string } }).keys.testnet;
    };
    // The targets are made while the source is built: the suite's database with the tenant, then one
    // more for each killed import (on PGlite, a copy of it), before any import.
    const whole = database();
    const makingTargets = (async () => {
      const wholeKey = await newTenant(whole);
      const targets: { env: Record<string, string>; key: string }[] = [];
      for (let n = 0; n < SCENARIOS.length; n++) {
        const { env, copied } = await anotherServerDatabase(context, whole);
        targets.push({ env, key: copied ? wholeKey : await newTenant(env) });
      }
      return { wholeKey, targets };
    })();
    // Awaited below; a failure meanwhile is not an unhandled rejection.
    makingTargets.catch(() => undefined);

    const source = await bulkySource(context);
    log(`source built in ${seconds(performance.now() - started)}`);
    const { wholeKey, targets } = await makingTargets;
    log(`${targets.length + 1} target databases made, ${seconds(performance.now() - started)} in all`);

    /**
     * `ledger import` from the source into the tenant of one target database, through a proxy of its
     * own (a resume must name the source the import recorded), which kills the run when asked to.
     */
    const importer = async (env: Record<string, string>) => {
      // The run under way: its first request's index at the proxy, its process, where to kill it, and
      // where it was killed (counted from its first request).
      let run: { first: number; child?: ChildProcess; kill?: KillAt; killedAt?: number } = { first: 0 };
      const proxy = await startFaultyHttpProxy(source.url, {
        fault: (index, { url }) => {
          const n = index - run.first;
          if (run.killedAt === undefined && run.kill?.(n, url)) {
            run.killedAt = n;
            run.child?.kill('SIGKILL');
          }
          // Nothing reaches the source once the import is being killed.
          return run.killedAt === undefined ? undefined : { status: 502 };
        },
      });
      context.after(() => proxy.close());
      const requestsOfRun = () => proxy.requests.slice(run.first);
      const importInto = (more: string[] = [], kill?: KillAt) =>
        runCli(
          env,
          [
            'import',
            ...['--from', proxy.url, '--from-key', source.key, '--tenant', TENANT, '--network', 'testnet'],
            ...['--max-rps', '1000', '--json', ...more],
          ],
          children,
          (child) => (run = { first: proxy.requests.length, child, ...(kill ? { kill } : {}) }),
        );
      /** Killed where `kill` says, by SIGKILL: where, and after how long. */
      const killed = async (more: string[], kill: KillAt, what: string) => {
        const exit = await importInto(more, kill);
        const at = run.killedAt;
        assert.notEqual(at, undefined, `${what}: never killed\n${exit.stdout}\n${exit.stderr}`);
        assert.equal(exit.signal, 'SIGKILL', `${what}: exited ${exit.code}\n${exit.stderr}`);
        return { at: at!, url: proxy.requests[run.first + at!]!.url, ms: exit.ms };
      };
      return { importInto, killed, requestsOfRun };
    };
    const finished = (exit: Exit, what: string) => {
      assert.equal(exit.code, 0, `${what}: ${exit.signal ?? ''}\n${exit.stdout}\n${exit.stderr}`);
      const report = JSON.parse(exit.stdout);
      assert.equal(report.verification.differenceCount, 0, what);
      assert.equal(report.import.leftOutCount, 0, what);
      return report as {
        import: { counts: Record<string, number>; resumed: boolean };
        source: { requests: number; throttled: number; retried: number };
      };
    };

    /**
     * The ledger read back through a server on its database, once no CLI process has the database
     * (PGlite: one process per data folder), while the imports into other databases go on.
     */
    const readBack = (env: Record<string, string>, key: string): Promise<LedgerSnapshot> => {
      const reading = (async () => {
        const server = await spawnServer(env);
        servers.add(server);
        try {
          return await snapshotLedger(fetchClient(server.url, key));
        } finally {
          await server.stop();
          servers.delete(server);
        }
      })();
      // Awaited at the end; a failure meanwhile is not an unhandled rejection.
      reading.catch(() => undefined);
      return reading;
    };

    // The uninterrupted import: its requests are where the kills are put.
    const wholeImport = await importer(whole);
    const wholeRun = await wholeImport.importInto();
    const wholeReport = finished(wholeRun, 'the uninterrupted import');
    assert.equal(wholeReport.import.resumed, false);
    const wholeRequests = wholeImport.requestsOfRun();
    const N = wholeRequests.length;
    const wholeReading = readBack(whole, wholeKey);
    const sourceReading = snapshotLedger(source.api);
    sourceReading.catch(() => undefined);
    log(
      `uninterrupted import: N = ${N} requests in ${seconds(wholeRun.ms)} (${JSON.stringify(wholeReport.source)}); ` +
        `copied ${JSON.stringify(wholeReport.import.counts)}`,
    );

    // The killed imports, each into a database of its own, one after the other: each CLI process
    // starts a PGlite of its own, which takes most of a core for a while.
    const copyReadings: Promise<LedgerSnapshot>[] = [];
    for (const [index, scenario] of SCENARIOS.entries()) {
      const { env, key } = targets[index]!;
      const began = performance.now();
      const K = scenario.find(wholeRequests);
      assert.ok(K > 0 && K < N, `${scenario.name}: K = ${K} of ${N}`);
      const { importInto, killed, requestsOfRun } = await importer(env);

      const first = await killed([], (n) => n === K, scenario.name);
      assert.equal(first.at, K);
      const steps = [`killed at K = ${K} (${first.url}) after ${seconds(first.ms)}`];

      const refused = await importInto();
      assert.equal(refused.code, 1, `${scenario.name}, again without --resume: ${refused.stdout}\n${refused.stderr}`);
      assert.match(refused.stderr, /--resume/);
      assert.equal(requestsOfRun().length, 0, 'a refused import reads nothing from the source');
      steps.push(`refused without --resume in ${seconds(refused.ms)}`);

      if (scenario.again) {
        const second = await killed(['--resume'], scenario.again.at(), scenario.again.name);
        steps.push(
          `the resume killed at its request ${second.at} (${scenario.again.name}: ${second.url}) after ${seconds(second.ms)}`,
        );
      }

      const resume = await importInto(['--resume']);
      const report = finished(resume, `${scenario.name}, resumed`);
      assert.equal(report.import.resumed, true);
      // A resume after the last stage starts a new run, for what the source gained since: its counts are its own.
      if (!scenario.lastKillInVerification) {
        assert.deepEqual(report.import.counts, wholeReport.import.counts, scenario.name);
      }
      steps.push(`resumed with ${requestsOfRun().length} requests in ${seconds(resume.ms)}`);
      log(`${scenario.name}: ${steps.join(', ')}; ${seconds(performance.now() - began)}`);
      copyReadings.push(readBack(env, key));
    }

    const [sourceSnapshot, wholeCopy, ...copies] = await Promise.all([sourceReading, wholeReading, ...copyReadings]);
    log(`${SCENARIOS.length + 1} ledgers read back, ${seconds(performance.now() - started)} in all`);

    assert.deepEqual(differences(wholeCopy, sourceSnapshot), [], 'the uninterrupted copy is the source');
    assert.deepEqual(wholeCopy, sourceSnapshot);
    for (const [index, copy] of copies.entries()) {
      const { name } = SCENARIOS[index]!;
      assert.deepEqual(differences(copy, wholeCopy), [], `killed at ${name}, resumed`);
      assert.deepEqual(copy, wholeCopy, `killed at ${name}, resumed`);
    }
  });
}

describeOnServerDatabase('ledger import, killed and resumed', resumeTests);
