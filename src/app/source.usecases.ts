import { newId } from '../domain/ids.js';
import { issue, problem } from '../domain/problems.js';
import type { Source, SourceCreate } from '../domain/source.schema.js';
import { presentSource } from '../store/present.js';
import { findSource, insertSource, listSources as listSourceRows } from '../store/source.repo.js';
import { inTransaction } from '../store/tx.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { labelFor } from './labels.js';
import { assertCanPlan } from './policy.js';

export interface SourceListQuery {
  kind?: Source['kind'] | undefined;
  cursor?: string | undefined;
  limit: number;
}

export async function listSources(ctx: AppContext, actor: Actor, query: SourceListQuery) {
  const codec = await ctx.codec();
  // One row more than asked tells whether another page follows.
  const rows = await listSourceRows(ctx.db, codec.reader(actor), {
    kind: query.kind,
    after: query.cursor,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const more = rows.length > query.limit;
  return { items: page.map((r) => presentSource(codec, r)), nextCursor: more ? (page.at(-1)?.id ?? null) : null };
}

export async function getSource(ctx: AppContext, actor: Actor, id: string): Promise<Source> {
  const codec = await ctx.codec();
  const row = await findSource(ctx.db, codec.reader(actor), id);
  if (!row) throw problem('source.not_found');
  return presentSource(codec, row);
}

/** Records where facts come from; planners cite sources from plans, sessions and activities. */
export async function createSource(ctx: AppContext, actor: Actor, input: SourceCreate): Promise<Source> {
  const codec = await ctx.codec();
  assertCanPlan(actor, actor.party);
  if (input.kind === 'press_article' && !input.publisher)
    throw problem('source.publisher_required', {}, [issue('publisher', 'source.publisher_field')]);
  const { columns } = labelFor(codec, actor, input);
  const now = isoNow(ctx);
  const row = {
    id: newId(),
    kind: input.kind,
    title: input.title,
    publisher: input.publisher,
    url: input.url,
    published_on: input.publishedOn,
    excerpt: input.excerpt,
    ...columns,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  return inTransaction(ctx.db, async (trx) => {
    await insertSource(trx, row);
    await audit(trx, actor, now, [
      {
        action: 'source.create',
        entityType: 'source',
        entityId: row.id,
        label: columns,
        detail: { kind: row.kind, title: row.title },
      },
    ]);
    return presentSource(codec, row);
  });
}
