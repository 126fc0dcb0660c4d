import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { Activity, WorkPlan } from '../api/types.js';
import { formatMonth, formatPeriod, localized } from '../i18n/format.js';
import { currentLanguage } from '../i18n/index.js';
import { Link } from '../router.js';
import { useLoad } from '../use-load.js';
import { ActivityStatusBadge } from './badges.js';
import { Bidi } from './bidi.js';
import { CalendarAddress } from './calendar-address.js';
import { LoadError } from './load-error.js';
import { DRAWN_LIMIT, isoOfDay, spanOf, toDay, usePlanActivities } from './plan-activities.js';

const monthStart = (iso: string) => `${iso.slice(0, 7)}-01`;
const addMonths = (iso: string, n: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1)).toISOString().slice(0, 10);
};

/** The weeks of a month, Monday first, as ISO days (null outside the month). */
function weeksOf(first: string) {
  const start = toDay(first);
  const end = toDay(addMonths(first, 1));
  const offset = (new Date(`${first}T00:00:00Z`).getUTCDay() + 6) % 7;
  const cells: (string | null)[] = [...Array(offset).fill(null)];
  for (let d = start; d < end; d++) cells.push(isoOfDay(d));
  while (cells.length % 7) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

function Item({ a }: { a: Activity }) {
  const title = localized(a.title);
  return (
    <Link to={`/activities/${a.id}`} className={`calendar-item status-${a.status}`}>
      <span dir="ltr" className="ref">
        {a.refCode}
      </span>{' '}
      <Bidi lang={title.lang}>{title.text}</Bidi>
    </Link>
  );
}

/** A month of the plan: activities with dates on their days, those planned by month or quarter above. */
export function PlanCalendar({ plan }: { plan: WorkPlan }) {
  const { t } = useTranslation();
  const loaded = usePlanActivities(plan.id);
  // The commission's sessions the reader may read, on their days.
  const sessions = useLoad(() => api.sessions(plan.commissionId).catch(() => ({ items: [] })), [plan.commissionId]);
  const today = new Date().toISOString().slice(0, 10);
  const [month, setMonth] = useState(() =>
    monthStart(today >= plan.periodStart && today <= plan.periodEnd ? today : plan.periodStart),
  );
  const monthEnd = isoOfDay(toDay(addMonths(month, 1)) - 1);
  const { dated, loose } = useMemo(() => {
    const inMonth = (loaded.data?.items ?? []).filter((a) => {
      const s = spanOf(a);
      return s.start <= monthEnd && s.end >= month;
    });
    const isDated = (a: Activity) => a.actualStart !== null || a.plannedPeriod.precision === 'day';
    return { dated: inMonth.filter(isDated), loose: inMonth.filter((a) => !isDated(a)) };
  }, [loaded.data, month, monthEnd]);
  const weekdays = useMemo(() => {
    const fmt = new Intl.DateTimeFormat(currentLanguage(), { weekday: 'short', timeZone: 'UTC' });
    const long = new Intl.DateTimeFormat(currentLanguage(), { weekday: 'long', timeZone: 'UTC' });
    // 2024-01-01 was a Monday.
    return [0, 1, 2, 3, 4, 5, 6].map((i) => {
      const d = new Date(Date.UTC(2024, 0, 1 + i));
      return { short: fmt.format(d), long: long.format(d) };
    });
  }, []);

  if (loaded.state === 'failed') return <LoadError error={loaded.error} />;
  if (loaded.state === 'loading') return <p className="muted">{t('common.loading')}</p>;
  const quarter = (q: number, year: number) => t('period.quarter', { quarter: q, year });

  return (
    <div className="calendar-view">
      <div className="view-tools">
        <button type="button" className="button ghost" onClick={() => setMonth(addMonths(month, -1))}>
          <span aria-hidden="true" className="flip">
            ‹
          </span>{' '}
          {t('calendar.previous')}
        </button>
        <h3 className="calendar-month" aria-live="polite">
          {formatMonth(month)}
        </h3>
        <button type="button" className="button ghost" onClick={() => setMonth(addMonths(month, 1))}>
          {t('calendar.next')}{' '}
          <span aria-hidden="true" className="flip">
            ›
          </span>
        </button>
        {loaded.data.truncated && <p className="muted">{t('timeline.truncated', { count: DRAWN_LIMIT })}</p>}
      </div>
      <details className="subscribe">
        <summary>{t('calendarAddress.title')}</summary>
        <p className="muted">{t('calendarAddress.hint')}</p>
        <CalendarAddress />
      </details>
      {loose.length > 0 && (
        <section className="calendar-loose" aria-labelledby="loose-heading">
          <h4 id="loose-heading">{t('calendar.duringMonth')}</h4>
          <ul>
            {loose.map((a) => (
              <li key={a.id}>
                <Item a={a} /> <span className="muted">{formatPeriod(a.plannedPeriod, quarter)}</span>{' '}
                <ActivityStatusBadge status={a.status} />
              </li>
            ))}
          </ul>
        </section>
      )}
      <table className="calendar">
        <caption className="visually-hidden">{formatMonth(month)}</caption>
        <thead>
          <tr>
            {weekdays.map((w) => (
              <th key={w.long} scope="col" abbr={w.long}>
                {w.short}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeksOf(month).map((week) => (
            <tr key={week.find(Boolean) ?? ''}>
              {week.map((day, i) => {
                const onDay = day ? dated.filter((a) => spanOf(a).start <= day && spanOf(a).end >= day) : [];
                const sitting = day ? (sessions.data?.items ?? []).filter((x) => x.startDate <= day && x.endDate >= day) : [];
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the cell's place in its week is its weekday, which never moves; days outside the month have no date.
                  <td key={i} className={`${day ? '' : 'outside'}${day === today ? ' today' : ''}`}>
                    {day && (
                      <>
                        <span className="day-number">{Number(day.slice(8))}</span>
                        {sitting.map((x) => (
                          <Link key={x.id} to={`/sessions/${x.id}`} className="calendar-session">
                            ◆ {t('timeline.session', { number: x.number })}
                          </Link>
                        ))}
                        {onDay.length > 0 && (
                          <ul>
                            {onDay.map((a) => (
                              <li key={a.id}>
                                <Item a={a} />
                              </li>
                            ))}
                          </ul>
                        )}
                      </>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
