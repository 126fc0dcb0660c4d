import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { Notification } from '../api/types.js';
import { Bidi } from '../components/bidi.js';
import { CalendarAddress } from '../components/calendar-address.js';
import { RecordMarking, usePageLabels } from '../components/classification-banner.js';
import { LoadError } from '../components/load-error.js';
import { NOTIFICATIONS_CHANGED } from '../components/notification-bell.js';
import { formatDate, formatDateTime, localized } from '../i18n/format.js';
import { Link } from '../router.js';
import { useLoad } from '../use-load.js';

const linkOf = (n: Notification) => {
  if (n.entityType === 'activity') return `/activities/${n.entityId}`;
  if (n.entityType === 'work_plan') return `/plans/${n.entityId}`;
  if (n.entityType === 'commission_session') return `/sessions/${n.entityId}`;
  // A bulk declassification is read in the audit log, on the officer's page.
  if (n.entityType === 'audit_entry') return '/admin';
  return n.sessionId ? `/sessions/${n.sessionId}` : null;
};

/** The notification's title in the reader's language where it has one: a plan's title, or what blocks minutes. */
function useTitleOf() {
  const { t } = useTranslation();
  return (n: Notification): { text: string; lang?: string | undefined } => {
    if (n.planTitle) return localized(n.planTitle);
    if (n.minutesBlocked) return { text: t('notifications.minutesBlocked', n.minutesBlocked) };
    if (n.kind === 'bulk_declassified') return { text: t('notifications.bulkDeclassified', { count: Number(n.title) }) };
    return { text: n.title };
  };
}

/** What the daily digest found for the reader: due soon, overdue, changed; read one or all. */
export default function NotificationsPage() {
  const { t } = useTranslation();
  const list = useLoad(() => api.notifications(), []);
  const changed = () => {
    list.reload();
    window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
  };
  const titleOf = useTitleOf();
  const unread = list.data?.items.filter((n) => !n.readAt).length ?? 0;
  usePageLabels(list.data?.items ?? []);
  return (
    <div className="page notifications-page">
      <div className="page-head">
        <h1>{t('notifications.title')}</h1>
        <p className="muted">{t('notifications.unread', { count: unread })}</p>
      </div>
      {list.state === 'failed' && <LoadError error={list.error} />}
      {list.state === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {list.state === 'ready' && (
        <section className="card" aria-labelledby="notifications-heading">
          <div className="section-head">
            <h2 id="notifications-heading">{t('notifications.list')}</h2>
            {unread > 0 && (
              <button type="button" className="button ghost" onClick={() => void api.readAllNotifications().then(changed)}>
                {t('notifications.readAll')}
              </button>
            )}
          </div>
          {list.data.items.length === 0 ? (
            <p className="muted">{t('notifications.none')}</p>
          ) : (
            <ul className="notification-list">
              {list.data.items.map((n) => {
                const to = linkOf(n);
                const title = titleOf(n);
                return (
                  <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
                    <span className={`badge notification-${n.kind}`}>{t(`notifications.kind.${n.kind}`)}</span>
                    <RecordMarking label={n} compact />
                    <span className="notification-title">
                      {to ? (
                        <Link to={to}>
                          <Bidi lang={title.lang}>{title.text}</Bidi>
                        </Link>
                      ) : (
                        <Bidi lang={title.lang}>{title.text}</Bidi>
                      )}
                    </span>
                    {n.dueDate && <span className="muted">{t('notifications.due', { date: formatDate(n.dueDate) })}</span>}
                    <time className="muted" dateTime={n.createdAt}>
                      {formatDateTime(n.createdAt)}
                    </time>
                    {!n.readAt && (
                      <button
                        type="button"
                        className="button ghost small"
                        onClick={() => void api.readNotification(n.id).then(changed)}
                        aria-label={t('notifications.markReadOf', { title: title.text })}
                      >
                        {t('notifications.markRead')}
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      )}
      <section className="card" aria-labelledby="calendar-address-heading">
        <h2 id="calendar-address-heading">{t('calendarAddress.title')}</h2>
        <p className="muted">{t('calendarAddress.hint')}</p>
        <CalendarAddress />
      </section>
    </div>
  );
}
