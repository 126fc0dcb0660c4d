import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAvailable: boolean;
  }
}

/** Probes PostgreSQL once. Under CI a missing server fails the run instead of skipping its suites. */
export default async function setup(project: TestProject) {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  let available = false;
  try {
    await client.connect();
    await client.query('select 1');
    available = true;
  } catch (err) {
    if (process.env.CI) throw new Error(`PostgreSQL is required under CI but ${TEST_DATABASE_URL} does not answer: ${err}`);
    console.warn(
      `PostgreSQL suites skipped: nothing answers at ${TEST_DATABASE_URL}. Start PostgreSQL or set TEST_DATABASE_URL to run them.`,
    );
  } finally {
    await client.end().catch(() => {});
  }
  project.provide('pgAvailable', available);
  // The command line runs from a build of the sources made on its first start: make it once here,
  // rather than in each of the test files that start a command at the same moment.
  execFileSync(process.execPath, [fileURLToPath(new URL('../../bin/jointplan.js', import.meta.url)), '--version'], {
    stdio: 'ignore',
  });
}
