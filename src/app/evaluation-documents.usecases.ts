import type { DocumentHead, DocumentLanguage } from '../domain/document.model.js';
import { DomainError, type FieldIssue } from '../domain/errors.js';
import type { EvaluationRecord } from '../domain/evaluation/workspace.js';
import type { Label } from '../domain/labels.js';
import { documentMarking } from '../domain/marking.js';
import { problem } from '../domain/problems.js';
import type { Programme } from '../domain/programme.schema.js';
import { getCommission } from './commission.usecases.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { auditExport } from './document.usecases.js';
import { getEvaluation, recordEvaluatorInputs } from './evaluation.usecases.js';
import { getProgramme, getSupplier } from './programme.usecases.js';

/**
 * An offer as the evaluation names it, with its supplier (and the supplier's
 * label, which a document printing it is marked with) only when the reader
 * may read it.
 */
export interface ReportOffer {
  id: string;
  name: string;
  supplier: { name: string; label: Label } | null;
}

export interface EvaluationReportDocument extends DocumentHead {
  kind: 'evaluation';
  programme: Programme;
  evaluation: EvaluationRecord;
  offers: ReportOffer[];
}

/** The programme and its evaluation as the actor may read them, and the offers as the evaluation names them. */
async function evaluationParts(ctx: AppContext, actor: Actor, programmeId: string) {
  const programme = await getProgramme(ctx, actor, programmeId);
  const evaluation = await getEvaluation(ctx, actor, programmeId);
  const suppliers = await readableSuppliers(ctx, actor, programme);
  const supplierOf = new Map(programme.offers.map((o) => [o.id, suppliers.get(o.supplierId) ?? null]));
  const offers: ReportOffer[] = evaluation.offers.map((o) => ({
    id: o.id,
    name: o.name,
    supplier: supplierOf.get(o.id) ?? null,
  }));
  return { programme, evaluation, offers };
}

/** The name and label of each supplier of the programme's offers that the reader may read, by its id. */
async function readableSuppliers(ctx: AppContext, actor: Actor, programme: Programme) {
  const ids = [...new Set(programme.offers.flatMap((o) => (o.supplier ? [o.supplierId] : [])))];
  const found = await Promise.all(
    ids.map((id) =>
      getSupplier(ctx, actor, id).catch((err: unknown) => {
        // Withdrawn from the reader since the programme was read: not shown.
        if (err instanceof DomainError && err.code === 'supplier.not_found') return null;
        throw err;
      }),
    ),
  );
  return new Map(found.flatMap((s) => (s ? [[s.id, { name: s.name, label: labelOf(s) }] as const] : [])));
}

/** The labels of the suppliers the offers show, which the document's marking includes. */
const supplierLabels = (offers: ReportOffer[]): Label[] => offers.flatMap((o) => (o.supplier ? [o.supplier.label] : []));

const labelOf = (p: Label): Label => ({
  ownerParty: p.ownerParty,
  classification: p.classification,
  releasableTo: p.releasableTo,
  compartments: p.compartments,
});

// The workbook library (ExcelJS) loads on first use, not with the server.
const workbooks = () => import('../documents/evaluation-workbook.js');

/** The offers and every evaluator's scores as a workbook, as the actor may read them; audited as an export. */
export async function exportEvaluationWorkbook(
  ctx: AppContext,
  actor: Actor,
  programmeId: string,
  language?: DocumentLanguage,
): Promise<Buffer> {
  const { evaluation, offers } = await evaluationParts(ctx, actor, programmeId);
  // The evaluation's label: its own when it has one (never looser than the programme's), else the programme's.
  const label = labelOf(evaluation.label);
  const buffer = await (await workbooks()).evaluationWorkbook(evaluation, label, offers, language);
  const head: DocumentHead = {
    marking: documentMarking([label, ...supplierLabels(offers)]),
    ladder: {},
    generatedAt: isoNow(ctx),
    generatedBy: actor.displayName,
  };
  await auditExport(ctx, actor, 'evaluation-scores', 'evaluation', evaluation.id, head, 'xlsx');
  return buffer;
}

/**
 * Records the signed-in evaluator's scores from the workbook, through the
 * same use case as the API, in one transaction: all or nothing, every problem
 * naming its sheet, row and column.
 */
export async function importEvaluationWorkbook(ctx: AppContext, actor: Actor, programmeId: string, buffer: Buffer) {
  const { evaluation, offers } = await evaluationParts(ctx, actor, programmeId);
  const own = evaluation.evaluators.find((e) => e.userId === actor.userId);
  if (!own) throw problem('evaluation.only_evaluators');
  const { readEvaluationWorkbook, scoreCellOf } = await workbooks();
  const read = await readEvaluationWorkbook(buffer, actor.userId, own.inputs, offers);
  const refused = (issues: FieldIssue[]) => problem('evaluation.invalid_inputs', { count: issues.length }, issues);
  if (read.issues.length) throw refused(read.issues);
  // Scores typed over inputs that changed since the download would undo that change unseen: refused, 409.
  const stale = (now: number) => problem('evaluation.workbook_stale', { had: read.version ?? 0, now });
  if (read.version !== null && read.version !== own.version) throw stale(own.version);
  try {
    // The version the workbook was made from, checked again in the write's transaction.
    return await recordEvaluatorInputs(ctx, actor, programmeId, actor.userId, {
      ...read.inputs,
      version: read.version ?? own.version,
    });
  } catch (err) {
    if (err instanceof DomainError && err.code === 'evaluation.inputs_stale_version')
      throw stale(Number((err.params as { now?: unknown }).now));
    if (!(err instanceof DomainError) || err.code !== 'evaluation.invalid_inputs') throw err;
    // The same problem, its issues pointed at the cells they come from.
    throw refused(
      err.issues.map((i) => {
        const cell = scoreCellOf(i.path, read.where);
        const where = [cell.sheet, cell.row === null ? null : `row ${cell.row}`, cell.column].filter(Boolean).join(', ');
        return { ...i, path: where, message: `${i.message} (${i.path})`, ...cell };
      }),
    );
  }
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
  const { programme, evaluation, offers } = await evaluationParts(ctx, actor, programmeId);
  const commission = programme.commissionId ? await getCommission(ctx, actor, programme.commissionId) : null;
  const doc: EvaluationReportDocument = {
    kind: 'evaluation',
    marking: documentMarking([
      programme,
      labelOf(evaluation.label),
      ...(commission ? [commission] : []),
      ...supplierLabels(offers),
    ]),
    ladder: commission?.classificationTable ?? {},
    generatedAt: isoNow(ctx),
    generatedBy: actor.displayName,
    programme,
    evaluation,
    offers,
  };
  await auditExport(ctx, actor, 'evaluation', 'evaluation', evaluation.id, doc, language);
  return doc;
}
