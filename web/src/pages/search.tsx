import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { Bidi, Code } from '../components/bidi.js';
import { RecordMarking, usePageLabels } from '../components/classification-banner.js';
import { LoadError } from '../components/load-error.js';
import { localized } from '../i18n/format.js';
import { Link, navigate } from '../router.js';
import { useLoad } from '../use-load.js';

/** Full-text search over the activities and follow-ups the reader may read. */
export default function SearchPage({ initialQuery }: { initialQuery: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState(initialQuery);
  const q = initialQuery.trim();
  const hits = useLoad(() => (q ? api.search(q) : Promise.resolve({ items: [], nextCursor: null })), [q]);
  usePageLabels(hits.data?.items ?? []);

  function submit(e: FormEvent) {
    e.preventDefault();
    navigate(`/search?${new URLSearchParams({ q: text.trim() })}`);
  }

  return (
    <div className="page search-page">
      <h1>{t('search.title')}</h1>
      <search>
        <form className="filters" onSubmit={submit}>
          <label className="filter grow">
            <span>{t('search.query')}</span>
            <input type="search" value={text} onChange={(e) => setText(e.target.value)} />
          </label>
          <button type="submit" className="button primary">
            {t('search.submit')}
          </button>
        </form>
      </search>
      {hits.state === 'failed' && <LoadError error={hits.error} />}
      {hits.state === 'ready' && q && (
        <p className="table-status" aria-live="polite">
          {t('search.results', { count: hits.data.items.length })}
        </p>
      )}
      <ul className="search-hits">
        {hits.data?.items.map((h) => {
          const title = localized(h.title);
          return (
            <li key={`${h.kind}-${h.id}`} className="card">
              <RecordMarking label={h} compact />
              <div className="hit-body">
                <Link to={`/activities/${h.activityId}`}>
                  <Code>{h.refCode}</Code> <Bidi lang={title.lang}>{title.text}</Bidi>
                </Link>
                <span className="badge">{t(`search.kind.${h.kind}`)}</span>
                <p className="snippet" dir="auto">
                  {h.snippet}
                </p>
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
