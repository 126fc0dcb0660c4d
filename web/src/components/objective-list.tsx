import { useTranslation } from 'react-i18next';
import type { Results } from '../api/types.js';
import { usePageLabels } from './classification-banner.js';
import { ObjectiveItem } from './objective-item.js';

export function ObjectiveList({
  results,
  parties,
  onChanged,
}: {
  results: Results;
  parties: readonly string[];
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  usePageLabels(results.objectives.flatMap((o) => [o, ...o.indicators, ...o.linkedActivities]));
  if (results.objectives.length === 0) return <p className="muted">{t('results.none')}</p>;
  return (
    <ul className="objectives">
      {results.objectives.map((o) => (
        <ObjectiveItem key={o.id} planId={results.planId} objective={o} parties={parties} onChanged={onChanged} />
      ))}
    </ul>
  );
}
