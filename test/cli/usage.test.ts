import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildCli } from '../../src/cli/cli.js';
import { startTestCli, type TestCli } from './test-cli.js';

describe('ledger usage', () => {
  let cli: TestCli;
  before(async () => {
    cli = await startTestCli();
  });
  after(() => cli.close());

  it('lists every command and the environment with --help, exit code 0', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const { code, stdout, stderr } = await cli.run(...argv);
      assert.equal(code, 0);
      assert.equal(stderr, '');
      assert.match(stdout, /^Usage: ledger <command> \[options\]\n/);
      for (const command of [
        'tenants create <name>',
        'tenants list',
        'keys create',
        'keys list',
        'keys revoke <keyId>',
        'serve',
        'migrate',
        'customers list',
        'customers show <id-or-externalId>',
        'webhooks list',
        'webhooks retry <id>',
      ]) {
        assert.ok(stdout.includes(`\n  ${command} `), command);
      }
      assert.match(stdout, /DATABASE_URL/);
      assert.match(stdout, /LEDGER_DATA_DIR/);
      assert.match(stdout, /stop the server before/);
    }
  });

  it("shows a command's options with --help, and opens no database for it", async () => {
    const opens = cli.opens;
    for (const argv of [
      ['keys', 'create', '--help'],
      ['keys', 'create', '-h', '--network', 'nonsense'],
      ['help', 'keys', 'create'],
    ]) {
      const { code, stdout } = await cli.run(...argv);
      assert.equal(code, 0, argv.join(' '));
      assert.match(stdout, /^Usage: ledger keys create --network mainnet\|testnet \[options\]\n/);
      assert.match(stdout, /--tenant <name> +The tenant \(default: default\)/);
      assert.match(stdout, /KEY=\$\(ledger keys create/);
    }
    for (const command of ['tenants create', 'tenants list', 'keys list', 'keys revoke']) {
      const { code, stdout } = await cli.run(...command.split(' '), '--help');
      assert.equal(code, 0);
      assert.ok(stdout.startsWith(`Usage: ledger ${command}`), stdout);
      assert.match(stdout, /--json/);
    }
    assert.equal(cli.opens, opens);
  });

  it("shows a group's commands with --help, and on stderr with exit code 2 when the command is missing", async () => {
    const help = await cli.run('keys', '--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: ledger keys <command>/);
    assert.ok(help.stdout.includes('keys revoke <keyId>') && !help.stdout.includes('tenants'));
    const missing = await cli.run('keys');
    assert.deepEqual([missing.code, missing.stdout, missing.stderr], [2, '', help.stdout]);
  });

  it('refuses unknown commands and options with a usage hint on stderr, exit code 2', async () => {
    const cases: [string[], string][] = [
      [['frobnicate'], "ledger: unknown command 'frobnicate'\nRun 'ledger --help' for usage.\n"],
      [['--frob'], "ledger: unknown option '--frob'\nRun 'ledger --help' for usage.\n"],
      [['keys', 'rotate'], "ledger: unknown command 'keys rotate'\nRun 'ledger keys --help' for usage.\n"],
      [['tenants', 'list', '--frob'], "ledger: Unknown option '--frob'\nRun 'ledger tenants list --help' for usage.\n"],
      [
        ['tenants', 'list', '--json=yes'],
        "ledger: Option '--json' does not take an argument\nRun 'ledger tenants list --help' for usage.\n",
      ],
      [
        ['tenants', 'list', 'extra'],
        "ledger: unexpected argument 'extra'\nRun 'ledger tenants list --help' for usage.\n",
      ],
    ];
    for (const [argv, stderr] of cases) {
      assert.deepEqual(await cli.run(...argv), { code: 2, stdout: '', stderr }, argv.join(' '));
    }
  });

  it('prints the whole help on stderr with exit code 2 when no command is given', async () => {
    const { code, stdout, stderr } = await cli.run();
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^Usage: ledger <command>/);
  });

  it('closes the database after each command that opened it, also when the command fails', async () => {
    const before = { opens: cli.opens, closes: cli.closes };
    await cli.run('tenants', 'list');
    await cli.run('keys', 'revoke', 'unknown');
    await cli.run('keys', 'list', '--frob');
    assert.equal(cli.opens - before.opens, 2);
    assert.equal(cli.closes - before.closes, 2);
  });
});

describe('ledger configuration', () => {
  const capture = (env: NodeJS.ProcessEnv) => {
    const out = { stdout: '', stderr: '' };
    const cli = buildCli({
      stdout: { write: (text: string) => (out.stdout += text) },
      stderr: { write: (text: string) => (out.stderr += text) },
      env,
    });
    return { out, cli };
  };

  it("refuses the server's own configuration mistakes with exit code 1", async () => {
    const { out, cli } = capture({ PORT: 'eighty' });
    assert.equal(await cli.run(['tenants', 'list']), 1);
    assert.equal(out.stderr, "ledger: PORT must be 0..65535, not 'eighty'.\n");
  });

  it('reports a database it cannot reach on one line, exit code 1', async () => {
    const { out, cli } = capture({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    assert.equal(await cli.run(['keys', 'list']), 1);
    assert.match(out.stderr, /^ledger: .*ECONNREFUSED.*\n$/);
  });
});
