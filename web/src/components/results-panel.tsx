import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { WorkPlan } from '../api/types.js';
import { useLoad } from '../use-load.js';
import { LoadError } from './load-error.js';
import { ObjectiveList } from './objective-list.js';

/** The plan's objectives, each with its indicators' progress from baseline to target and its activities' execution. */
export function ResultsPanel({ plan }: { plan: WorkPlan }) {
  const { t } = useTranslation();
  const [asOf, setAsOf] = useState('');
  const results = useLoad(() => api.results(plan.id, asOf || undefined), [plan.id, asOf]);
  return (
    <section className="card" aria-labelledby="results-heading">
      <div className="section-head">
        <h2 id="results-heading">{t('results.title')}</h2>
        <label className="inline-field">
          <span>{t('results.asOf')}</span>
          <input type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
        </label>
      </div>
      {results.state === 'failed' && <LoadError error={results.error} />}
      {results.state === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {results.state === 'ready' && <ObjectiveList results={results.data} onChanged={results.reload} />}
    </section>
  );
}
