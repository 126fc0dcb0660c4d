import { randomBytes } from 'node:crypto';
import SQLite from 'better-sqlite3';
import { Kysely, type LogEvent, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import * as m0001 from '../src/store/migrations/0001_initial.js';
import * as m0002 from '../src/store/migrations/0002_review_loop.js';
import * as m0003 from '../src/store/migrations/0003_reminders.js';
import * as m0004 from '../src/store/migrations/0004_agenda_references.js';
import * as m0005 from '../src/store/migrations/0005_results_maintenance.js';
import * as m0006 from '../src/store/migrations/0006_user_version.js';
import * as m0007 from '../src/store/migrations/0007_clearance_requests.js';
import * as m0008 from '../src/store/migrations/0008_polyinstantiated_ref_codes.js';
import * as m0009 from '../src/store/migrations/0009_sign_in_throttle.js';
import * as m0010 from '../src/store/migrations/0010_audit_signature.js';
import * as m0011 from '../src/store/migrations/0011_agenda_outcome.js';
import * as m0012 from '../src/store/migrations/0012_plan_joint_decisions.js';
import * as m0013 from '../src/store/migrations/0013_programmes.js';
import type { MigrationDb } from '../src/store/migrations/schema-as-written.js';
import { databases, TEST_DATABASE_URL } from './support/databases.js';

/*
 * Migrations share the builders of schema-as-written.ts, and an applied migration must run the same
 * way for ever: these are the statements the first thirteen ran when they were applied, on each
 * database, so that an edit to a shared builder that would change one of them fails here. They are
 * recorded output, kept as vitest snapshots (__snapshots__/migrations-as-written.test.ts.snap); under CI a
 * missing snapshot fails rather than being written.
 */
const APPLIED = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011, m0012, m0013];

/** Runs the applied migrations on an empty database of the kind, and returns every statement they sent. */
async function statementsOn(kind: 'sqlite' | 'postgres'): Promise<string> {
  const sent: string[] = [];
  const log = (e: LogEvent) => {
    sent.push(`${e.query.sql};${e.query.parameters.length ? ` -- ${JSON.stringify(e.query.parameters)}` : ''}`);
  };
  const schema = `jp_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  if (kind === 'postgres') {
    await admin.connect();
    await admin.query(`create schema ${schema}`);
  }
  const db: MigrationDb = new Kysely({
    dialect:
      kind === 'sqlite'
        ? new SqliteDialect({ database: new SQLite(':memory:') })
        : new PostgresDialect({
            pool: new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1, options: `-c search_path=${schema}` }),
          }),
    log,
  });
  try {
    for (const [i, migration] of APPLIED.entries()) {
      sent.push(`-- ${String(i + 1).padStart(4, '0')}`);
      await migration.up(db);
    }
  } finally {
    await db.destroy();
    if (kind === 'postgres') {
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    }
  }
  return `${sent.join('\n')}\n`;
}

describe.each(databases())('migrations as applied, on %s', (kind) => {
  it('send the same statements as when they were applied', async () => {
    expect(await statementsOn(kind)).toMatchSnapshot();
  });
});
