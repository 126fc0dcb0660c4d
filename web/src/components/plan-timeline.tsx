import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DOMAINS } from '../../../src/domain/activity.schema.js';
import type { Activity, WorkPlan } from '../api/types.js';
import { formatPeriod, localized } from '../i18n/format.js';
import { currentLanguage } from '../i18n/index.js';
import { Link } from '../router.js';
import { Bidi, Code } from './bidi.js';
import { LoadError } from './load-error.js';
import { DRAWN_LIMIT, spanOf, toDay, usePlanActivities } from './plan-activities.js';
import { ScrollRegion } from './scroll-region.js';

type Scale = 'month' | 'quarter';
/** The narrowest bar, as a share of the track. */
const MIN_BAR = 0.075;

/** The columns of the timeline: each month or quarter of the plan's period. */
function buckets(startIso: string, endIso: string, scale: Scale) {
  const out: { start: string; end: string }[] = [];
  const step = scale === 'month' ? 1 : 3;
  const s = new Date(`${startIso}T00:00:00Z`);
  let d = new Date(Date.UTC(s.getUTCFullYear(), scale === 'month' ? s.getUTCMonth() : Math.floor(s.getUTCMonth() / 3) * 3, 1));
  while (d.toISOString().slice(0, 10) <= endIso) {
    const next = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + step, 1));
    out.push({ start: d.toISOString().slice(0, 10), end: new Date(next.getTime() - 86_400_000).toISOString().slice(0, 10) });
    d = next;
  }
  return out;
}

/**
 * The box of each bar: the bar over the activity's own days, with its label
 * (the whole reference code, then the title) inside it when the bar is wide
 * enough for the code, else beside it: after it, or before it at the end of
 * the plan's period. Each box goes on the first row of its lane where it
 * overlaps no other.
 */
function pack(items: { a: Activity; from: number; to: number }[], labelDays: number, first: number, last: number) {
  const rowEnds: number[] = [];
  return items.map((it) => {
    const days = it.to + 1 - it.from;
    const inside = days >= labelDays;
    const need = inside ? days : days + labelDays;
    const boxFrom = Math.max(first, Math.min(it.from, last - need));
    const boxTo = Math.min(last, boxFrom + need);
    const label = inside ? [boxFrom, boxTo] : boxFrom === it.from ? [it.to + 1, boxTo] : [boxFrom, it.from];
    let row = rowEnds.findIndex((end) => end <= boxFrom);
    if (row === -1) row = rowEnds.push(boxTo) - 1;
    else rowEnds[row] = boxTo;
    return { ...it, boxFrom, boxTo, labelFrom: label[0] ?? boxFrom, labelTo: label[1] ?? boxTo, row };
  });
}

/**
 * The plan as a timeline: a lane per domain, a column per month or quarter,
 * each activity a bar over its dates. Bars are placed with logical offsets, so
 * time runs right to left in Arabic and Hebrew.
 */
export function PlanTimeline({ plan }: { plan: WorkPlan }) {
  const { t } = useTranslation();
  const [scale, setScale] = useState<Scale>('month');
  const loaded = usePlanActivities(plan.id);
  const columns = useMemo(() => buckets(plan.periodStart, plan.periodEnd, scale), [plan, scale]);
  const first = toDay(columns[0]?.start ?? plan.periodStart);
  const last = toDay(columns.at(-1)?.end ?? plan.periodEnd) + 1;
  // The track's width and the longest reference code's, as drawn: a bar's box is never narrower than its code.
  const track = useRef<HTMLDivElement>(null);
  const probe = useRef<HTMLSpanElement>(null);
  const [widths, setWidths] = useState({ track: 0, code: 0 });
  useLayoutEffect(() => {
    const trackEl = track.current;
    const probeEl = probe.current;
    if (!trackEl || !probeEl) return;
    const measure = () =>
      setWidths((w) =>
        w.track === trackEl.clientWidth && w.code === probeEl.offsetWidth
          ? w
          : { track: trackEl.clientWidth, code: probeEl.offsetWidth },
      );
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(trackEl);
    return () => observer.disconnect();
  });
  const share = widths.track > 0 ? Math.min(1, Math.max(MIN_BAR, widths.code / widths.track)) : MIN_BAR;
  // A bar is drawn at least this wide, so that a one-day meeting still shows its whole reference.
  const minDays = Math.ceil((last - first) * share);
  const longestCode = (loaded.data?.items ?? []).reduce((l, a) => (a.refCode.length > l.length ? a.refCode : l), '');
  const lanes = useMemo(() => {
    const items = loaded.data?.items ?? [];
    return DOMAINS.map((domain) => {
      const bars = items
        .filter((a) => a.domain === domain)
        .map((a) => {
          const span = spanOf(a);
          return { a, from: Math.max(first, toDay(span.start)), to: Math.min(last - 1, toDay(span.end)) };
        })
        .filter((b) => b.to >= first && b.from < last)
        .sort((x, y) => x.from - y.from);
      return { domain, bars: pack(bars, minDays, first, last) };
    }).filter((l) => l.bars.length > 0);
  }, [loaded.data, first, last, minDays]);

  if (loaded.state === 'failed') return <LoadError error={loaded.error} />;
  if (loaded.state === 'loading') return <p className="muted">{t('common.loading')}</p>;
  const width = last - first;
  const label = (iso: string) =>
    scale === 'month'
      ? new Intl.DateTimeFormat(currentLanguage(), { month: 'short', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`))
      : t('period.quarter', { quarter: Math.floor(Number(iso.slice(5, 7)) / 3) + 1, year: iso.slice(0, 4) });

  return (
    <div className="timeline-view">
      <div className="view-tools">
        <fieldset className="segmented">
          <legend className="visually-hidden">{t('timeline.scale')}</legend>
          {(['month', 'quarter'] as const).map((s) => (
            <label key={s} className={scale === s ? 'checked' : ''}>
              <input type="radio" name="timeline-scale" value={s} checked={scale === s} onChange={() => setScale(s)} />
              {t(`timeline.by.${s}`)}
            </label>
          ))}
        </fieldset>
        {loaded.data.truncated && <p className="muted">{t('timeline.truncated', { count: DRAWN_LIMIT })}</p>}
      </div>
      <ScrollRegion className="timeline" label={t('timeline.title')}>
        <div className="timeline-head" aria-hidden="true">
          <div className="lane-name" />
          <div className="lane-track" ref={track}>
            <span className="timeline-probe" ref={probe}>
              <span className="ref">{longestCode}</span>
            </span>
            {columns.map((c) => (
              <span
                key={c.start}
                className="timeline-column"
                style={{
                  insetInlineStart: `${((toDay(c.start) - first) / width) * 100}%`,
                  inlineSize: `${((toDay(c.end) + 1 - toDay(c.start)) / width) * 100}%`,
                }}
              >
                {label(c.start)}
              </span>
            ))}
          </div>
        </div>
        {lanes.length === 0 && <p className="empty">{t('activities.none')}</p>}
        {lanes.map((lane) => {
          const rows = Math.max(...lane.bars.map((b) => b.row)) + 1;
          return (
            <section key={lane.domain} className="timeline-lane" aria-label={t(`domain.${lane.domain}`)}>
              <h3 className="lane-name">{t(`domain.${lane.domain}`)}</h3>
              <ul className="lane-track" style={{ blockSize: `${rows * 1.9 + 0.4}rem` }}>
                {columns.map((c) => (
                  <li
                    key={c.start}
                    aria-hidden="true"
                    className="timeline-grid"
                    style={{ insetInlineStart: `${((toDay(c.start) - first) / width) * 100}%` }}
                  />
                ))}
                {lane.bars.map(({ a, from, to, boxFrom, boxTo, labelFrom, labelTo, row }) => {
                  const title = localized(a.title);
                  const period = formatPeriod(a.plannedPeriod, (quarter, year) => t('period.quarter', { quarter, year }));
                  const box = boxTo - boxFrom;
                  return (
                    <li
                      key={a.id}
                      className={`timeline-bar status-${a.status}`}
                      style={{
                        insetInlineStart: `${((boxFrom - first) / width) * 100}%`,
                        inlineSize: `${(box / width) * 100}%`,
                        insetBlockStart: `${row * 1.9 + 0.2}rem`,
                      }}
                    >
                      {/* The activity's own days; the rest of the box is its label's room. */}
                      <span
                        className="timeline-days"
                        aria-hidden="true"
                        style={{
                          insetInlineStart: `${((from - boxFrom) / box) * 100}%`,
                          inlineSize: `${((to + 1 - from) / box) * 100}%`,
                        }}
                      />
                      <Link
                        to={`/activities/${a.id}`}
                        title={`${a.refCode} ${title.text} — ${period}`}
                        style={{
                          marginInlineStart: `${((labelFrom - boxFrom) / box) * 100}%`,
                          inlineSize: `${((labelTo - labelFrom) / box) * 100}%`,
                        }}
                      >
                        <Code>{a.refCode}</Code>
                        <Bidi lang={title.lang} className="clip">
                          {title.text}
                        </Bidi>
                        <span className="visually-hidden">
                          {' '}
                          — {period}, {t(`activityStatus.${a.status}`)}
                        </span>
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </section>
          );
        })}
      </ScrollRegion>
    </div>
  );
}
