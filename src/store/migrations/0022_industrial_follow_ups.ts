import { labelled, type MigrationDb, versioned } from './schema-as-written.js';

/**
 * Follow-ups of industrial projects, as activities take them: notes and
 * reports, each a labelled record of its own owned by its writer's party and
 * read only by who may read it and its project.
 */
export async function up(db: MigrationDb): Promise<void> {
  await versioned(
    labelled(
      db.schema
        .createTable('industrial_follow_up')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) => c.notNull().references('industrial_project.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text', (c) => c.references('app_user.id')),
    ),
  ).execute();
  await db.schema
    .createIndex('industrial_follow_up_by_project')
    .on('industrial_follow_up')
    .columns(['project_id', 'created_at'])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('industrial_follow_up').execute();
}
