import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { SearchHit } from '../api/types.js';
import { Bidi, Code } from '../components/bidi.js';
import { RecordMarking, usePageLabels } from '../components/classification-banner.js';
import { LoadError } from '../components/load-error.js';
import { localized } from '../i18n/format.js';
import { Link, navigate } from '../router.js';
import { useLoad } from '../use-load.js';
import './search.css';

type Hit = SearchHit;

/** Where a hit leads: the record itself, or the page that shows it (an agenda item's session). */
function hrefOf(h: Hit): string | null {
  switch (h.kind) {
    case 'activity':
    case 'follow_up':
      return h.activityId && `/activities/${h.activityId}`;
    case 'programme':
      return `/programmes/${h.id}`;
    case 'session':
      return `/sessions/${h.id}`;
    case 'agenda_item':
    case 'minutes':
    case 'decision':
      return h.sessionId && `/sessions/${h.sessionId}`;
    case 'action_item':
      return h.commissionId && `/commissions/${h.commissionId}/action-items`;
    case 'industrial_project':
      return `/industry/${h.id}`;
  }
}

/** A title in the reader's language, or as typed when it was typed in no given language. */
function titleOf(h: Hit) {
  const t = localized(h.title);
  return t.text ? t : { text: h.title.und ?? Object.values(h.title)[0] ?? '', lang: undefined };
}

/** The snippet, its found words marked: every part is text, never markup. */
function Snippet({ hit }: { hit: Hit }) {
  return (
    <p className="snippet" dir="auto">
      {hit.snippetParts.map((p, i) =>
        // The parts of a snippet never move: their place is their identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>,
      )}
    </p>
  );
}

/** Full-text search over every kind of record the reader may read, grouped by kind. */
export default function SearchPage({ initialQuery }: { initialQuery: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState(initialQuery);
  const q = initialQuery.trim();
  const found = useLoad(() => (q ? api.search(q) : Promise.resolve(null)), [q]);
  const result = found.data ?? null;
  usePageLabels(result?.items ?? []);

  function submit(e: FormEvent) {
    e.preventDefault();
    navigate(`/search?${new URLSearchParams({ q: text.trim() })}`);
  }

  const total = result?.groups.reduce((n, g) => n + g.count, 0) ?? 0;
  return (
    <div className="page search-page">
      <h1>{t('search.title')}</h1>
      <search>
        <form className="filters" onSubmit={submit}>
          <label className="filter grow">
            <span>{t('search.query')}</span>
            <input type="search" value={text} onChange={(e) => setText(e.target.value)} aria-describedby="search-hint" />
          </label>
          <button type="submit" className="button primary">
            {t('search.submit')}
          </button>
        </form>
        <p id="search-hint" className="muted">
          {t('search.hint')}
        </p>
      </search>
      {found.state === 'failed' && <LoadError error={found.error} />}
      {found.state === 'ready' && result && (
        <p className="table-status" aria-live="polite">
          {total ? t('search.results', { count: total }) : t('search.none')}
        </p>
      )}
      {result && result.groups.length > 1 && (
        <nav className="search-groups-nav" aria-label={t('search.groups')}>
          <ul>
            {result.groups.map((g) => (
              <li key={g.kind}>
                <a className="badge" href={`#search-${g.kind}`}>
                  {t(`search.kind.${g.kind}`)} ({g.count})
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {result?.groups.map((g) => {
        const hits = result.items.filter((h) => h.kind === g.kind);
        return (
          <section key={g.kind} id={`search-${g.kind}`} className="search-group" data-kind={g.kind}>
            <h2>
              {t(`search.kind.${g.kind}`)} <span className="group-count">{g.count}</span>
            </h2>
            {hits.length < g.count && <p className="muted">{t('search.shown', { shown: hits.length, count: g.count })}</p>}
            <ul className="search-hits">
              {hits.map((h) => {
                const title = titleOf(h);
                const href = hrefOf(h);
                const heading = (
                  <>
                    {h.refCode && <Code>{h.refCode}</Code>} <Bidi lang={title.lang}>{title.text}</Bidi>
                  </>
                );
                return (
                  <li key={`${h.kind}-${h.id}`} className="card">
                    <RecordMarking label={h} compact />
                    <div className="hit-body">
                      {href ? <Link to={href}>{heading}</Link> : heading}
                      <span className="badge">{t(`search.kind.${h.kind}`)}</span>
                      <Snippet hit={h} />
                    </div>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
