import { type CSSProperties, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DOMAINS } from '../../../src/domain/activity.schema.js';
import { movedPeriod, type PlannedPeriod, plannedPeriodSchema } from '../../../src/domain/period.js';
import { isPlanEditable } from '../../../src/domain/plan.lifecycle.js';
import { api } from '../api/client.js';
import type { Activity, PlanDiff, WorkPlan } from '../api/types.js';
import { formatPeriod, localized } from '../i18n/format.js';
import { currentLanguage } from '../i18n/index.js';
import { Link } from '../router.js';
import { useLoad } from '../use-load.js';
import { Bidi, Code } from './bidi.js';
import { LoadError } from './load-error.js';
import { DRAWN_LIMIT, spanOf, toDay, usePlanActivities } from './plan-activities.js';
import { ScrollRegion } from './scroll-region.js';
import { useTimelineMoves } from './timeline-moves.js';

const SCALES = ['week', 'month', 'quarter'] as const;
type Scale = (typeof SCALES)[number];
/** The narrowest bar, as a share of the track. */
const MIN_BAR = 0.075;
/** How wide a week's column is drawn at the least: a year of weeks scrolls rather than squeezing its dates. */
const WEEK_REM = 3.6;

/** The first day of the week, month or quarter that `day` falls in (weeks start on Monday, as ISO 8601's). */
function columnStart(day: Date, scale: Scale) {
  if (scale === 'week') return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * 86_400_000);
  const month = scale === 'month' ? day.getUTCMonth() : Math.floor(day.getUTCMonth() / 3) * 3;
  return new Date(Date.UTC(day.getUTCFullYear(), month, 1));
}

const nextColumn = (d: Date, scale: Scale) =>
  scale === 'week'
    ? new Date(d.getTime() + 7 * 86_400_000)
    : new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + (scale === 'month' ? 1 : 3), 1));

/** The columns of the timeline: each week, month or quarter of the plan's period. */
function buckets(startIso: string, endIso: string, scale: Scale) {
  const out: { start: string; end: string }[] = [];
  let d = columnStart(new Date(`${startIso}T00:00:00Z`), scale);
  while (d.toISOString().slice(0, 10) <= endIso) {
    const next = nextColumn(d, scale);
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

/** A dependency's arrow as drawn: from the end of the predecessor's days to the start of the successor's. */
interface Arrow {
  id: string;
  d: string;
  violated: boolean;
  name: string;
}

/**
 * The arrows of the dependencies whose two bars are drawn, measured in `body` once laid out: each leaves the
 * inline end of the predecessor's days and enters the inline start of the successor's (right to left in
 * Arabic and Hebrew, as the bars are).
 */
function arrowsIn(
  body: HTMLElement,
  dependencies: readonly { id: string; predecessorId: string; successorId: string; violated: boolean }[],
  codeOf: (id: string) => string,
): Arrow[] {
  const origin = body.getBoundingClientRect();
  const rtl = getComputedStyle(body).direction === 'rtl';
  const days = (id: string) => body.querySelector<HTMLElement>(`[data-activity="${id}"] .timeline-days`)?.getBoundingClientRect();
  const out: Arrow[] = [];
  for (const dep of dependencies) {
    const p = days(dep.predecessorId);
    const s = days(dep.successorId);
    if (!p || !s) continue;
    const x1 = (rtl ? p.left : p.right) - origin.left;
    const y1 = p.top + p.height / 2 - origin.top;
    const x2 = (rtl ? s.right : s.left) - origin.left;
    const y2 = s.top + s.height / 2 - origin.top;
    const out1 = x1 + (rtl ? -6 : 6);
    const in2 = x2 + (rtl ? 6 : -6);
    out.push({
      id: dep.id,
      d: `M ${x1} ${y1} H ${out1} V ${(y1 + y2) / 2} H ${in2} V ${y2} H ${x2}`,
      violated: dep.violated,
      name: `${codeOf(dep.predecessorId)} → ${codeOf(dep.successorId)}`,
    });
  }
  return out;
}

/**
 * The planned period each activity had in the plan's approved baseline, by reference code, for those whose period
 * the plan has changed since (postponed, or moved by an amendment). Empty for a plan without a baseline.
 */
function baselinePeriods(diff: PlanDiff | null) {
  const out = new Map<string, PlannedPeriod>();
  for (const c of diff?.changed ?? []) {
    const was = plannedPeriodSchema.safeParse(c.changes.find((x) => x.field === 'plannedPeriod')?.from);
    if (was.success) out.set(c.refCode, was.data);
  }
  return out;
}

/**
 * The plan as a timeline: a lane per domain, a column per week, month or
 * quarter, each activity a bar over its dates, with an outline under it over
 * its baseline period where the plan has moved it since. Bars are placed with
 * logical offsets, so time runs right to left in Arabic and Hebrew.
 */
export function PlanTimeline({ plan }: { plan: WorkPlan }) {
  const { t } = useTranslation();
  const [scale, setScale] = useState<Scale>('month');
  const loaded = usePlanActivities(plan.id);
  // What the timeline draws besides the bars: the dependencies the reader may read, and the commission's sessions.
  const extras = useLoad(async () => {
    const [dependencies, sessions, diff] = await Promise.all([
      api.dependencies(plan.id),
      api.sessions(plan.commissionId).catch(() => ({ items: [] })),
      // Only an adopted plan has a baseline to outline.
      isPlanEditable(plan.status) ? null : api.diff(plan.id, 0, 'current').catch(() => null),
    ]);
    return { dependencies: dependencies.items, sessions: sessions.items, baseline: baselinePeriods(diff) };
  }, [plan.id, plan.commissionId, plan.status]);
  const body = useRef<HTMLDivElement>(null);
  const [arrows, setArrows] = useState<Arrow[]>([]);
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
  useLayoutEffect(() => {
    const el = body.current;
    const deps = extras.data?.dependencies ?? [];
    if (!el) return;
    const codes = new Map((loaded.data?.items ?? []).map((a) => [a.id, a.refCode]));
    const next = arrowsIn(el, deps, (id) => codes.get(id) ?? '');
    setArrows((was) => (JSON.stringify(was) === JSON.stringify(next) ? was : next));
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

  const periodText = (p: PlannedPeriod) => formatPeriod(p, (quarter, year) => t('period.quarter', { quarter, year }));
  const moves = useTimelineMoves({
    daysPerPixel: widths.track > 0 ? (last - first) / widths.track : 0,
    reload: () => {
      loaded.reload();
      extras.reload();
    },
    items: loaded.data,
    periodText,
  });

  if (loaded.state === 'failed') return <LoadError error={loaded.error} />;
  if (loaded.state === 'loading') return <p className="muted">{t('common.loading')}</p>;
  const width = last - first;
  const at = (day: number) => `${((day - first) / width) * 100}%`;
  const today = toDay(new Date().toISOString());
  const showToday = today >= first && today < last;
  const sessions = (extras.data?.sessions ?? []).filter((x) => toDay(x.startDate) >= first && toDay(x.startDate) < last);
  // Lines across every lane: today, and each session of the commission.
  const lines = (
    <>
      {showToday && <li aria-hidden="true" className="timeline-today" style={{ insetInlineStart: at(today) }} />}
      {sessions.map((x) => (
        <li
          key={x.id}
          aria-hidden="true"
          className="timeline-session-line"
          style={{ insetInlineStart: at(toDay(x.startDate)) }}
        />
      ))}
    </>
  );
  const label = (iso: string) =>
    scale === 'quarter'
      ? t('period.quarter', { quarter: Math.floor(Number(iso.slice(5, 7)) / 3) + 1, year: iso.slice(0, 4) })
      : new Intl.DateTimeFormat(currentLanguage(), {
          ...(scale === 'week' && { day: 'numeric' }),
          month: 'short',
          timeZone: 'UTC',
        }).format(new Date(`${iso}T00:00:00Z`));
  const baseline = extras.data?.baseline ?? new Map<string, PlannedPeriod>();
  const anyMovable = (loaded.data.items ?? []).some(moves.movable);

  return (
    <div
      className="timeline-view"
      style={scale === 'week' ? ({ '--track-min': `${columns.length * WEEK_REM}rem` } as CSSProperties) : undefined}
    >
      <div className="view-tools">
        <fieldset className="segmented">
          <legend className="visually-hidden">{t('timeline.scale')}</legend>
          {SCALES.map((s) => (
            <label key={s} className={scale === s ? 'checked' : ''}>
              <input type="radio" name="timeline-scale" value={s} checked={scale === s} onChange={() => setScale(s)} />
              {t(`timeline.by.${s}`)}
            </label>
          ))}
        </fieldset>
        {loaded.data.truncated && <p className="muted">{t('timeline.truncated', { count: DRAWN_LIMIT })}</p>}
        {anyMovable && <p className="muted timeline-help">{t('timeline.moveHelp')}</p>}
        {moves.failure && (
          <p role="alert" className="error timeline-refusal">
            {moves.failure}
          </p>
        )}
        <span className="visually-hidden" aria-live="polite">
          {moves.said}
        </span>
        {baseline.size > 0 && (
          <p className="muted timeline-legend">
            <span className="timeline-baseline-key" aria-hidden="true" /> {t('timeline.baselineLegend')}
          </p>
        )}
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
            {showToday && (
              <span className="timeline-today-mark" style={{ insetInlineStart: at(today) }}>
                {t('timeline.today')}
              </span>
            )}
            {sessions.map((x) => (
              <span
                key={x.id}
                className="timeline-session"
                data-session={x.id}
                title={t('timeline.session', { number: x.number })}
                style={{ insetInlineStart: at(toDay(x.startDate)) }}
              >
                ◆<span className="visually-hidden">{t('timeline.session', { number: x.number })}</span>
              </span>
            ))}
          </div>
        </div>
        <div className="timeline-body" ref={body}>
          <svg className="timeline-arrows" aria-label={t('timeline.dependencies')} role="img">
            <defs>
              <marker id="timeline-arrow-head" viewBox="0 0 6 6" refX="6" refY="3" markerWidth="6" markerHeight="6" orient="auto">
                <path d="M 0 0 L 6 3 L 0 6 z" />
              </marker>
            </defs>
            {arrows.map((a) => (
              <path
                key={a.id}
                data-dependency={a.id}
                className={a.violated ? 'dependency violated' : 'dependency'}
                d={a.d}
                markerEnd="url(#timeline-arrow-head)"
              >
                <title>{a.violated ? t('timeline.dependencyViolated', { name: a.name }) : a.name}</title>
              </path>
            ))}
          </svg>
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
                  {lines}
                  {lane.bars.map(({ a, from, to, boxFrom, boxTo, labelFrom, labelTo, row }) => {
                    const title = localized(a.title);
                    const period = periodText(a.plannedPeriod);
                    const box = boxTo - boxFrom;
                    const was = baseline.get(a.refCode);
                    const movable = moves.movable(a);
                    // While moved, the bar is drawn where the move puts it: shifted by whole days, its end moved.
                    const move = moves.moving?.id === a.id ? moves.moving : null;
                    const shown = move ? movedPeriod(a.plannedPeriod, move.days, move.edge) : a.plannedPeriod;
                    const shift = toDay(shown.start) - toDay(a.plannedPeriod.start);
                    const grow = toDay(shown.end) - toDay(a.plannedPeriod.end) - shift;
                    return (
                      <li
                        key={a.id}
                        data-activity={a.id}
                        className={`timeline-bar status-${a.status}${movable ? ' movable' : ''}${move ? ' moving' : ''}`}
                        style={{
                          insetInlineStart: `${((boxFrom + shift - first) / width) * 100}%`,
                          inlineSize: `${(box / width) * 100}%`,
                          insetBlockStart: `${row * 1.9 + 0.2}rem`,
                        }}
                        {...moves.handlers(a)}
                      >
                        {/* The activity's own days; the rest of the box is its label's room. */}
                        <span
                          className="timeline-days"
                          aria-hidden="true"
                          style={{
                            insetInlineStart: `${((from - boxFrom) / box) * 100}%`,
                            inlineSize: `${((to + 1 + grow - from) / box) * 100}%`,
                          }}
                        />
                        {movable && a.plannedPeriod.precision === 'day' && (
                          <span
                            className="timeline-grip"
                            aria-hidden="true"
                            style={{ insetInlineStart: `${((to + 1 + grow - boxFrom) / box) * 100}%` }}
                          />
                        )}
                        {was && (
                          <span
                            className="timeline-baseline"
                            aria-hidden="true"
                            style={{
                              insetInlineStart: `${((toDay(was.start) - shift - boxFrom) / box) * 100}%`,
                              inlineSize: `${((toDay(was.end) + 1 - toDay(was.start)) / box) * 100}%`,
                            }}
                          />
                        )}
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
                            {was && `, ${t('timeline.baseline', { period: periodText(was) })}`}
                          </span>
                        </Link>
                      </li>
                    );
                  })}
                </ul>
              </section>
            );
          })}
        </div>
      </ScrollRegion>
    </div>
  );
}
