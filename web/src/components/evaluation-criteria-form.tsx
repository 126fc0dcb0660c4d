import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { evaluationPatchSchema } from '../../../src/domain/evaluation/workspace.js';
import { api } from '../api/client.js';
import { type FieldIssue, issuesAt } from '../api/problem.js';
import type { EvaluationPatch, EvaluationRecord } from '../api/types.js';
import { issueText } from '../i18n/problems.js';
import { EvaluationForm } from './evaluation-form.js';
import { share } from './evaluation-format.js';
import {
  addCriterion,
  childrenOf,
  designOfTree,
  moveCriterion,
  normalised,
  orderOf,
  removeCriterion,
  renameCriterion,
  setWeighting,
  type TreeDraft,
  type TreeItem,
  treeDraftOf,
  type WeightingKind,
} from './evaluation-tree.js';
import { Field } from './field.js';
import { useVersionedEdit } from './use-versioned-edit.js';
import './evaluation-tree.css';

const KIND_TEXT = { direct: 'evaluation.tree.direct', pairwise: 'evaluation.tree.pairwise' } as const;

/** What refusals are about: the tree's shape, the top's weighting, and each criterion as listed. */
const snapshotOf = (d: TreeDraft) => {
  const order = orderOf(d);
  return {
    shape: order.map((o) => o.item.id).join(),
    top: JSON.stringify([d.kind, d.weights]),
    items: order.map((o) => JSON.stringify(o.item)),
  };
};

/** The messages of exactly `path`, not of the fields under it. */
const exactly = (issues: readonly FieldIssue[], path: string) => issues.filter((i) => i.path === path).map(issueText);

/**
 * The planners' editor of the criteria tree: criteria and sub-criteria added,
 * renamed, removed and reordered; for the top and each criterion with
 * sub-criteria, their weights given here (shown normalised) or compared
 * pairwise by every evaluator. Saved whole, with the version read; each
 * refusal shown beside the criterion or weight it is about.
 */
export function EvaluationCriteriaForm({
  record,
  onSaved,
}: {
  record: EvaluationRecord;
  onSaved: (r: EvaluationRecord) => void;
}) {
  const { t } = useTranslation();
  const edit = useVersionedEdit({
    record,
    draftOf: (r: EvaluationRecord) => treeDraftOf(r.criteria),
    patchOf: (base, draft): Omit<EvaluationPatch, 'version'> =>
      JSON.stringify(base) === JSON.stringify(draft) ? {} : { criteria: designOfTree(draft) },
    schema: evaluationPatchSchema,
    save: (patch, version) => api.updateEvaluation(record.programmeId, { ...patch, version }),
    reload: () => api.evaluation(record.programmeId),
    editable: (latest) => latest.state === 'open',
    onSaved: (r) => r && onSaved(r),
    onNewer: onSaved,
  });
  const { draft } = edit;
  const change = (next: TreeDraft) => edit.set(next);
  const order = orderOf(draft);
  // Refusals point at criteria by their place in the list: each is shown until what it is about changes, and none
  // once criteria are added, removed or moved, since they would no longer point at the right ones.
  const now = snapshotOf(draft);
  const refused = useRef({ issues: edit.issues, at: now });
  if (refused.current.issues !== edit.issues) refused.current = { issues: edit.issues, at: now };
  const then = refused.current.at;
  const issues =
    then.shape !== now.shape
      ? []
      : edit.issues.filter((i) => {
          const item = /^criteria\.items\.(\d+)/.exec(i.path)?.[1];
          if (item !== undefined) return then.items[Number(item)] === now.items[Number(item)];
          return !i.path.startsWith('criteria.weighting') || then.top === now.top;
        });
  const indexOf = new Map(order.map((o) => [o.item.id, o.index]));
  const nameOf = (item: TreeItem) => item.name.trim() || t('evaluation.tree.unnamed');

  /** How the sub-criteria of `node` (null: the top) are weighted, and the weights given here. */
  const weights = (node: TreeItem | null, path: string) => {
    const children = childrenOf(draft, node?.id ?? null);
    if (children.length === 0) return null;
    const w = node ?? draft;
    const shares =
      w.kind === 'direct'
        ? normalised(
            w.weights,
            children.map((c) => c.id),
          )
        : null;
    const label = node ? t('evaluation.tree.weighting', { name: nameOf(node) }) : t('evaluation.tree.topWeighting');
    return (
      <div className="tree-weighting">
        <Field label={label} errors={exactly(issues, path)}>
          {(p) => (
            <select
              {...p}
              value={w.kind}
              onChange={(e) => change(setWeighting(draft, node?.id ?? null, { kind: e.target.value as WeightingKind }))}
            >
              {(['pairwise', 'direct'] as const).map((k) => (
                <option key={k} value={k}>
                  {t(KIND_TEXT[k])}
                </option>
              ))}
            </select>
          )}
        </Field>
        {w.kind === 'direct' && (
          <div className="field-row tree-weights">
            {children.map((c) => (
              <Field
                key={c.id}
                label={t('evaluation.tree.weight', { name: nameOf(c) })}
                errors={issuesAt(issues, `${path}.weights.${c.id}`)}
                hint={shares ? t('evaluation.tree.normalised', { share: share(shares.get(c.id) ?? 0) }) : undefined}
              >
                {(p) => (
                  <input
                    {...p}
                    inputMode="decimal"
                    value={w.weights[c.id] ?? ''}
                    onChange={(e) =>
                      change(setWeighting(draft, node?.id ?? null, { weight: { child: c.id, text: e.target.value } }))
                    }
                  />
                )}
              </Field>
            ))}
            {exactly(issues, `${path}.weights`).length > 0 && (
              <p className="field-error">{exactly(issues, `${path}.weights`).join(' · ')}</p>
            )}
          </div>
        )}
      </div>
    );
  };

  const branch = (parent: string | null) => {
    const list = childrenOf(draft, parent);
    if (list.length === 0) return null;
    return (
      <ol className="criteria-tree">
        {list.map((item, i) => {
          const at = `criteria.items.${indexOf.get(item.id)}`;
          const number = order.find((o) => o.item.id === item.id)?.number ?? '';
          const name = nameOf(item);
          return (
            <li key={item.id}>
              <div className="tree-row">
                <Field
                  label={t('evaluation.tree.name', { number })}
                  errors={[
                    ...issuesAt(issues, `${at}.name`),
                    ...issuesAt(issues, `${at}.id`),
                    ...issuesAt(issues, `${at}.parent`),
                  ]}
                >
                  {(p) => (
                    <input
                      {...p}
                      dir="auto"
                      value={item.name}
                      onChange={(e) => change(renameCriterion(draft, item.id, e.target.value))}
                    />
                  )}
                </Field>
                <div className="tree-actions">
                  <button
                    type="button"
                    className="button"
                    disabled={i === 0}
                    aria-label={t('evaluation.tree.upOf', { name })}
                    onClick={() => change(moveCriterion(draft, item.id, -1))}
                  >
                    {t('evaluation.tree.up')}
                  </button>
                  <button
                    type="button"
                    className="button"
                    disabled={i === list.length - 1}
                    aria-label={t('evaluation.tree.downOf', { name })}
                    onClick={() => change(moveCriterion(draft, item.id, 1))}
                  >
                    {t('evaluation.tree.down')}
                  </button>
                  <button
                    type="button"
                    className="button"
                    aria-label={t('evaluation.tree.addSubOf', { name })}
                    onClick={() => change(addCriterion(draft, item.id))}
                  >
                    {t('evaluation.tree.addSub')}
                  </button>
                  <button
                    type="button"
                    className="button danger"
                    aria-label={t('evaluation.tree.removeOf', { name })}
                    onClick={() => change(removeCriterion(draft, item.id))}
                  >
                    {t('evaluation.tree.remove')}
                  </button>
                </div>
              </div>
              {weights(item, `${at}.weighting`)}
              {branch(item.id)}
            </li>
          );
        })}
      </ol>
    );
  };

  const general = [...exactly(issues, 'criteria'), ...exactly(issues, 'criteria.items')];
  return (
    <EvaluationForm name="criteriaForm" edit={edit}>
      {draft.items.length === 0 && <p className="muted">{t('evaluation.tree.empty')}</p>}
      {weights(null, 'criteria.weighting')}
      {branch(null)}
      {general.length > 0 && <p className="field-error">{general.join(' · ')}</p>}
      <div className="actions">
        <button type="button" className="button" onClick={() => change(addCriterion(draft, null))}>
          {t('evaluation.tree.addTop')}
        </button>
      </div>
      <p className="field-hint">{t('evaluation.tree.hint')}</p>
    </EvaluationForm>
  );
}

/** The criteria tree as it stands, for readers who may not change it (or once it may no longer change). */
export function EvaluationCriteriaTree({ record }: { record: EvaluationRecord }) {
  const { t } = useTranslation();
  const draft = treeDraftOf(record.criteria);
  if (draft.items.length === 0) return null;
  const kind = (w: { kind: WeightingKind }, children: number) => (children > 0 ? ` — ${t(KIND_TEXT[w.kind])}` : '');
  const branch = (parent: string | null) => (
    <ol className="criteria-tree">
      {childrenOf(draft, parent).map((item) => (
        <li key={item.id}>
          <span dir="auto">{item.name}</span>
          <span className="muted">{kind(item, childrenOf(draft, item.id).length)}</span>
          {childrenOf(draft, item.id).length > 0 && branch(item.id)}
        </li>
      ))}
    </ol>
  );
  return (
    <section className="card" aria-labelledby="evaluation-tree-heading">
      <h2 id="evaluation-tree-heading">{t('evaluation.tree.readOnly')}</h2>
      {record.state === 'frozen' && <p className="muted">{t('evaluation.tree.frozen')}</p>}
      <p className="muted">
        {t('evaluation.tree.topWeighting')}
        {kind(draft, 1)}
      </p>
      {branch(null)}
    </section>
  );
}
