import type { DocumentHead } from '../domain/document.model.js';
import type { EvaluationRecord } from '../domain/evaluation/workspace.js';
import { documentMarking } from '../domain/marking.js';
import type { Programme } from '../domain/programme.schema.js';
import { getCommission } from './commission.usecases.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { auditExport } from './document.usecases.js';
import { getEvaluation } from './evaluation.usecases.js';
import { getProgramme } from './programme.usecases.js';

/** An offer as the evaluation names it, with its supplier only when the reader may read it. */
export interface ReportOffer {
  id: string;
  name: string;
  supplier: string | null;
}

export interface EvaluationReportDocument extends DocumentHead {
  kind: 'evaluation';
  programme: Programme;
  evaluation: EvaluationRecord;
  offers: ReportOffer[];
}

/**
 * The evaluation report of a programme: assembled from the same use cases as
 * the API (the programme and its evaluation as the reader may read them), its
 * export audited like the other documents.
 */
export async function evaluationReportDocument(
  ctx: AppContext,
  actor: Actor,
  programmeId: string,
  language: string,
): Promise<EvaluationReportDocument> {
  const programme = await getProgramme(ctx, actor, programmeId);
  const evaluation = await getEvaluation(ctx, actor, programmeId);
  const commission = programme.commissionId ? await getCommission(ctx, actor, programme.commissionId) : null;
  const suppliers = new Map(programme.offers.map((o) => [o.id, o.supplier?.name ?? null]));
  const doc: EvaluationReportDocument = {
    kind: 'evaluation',
    marking: documentMarking(commission ? [programme, commission] : [programme]),
    ladder: commission?.classificationTable ?? {},
    generatedAt: isoNow(ctx),
    generatedBy: actor.displayName,
    programme,
    evaluation,
    offers: evaluation.offers.map((o) => ({ id: o.id, name: o.name, supplier: suppliers.get(o.id) ?? null })),
  };
  await auditExport(ctx, actor, 'evaluation', 'evaluation', evaluation.id, doc, language);
  return doc;
}
