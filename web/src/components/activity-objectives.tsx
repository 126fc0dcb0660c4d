import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { localized } from '../i18n/format.js';
import { Link } from '../router.js';
import { useLoad } from '../use-load.js';
import { Bidi } from './bidi.js';
import { RecordMarking, usePageLabels } from './classification-banner.js';
import { LoadError } from './load-error.js';

/**
 * The objectives of the plan an activity serves, among those the reader may
 * read: their ids come with the activity, their titles with the plan's
 * objectives, which lead to the plan's results.
 */
export function ActivityObjectives({ planId, objectiveIds }: { planId: string; objectiveIds: readonly string[] }) {
  const { t } = useTranslation();
  const objectives = useLoad(
    () => (objectiveIds.length ? api.objectives(planId) : Promise.resolve({ items: [], nextCursor: null })),
    [planId, objectiveIds.join()],
  );
  const served = (objectives.data?.items ?? []).filter((o) => objectiveIds.includes(o.id));
  usePageLabels(served);
  return (
    <section className="card" aria-labelledby="served-objectives-heading">
      <h2 id="served-objectives-heading">{t('resultsEdit.servedObjectives')}</h2>
      {objectives.state === 'failed' && <LoadError error={objectives.error} />}
      {objectives.state === 'ready' && served.length === 0 && <p className="muted">{t('resultsEdit.servesNone')}</p>}
      {served.length > 0 && (
        <ul className="served-objectives">
          {served.map((o) => {
            const title = localized(o.title);
            return (
              <li key={o.id}>
                <RecordMarking label={o} compact />
                <Link to={`/plans/${planId}?view=results`}>
                  <Bidi lang={title.lang}>{title.text}</Bidi>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
