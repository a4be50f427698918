import pg from 'pg';
import { databaseUrl } from './options.js';

// The bench's own database on the PostgreSQL server, made fresh for each run and dropped after it, so
// that a run never touches another database and leaves nothing behind.

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function quoted(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  return `"${name}"`;
}

/** Drops any leftover of an earlier run, creates the database, and returns its URL. */
export async function createBenchDatabase(serverUrl: string, name: string): Promise<string> {
  await dropBenchDatabase(serverUrl, name);
  await onServer(serverUrl, `CREATE DATABASE ${quoted(name)}`);
  return databaseUrl(serverUrl, name);
}

export async function dropBenchDatabase(serverUrl: string, name: string): Promise<void> {
  // FORCE: a server killed mid-run may still hold connections to it.
  await onServer(serverUrl, `DROP DATABASE IF EXISTS ${quoted(name)} WITH (FORCE)`);
}

export async function postgresVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]!.server_version;
  } finally {
    await client.end();
  }
}
