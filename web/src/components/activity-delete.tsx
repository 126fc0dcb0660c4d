import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { Activity, WorkPlan } from '../api/types.js';
import { navigate } from '../router.js';
import { useLoad } from '../use-load.js';
import { Alert } from './field.js';
import { usePlanContentEditable } from './plan-content.js';
import { useActionFeedback } from './use-action-feedback.js';

/**
 * Deletes an activity, with its follow-up log, after a confirmation. Offered
 * only while the plan's content may change (drafted, proposed, or adopted
 * with an amendment open), as the API allows it; then back to the plan.
 */
export function ActivityDelete({ activity }: { activity: Activity }) {
  const plan = useLoad(() => api.plan(activity.planId), [activity.planId]);
  if (plan.state !== 'ready') return null;
  return <DeleteSection activity={activity} plan={plan.data} />;
}

function DeleteSection({ activity, plan }: { activity: Activity; plan: WorkPlan }) {
  const { t } = useTranslation();
  const editable = usePlanContentEditable(plan);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  // A refusal is of the activity as it stood: said until it reads otherwise, or another try.
  const { failure, run, clear } = useActionFeedback<never>(JSON.stringify([activity.version, activity.status]));
  // The button that asked for the confirmation is gone: the keyboard goes to the safe choice.
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) cancelRef.current?.focus();
  }, [confirming]);
  if (!editable) return null;

  async function remove() {
    setBusy(true);
    await run(async () => {
      try {
        await api.deleteActivity(activity.id, activity.version);
      } catch (err) {
        setBusy(false);
        setConfirming(false);
        throw err;
      }
      navigate(`/plans/${activity.planId}`);
      return null;
    });
  }

  return (
    <section className="card danger-zone" aria-labelledby="delete-heading">
      <h2 id="delete-heading">{t('activityDelete.heading')}</h2>
      <p className="muted">{t('activityDelete.hint')}</p>
      {failure && <Alert kind="error">{failure}</Alert>}
      {confirming ? (
        <fieldset className="confirm" aria-label={t('activityDelete.confirm', { refCode: activity.refCode })}>
          <p>{t('activityDelete.confirm', { refCode: activity.refCode })}</p>
          <div className="actions">
            <button type="button" className="button danger" disabled={busy} onClick={() => void remove()}>
              {t('activityDelete.yes')}
            </button>
            <button type="button" className="button ghost" ref={cancelRef} onClick={() => setConfirming(false)}>
              {t('activityDelete.cancel')}
            </button>
          </div>
        </fieldset>
      ) : (
        <button
          type="button"
          className="button danger"
          onClick={() => {
            // Asking again starts another try: the last refusal goes.
            clear();
            setConfirming(true);
          }}
        >
          {t('activityDelete.open')}
        </button>
      )}
    </section>
  );
}
