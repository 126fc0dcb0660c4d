import type { DocumentLanguage } from '../domain/document.model.js';
import type { FieldIssue } from '../domain/errors.js';
import type { EvaluationRecord, EvaluatorInputs } from '../domain/evaluation/workspace.js';
import type { Label } from '../domain/labels.js';
import { documentMarking, documentMarkingText, portionMarking } from '../domain/marking.js';
import { issue } from '../domain/problems.js';
import { markedWorkbook } from './marked-workbook.js';
import { headingNames, offerNameIn } from './offer-names.js';
import { readSheets } from './plan-workbook.js';

/**
 * The offers and scores workbook of an evaluation: an "Offers" sheet naming
 * the offers as the evaluation names them (with their supplier where the
 * reader may read it), and a "Scores" sheet with one row per evaluator and
 * leaf criterion, one column per offer. Read back, the rows of one evaluator
 * are their scores; every sheet carries the marking of the programme and the
 * suppliers shown in a cell of its header row and in the header and footer of
 * every printed page, and each row its portion marking: an offer's, that of
 * the programme and of the supplier it names.
 *
 * Each row of the Scores sheet carries the version of its evaluator's inputs
 * as they were when the workbook was made: read back, the evaluator's rows
 * must carry the version their inputs still have, or the upload is refused as
 * stale (the inputs changed since, through the API or another workbook).
 */

export const SCORE_COLUMNS = ['evaluator', 'evaluatorName', 'criterion', 'criterionName', 'version'] as const;

export interface WorkbookOffer {
  id: string;
  name: string;
  supplier: { name: string; label: Label } | null;
}

/** The criteria that offers are assessed on: those no other criterion names as its parent. */
export const leavesOf = (e: EvaluationRecord) =>
  (e.criteria?.items ?? []).filter((i) => !e.criteria?.items.some((c) => c.parent === i.id));

/** `lang` names the offers in its words ("Offre 2"), each beside its code; without it, by their code alone. */
export async function evaluationWorkbook(
  e: EvaluationRecord,
  label: Label,
  offers: WorkbookOffer[],
  lang?: DocumentLanguage,
): Promise<Buffer> {
  const book = markedWorkbook([label, ...offers.flatMap((o) => (o.supplier ? [o.supplier.label] : []))]);
  const portion = portionMarking(label);
  const offerSheet = book.sheet('Offers', [
    { header: 'offer', key: 'offer', width: 14 },
    { header: 'supplier', key: 'supplier', width: 30 },
    { header: 'id', key: 'id', width: 38 },
    // The offer's code, whatever the language its name is in.
    { header: 'code', key: 'code', width: 8 },
  ]);
  for (const o of offers) {
    // A row naming a supplier is as marked as the programme and the supplier together.
    const rowMarking = o.supplier ? `(${documentMarkingText(documentMarking([label, o.supplier.label]))})` : portion;
    offerSheet.addRow({
      marking: rowMarking,
      offer: offerNameIn(o.name, lang),
      code: o.name,
      supplier: o.supplier?.name ?? null,
      id: o.id,
    });
  }

  const scores = book.sheet(
    'Scores',
    [
      ...SCORE_COLUMNS.map((c) => ({ header: c, key: c, width: c === 'evaluator' ? 38 : c === 'version' ? 9 : 20 })),
      ...offers.map((o) => ({ header: offerNameIn(o.name, lang), key: o.id, width: 12 })),
    ],
    { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 + SCORE_COLUMNS.length }] },
  );
  for (const ev of e.evaluators)
    for (const leaf of leavesOf(e)) {
      const a = ev.inputs.assessments.find((x) => x.criterion === leaf.id);
      scores.addRow({
        marking: portion,
        evaluator: ev.userId,
        evaluatorName: ev.name,
        criterion: leaf.id,
        criterionName: leaf.name,
        version: ev.version,
        // Offers compared pairwise on a criterion have no score: their cells stay empty.
        ...(a?.kind === 'scores' ? a.scores : {}),
      });
    }
  return book.write();
}

/** Where each assessment read from the Scores sheet came from, to point problems at their cells. */
export interface ScoreRows {
  /** The sheet row of each assessment, by its index. */
  rows: number[];
  /** The column of each offer, by its id. */
  columns: Map<string, string>;
}

type Scores = Extract<EvaluatorInputs['assessments'][number], { kind: 'scores' }>;

/**
 * The scores of one evaluator read from the workbook: the rows of the Scores
 * sheet naming them, each with a score as an assessment by scores. A row
 * without any score keeps what the evaluator recorded on that criterion (offers
 * compared pairwise stay so); comparisons of the criteria stay as recorded.
 * Values are not judged here but by the use case that records them; an offer
 * column the evaluation does not name is an issue of the header row.
 */
export async function readEvaluationWorkbook(
  buffer: Buffer,
  evaluatorId: string,
  recorded: EvaluatorInputs,
  offers: WorkbookOffer[],
): Promise<{ inputs: EvaluatorInputs; where: ScoreRows; issues: FieldIssue[]; version: number | null }> {
  const { Scores: rows = [] } = await readSheets(buffer, ['Scores'], {
    code: 'evaluation.scores_sheet_missing',
    field: 'evaluation.scores_sheet_missing_field',
  });
  const headers = (rows.find(([n]) => n === 1)?.[1] ?? []).map((h) => (h === null ? null : String(h)));
  const issues: FieldIssue[] = [];
  const at = (row: number, column: string | null) => `Scores, row ${row}${column ? `, ${column}` : ''}`;
  const cell = (issue: FieldIssue, row: number, column: string | null) => ({
    ...issue,
    path: at(row, column),
    sheet: 'Scores',
    row,
    column,
  });
  for (const c of SCORE_COLUMNS.filter((c) => c === 'evaluator' || c === 'criterion' || c === 'version'))
    if (!headers.includes(c)) issues.push(cell(issue(c, 'import.missing_column', { column: c }), 1, null));
  const columns = new Map<string, string>();
  headers.forEach((h, i) => {
    if (i === 0 || h === null || (SCORE_COLUMNS as readonly string[]).includes(h)) return;
    // Its code, or its words in any language the workbook may have been written in.
    const offer = offers.find((o) => headingNames(h, o.name));
    if (offer) columns.set(offer.id, h);
    else issues.push(cell(issue(h, 'evaluation.unknown_offer', { offer: h }), 1, h));
  });
  const index = (name: string) => headers.indexOf(name);
  const read: Scores[] = [];
  const sheetRows: number[] = [];
  // The version of the inputs the evaluator's rows were written from: one whole number, the same on each row.
  const versions = new Set<number>();
  for (const [n, cells] of rows) {
    if (n === 1 || cells[index('evaluator')] !== evaluatorId) continue;
    if (index('version') >= 0) {
      const v = cells[index('version')] ?? null;
      if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) versions.add(v);
      else issues.push(cell(issue('version', 'evaluation.workbook_version', { value: String(v ?? '') }), n, 'version'));
    }
    const criterion = String(cells[index('criterion')] ?? '');
    const given = [...columns].flatMap(([id, h]) => {
      const v = cells[index(h)] ?? null;
      return v === null ? [] : [[id, v] as const];
    });
    if (given.length === 0) continue;
    read.push({ kind: 'scores', criterion, scores: Object.fromEntries(given) as Record<string, number> });
    sheetRows.push(n);
  }
  const scored = new Set(read.map((a) => a.criterion));
  const kept = recorded.assessments.filter((a) => !scored.has(a.criterion));
  return {
    // The rows read come first, so that the index of an assessment is that of its row.
    inputs: { criteria: recorded.criteria, assessments: [...read, ...kept] },
    where: { rows: sheetRows, columns },
    issues:
      versions.size > 1
        ? [
            ...issues,
            cell(issue('version', 'evaluation.workbook_versions', { versions: [...versions].join(', ') }), 1, 'version'),
          ]
        : issues,
    version: versions.size === 1 ? ([...versions][0] as number) : null,
  };
}

/** The cell an issue of the recorded inputs points at: `assessments.2.scores.<offer>` is that offer's column of the third row read. */
export function scoreCellOf(path: string, where: ScoreRows): { sheet: string; row: number | null; column: string | null } {
  const m = /^assessments\.(\d+)(?:\.(\w+)(?:\.(.+))?)?$/.exec(path);
  const row = m ? (where.rows[Number(m[1])] ?? null) : null;
  if (!m || row === null) return { sheet: 'Scores', row: null, column: null };
  const column = m[2] === 'scores' && m[3] ? (where.columns.get(m[3]) ?? null) : m[2] === 'criterion' ? 'criterion' : null;
  return { sheet: 'Scores', row, column };
}
