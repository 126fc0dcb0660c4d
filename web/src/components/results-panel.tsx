import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canPlan } from '../../../src/domain/policy.js';
import { api } from '../api/client.js';
import type { WorkPlan } from '../api/types.js';
import { loadResultsFormTexts } from '../i18n/results-forms.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';
import { LoadError } from './load-error.js';
import { ObjectiveCreateForm } from './objective-create-form.js';
import { ObjectiveList } from './objective-list.js';

/** The plan's objectives, each with its indicators' progress from baseline to target and its activities' execution. */
export function ResultsPanel({ plan, parties }: { plan: WorkPlan; parties: readonly string[] }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [asOf, setAsOf] = useState('');
  const [adding, setAdding] = useState(false);
  // The results and the texts of their forms, which the sign-in and the dashboard do not carry.
  const results = useLoad(
    async () => (await Promise.all([api.results(plan.id, asOf || undefined), loadResultsFormTexts()]))[0],
    [plan.id, asOf],
  );
  // The API lets the plan's planners add objectives, whatever the plan's stage.
  const planner = canPlan(user, plan.ownerParty);
  return (
    <section className="card" aria-labelledby="results-heading">
      <div className="section-head">
        <h2 id="results-heading">{t('results.title')}</h2>
        <label className="inline-field">
          <span>{t('results.asOf')}</span>
          <input type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
        </label>
        {planner && !adding && results.state === 'ready' && (
          <button type="button" className="button ghost small" onClick={() => setAdding(true)}>
            {t('resultsEdit.addObjective')}
          </button>
        )}
      </div>
      {adding && (
        <ObjectiveCreateForm
          plan={plan}
          parties={parties}
          onCreated={() => {
            setAdding(false);
            results.reload();
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      {results.state === 'failed' && <LoadError error={results.error} />}
      {results.state === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {results.state === 'ready' && <ObjectiveList results={results.data} parties={parties} onChanged={results.reload} />}
    </section>
  );
}
