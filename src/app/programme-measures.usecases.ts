import { problem } from '../domain/problems.js';
import {
  measureProgrammes,
  type ProgrammeMeasureJson,
  type ProgrammeMeasuresJson,
  type ProgrammeMeasuresQuery,
  presentProgrammeMeasure,
  presentProgrammeMeasures,
} from '../domain/programme-measures.js';
import { listExchangeRates } from '../store/exchange-rate.repo.js';
import { findProgrammeHead } from '../store/programme.repo.js';
import { contractFacts, decodeMeasuresCursor, encodeMeasuresCursor, lateMilestones } from '../store/programme-measures.repo.js';
import { inSnapshot } from '../store/snapshot.js';
import { type Actor, type AppContext, todayOf } from './context.js';

// Committed, paid and delivered, and milestones late, as of a day and in one
// currency, over the programmes the actor may read (docs/programmes.md,
// "Measures"). Read only: nothing is written, so no audit; every query of one
// answer runs in one read-only snapshot, so that a total and the lines it adds
// up never come from two states of the database.

/**
 * The measures of the programmes the actor may read: totals by owner party
 * and overall over all of them, and one page of the programmes (by owner
 * party, then id, keyset after `cursor`) with their lines and late milestones.
 */
export async function programmeMeasures(
  ctx: AppContext,
  actor: Actor,
  query: Omit<ProgrammeMeasuresQuery, 'limit'> & { limit?: number | undefined },
): Promise<ProgrammeMeasuresJson> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const on = query.on ?? todayOf(ctx);
  const after = query.cursor === undefined ? null : decodeMeasuresCursor(query.cursor);
  const limit = query.limit ?? 50;
  const filter = { on, party: query.party, commissionId: query.commissionId };
  const { facts, page, rates } = await inSnapshot(ctx.db, async (db) => {
    // The totals need every counted programme; the late milestones are listed for the page only.
    const facts = await contractFacts(db, reader, filter);
    const from = after
      ? facts.findIndex((f) => f.ownerParty > after.party || (f.ownerParty === after.party && f.id > after.id))
      : 0;
    const page = from < 0 ? [] : facts.slice(from, from + limit + 1);
    const late = await lateMilestones(
      db,
      reader,
      filter,
      page.slice(0, limit).map((f) => f.id),
    );
    for (const f of page) f.late = late.get(f.id) ?? [];
    return { facts, page, rates: await listExchangeRates(db, { on }) };
  });
  const measured = measureProgrammes(facts, query.currency, on, rates);
  const shown = new Set(page.slice(0, limit).map((f) => f.id));
  const last = page[limit - 1];
  return presentProgrammeMeasures({
    ...measured,
    programmes: measured.programmes.filter((p) => shown.has(p.id)),
    nextCursor: page.length > limit && last ? encodeMeasuresCursor(last.ownerParty, last.id) : null,
  });
}

/** One programme's measures; a programme not contracted by the day measures zero. */
export async function programmeMeasure(
  ctx: AppContext,
  actor: Actor,
  id: string,
  query: { currency: string; on?: string | undefined },
): Promise<ProgrammeMeasureJson> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const on = query.on ?? todayOf(ctx);
  const filter = { on, programmeId: id };
  const { head, facts, rates } = await inSnapshot(ctx.db, async (db) => {
    const head = await findProgrammeHead(db, codec, reader, id);
    if (!head) throw problem('programme.not_found');
    const facts = await contractFacts(db, reader, filter);
    const late = await lateMilestones(db, reader, filter, [id]);
    for (const f of facts) f.late = late.get(f.id) ?? [];
    return { head, facts, rates: await listExchangeRates(db, { on }) };
  });
  const measured = measureProgrammes(
    facts.length
      ? facts
      : [
          {
            id,
            ownerParty: head.label.ownerParty,
            commissionId: head.commissionId,
            title: head.title,
            status: head.status,
            signedOn: null,
            committed: null,
            payments: [],
            delivery: null,
            late: [],
          },
        ],
    query.currency,
    on,
    rates,
  );
  return presentProgrammeMeasure(measured.programmes[0] as (typeof measured.programmes)[number]);
}
