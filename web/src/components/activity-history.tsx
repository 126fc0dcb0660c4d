import { useTranslation } from 'react-i18next';
import { HISTORY_ACTIONS, HISTORY_FIELDS, NAMED_FIELDS } from '../../../src/domain/activity-history.schema.js';
import { api } from '../api/client.js';
import type { Activity, ActivityHistoryEntry } from '../api/types.js';
import { formatPeriod, localized } from '../i18n/format.js';
import { useLoad } from '../use-load.js';
import { Bidi, Code } from './bidi.js';
import { HistoryList } from './history-list.js';

const KNOWN_FIELDS = new Set<string>(HISTORY_FIELDS);
const KNOWN_ACTIONS = new Set<string>(HISTORY_ACTIONS);

type Translate = (k: string, o?: Record<string, unknown>) => string;

const isPeriod = (v: unknown): v is { start: string; end: string; precision: 'day' | 'month' | 'quarter' } =>
  typeof v === 'object' && v !== null && 'start' in v && 'precision' in v;

/** A recorded value as a reader reads it: periods, texts in several languages, lists, codes. */
export function historyValue(field: string, v: unknown, t: Translate): string {
  if (v === null || v === undefined || v === '') return t('common.none');
  if (isPeriod(v)) return formatPeriod(v, (quarter, year) => t('period.quarter', { quarter, year }));
  if (Array.isArray(v)) return v.length ? v.join(', ') : t('common.none');
  if (typeof v === 'object') return localized(v as Record<string, string>).text;
  if (field === 'domain') return t(`domain.${String(v)}`);
  if (field === 'type') return t(`activityType.${String(v)}`);
  if (field === 'priority') return t(`priority.${String(v)}`);
  if (field === 'classification') return t(`classification.${String(v)}`);
  return String(v);
}

/** A recorded value in an isolate of its own: a French title on a Hebrew page ends with its own full stop. */
export function HistoryValue({ field, value, name }: { field: string; value: unknown; name?: string | null | undefined }) {
  const { t } = useTranslation();
  // A field holding a record's id shows the record's name; never the id, which says nothing to a reader.
  // (`name` is undefined where no name was looked up.)
  if (name !== undefined && Object.hasOwn(NAMED_FIELDS, field) && value !== null && value !== undefined && value !== '')
    return name ? <Bidi>{name}</Bidi> : <span className="muted">{t('history.unavailable')}</span>;
  const text = historyValue(field, value, t);
  return field === 'refCode' || field === 'leadParty' || field === 'participatingParties' ? (
    <Code className="">{text}</Code>
  ) : (
    <Bidi>{text}</Bidi>
  );
}

/** What an entry says happened: a move of its status, or a change of a kind the page knows. */
function What({ entry }: { entry: ActivityHistoryEntry }) {
  const { t } = useTranslation();
  return (
    <strong>
      {entry.kind === 'status_change'
        ? t('history.statusChange', {
            from: entry.fromStatus ? t(`activityStatus.${entry.fromStatus}`) : t('common.none'),
            to: entry.toStatus ? t(`activityStatus.${entry.toStatus}`) : t('common.none'),
          })
        : KNOWN_ACTIONS.has(entry.action)
          ? t(`history.actions.${entry.action.replace(/^activity\./, '')}`)
          : t('history.otherChange')}
    </strong>
  );
}

/** Who changed what and when, newest first, for anyone who may read the activity. */
export function ActivityHistory({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const loaded = useLoad(() => api.history(activity.id), [activity.id, activity.version]);
  return (
    <HistoryList
      headingId="history-heading"
      loaded={loaded}
      entryKey={(e) => `${e.at}-${e.action}-${e.toStatus ?? ''}`}
      texts={{
        what: (entry) => <What entry={entry} />,
        field: (field) => (KNOWN_FIELDS.has(field) ? t(`history.fields.${field}`) : t('history.otherField')),
        value: (c, side) => <HistoryValue field={c.field} value={c[side]} name={side === 'from' ? c.fromName : c.toName} />,
      }}
    />
  );
}
