// node --import tsx bench/search.ts [-- --activities N --db sqlite|postgres|both --runs N]
// Search before and after stemming, in the same run on the same data set: a generated data set per database,
// then each query timed through today's search (every kind of record, each counted, words by their stems) and
// through the search as it was before (folded words only, activities and follow-ups, no counts), on a copy of
// the index made as it was then, for the same reader. Prints the medians and their ratio; ratios only, the
// machine is shared.
import { parseArgs } from 'node:util';
import { type Kysely, sql } from 'kysely';
import type { Actor } from '../src/app/context.js';
import { search } from '../src/app/search.usecases.js';
import { generate } from '../src/demo/generate.js';
import { foldForSearch } from '../src/domain/text.js';
import { readableBy, type StoreReader } from '../src/store/access.js';
import type { Database } from '../src/store/database.js';
import { isPostgres } from '../src/store/dialect.js';
import { type BenchKind, freshDatabase } from './database.js';

const QUERIES = ['visite', 'visites', 'planification', 'benslimane exercice', 'exercice conj'];

/** The index as it was before stemming: each activity's and follow-up's words, folded, and nothing else. */
async function indexAsBefore(db: Kysely<Database>) {
  const pg = isPostgres(db);
  await sql`create table search_before (id integer primary key, kind text not null, record_id text not null, body text not null)`.execute(
    db,
  );
  await sql`insert into search_before (id, kind, record_id, body) select id, kind, record_id, '' from search_entry where kind in ('activity', 'follow_up')`.execute(
    db,
  );
  await sql`create index search_before_record on search_before (record_id)`.execute(db);
  const texts = new Map<string, string>();
  for (const a of await db.selectFrom('activity').select(['id', 'ref_code', 'title', 'description', 'location']).execute())
    texts.set(
      a.id,
      [a.ref_code, ...Object.values(JSON.parse(a.title)), ...Object.values(JSON.parse(a.description)), a.location]
        .filter(Boolean)
        .join(' '),
    );
  for (const f of await db.selectFrom('follow_up').select(['id', 'body']).execute()) texts.set(f.id, f.body);
  const ids = (await sql<{ record_id: string }>`select record_id from search_before`.execute(db)).rows.map((r) => r.record_id);
  await db.transaction().execute(async (trx) => {
    for (const id of ids)
      await sql`update search_before set body = ${foldForSearch(texts.get(id) ?? '')} where record_id = ${id}`.execute(trx);
  });
  if (pg) {
    await sql`create index search_before_fts on search_before using gin (to_tsvector('simple', body))`.execute(db);
    await sql`analyze search_before`.execute(db);
  } else {
    await sql`create virtual table search_before_fts using fts5(body, content='search_before', content_rowid='id', tokenize='unicode61 remove_diacritics 2')`.execute(
      db,
    );
    await sql`insert into search_before_fts(search_before_fts) values ('rebuild')`.execute(db);
  }
}

/** The search as it was before: activities and follow-ups matching the folded words, the last one as a prefix. */
async function searchBefore(db: Kysely<Database>, reader: StoreReader, q: string, limit: number) {
  const words = foldForSearch(q).split(' ').filter(Boolean).slice(0, 12);
  const match = isPostgres(db)
    ? sql<boolean>`to_tsvector('simple', se.body) @@ to_tsquery('simple', ${words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(' & ')})`
    : sql<boolean>`se.id in (select rowid from search_before_fts where search_before_fts match ${words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ')})`;
  // biome-ignore lint/suspicious/noExplicitAny: a table of the benchmark's own, outside the app's types
  const loose = db as Kysely<any>;
  const activities = await loose
    .selectFrom('search_before as se')
    .innerJoin('activity as a', 'a.id', 'se.record_id')
    .selectAll('a')
    .where('se.kind', '=', 'activity')
    .where(match)
    .where(readableBy(reader, 'a'))
    .orderBy('a.updated_at', 'desc')
    .limit(limit)
    .execute();
  const followUps = await loose
    .selectFrom('search_before as se')
    .innerJoin('follow_up as f', 'f.id', 'se.record_id')
    .innerJoin('activity as a', 'a.id', 'f.activity_id')
    .select(['f.id', 'f.body', 'f.created_at', 'a.title'])
    .where('se.kind', '=', 'follow_up')
    .where(match)
    .where(readableBy(reader, 'f'))
    .where(readableBy(reader, 'a'))
    .orderBy('f.created_at', 'desc')
    .limit(limit)
    .execute();
  return activities.length + followUps.length;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

async function time(runs: number, f: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await f();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

async function main() {
  const { values } = parseArgs({
    options: {
      activities: { type: 'string', default: '100000' },
      db: { type: 'string', default: 'both' },
      runs: { type: 'string', default: '21' },
    },
  });
  const kinds: BenchKind[] = values.db === 'both' ? ['sqlite', 'postgres'] : [values.db as BenchKind];
  const runs = Number(values.runs);
  for (const kind of kinds) {
    const bdb = await freshDatabase(kind);
    try {
      const t0 = Date.now();
      await generate(bdb.ctx, { activities: Number(values.activities), seed: 1 });
      console.error(`[search] ${kind}: generated ${values.activities} activities in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      await indexAsBefore(bdb.db);
      // The list benchmark's reader: a viewer of the partner party, CONFIDENTIAL, no compartment.
      const actor: Actor = {
        userId: 'bench',
        username: 'bench.viewer',
        displayName: 'bench',
        party: 'ISR',
        roles: ['viewer'],
        clearance: 'CONFIDENTIAL',
        compartments: [],
      } as Actor;
      const reader = (await bdb.ctx.codec()).reader(actor);
      for (const q of QUERIES) {
        const after = await search(bdb.ctx, actor, q, 50);
        const found = after.groups.map((g) => `${g.kind} ${g.count}`).join(', ');
        const beforeHits = await searchBefore(bdb.db, reader, q, 50);
        const msBefore = await time(runs, () => searchBefore(bdb.db, reader, q, 50));
        const msAfter = await time(runs, () => search(bdb.ctx, actor, q, 50));
        console.log(
          `${kind}\t${JSON.stringify(q)}\tbefore ${msBefore.toFixed(2)} ms (${beforeHits} hits listed)\tafter ${msAfter.toFixed(2)} ms (${found})\tratio ${(msAfter / msBefore).toFixed(2)}`,
        );
      }
    } finally {
      await bdb.drop();
    }
  }
}

await main();
