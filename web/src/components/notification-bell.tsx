import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { Link, useLocation } from '../router.js';

/** Pages that change notifications tell the bell to count again. */
export const NOTIFICATIONS_CHANGED = 'jointplan:notifications-changed';

/** A link to the notifications with the number still unread, counted again on each page change. */
export function NotificationBell() {
  const { t } = useTranslation();
  const route = useLocation();
  const [unread, setUnread] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: counts again on each page change, though the count does not read the page.
  useEffect(() => {
    let current = true;
    const count = () =>
      api.notifications().then(
        (page) => current && setUnread(page.items.filter((n) => !n.readAt).length),
        () => undefined,
      );
    void count();
    window.addEventListener(NOTIFICATIONS_CHANGED, count);
    return () => {
      current = false;
      window.removeEventListener(NOTIFICATIONS_CHANGED, count);
    };
  }, [route.page]);
  return (
    <Link to="/notifications" className="bell" aria-label={t('notifications.bell', { count: unread })}>
      <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      {unread > 0 && (
        <span className="bell-count" aria-hidden="true">
          {unread}
        </span>
      )}
    </Link>
  );
}
