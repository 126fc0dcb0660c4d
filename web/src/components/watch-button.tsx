import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { Watchers } from '../api/types.js';
import { problemText } from '../i18n/problems.js';
import { useLoad } from '../use-load.js';
import './watch-button.css';

/**
 * Watch or stop watching a record, and who else watches it: a watcher is
 * notified (and e-mailed, where the installation sends mail) of every change
 * others make to it.
 */
export function WatchButton({
  type,
  recordId,
  title,
}: {
  type: 'activity' | 'action_item';
  recordId: string;
  /** The record's title, naming the button where several records show one. */
  title?: string;
}) {
  const { t } = useTranslation();
  const loaded = useLoad(() => api.watchers(type, recordId), [type, recordId]);
  const [fresh, setFresh] = useState<Watchers | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const watchers = fresh ?? loaded.data;
  if (!watchers) return null;
  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      setFresh(await api.watch(type, recordId, !watchers.watching));
    } catch (err) {
      setError(problemText(err));
    } finally {
      setBusy(false);
    }
  };
  // Another party's watcher comes without a name: only their party.
  const names = watchers.items
    .map((w) => (w.userId === null ? t('watch.otherParty', { party: w.party }) : w.displayName))
    .join(', ');
  return (
    <div className="watch">
      <button
        type="button"
        className="button ghost small"
        aria-label={
          title === undefined ? undefined : watchers.watching ? t('watch.stopOf', { title }) : t('watch.startOf', { title })
        }
        disabled={busy}
        onClick={toggle}
      >
        {watchers.watching ? t('watch.stop') : t('watch.start')}
      </button>
      <span className="muted watch-count" title={names || undefined}>
        {watchers.items.length === 0 ? t('watch.nobody') : t('watch.count', { n: watchers.items.length, names })}
      </span>
      {error && (
        <span role="alert" className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}
