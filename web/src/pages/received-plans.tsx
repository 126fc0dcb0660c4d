import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemError } from '../api/problem.js';
import { type ReceivedRecord, receivedApi } from '../api/received.js';
import { Bidi } from '../components/bidi.js';
import { Breadcrumb } from '../components/breadcrumb.js';
import { usePageLabels } from '../components/classification-banner.js';
import { Alert } from '../components/field.js';
import { LoadError } from '../components/load-error.js';
import { ReceivedMarkingText } from '../components/received-marking.js';
import { formatDate } from '../i18n/format.js';
import { currentLanguage, loadProblemTexts } from '../i18n/index.js';
import { problemText } from '../i18n/problems.js';
import { loadReceivedTexts } from '../i18n/received.js';
import { Link } from '../router.js';
import { useLoad } from '../use-load.js';
import { field, textOf } from './received-copy.js';

/** The page, loaded with its texts and the problems' (an installation without exchange says so by its coded reason). */
export const withTexts = () =>
  Promise.all([loadReceivedTexts(), loadProblemTexts()]).then(() => ({ default: ReceivedPlansPage }));

/** An installation that does not exchange receives nothing: said as information, not as a failure. */
const notConfigured = (err: unknown) => err instanceof ProblemError && err.code === 'exchange.not_configured';

/**
 * The partners' plans received here that the reader may read (the read rule over the local equivalent
 * of each label): read-only copies, each named with its originator and marked locally with the
 * originator's marking in brackets, leading to the copy's page.
 */
export function ReceivedPlansPage() {
  const { t, i18n } = useTranslation();
  const loaded = useLoad(() => receivedApi.received('plan', currentLanguage()), [i18n.language]);
  // The first page comes with the page; each further one is asked for by **More** and added below.
  const [more, setMore] = useState<{ items: ReceivedRecord[]; nextCursor: string | null; of: unknown } | null>(null);
  const [moreFailed, setMoreFailed] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const first = loaded.state === 'ready' ? loaded.data : null;
  // Pages read after another first page (a language changed, the page read again) are not this list's.
  const extra = more && more.of === first ? more : null;
  const plans = first ? [...first.items, ...(extra?.items ?? [])] : [];
  const next = extra ? extra.nextCursor : (first?.nextCursor ?? null);
  usePageLabels(plans.map((p) => p.local));
  const loadMore = async () => {
    if (!next) return;
    setBusy(true);
    setMoreFailed(null);
    try {
      const page = await receivedApi.received('plan', currentLanguage(), next);
      setMore({ items: [...(extra?.items ?? []), ...page.items], nextCursor: page.nextCursor, of: first });
    } catch (err) {
      setMoreFailed(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="page received-plans-page">
      <Breadcrumb />
      <h1>{t('received.title')}</h1>
      <p className="muted">{t('received.intro')}</p>
      {loaded.state === 'failed' &&
        (notConfigured(loaded.error) ? (
          <Alert kind="info">{problemText(loaded.error)}</Alert>
        ) : (
          <LoadError error={loaded.error} />
        ))}
      {loaded.state === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {loaded.state === 'ready' &&
        (plans.length === 0 ? (
          <p className="muted">{t('received.none')}</p>
        ) : (
          <table className="mini-table received-plans">
            <thead>
              <tr>
                <th>{t('received.col.plan')}</th>
                <th>{t('received.col.originator')}</th>
                <th>{t('received.col.status')}</th>
                <th>{t('received.col.period')}</th>
                <th>{t('received.col.updated')}</th>
                <th>{t('received.col.marking')}</th>
              </tr>
            </thead>
            <tbody>
              {plans.map((p) => {
                const title = textOf(p, 'title');
                const status = field(p, 'status');
                return (
                  <tr key={`${p.originator.installation}:${p.id}`} data-id={p.id}>
                    <td>
                      <Link to={`/received/plans/${p.id}?from=${encodeURIComponent(p.originator.installation)}`}>
                        <Bidi lang={title.lang}>{title.text || p.id}</Bidi>
                      </Link>
                    </td>
                    <td>
                      <span className="party-tag">{p.originator.party}</span>{' '}
                      <bdi dir="ltr" className="muted">
                        {p.originator.installation}
                      </bdi>
                    </td>
                    <td>
                      <span className={`badge plan-${status}`}>{t(`planStatus.${status}`, { defaultValue: status })}</span>
                    </td>
                    <td>
                      {field(p, 'periodStart') && formatDate(field(p, 'periodStart'))} –{' '}
                      {field(p, 'periodEnd') && formatDate(field(p, 'periodEnd'))}
                    </td>
                    <td>{p.version}</td>
                    <td>
                      <span className={`record-marking portion level-${p.local.classification}`}>
                        <ReceivedMarkingText marking={p.marking} />
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ))}
      {next && (
        <div className="form-actions">
          <button type="button" className="button secondary received-more" disabled={busy} onClick={loadMore}>
            {t('received.more')}
          </button>
        </div>
      )}
      {moreFailed !== null && <Alert kind="error">{problemText(moreFailed)}</Alert>}
    </div>
  );
}
