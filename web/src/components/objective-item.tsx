import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canPlan } from '../../../src/domain/policy.js';
import { api } from '../api/client.js';
import type { ResultObjective } from '../api/types.js';
import { formatNumber, formatPercent, localized } from '../i18n/format.js';
import { Link } from '../router.js';
import { useSession } from '../signed-in-user.js';
import { Bidi } from './bidi.js';
import { RecordMarking } from './classification-banner.js';
import { Alert } from './field.js';
import { IndicatorCreateForm } from './indicator-create-form.js';
import { IndicatorRow } from './indicator-row.js';
import { ObjectiveEditForm } from './objective-edit-form.js';
import { ObjectiveProgrammes } from './objective-programmes.js';
import { ProgressLine } from './progress-line.js';
import { useActionFeedback } from './use-action-feedback.js';

export function ObjectiveItem({
  planId,
  objective: o,
  parties,
  onChanged,
}: {
  planId: string;
  objective: ResultObjective;
  /** The parties a new indicator may be released to: the plan's commission's. */
  parties: readonly string[];
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [adding, setAdding] = useState(false);
  // A refusal is of the objective as it stood: said until another try, or until it reads otherwise.
  const { failure, run, clear } = useActionFeedback<never>(JSON.stringify([o.version, o.indicators.map((i) => i.version)]));
  const title = localized(o.title);
  const planner = canPlan(user, o.ownerParty);
  const measured = o.indicators.some((i) => i.measurements.length > 0);

  const remove = () =>
    run(async () => {
      try {
        await api.deleteObjective(o.id, o.version);
      } catch (err) {
        setDeleting(false);
        throw err;
      }
      onChanged();
      return null;
    });

  return (
    <li className="objective">
      <div className="objective-head">
        <h3>
          <RecordMarking label={o} compact />
          <Bidi lang={title.lang}>{title.text}</Bidi>
        </h3>
        {planner && !editing && (
          <div className="actions">
            <button type="button" className="button ghost small" onClick={() => setEditing(true)}>
              {t('resultsEdit.editObjective')}
            </button>
            {!adding && (
              <button type="button" className="button ghost small" onClick={() => setAdding(true)}>
                {t('resultsEdit.addIndicator')}
              </button>
            )}
            <button
              type="button"
              className="button ghost small"
              disabled={measured}
              title={measured ? t('resultsEdit.deleteMeasured') : undefined}
              onClick={() => {
                clear();
                setDeleting(true);
              }}
            >
              {t('resultsEdit.deleteObjective')}
            </button>
          </div>
        )}
      </div>
      {failure && <Alert kind="error">{failure}</Alert>}
      {deleting && (
        <Alert kind="info">
          <p>{t('resultsEdit.confirmDelete', { count: o.indicators.length })}</p>
          <div className="actions">
            <button type="button" className="button primary" onClick={() => void remove()}>
              {t('resultsEdit.confirmDeleteYes')}
            </button>
            <button type="button" className="button ghost" onClick={() => setDeleting(false)}>
              {t('edit.discard')}
            </button>
          </div>
        </Alert>
      )}
      {editing ? (
        <ObjectiveEditForm
          planId={planId}
          objective={o}
          onDone={() => {
            setEditing(false);
            onChanged();
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <>
          <ProgressLine value={o.progress} label={t('results.objectiveProgress', { title: title.text })} />
          <p className="muted">
            {t('results.activities', {
              done: formatNumber(o.activities.done),
              total: formatNumber(o.activities.total),
              rate: formatPercent(o.activities.executionRate),
            })}
          </p>
          {o.linkedActivities.length > 0 && (
            <ul className="linked-activities" aria-label={t('resultsEdit.linkedActivitiesOf', { title: title.text })}>
              {o.linkedActivities.map((a) => {
                const at = localized(a.title);
                return (
                  <li key={a.id}>
                    <RecordMarking label={a} compact />
                    <Link to={`/activities/${a.id}`}>
                      <bdi className="ref" dir="ltr">
                        {a.refCode}
                      </bdi>
                    </Link>{' '}
                    <Bidi lang={at.lang}>{at.text}</Bidi>
                  </li>
                );
              })}
            </ul>
          )}
          <ObjectiveProgrammes objective={o} onChanged={onChanged} />
        </>
      )}
      {o.indicators.length > 0 && (
        <ul className="indicators">
          {o.indicators.map((i) => (
            <IndicatorRow key={i.id} planId={planId} indicator={i} onChanged={onChanged} />
          ))}
        </ul>
      )}
      {adding && (
        <IndicatorCreateForm
          objective={o}
          parties={parties}
          onCreated={() => {
            setAdding(false);
            onChanged();
          }}
          onCancel={() => setAdding(false)}
        />
      )}
    </li>
  );
}
