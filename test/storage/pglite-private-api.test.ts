import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PGlite, protocol } from '@electric-sql/pglite';
import { concat } from '../../src/storage/pglite-statements.js';

// The embedded storage uses parts of PGlite that are not its public API (storage/pglite.ts and
// storage/pglite-statements.ts): its query locks, its protocol entry point, its message builders and
// classes, and its type converters. That is why package.json pins PGlite to one exact version. These
// tests use each of those parts the way the storage does, so that a PGlite upgrade that removes or
// reshapes one fails here, with the part named, rather than somewhere in a payment.

const { serialize, messages } = protocol;

/** Resolves once every callback already queued has run, so that a waiting lock had every chance to start. */
async function settle() {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

function missing(part: string) {
  return `the installed PGlite lacks or changed ${part}, which src/storage uses: keep PGlite at the version pinned in package.json, or adapt the storage (README, Development)`;
}

describe('PGlite private API the storage relies on', () => {
  let pglite: PGlite;
  before(async () => {
    pglite = new PGlite('memory://');
    await pglite.waitReady;
  });
  after(() => pglite.close());

  it('_runExclusiveQuery and _runExclusiveTransaction run work one at a time and return its result', async () => {
    for (const lock of ['_runExclusiveQuery', '_runExclusiveTransaction'] as const) {
      assert.equal(typeof pglite[lock], 'function', missing(`PGlite.${lock}`));
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const order: string[] = [];
      const first = pglite[lock](async () => {
        order.push('first starts');
        await held;
        order.push('first ends');
        return 1;
      });
      const second = pglite[lock](async () => {
        order.push('second starts');
        return 2;
      });
      await settle();
      assert.deepEqual(order, ['first starts'], missing(`PGlite.${lock} as a mutex`));
      release();
      assert.deepEqual(await Promise.all([first, second]), [1, 2], missing(`PGlite.${lock}'s result`));
      assert.deepEqual(order, ['first starts', 'first ends', 'second starts'], missing(`PGlite.${lock} as a mutex`));
    }
  });

  it('a query waits for _runExclusiveTransaction, as the storage expects of a statement outside a transaction', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = pglite._runExclusiveTransaction(() => held);
    let answered = false;
    const query = pglite.query('SELECT 1 AS one').then(() => (answered = true));
    await settle();
    assert.equal(answered, false, missing('the lock shared by _runExclusiveTransaction and query()'));
    release();
    await Promise.all([transaction, query]);
    assert.equal(answered, true);
  });

  it('execProtocolStream prepares, binds and executes a named statement built by protocol.serialize', async () => {
    for (const builder of ['parse', 'describe', 'bind', 'execute', 'sync'] as const)
      assert.equal(typeof serialize?.[builder], 'function', missing(`protocol.serialize.${builder}`));
    for (const cls of ['DataRowMessage', 'ParameterDescriptionMessage', 'RowDescriptionMessage'] as const)
      assert.equal(typeof messages?.[cls], 'function', missing(`protocol.messages.${cls}`));
    assert.equal(typeof pglite.execProtocolStream, 'function', missing('PGlite.execProtocolStream'));

    const name = 'private_api_probe';
    const sql = 'SELECT $1::numeric(38, 18) AS amount, $2::int AS n, $3::boolean AS flag, now() AS at';
    const described = await pglite.execProtocolStream(
      concat([serialize.parse({ name, text: sql }), serialize.describe({ type: 'S', name }), serialize.sync()]),
      { syncToFs: false },
    );
    const parameters = described.find((m) => m instanceof messages.ParameterDescriptionMessage);
    const row = described.find((m) => m instanceof messages.RowDescriptionMessage);
    assert.ok(parameters, missing('ParameterDescriptionMessage in the replies to describe'));
    assert.ok(row, missing('RowDescriptionMessage in the replies to describe'));
    const parameterTypes = (parameters as InstanceType<typeof messages.ParameterDescriptionMessage>).dataTypeIDs;
    const fields = (row as InstanceType<typeof messages.RowDescriptionMessage>).fields;
    assert.deepEqual(parameterTypes, [1700, 23, 16], missing('ParameterDescriptionMessage.dataTypeIDs'));
    assert.deepEqual(
      fields.map((f) => [f.name, f.dataTypeID]),
      [
        ['amount', 1700],
        ['n', 23],
        ['flag', 16],
        ['at', 1184],
      ],
      missing('RowDescriptionMessage.fields (name, dataTypeID)'),
    );

    const values = ['12345678901234567890.123456789012345678', 7, true].map((value, i) => {
      const serializer = pglite.serializers?.[parameterTypes[i]!];
      return serializer ? serializer(value) : String(value);
    });
    const replies = await pglite.execProtocolStream(
      concat([serialize.bind({ statement: name, values }), serialize.execute({}), serialize.sync()]),
      { syncToFs: false },
    );
    const dataRows = replies.filter((m) => m instanceof messages.DataRowMessage);
    assert.equal(dataRows.length, 1, missing('DataRowMessage in the replies to execute'));
    const texts = (dataRows[0] as InstanceType<typeof messages.DataRowMessage>).fields;
    assert.equal(typeof pglite.parsers, 'object', missing('PGlite.parsers'));
    const parsed = fields.map((field, i) => {
      const parser = pglite.parsers[field.dataTypeID];
      const text = texts[i];
      return text === null || text === undefined ? null : parser ? parser(text as string, field.dataTypeID) : text;
    });
    assert.equal(parsed[0], '12345678901234567890.123456789012345678', missing('NUMERIC kept exact as a string'));
    assert.equal(parsed[1], 7, missing('PGlite.parsers for int4'));
    assert.equal(parsed[2], true, missing('PGlite.serializers/parsers for boolean'));
    assert.ok(parsed[3] instanceof Date, missing('PGlite.parsers for timestamptz'));
  });

  it('execProtocolStream rejects with the database error of a failed statement, and the next one runs', async () => {
    const name = 'private_api_divide';
    await pglite.execProtocolStream(
      concat([serialize.parse({ name, text: 'SELECT 1 / $1::int AS q' }), serialize.sync()]),
      { syncToFs: false },
    );
    const run = (divisor: string) =>
      pglite.execProtocolStream(
        concat([serialize.bind({ statement: name, values: [divisor] }), serialize.execute({}), serialize.sync()]),
        { syncToFs: false },
      );
    await assert.rejects(run('0'), (error: { code?: string }) => {
      assert.equal(error.code, '22012', missing('the database error thrown by execProtocolStream (its code)'));
      return true;
    });
    const replies = await run('1');
    const row = replies.find((m) => m instanceof messages.DataRowMessage);
    assert.deepEqual(row && (row as InstanceType<typeof messages.DataRowMessage>).fields, ['1']);
  });

  // The change signal (domain/changes.ts) relies on it: a change announced by a prepared statement's
  // trigger reaches every listener of the database before the statement's caller goes on.
  it('execProtocolStream hands a NOTIFY to listen() callbacks before it resolves', async () => {
    const heard: string[] = [];
    const unlisten = await pglite.listen('private_api_probe', (payload) => heard.push(payload));
    try {
      const name = 'private_api_notify';
      await pglite.execProtocolStream(
        concat([serialize.parse({ name, text: 'SELECT pg_notify($1, $2)' }), serialize.sync()]),
        { syncToFs: false },
      );
      await pglite.execProtocolStream(
        concat([
          serialize.bind({ statement: name, values: ['private_api_probe', 'one'] }),
          serialize.execute({}),
          serialize.sync(),
        ]),
        { syncToFs: false },
      );
      assert.deepEqual(heard, ['one'], missing('NOTIFY dispatched to listen() callbacks by execProtocolStream'));
    } finally {
      await unlisten();
    }
  });
});
