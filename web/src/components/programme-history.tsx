import { useTranslation } from 'react-i18next';
import type { Programme } from '../api/types.js';
import { formatDateTime } from '../i18n/format.js';
import { Bidi } from './bidi.js';
import { ProgrammeStatusBadge } from './programme-status.js';

/** Every move of the programme, latest first: when, from and to, by which party, and why. */
export function ProgrammeHistory({ programme }: { programme: Programme }) {
  const { t } = useTranslation();
  const entries = [...programme.history].reverse();
  return (
    <section className="card" aria-labelledby="programme-history-heading">
      <h2 id="programme-history-heading">{t('programmes.history.title')}</h2>
      {entries.length === 0 ? (
        <p className="muted">{t('programmes.history.none')}</p>
      ) : (
        <ol className="history">
          {entries.map((e) => (
            <li key={`${e.at}|${e.to}`} className="history-entry">
              <div className="history-head">
                <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                {e.from ? <ProgrammeStatusBadge status={e.from} /> : <span>{t('programmes.history.created')}</span>}
                <span aria-hidden="true">{t('programmes.amendments.arrow')}</span>
                <ProgrammeStatusBadge status={e.to} />
                <span className="party-tag">{e.party}</span>
              </div>
              {e.reason && (
                <p className="history-note">
                  <Bidi>{e.reason}</Bidi>
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
