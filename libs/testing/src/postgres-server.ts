import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/*
 * A real PostgreSQL for tests (docs/architecture.md#tests-need-real-parts): POSTGRES_URL, which
 * scripts/test.sh sets by starting scripts/postgres.sh once for the whole run. Without it a test
 * is skipped with the reason printed, except under CI=true, where it must run (.ci/run installs the
 * server), so a missing server fails the run instead of hiding the tests.
 */

export const POSTGRES_SKIP_REASON =
  'PostgreSQL tests skipped: POSTGRES_URL is not set (start a server with `bash scripts/postgres.sh start` and export the POSTGRES_URL it prints; scripts/test.sh does)';

/**
 * The server's connection string, or undefined (the reason printed) when the tests must skip.
 * Decided synchronously: Jest must know at collection time whether to describe or skip.
 */
export function postgresUnderTest(): string | undefined {
  const url = process.env.POSTGRES_URL?.trim();
  if (url) return url;
  if (process.env.CI === 'true') {
    throw new Error('CI=true and POSTGRES_URL is not set: scripts/test.sh starts scripts/postgres.sh and exports it (install the postgresql package)');
  }
  console.warn(POSTGRES_SKIP_REASON);
  return undefined;
}

/** A schema name no other test run uses: each run keeps to its own, dropped after it. */
export const freshPostgresSchema = (prefix = 'test'): string => `${prefix}_${randomBytes(6).toString('hex')}`;

/** Drops the schema and everything in it (nothing when it does not exist). */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`not a plain schema name: ${schema}`);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
