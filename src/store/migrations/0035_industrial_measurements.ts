import { sql } from 'kysely';
import type { MigrationDb } from './schema-as-written.js';

/**
 * The jobs created and the local content reached of an industrial project are
 * kept as dated measurements (value, as-of day, who, where it comes from, a
 * note), so that a project shows how they grew; the project's own columns hold
 * the latest. Each project's values as they stand are carried in as its first
 * measurements, as of the day it last changed, with no one named.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('industrial_measurement')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('industrial_project.id'))
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('party', 'text')
    .addColumn('user_id', 'text')
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('industrial_measurement_by_project')
    .on('industrial_measurement')
    .columns(['project_id', 'measure', 'as_of', 'recorded_at'])
    .execute();
  for (const [measure, column] of [
    ['jobs_created', 'jobs_created'],
    ['local_content_reached', 'local_content_reached_bp'],
  ] as const)
    await sql`
      insert into industrial_measurement (id, project_id, measure, value, as_of, recorded_at, party, user_id, origin, note)
      select p.id || ${sql.lit(`/${measure}`)}, p.id, ${sql.lit(measure)}, p.${sql.ref(column)}, substr(p.updated_at, 1, 10), p.updated_at,
        null, null, 'carried_in', null
      from industrial_project p`.execute(db);
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('industrial_measurement').execute();
}
