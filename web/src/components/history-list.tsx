import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../i18n/format.js';
import type { Loaded } from '../use-load.js';
import { ChangeTableHead } from './change-table-head.js';
import { LoadError } from './load-error.js';

/** What every history entry has, whatever its record: when, by which party, why, and its changes field by field. */
export type HistoryItem = {
  at: string;
  actorParty: string | null;
  note: string | null;
  changes: { field: string; from?: unknown; to?: unknown }[];
};

type Change<E extends HistoryItem> = E['changes'][number];

export type HistoryEntryTexts<E extends HistoryItem> = {
  /** The entry's head: what happened (a move, a change), and what it is about where the record has parts. */
  what: (entry: E) => ReactNode;
  /** A field's name as the page names it. */
  field: (field: string) => string;
  /** A value before or after, as the page reads it. */
  value: (change: Change<E>, side: 'from' | 'to') => ReactNode;
};

function HistoryEntry<E extends HistoryItem>({ entry, texts }: { entry: E; texts: HistoryEntryTexts<E> }) {
  return (
    <li className="history-entry">
      <div className="history-head">
        <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
        {entry.actorParty && <span className="party-tag">{entry.actorParty}</span>}
        {texts.what(entry)}
      </div>
      {entry.note && (
        <p className="history-note" dir="auto">
          {entry.note}
        </p>
      )}
      {entry.changes.length > 0 && (
        <table className="mini-table">
          <ChangeTableHead />
          <tbody>
            {entry.changes.map((c) => (
              <tr key={c.field}>
                <th scope="row">{texts.field(c.field)}</th>
                <td className="old-value">{texts.value(c as Change<E>, 'from')}</td>
                <td className="new-value">{texts.value(c as Change<E>, 'to')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}

/** A record's history as a card, newest first: loading, failed, empty or the entries. */
export function HistoryList<E extends HistoryItem>({
  headingId,
  loaded,
  entryKey,
  texts,
}: {
  headingId: string;
  loaded: Loaded<{ items: E[] }>;
  entryKey: (entry: E) => string;
  texts: HistoryEntryTexts<E>;
}) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('history.title')}</h2>
      {loaded.state === 'failed' && <LoadError error={loaded.error} />}
      {loaded.state === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {loaded.state === 'ready' &&
        (loaded.data.items.length === 0 ? (
          <p className="muted">{t('history.none')}</p>
        ) : (
          <ol className="history">
            {loaded.data.items.map((e) => (
              <HistoryEntry key={entryKey(e)} entry={e} texts={texts} />
            ))}
          </ol>
        ))}
    </section>
  );
}
