import type { Db } from '../../src/store/db.js';

/** The audit entries of `action`, oldest first. */
const entriesOf = (db: Db, action: string) =>
  db.selectFrom('audit_entry').selectAll().where('action', '=', action).orderBy('seq');

/** The audit entries of `action` about the record `entityId`, oldest first. */
export const auditEntriesAbout = (db: Db, entityId: string, action: string) =>
  entriesOf(db, action).where('entity_id', '=', entityId).execute();

/** The audit entries of `action` written by the user `actorId`, oldest first. */
export const auditEntriesBy = (db: Db, actorId: string, action: string) =>
  entriesOf(db, action).where('actor_id', '=', actorId).execute();
