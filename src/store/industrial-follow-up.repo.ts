import type { Kysely, Selectable } from 'kysely';
import type { ProjectFollowUp } from '../domain/industrial-follow-up.schema.js';
import { userIdFor } from '../domain/user-naming.js';
import { readableBy, type StoreReader } from './access.js';
import type { Database, IndustrialFollowUpTable } from './database.js';
import type { LabelCodec } from './label-codec.js';
import { meta } from './present.js';

type Row = Selectable<IndustrialFollowUpTable>;

/** A follow-up as a reader of `readerParty` reads it: its author named only to a reader of the author's party. */
function present(codec: LabelCodec, r: Row, readerParty: string, authorParty: string | null): ProjectFollowUp {
  return {
    ...meta(codec, r),
    projectId: r.project_id,
    kind: r.kind as ProjectFollowUp['kind'],
    body: r.body,
    language: r.language as ProjectFollowUp['language'],
    authorId: userIdFor(readerParty, authorParty, r.author_id),
  };
}

/**
 * The follow-ups of a project the reader may read, newest first: the read
 * rule on the follow-up and on its project, both in the same query.
 */
export async function listProjectFollowUps(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  projectId: string,
): Promise<ProjectFollowUp[]> {
  const rows = await db
    .selectFrom('industrial_follow_up as f')
    .innerJoin('industrial_project as p', 'p.id', 'f.project_id')
    .leftJoin('app_user as u', 'u.id', 'f.author_id')
    .selectAll('f')
    .select('u.party as author_party')
    .where('f.project_id', '=', projectId)
    .where(readableBy(reader, 'f'))
    .where(readableBy(reader, 'p'))
    .orderBy('f.created_at', 'desc')
    .orderBy('f.id', 'desc')
    .execute();
  return rows.map(({ author_party, ...r }) => present(codec, r, reader.party, author_party));
}

/** Inserts a follow-up written by a user of `authorParty` and answers it to them. */
export async function insertProjectFollowUp(
  trx: Kysely<Database>,
  codec: LabelCodec,
  row: Row,
  authorParty: string,
): Promise<ProjectFollowUp> {
  await trx.insertInto('industrial_follow_up').values(row).execute();
  return present(codec, row, authorParty, authorParty);
}
