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
import { contractFacts } from '../store/programme-measures.repo.js';
import { type Actor, type AppContext, todayOf } from './context.js';

// Committed, paid and delivered, and milestones late, as of a day and in one
// currency, over the programmes the actor may read (docs/programmes.md,
// "Measures"). Read only: nothing is written, so no transaction or audit.

/** The measures of every programme the actor may read, by programme, by owner party and overall. */
export async function programmeMeasures(
  ctx: AppContext,
  actor: Actor,
  query: ProgrammeMeasuresQuery,
): Promise<ProgrammeMeasuresJson> {
  const codec = await ctx.codec();
  const on = query.on ?? todayOf(ctx);
  const [facts, rates] = await Promise.all([
    contractFacts(ctx.db, codec.reader(actor), { on, party: query.party, commissionId: query.commissionId }),
    listExchangeRates(ctx.db, { on }),
  ]);
  return presentProgrammeMeasures(measureProgrammes(facts, query.currency, on, rates));
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
  const head = await findProgrammeHead(ctx.db, codec, reader, id);
  if (!head) throw problem('programme.not_found');
  const [facts, rates] = await Promise.all([
    contractFacts(ctx.db, reader, { on, programmeId: id }),
    listExchangeRates(ctx.db, { on }),
  ]);
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
