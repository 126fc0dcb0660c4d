import type { Label } from '../domain/labels.js';
import { documentMarking, documentMarkingText } from '../domain/marking.js';
import { problem } from '../domain/problems.js';
import {
  measureTrace,
  type ProgrammeTraceJson,
  presentTrace,
  type TraceClaimsJson,
  type TraceClaimsQuery,
  type TraceFacts,
  type TraceQuery,
  traceClaimJson,
  traceClaimsQuerySchema,
} from '../domain/programme-trace.js';
import { listExchangeRates } from '../store/exchange-rate.repo.js';
import { programmesOf, traceClaimPage, traceFacts } from '../store/programme-trace.repo.js';
import { inSnapshot } from '../store/snapshot.js';
import { type Actor, type AppContext, todayOf } from './context.js';

// The record graph of a programme, from the need to the jobs and local
// content reached (docs/industry.md, "The trace"). Read only: nothing is
// written, so no audit; every query of one answer runs in one read-only
// snapshot, so that a measure and the nodes it adds up come from one state.

const labelsOf = (f: TraceFacts): Label[] => [
  f.programme.label,
  ...(f.evaluation ? [f.evaluation.label] : []),
  ...f.obligations.map((o) => o.label),
  ...f.claimLabels,
  ...f.projects.map((p) => p.label),
];

function present(facts: TraceFacts, query: TraceQuery, on: string, rates: Parameters<typeof measureTrace>[3]) {
  const measures = measureTrace(facts, query.currency ?? facts.programme.budget.currency, on, rates);
  return presentTrace(facts, measures, documentMarkingText(documentMarking(labelsOf(facts))));
}

/** The trace of a programme the actor may read, as of a day (today by default); 404 otherwise. */
export async function programmeTrace(
  ctx: AppContext,
  actor: Actor,
  id: string,
  query: TraceQuery = {},
): Promise<ProgrammeTraceJson> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const on = query.on ?? todayOf(ctx);
  const { facts, rates } = await inSnapshot(ctx.db, async (db) => {
    const facts = await traceFacts(db, codec, reader, id, on);
    if (!facts) throw problem('programme.not_found');
    return { facts, rates: await listExchangeRates(db, { on }) };
  });
  return present(facts, query, on, rates);
}

/**
 * The traces of the programmes a record comes from: an offset obligation's
 * programme, or the programmes an industrial project is linked to that the
 * actor may read. A record the actor may not read answers 404.
 */
export async function traceOf(
  ctx: AppContext,
  actor: Actor,
  from: { obligationId: string } | { projectId: string },
  query: TraceQuery = {},
): Promise<ProgrammeTraceJson[]> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const on = query.on ?? todayOf(ctx);
  const { all, rates } = await inSnapshot(ctx.db, async (db) => {
    const ids = await programmesOf(db, reader, from);
    if (!ids) throw problem('obligationId' in from ? 'offset.obligation_not_found' : 'industrial_project.not_found');
    const all: TraceFacts[] = [];
    for (const id of ids) {
      const facts = await traceFacts(db, codec, reader, id, on);
      if (facts) all.push(facts);
    }
    return { all, rates: await listExchangeRates(db, { on }) };
  });
  return all.map((facts) => present(facts, query, on, rates));
}

/**
 * One page of the credit claims of a programme's trace that the actor may read, made by the day (today by
 * default), each with its status that day, oldest claimed first; optionally those against one obligation or from
 * one project. The trace adds them up; this lists them. A programme the actor may not read answers 404.
 */
export async function programmeTraceClaims(
  ctx: AppContext,
  actor: Actor,
  id: string,
  query: TraceClaimsQuery = {},
): Promise<TraceClaimsJson> {
  const q = traceClaimsQuerySchema.parse(query);
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const page = await inSnapshot(ctx.db, (db) => traceClaimPage(db, codec, reader, id, { ...q, on: q.on ?? todayOf(ctx) }));
  if (!page) throw problem('programme.not_found');
  return { items: page.items.map(traceClaimJson), nextCursor: page.nextCursor };
}
