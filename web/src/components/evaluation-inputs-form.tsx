import { useTranslation } from 'react-i18next';
import { evaluatorInputsWriteSchema } from '../../../src/domain/evaluation/workspace.js';
import { api } from '../api/client.js';
import type { EvaluationRecord, EvaluatorInputs } from '../api/types.js';
import { type Design, designOf } from './evaluation-design.js';
import { OffersHead } from './evaluation-evaluators.js';
import { EvaluationForm } from './evaluation-form.js';
import { cellsOf, judgmentsOf, type PairCells, PairwiseGrid } from './evaluation-pairwise.js';
import { useVersionedEdit } from './use-versioned-edit.js';

type Evaluator = EvaluationRecord['evaluators'][number];
type Draft = { matrices: Record<string, PairCells>; scores: Record<string, Record<string, string>> };

const nodeKey = (node: string | null) => node ?? '';

function draftOf(e: Evaluator, design: Design, offers: readonly string[]): Draft {
  const matrices: Draft['matrices'] = {};
  for (const n of design.pairwise) {
    const given = e.inputs.criteria.find((m) => m.node === n.node);
    matrices[nodeKey(n.node)] = cellsOf(given?.judgments ?? [], n.children);
  }
  const scores: Draft['scores'] = {};
  for (const leaf of design.leaves) {
    const given = e.inputs.assessments.find((a) => a.criterion === leaf);
    const row: Record<string, string> = {};
    for (const o of offers) row[o] = given?.kind === 'scores' && given.scores[o] !== undefined ? String(given.scores[o]) : '';
    scores[leaf] = row;
  }
  return { matrices, scores };
}

/** The cells the reader changed from `base`, on top of `onto` (the newer inputs after a conflict, or the same). */
function changedOnto(base: Draft, draft: Draft, onto: Draft): Draft {
  const overlay = <T extends Record<string, Record<string, string>>>(b: T, d: T, o: T): T => {
    const out: Record<string, Record<string, string>> = {};
    for (const [key, row] of Object.entries(o)) {
      out[key] = { ...row };
      for (const [cell, value] of Object.entries(d[key] ?? {}))
        if (value !== (b[key]?.[cell] ?? '')) (out[key] as Record<string, string>)[cell] = value;
    }
    return out as T;
  };
  return {
    matrices: overlay(base.matrices, draft.matrices, onto.matrices),
    scores: overlay(base.scores, draft.scores, onto.scores),
  };
}

/** All the evaluator's inputs from the draft; leaves they compare pairwise keep their comparisons. */
function inputsOf(draft: Draft, e: Evaluator, design: Design): EvaluatorInputs {
  const criteria = design.pairwise
    .map((n) => ({ node: n.node, judgments: judgmentsOf(draft.matrices[nodeKey(n.node)] ?? {}, n.children) }))
    .filter((m) => m.judgments.length > 0);
  const assessments = design.leaves.flatMap((leaf): EvaluatorInputs['assessments'] => {
    const given = e.inputs.assessments.find((a) => a.criterion === leaf);
    if (given?.kind === 'pairwise') return [given];
    const row = Object.entries(draft.scores[leaf] ?? {}).filter(([, v]) => v.trim() !== '');
    if (row.length === 0) return [];
    return [
      { kind: 'scores', criterion: leaf, scores: Object.fromEntries(row.map(([o, v]) => [o, Number(v.replace(',', '.'))])) },
    ];
  });
  return { criteria, assessments };
}

/**
 * The signed-in evaluator's own inputs: a pairwise grid per node whose
 * sub-criteria every evaluator compares (its consistency computed as they
 * edit) and their scores of the offers on each leaf criterion, saved all at
 * once with the version of their inputs they read.
 */
export function EvaluationInputsForm({
  record,
  evaluator,
  onSaved,
}: {
  record: EvaluationRecord;
  evaluator: Evaluator;
  onSaved: (record: EvaluationRecord) => void;
}) {
  const { t } = useTranslation();
  const design = designOf(record);
  const offers = record.offers.map((o) => o.id);
  const offerName = (id: string) => record.offers.find((o) => o.id === id)?.name ?? id;
  const table = record.method?.randomIndex ?? 'saaty';
  const mine = (r: EvaluationRecord) => r.evaluators.find((e) => e.userId === evaluator.userId);
  const edit = useVersionedEdit({
    record: evaluator,
    draftOf: (e) => draftOf(e, design, offers),
    patchOf: (base, draft, onto): Partial<EvaluatorInputs> =>
      JSON.stringify(base) === JSON.stringify(draft)
        ? {}
        : inputsOf(changedOnto(base, draft, draftOf(onto, design, offers)), onto, design),
    schema: evaluatorInputsWriteSchema,
    save: async (patch, version) => {
      const saved = await api.recordEvaluatorInputs(record.programmeId, evaluator.userId, {
        criteria: patch.criteria ?? [],
        assessments: patch.assessments ?? [],
        version,
      });
      onSaved(saved);
      return mine(saved);
    },
    reload: async () => {
      const latest = await api.evaluation(record.programmeId);
      onSaved(latest);
      return mine(latest);
    },
    onSaved: () => undefined,
  });
  const { draft } = edit;
  const setScore = (leaf: string, offer: string, value: string) =>
    edit.set({ scores: { ...draft.scores, [leaf]: { ...draft.scores[leaf], [offer]: value } } });

  return (
    <EvaluationForm name="inputs" edit={edit}>
      {design.pairwise.map((n) => (
        <PairwiseGrid
          key={nodeKey(n.node)}
          caption={
            n.node === null ? t('evaluation.inputs.topGrid') : t('evaluation.inputs.nodeGrid', { node: design.name(n.node) })
          }
          items={n.children}
          names={design.name}
          cells={draft.matrices[nodeKey(n.node)] ?? {}}
          table={table}
          onChange={(cells) => edit.set({ matrices: { ...draft.matrices, [nodeKey(n.node)]: cells } })}
        />
      ))}
      <table className="scores-grid">
        <caption>{t('evaluation.inputs.scores')}</caption>
        <OffersHead offers={offers} offerName={offerName} />
        <tbody>
          {design.leaves.map((leaf) => {
            const pairwise = evaluator.inputs.assessments.find((a) => a.criterion === leaf)?.kind === 'pairwise';
            return (
              <tr key={leaf}>
                <th scope="row">{design.name(leaf)}</th>
                {pairwise ? (
                  <td colSpan={offers.length}>{t('evaluation.inputs.comparedPairwise')}</td>
                ) : (
                  offers.map((o) => (
                    <td key={o}>
                      <input
                        inputMode="decimal"
                        aria-label={t('evaluation.inputs.scoreOf', { offer: offerName(o), criterion: design.name(leaf) })}
                        value={draft.scores[leaf]?.[o] ?? ''}
                        onChange={(e) => setScore(leaf, o, e.target.value)}
                      />
                    </td>
                  ))
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="field-hint">{t('evaluation.inputs.hint')}</p>
    </EvaluationForm>
  );
}
