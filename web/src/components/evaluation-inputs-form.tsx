import { useTranslation } from 'react-i18next';
import { evaluatorInputsWriteSchema } from '../../../src/domain/evaluation/workspace.js';
import { api } from '../api/client.js';
import type { EvaluationRecord, EvaluatorInputs } from '../api/types.js';
import { type Design, designOf } from './evaluation-design.js';
import { OffersHead } from './evaluation-evaluators.js';
import { EvaluationForm } from './evaluation-form.js';
import { share } from './evaluation-format.js';
import { cellsOf, judgmentsOf, type PairCells, PairwiseGrid } from './evaluation-pairwise.js';
import { childrenOf, normalised, treeDraftOf } from './evaluation-tree.js';
import { useVersionedEdit } from './use-versioned-edit.js';

type Evaluator = EvaluationRecord['evaluators'][number];
type LeafKind = 'scores' | 'pairwise';
/** The reader's inputs as typed: each grid's cells, each leaf's scores, and how each leaf is assessed. */
type Draft = {
  matrices: Record<string, PairCells>;
  scores: Record<string, Record<string, string>>;
  /** The offers compared pairwise on each leaf so assessed, by leaf. */
  offerMatrices: Record<string, PairCells>;
  kinds: Record<string, LeafKind>;
};

const nodeKey = (node: string | null) => node ?? '';

function draftOf(e: Evaluator, design: Design, offers: readonly string[]): Draft {
  const matrices: Draft['matrices'] = {};
  for (const n of design.pairwise) {
    const given = e.inputs.criteria.find((m) => m.node === n.node);
    matrices[nodeKey(n.node)] = cellsOf(given?.judgments ?? [], n.children);
  }
  const scores: Draft['scores'] = {};
  const offerMatrices: Draft['offerMatrices'] = {};
  const kinds: Draft['kinds'] = {};
  for (const leaf of design.leaves) {
    const given = e.inputs.assessments.find((a) => a.criterion === leaf);
    const row: Record<string, string> = {};
    for (const o of offers) row[o] = given?.kind === 'scores' && given.scores[o] !== undefined ? String(given.scores[o]) : '';
    scores[leaf] = row;
    offerMatrices[leaf] = cellsOf(given?.kind === 'pairwise' ? given.judgments : [], offers);
    kinds[leaf] = given?.kind ?? 'scores';
  }
  return { matrices, scores, offerMatrices, kinds };
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
  const kinds = { ...onto.kinds };
  for (const [leaf, kind] of Object.entries(draft.kinds)) if (kind !== base.kinds[leaf] && leaf in kinds) kinds[leaf] = kind;
  return {
    matrices: overlay(base.matrices, draft.matrices, onto.matrices),
    scores: overlay(base.scores, draft.scores, onto.scores),
    offerMatrices: overlay(base.offerMatrices, draft.offerMatrices, onto.offerMatrices),
    kinds,
  };
}

/** All the evaluator's inputs from the draft: each leaf assessed as the reader chose, by scores or by pairs of offers. */
function inputsOf(draft: Draft, design: Design, offers: readonly string[]): EvaluatorInputs {
  const criteria = design.pairwise
    .map((n) => ({ node: n.node, judgments: judgmentsOf(draft.matrices[nodeKey(n.node)] ?? {}, n.children) }))
    .filter((m) => m.judgments.length > 0);
  const assessments = design.leaves.flatMap((leaf): EvaluatorInputs['assessments'] => {
    if (draft.kinds[leaf] === 'pairwise') {
      const judgments = judgmentsOf(draft.offerMatrices[leaf] ?? {}, offers);
      return judgments.length ? [{ kind: 'pairwise', criterion: leaf, judgments }] : [];
    }
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
 * sub-criteria every evaluator compares, and on each leaf criterion either
 * their scores of the offers or a pairwise grid of the offers, as they choose;
 * every grid's consistency is computed as they edit, the most inconsistent
 * pair pointed out. Saved all at once with the version of their inputs they
 * read.
 */
export function EvaluationInputsForm({
  record,
  evaluator,
  offerName,
  onSaved,
}: {
  record: EvaluationRecord;
  evaluator: Evaluator;
  /** An offer as the reader reads its code ("Offre 2"). */
  offerName: (id: string) => string;
  onSaved: (record: EvaluationRecord) => void;
}) {
  const { t } = useTranslation();
  const design = designOf(record);
  const offers = record.offers.map((o) => o.id);
  const table = record.method?.randomIndex ?? 'saaty';
  const mine = (r: EvaluationRecord) => r.evaluators.find((e) => e.userId === evaluator.userId);
  const edit = useVersionedEdit({
    record: evaluator,
    draftOf: (e) => draftOf(e, design, offers),
    patchOf: (base, draft, onto): Partial<EvaluatorInputs> =>
      JSON.stringify(base) === JSON.stringify(draft)
        ? {}
        : inputsOf(changedOnto(base, draft, draftOf(onto, design, offers)), design, offers),
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
  const pairwiseLeaves = design.leaves.filter((leaf) => draft.kinds[leaf] === 'pairwise');
  // The nodes whose sub-criteria the planners weighted themselves: shown, since no evaluator compares them.
  const tree = treeDraftOf(record.criteria);
  const directWeights = [null, ...tree.items.map((i) => i.id)].flatMap((node) => {
    const w = node === null ? tree : tree.items.find((i) => i.id === node);
    const children = childrenOf(tree, node).map((c) => c.id);
    const shares = w?.kind === 'direct' && children.length ? normalised(w.weights, children) : null;
    return shares ? [{ node, children: children.map((id) => ({ id, share: shares.get(id) ?? 0 })) }] : [];
  });

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
      {directWeights.map((w) => (
        <p key={w.node ?? ''} className="field-hint direct-weights">
          {t('evaluation.inputs.directWeights', {
            node: w.node === null ? t('evaluation.inputs.top') : design.name(w.node),
            weights: w.children.map((c) => `${design.name(c.id)} ${share(c.share)}`).join(' · '),
          })}
        </p>
      ))}
      <table className="scores-grid">
        <caption>{t('evaluation.inputs.scores')}</caption>
        <OffersHead offers={offers} offerName={offerName} assessedBy />
        <tbody>
          {design.leaves.map((leaf) => (
            <tr key={leaf}>
              <th scope="row">
                <span dir="auto">{design.name(leaf)}</span>
              </th>
              <td>
                <select
                  aria-label={t('evaluation.inputs.assessedBy', { criterion: design.name(leaf) })}
                  value={draft.kinds[leaf] ?? 'scores'}
                  onChange={(e) => edit.set({ kinds: { ...draft.kinds, [leaf]: e.target.value as LeafKind } })}
                >
                  <option value="scores">{t('evaluation.inputs.kindScores')}</option>
                  <option value="pairwise">{t('evaluation.inputs.kindPairwise')}</option>
                </select>
              </td>
              {draft.kinds[leaf] === 'pairwise' ? (
                <td colSpan={offers.length}>{t('evaluation.inputs.offersGrid', { criterion: design.name(leaf) })}</td>
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
          ))}
        </tbody>
      </table>
      {pairwiseLeaves.map((leaf) => (
        <PairwiseGrid
          key={`offers-${leaf}`}
          caption={t('evaluation.inputs.offersGrid', { criterion: design.name(leaf) })}
          items={offers}
          names={offerName}
          cells={draft.offerMatrices[leaf] ?? {}}
          table={table}
          cellLabel={(a, b) =>
            t('evaluation.pairwise.offerCell', { a: offerName(a), b: offerName(b), criterion: design.name(leaf) })
          }
          unlinked={t('evaluation.pairwise.unlinkedOffers')}
          onChange={(cells) => edit.set({ offerMatrices: { ...draft.offerMatrices, [leaf]: cells } })}
        />
      ))}
      <p className="field-hint">{t('evaluation.inputs.hint')}</p>
    </EvaluationForm>
  );
}
