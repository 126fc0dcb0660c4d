import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { Activity, Label } from '../api/types.js';
import { localized } from '../i18n/format.js';
import { Bidi } from './bidi.js';
import { usePageLabels } from './classification-banner.js';

/** An activity as the picker shows it: enough to recognise it. */
export interface PickedActivity {
  id: string;
  refCode: string;
  title: Activity['title'];
}

const SHOWN = 20;

/**
 * Chooses activities of a plan: the chosen ones with a button to remove each,
 * and a search over the plan's activities (by reference or title, asked of
 * the API so that it works on plans of any size) to add more.
 */
export function ActivityPicker({
  planId,
  selected,
  onChange,
  errors = [],
}: {
  planId: string;
  selected: PickedActivity[];
  onChange: (next: PickedActivity[]) => void;
  errors?: readonly string[];
}) {
  const { t } = useTranslation();
  const id = useId();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<PickedActivity[] | null>(null);
  const [foundLabels, setFoundLabels] = useState<Label[]>([]);
  usePageLabels(foundLabels);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let current = true;
    // Wait for a pause in typing, so that each key does not cost a request.
    const timer = setTimeout(() => {
      api.activities(planId, { q: query.trim() || undefined, limit: SHOWN, sort: 'refCode' }).then(
        (page) => {
          if (!current) return;
          setFailed(false);
          setFound(page.items.map((a) => ({ id: a.id, refCode: a.refCode, title: a.title })));
          setFoundLabels(page.items);
        },
        () => current && setFailed(true),
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [planId, query]);

  const chosen = new Set(selected.map((a) => a.id));
  const toggle = (a: PickedActivity) => onChange(chosen.has(a.id) ? selected.filter((s) => s.id !== a.id) : [...selected, a]);

  return (
    <fieldset className={`field-group activity-picker${errors.length ? ' has-error' : ''}`}>
      <legend>{t('resultsEdit.linkedActivities')}</legend>
      {selected.length === 0 ? (
        <p className="muted">{t('resultsEdit.noLinkedActivity')}</p>
      ) : (
        <ul className="picked" aria-label={t('resultsEdit.linkedActivities')}>
          {selected.map((a) => {
            const title = localized(a.title);
            return (
              <li key={a.id} className="picked-item">
                <bdi className="ref" dir="ltr">
                  {a.refCode}
                </bdi>
                <Bidi lang={title.lang}>{title.text}</Bidi>
                <button
                  type="button"
                  className="button ghost small"
                  aria-label={t('resultsEdit.unlink', { ref: a.refCode })}
                  onClick={() => toggle(a)}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="field">
        <label htmlFor={`${id}-search`}>{t('resultsEdit.searchActivities')}</label>
        <input
          id={`${id}-search`}
          type="search"
          value={query}
          placeholder={t('resultsEdit.searchPlaceholder')}
          aria-controls={`${id}-found`}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      {failed && <p className="field-error">{t('common.unexpectedError')}</p>}
      {found && found.length === 0 && <p className="muted">{t('resultsEdit.noActivityFound')}</p>}
      <ul className="picker-results" id={`${id}-found`} aria-live="polite">
        {(found ?? []).map((a) => {
          const title = localized(a.title);
          return (
            <li key={a.id}>
              <label className="checkbox">
                <input type="checkbox" checked={chosen.has(a.id)} onChange={() => toggle(a)} />
                <bdi className="ref" dir="ltr">
                  {a.refCode}
                </bdi>{' '}
                <Bidi lang={title.lang}>{title.text}</Bidi>
              </label>
            </li>
          );
        })}
      </ul>
      {errors.length > 0 && <p className="field-error">{errors.join(' · ')}</p>}
    </fieldset>
  );
}
