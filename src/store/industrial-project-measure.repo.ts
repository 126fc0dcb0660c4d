import type { Kysely } from 'kysely';
import type { MeasurementOrigin, MeasurementRecord, ProjectMeasure } from '../domain/industrial-project.measure.js';
import { readableBy, type StoreReader } from './access.js';
import type { Database, IndustrialMeasurementTable } from './database.js';

/*
 * The measurements of a project's jobs created and local content reached
 * (migration 0035). They are parts of the project, read under its label: the
 * read rule on the project is in the query that reads them.
 */

const toRecord = (r: Omit<IndustrialMeasurementTable, 'project_id'>): MeasurementRecord => ({
  id: r.id,
  measure: r.measure as ProjectMeasure,
  value: Number(r.value),
  asOf: r.as_of,
  recordedAt: r.recorded_at,
  party: r.party,
  userId: r.user_id,
  origin: r.origin as MeasurementOrigin,
  note: r.note,
});

/** The measurements of a project the reader may read, oldest first (as-of day, recording, id); none if it may not. */
export async function readableMeasurements(
  db: Kysely<Database>,
  reader: StoreReader,
  projectId: string,
): Promise<MeasurementRecord[]> {
  const rows = await db
    .selectFrom('industrial_measurement as m')
    .innerJoin('industrial_project as p', 'p.id', 'm.project_id')
    .select(['m.id', 'm.measure', 'm.value', 'm.as_of', 'm.recorded_at', 'm.party', 'm.user_id', 'm.origin', 'm.note'])
    .where('m.project_id', '=', projectId)
    .where(readableBy(reader, 'p'))
    .orderBy('m.as_of')
    .orderBy('m.recorded_at')
    .orderBy('m.id')
    .execute();
  return rows.map(toRecord);
}

export async function insertMeasurements(trx: Kysely<Database>, projectId: string, ms: readonly MeasurementRecord[]) {
  if (!ms.length) return;
  await trx
    .insertInto('industrial_measurement')
    .values(
      ms.map((m) => ({
        id: m.id,
        project_id: projectId,
        measure: m.measure,
        value: m.value,
        as_of: m.asOf,
        recorded_at: m.recordedAt,
        party: m.party,
        user_id: m.userId,
        origin: m.origin,
        note: m.note,
      })),
    )
    .execute();
}
