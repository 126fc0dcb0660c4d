import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { databases, openTestDatabase, TEST_DATABASE_URL } from './support/databases.js';

/**
 * Several databases share one PostgreSQL server, each in a schema of its own (test runs, tenants): one is
 * migrated while others are made and dropped. Kysely's own look-up of its bookkeeping tables read every schema
 * of the server and failed with "schema … does not exist" when one went meanwhile (store/migrate.ts).
 */
describe.runIf(databases().includes('postgres'))('migrating one schema while others are dropped on the same server', () => {
  it('migrates each schema whatever the others do meanwhile', async () => {
    const churn = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await churn.connect();
    let running = true;
    let dropped = 0;
    // Schemas with a few tables each, made and dropped as fast as the server goes.
    const churning = (async () => {
      while (running) {
        const name = `jp_churn_${process.pid}_${dropped}`;
        await churn.query(
          `create schema ${name}; create table ${name}.a (id serial primary key, x text); create table ${name}.b (id int)`,
        );
        await churn.query(`drop schema ${name} cascade`);
        dropped++;
      }
    })();
    try {
      for (let i = 0; i < 4; i++) {
        const t = await openTestDatabase('postgres');
        await t.close();
      }
    } finally {
      running = false;
      await churning;
      await churn.end();
    }
    expect(dropped).toBeGreaterThan(0);
  }, 180_000);
});
