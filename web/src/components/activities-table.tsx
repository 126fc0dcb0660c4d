import { useVirtualizer } from '@tanstack/react-virtual';
import { lazy, type ReactNode, Suspense, useCallback, useEffect, useId, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { ACTIVITY_STATUSES } from '../../../src/domain/activity.lifecycle.js';
import { type ActivitySort, DOMAINS } from '../../../src/domain/activity.schema.js';
import {
  ACTIVITY_COLUMNS,
  ACTIVITY_GROUPS,
  type ActivityColumn,
  type ActivityGroup,
  type ActivityQueryState,
  activityQueryOfParams,
  activityQueryToParams,
  groupKeyOf,
} from '../../../src/domain/activity-query.schema.js';
import { api } from '../api/client.js';
import type { Activity, ActivityListQuery } from '../api/types.js';
import { loadBulkEditTexts } from '../i18n/bulk-edit.js';
import { formatDateTime, formatPeriod, localized, periodBounds } from '../i18n/format.js';
import { Link, navigate, setSearchParams, useSearchParams } from '../router.js';
import { ActivityStatusBadge } from './badges.js';
import { Localized } from './bidi.js';
import { RecordMarking, usePageLabels } from './classification-banner.js';
import { LoadError } from './load-error.js';
import { SavedQueries } from './saved-queries.js';
import { ScrollRegion } from './scroll-region.js';
import { activitiesToIcs, download, tableToCsv, tableToXlsx } from './table-export.js';
import { PrintTable, usePrinting } from './table-print.js';

// The bulk edit's bar is loaded when something is first selected.
const ActivityBulkBar = lazy(() => import('./activity-bulk-bar.js'));

const PAGE = 100;
const ROW_HEIGHT = 44;
const EXPORT_LIMIT = 50_000;

type SortField = 'refCode' | 'plannedStart' | 'priority' | 'updatedAt';

interface Column {
  id: ActivityColumn;
  sort?: SortField;
  width: string;
  cell: (a: Activity, t: Translate) => ReactNode;
  /** The cell as plain text, for exports. */
  text: (a: Activity, t: Translate) => string;
}
type Translate = (k: string, o?: Record<string, unknown>) => string;
const periodText = (a: Activity, t: Translate) =>
  formatPeriod(a.plannedPeriod, (quarter, year) => t('period.quarter', { quarter, year }));

/** A day span's two dates, each whole: on one line when they fit, else one under the other. */
function PeriodCell({ activity: a, t }: { activity: Activity; t: Translate }) {
  const bounds = periodBounds(a.plannedPeriod, (quarter, year) => t('period.quarter', { quarter, year }));
  const full = periodText(a, t);
  if (bounds.length === 1) return <span title={full}>{bounds[0]}</span>;
  return (
    <span className="period-bounds" title={full}>
      <span>{bounds[0]}</span> – <span>{bounds[1]}</span>
    </span>
  );
}

const COLUMNS: Column[] = [
  {
    id: 'refCode',
    sort: 'refCode',
    width: '9rem',
    cell: (a) => (
      <Link to={`/activities/${a.id}`} className="ref" dir="ltr">
        {a.refCode}
      </Link>
    ),
    text: (a) => a.refCode,
  },
  {
    id: 'title',
    width: 'auto',
    cell: (a) => {
      // Its own direction, so that a French title on a Hebrew page is cut at its end, not its start.
      return <Localized text={a.title} className="clip" />;
    },
    text: (a) => localized(a.title).text,
  },
  { id: 'domain', width: '8.5rem', cell: (a, t) => t(`domain.${a.domain}`), text: (a, t) => t(`domain.${a.domain}`) },
  { id: 'type', width: '11rem', cell: (a, t) => t(`activityType.${a.type}`), text: (a, t) => t(`activityType.${a.type}`) },
  { id: 'leadParty', width: '5rem', cell: (a) => <span className="party-tag">{a.leadParty}</span>, text: (a) => a.leadParty },
  {
    id: 'plannedPeriod',
    sort: 'plannedStart',
    width: '12rem',
    cell: (a, t) => <PeriodCell activity={a} t={t} />,
    text: periodText,
  },
  {
    id: 'status',
    width: '10.5rem',
    cell: (a) => <ActivityStatusBadge status={a.status} />,
    text: (a, t) => t(`activityStatus.${a.status}`),
  },
  {
    id: 'priority',
    sort: 'priority',
    width: '6.5rem',
    cell: (a, t) => t(`priority.${a.priority}`),
    text: (a, t) => t(`priority.${a.priority}`),
  },
  {
    id: 'classification',
    width: '9rem',
    cell: (a) => <RecordMarking label={a} compact />,
    text: (a, t) => t(`classification.${a.classification}`),
  },
  {
    id: 'updatedAt',
    sort: 'updatedAt',
    width: '11rem',
    cell: (a) => formatDateTime(a.updatedAt),
    text: (a) => a.updatedAt,
  },
];

type Filters = Pick<ActivityListQuery, 'status' | 'domain' | 'leadParty' | 'q'>;

interface Rows {
  items: Activity[];
  nextCursor: string | null;
  loading: boolean;
  error: unknown;
}

/** Pages through the list with the API's cursor; a newer query discards the answers of older ones. */
function useActivityPages(planId: string, filters: Filters, sort: ActivitySort, refresh = 0) {
  const [rows, setRows] = useState<Rows>({ items: [], nextCursor: null, loading: true, error: null });
  const generation = useRef(0);
  const query = JSON.stringify({ ...filters, sort, refresh });

  const fetchPage = useCallback(
    async (cursor: string | undefined, gen: number) => {
      setRows((r) => ({ ...r, loading: true, error: null }));
      try {
        const { refresh: _again, ...asked } = JSON.parse(query);
        const page = await api.activities(planId, { ...asked, cursor, limit: PAGE });
        if (gen !== generation.current) return;
        setRows((r) => ({
          items: cursor ? [...r.items, ...page.items] : page.items,
          nextCursor: page.nextCursor,
          loading: false,
          error: null,
        }));
      } catch (error) {
        if (gen === generation.current) setRows((r) => ({ ...r, loading: false, error }));
      }
    },
    [planId, query],
  );

  useEffect(() => {
    generation.current += 1;
    setRows({ items: [], nextCursor: null, loading: true, error: null });
    void fetchPage(undefined, generation.current);
  }, [fetchPage]);

  // Read through a ref so that asking twice before the answer comes fetches once.
  const latest = useRef(rows);
  latest.current = rows;
  const loadMore = useCallback(() => {
    const r = latest.current;
    if (r.loading || !r.nextCursor) return;
    latest.current = { ...r, loading: true };
    void fetchPage(r.nextCursor, generation.current);
  }, [fetchPage]);

  return { rows, loadMore };
}

/** Every activity the query matches, page after page, up to a bound that keeps the browser responsive. */
async function allActivities(planId: string, query: Filters & { sort: ActivitySort }) {
  const items: Activity[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.activities(planId, { ...query, cursor, limit: 500 });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < EXPORT_LIMIT);
  return { items, truncated: !!cursor };
}

/** The rows the table draws: a group's header with its count, or an activity. */
type Line = { group: string; count: number | undefined } | Activity;

/**
 * The loaded rows under their groups' headers, in the groups' order, each
 * header with the count the server took of the whole group (rows still to
 * load are counted, hidden ones never).
 */
function linesOf(items: Activity[], by: ActivityGroup | undefined, counts: Map<string, number> | undefined): Line[] {
  if (!by) return items;
  const groups = new Map<string, Activity[]>();
  for (const key of counts?.keys() ?? []) groups.set(key, []);
  for (const a of items) {
    const key = groupKeyOf(a, by);
    const list = groups.get(key) ?? [];
    list.push(a);
    groups.set(key, list);
  }
  return [...groups].flatMap(([group, rows]) => [{ group, count: counts?.get(group) }, ...rows]);
}

/** Waits until typing pauses before searching. */
function useDebounced<T>(value: T, ms: number) {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/** A filter whose label names only the filter (a wrapping label would add the chosen value to its name). */
function FilterSelect({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string | undefined;
  options: [string, string][];
  onChange: (v: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">{t('activities.all')}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * A plan's activities: filters, search, sort, a choice of columns, and rows
 * drawn only where the reader looks, so that very long plans stay smooth.
 */
export function ActivitiesTable({ planId, parties, fileName }: { planId: string; parties: string[]; fileName: string }) {
  const { t } = useTranslation();
  // Filters, search, sort and columns live in the address: reload, back and forward and a shared link keep them.
  const params = useSearchParams();
  const query = activityQueryOfParams(params);
  const { status, domain, leadParty, sort } = query;
  const change = (patch: Partial<ActivityQueryState>, replace = false) =>
    setSearchParams(activityQueryToParams({ ...query, ...patch }, params), { replace });
  const [text, setText] = useState(query.q ?? '');
  const typed = useDebounced(text.trim(), 300);
  // The typed search reaches the address once typing pauses: a new search is a new entry, refining it rewrites
  // that entry, so that back undoes the search at once rather than letter by letter.
  const addressQ = query.q ?? '';
  const lastTyped = useRef(typed);
  useEffect(() => {
    if (typed === lastTyped.current) return;
    lastTyped.current = typed;
    if (typed !== addressQ) change({ q: typed || undefined }, addressQ !== '' && typed !== '');
  });
  // Back, forward or a saved query change the search in the address: the box follows it.
  useEffect(() => {
    if (addressQ !== lastTyped.current) {
      lastTyped.current = addressQ;
      setText(addressQ);
    }
  }, [addressQ]);
  const q = query.q;
  const [refresh, setRefresh] = useState(0);
  const { rows, loadMore } = useActivityPages(planId, { status, domain, leadParty, q }, sort, refresh);
  // The selection of a bulk edit: ids chosen one by one (shift-click takes a range), or all that match the filters.
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [allMatching, setAllMatching] = useState<number | null>(null);
  const [matchingTotal, setMatchingTotal] = useState<number | null>(null);
  const anchor = useRef<string | null>(null);
  const filterKey = JSON.stringify({ planId, status, domain, leadParty, q });
  const [selectionOf, setSelectionOf] = useState(filterKey);
  if (selectionOf !== filterKey) {
    setSelectionOf(filterKey);
    setSelected(new Set());
    setAllMatching(null);
    setMatchingTotal(null);
  }
  useEffect(() => {
    void loadBulkEditTexts();
  }, []);
  const toggle = (id: string, on: boolean, range: boolean) => {
    const ids = rows.items.map((a) => a.id);
    const from = range && anchor.current ? ids.indexOf(anchor.current) : -1;
    const to = ids.indexOf(id);
    const span = from >= 0 && to >= 0 ? ids.slice(Math.min(from, to), Math.max(from, to) + 1) : [id];
    const next = new Set(selected);
    for (const x of span)
      if (on) next.add(x);
      else next.delete(x);
    anchor.current = id;
    setAllMatching(null);
    setSelected(next);
  };
  const allShown = rows.items.length > 0 && rows.items.every((a) => selected.has(a.id));
  const selectShown = (on: boolean) => {
    setAllMatching(null);
    setSelected(on ? new Set(rows.items.map((a) => a.id)) : new Set());
    if (on && rows.nextCursor)
      api.activityGroups(planId, { by: 'status', status, domain, leadParty, q }).then(
        (g) => setMatchingTotal(g.total),
        () => setMatchingTotal(null),
      );
  };
  const clearSelection = () => {
    setSelected(new Set());
    setAllMatching(null);
  };
  const refOf = (id: string) => rows.items.find((a) => a.id === id)?.refCode;

  usePageLabels(rows.items);
  const columns = COLUMNS.filter((c) => query.columns.includes(c.id));
  // Each group's count comes from the server, under the same filters and the read rule.
  const { group } = query;
  const [counts, setCounts] = useState<Map<string, number>>();
  useEffect(() => {
    setCounts(undefined);
    if (!group) return;
    let current = true;
    api.activityGroups(planId, { by: group, status, domain, leadParty, q }).then(
      (g) => current && setCounts(new Map(g.groups.map((x) => [x.key, x.count]))),
      () => current && setCounts(new Map()),
    );
    return () => {
      current = false;
    };
  }, [planId, group, status, domain, leadParty, q]);
  const lines = linesOf(rows.items, group, counts);
  const groupLabel = (key: string) =>
    group === 'domain'
      ? t(`domain.${key}`)
      : group === 'status'
        ? t(`activityStatus.${key}`)
        : group === 'quarter'
          ? t('period.quarter', { quarter: key.slice(6), year: key.slice(0, 4) })
          : key;
  const scrollRef = useRef<HTMLElement>(null);
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const lastShown = virtualRows.at(-1)?.index ?? 0;

  useEffect(() => {
    if (rows.nextCursor && !rows.loading && lastShown >= rows.items.length - 20) loadMore();
  }, [lastShown, rows.items.length, rows.nextCursor, rows.loading, loadMore]);

  const toggleSort = (field: SortField) => change({ sort: sort === field ? (`-${field}` as ActivitySort) : field });
  const sortOf = (field: SortField | undefined) =>
    !field ? undefined : sort === field ? 'ascending' : sort === `-${field}` ? 'descending' : 'none';

  const [exporting, setExporting] = useState<null | 'busy' | { error: unknown } | { truncated: number }>(null);
  /** Exactly what the table shows: the same filters and sort, the chosen columns in their order. */
  async function exportAs(format: 'csv' | 'xlsx' | 'ics') {
    setExporting('busy');
    try {
      const { items, truncated } = await allActivities(planId, { status, domain, leadParty, q, sort });
      const table = {
        headers: columns.map((c) => t(`activities.column.${c.id}`)),
        rows: items.map((a) => columns.map((c) => c.text(a, t))),
      };
      const rtl = document.documentElement.dir === 'rtl';
      const blob =
        format === 'csv'
          ? await tableToCsv(table)
          : format === 'xlsx'
            ? await tableToXlsx(table, t('plan.activities'), rtl)
            : await activitiesToIcs(items, fileName, (a) => localized(a.title).text);
      download(blob, `${fileName}.${format}`);
      setExporting(truncated ? { truncated: items.length } : null);
    } catch (error) {
      setExporting({ error });
    }
  }

  // Printing lays out every activity, not the rows drawn on screen: those loaded (Ctrl+P), or all of them (the button).
  const printing = usePrinting();
  const [printItems, setPrintItems] = useState<Activity[] | null>(null);
  async function printWhole() {
    setExporting('busy');
    try {
      const { items, truncated } = await allActivities(planId, { status, domain, leadParty, q, sort });
      setExporting(truncated ? { truncated: items.length } : null);
      window.addEventListener('afterprint', () => setPrintItems(null), { once: true });
      flushSync(() => setPrintItems(items));
      window.print();
    } catch (error) {
      setExporting({ error });
    }
  }

  const padTop = virtualRows[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (virtualRows.at(-1)?.end ?? 0);

  return (
    <div className="activities">
      <search>
        <form className="filters" onSubmit={(e) => e.preventDefault()}>
          <label className="filter grow">
            <span>{t('activities.search')}</span>
            <input
              type="search"
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder={t('activities.searchPlaceholder')}
            />
          </label>
          <FilterSelect
            label={t('activities.status')}
            value={status}
            options={ACTIVITY_STATUSES.map((v) => [v, t(`activityStatus.${v}`)])}
            onChange={(v) => change({ status: v as Filters['status'] })}
          />
          <FilterSelect
            label={t('activities.domain')}
            value={domain}
            options={DOMAINS.map((v) => [v, t(`domain.${v}`)])}
            onChange={(v) => change({ domain: v as Filters['domain'] })}
          />
          <FilterSelect
            label={t('activities.leadParty')}
            value={leadParty}
            options={parties.map((p) => [p, p])}
            onChange={(v) => change({ leadParty: v })}
          />
          <FilterSelect
            label={t('activities.groupBy')}
            value={group}
            options={ACTIVITY_GROUPS.map((g) => [g, t(`activities.group.${g}`)])}
            onChange={(v) => change({ group: v as ActivityGroup | undefined })}
          />
          <details className="column-chooser">
            <summary className="button ghost">{t('activities.columns')}</summary>
            <fieldset>
              <legend className="visually-hidden">{t('activities.columns')}</legend>
              {COLUMNS.map((c) => (
                <label key={c.id} className="check">
                  <input
                    type="checkbox"
                    checked={query.columns.includes(c.id)}
                    disabled={c.id === 'refCode'}
                    onChange={() =>
                      change({
                        columns: query.columns.includes(c.id)
                          ? query.columns.filter((x) => x !== c.id)
                          : ACTIVITY_COLUMNS.filter((x) => x === c.id || query.columns.includes(x)),
                      })
                    }
                  />
                  {t(`activities.column.${c.id}`)}
                </label>
              ))}
            </fieldset>
          </details>
        </form>
      </search>
      <SavedQueries state={query} params={params} />

      <fieldset className="export-bar" aria-label={t('export.label')}>
        <button type="button" className="button ghost" disabled={exporting === 'busy'} onClick={() => void exportAs('csv')}>
          {t('export.csv')}
        </button>
        <button type="button" className="button ghost" disabled={exporting === 'busy'} onClick={() => void exportAs('xlsx')}>
          {t('export.xlsx')}
        </button>
        <button type="button" className="button ghost" disabled={exporting === 'busy'} onClick={() => void exportAs('ics')}>
          {t('export.ics')}
        </button>
        <button type="button" className="button ghost" disabled={exporting === 'busy'} onClick={() => void printWhole()}>
          {t('export.print')}
        </button>
        <span aria-live="polite" className="muted">
          {exporting === 'busy' ? t('export.preparing') : null}
          {exporting && typeof exporting === 'object' && 'truncated' in exporting
            ? t('export.truncated', { count: exporting.truncated })
            : null}
        </span>
      </fieldset>
      {exporting && typeof exporting === 'object' && 'error' in exporting ? <LoadError error={exporting.error} /> : null}
      {allShown && rows.nextCursor && allMatching === null && matchingTotal !== null && (
        <button type="button" className="button ghost" onClick={() => setAllMatching(matchingTotal)}>
          {t('bulk.selectAllMatching', { count: matchingTotal })}
        </button>
      )}
      {(selected.size > 0 || allMatching !== null) && (
        <Suspense fallback={null}>
          <ActivityBulkBar
            planId={planId}
            selection={
              allMatching !== null
                ? { filter: { status, domain, leadParty, ...(q ? { q } : {}) } }
                : { ids: rows.items.filter((a) => selected.has(a.id)).map((a) => a.id) }
            }
            count={allMatching ?? selected.size}
            refOf={refOf}
            onApplied={() => setRefresh((n) => n + 1)}
            onClear={clearSelection}
          />
        </Suspense>
      )}
      <p className="table-status" aria-live="polite">
        {rows.loading
          ? t('common.loading')
          : t(rows.nextCursor ? 'activities.countMore' : 'activities.count', { count: rows.items.length })}
      </p>
      {rows.error ? <LoadError error={rows.error} /> : null}

      <ScrollRegion className="table-scroll" label={t('plan.activities')} ref={scrollRef}>
        <table className="data-table" aria-rowcount={rows.nextCursor ? -1 : lines.length + 1}>
          <colgroup>
            <col style={{ width: '2.75rem' }} />
            {columns.map((c) => (
              <col key={c.id} style={{ width: c.width }} />
            ))}
          </colgroup>
          <thead>
            <tr aria-rowindex={1}>
              <th scope="col" className="select-cell">
                <input
                  type="checkbox"
                  aria-label={t('bulk.selectLoaded')}
                  checked={allShown || allMatching !== null}
                  onChange={(e) => selectShown(e.target.checked)}
                />
              </th>
              {columns.map((c) => (
                <th key={c.id} scope="col" aria-sort={sortOf(c.sort)}>
                  {c.sort ? (
                    <button type="button" className="sort" onClick={() => c.sort && toggleSort(c.sort)}>
                      {t(`activities.column.${c.id}`)}
                      <span aria-hidden="true" className="sort-mark">
                        {sortOf(c.sort) === 'ascending' ? '▲' : sortOf(c.sort) === 'descending' ? '▼' : ''}
                      </span>
                    </button>
                  ) : (
                    t(`activities.column.${c.id}`)
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <SpacerRow height={padTop} span={columns.length + 1} />
            {virtualRows.map((v) => {
              const a = lines[v.index];
              if (!a) return null;
              if ('group' in a)
                return (
                  <tr key={`group-${a.group}`} className="group-row" style={{ height: ROW_HEIGHT }}>
                    <th scope="rowgroup" colSpan={columns.length + 1}>
                      {groupLabel(a.group)}
                      {a.count !== undefined && <span className="group-count"> ({a.count})</span>}
                    </th>
                  </tr>
                );
              return (
                <tr
                  key={a.id}
                  aria-rowindex={v.index + 2}
                  style={{ height: ROW_HEIGHT }}
                  aria-selected={selected.has(a.id) || allMatching !== null}
                  onClick={(e) => {
                    if (!(e.target as HTMLElement).closest('a, input, .select-cell')) navigate(`/activities/${a.id}`);
                  }}
                >
                  <td className="select-cell">
                    <input
                      type="checkbox"
                      aria-label={t('bulk.select', { ref: a.refCode })}
                      checked={selected.has(a.id) || allMatching !== null}
                      onClick={(e) => {
                        e.stopPropagation();
                        toggle(a.id, e.currentTarget.checked, e.shiftKey);
                      }}
                      onChange={() => undefined}
                    />
                  </td>
                  {columns.map((c) => (
                    <td key={c.id}>{c.cell(a, t)}</td>
                  ))}
                </tr>
              );
            })}
            <SpacerRow height={padBottom} span={columns.length + 1} />
          </tbody>
        </table>
        {!rows.loading && rows.items.length === 0 && !rows.error && <p className="empty">{t('activities.none')}</p>}
      </ScrollRegion>
      {(printing || printItems) && (
        <PrintTable
          caption={
            !printItems && rows.nextCursor
              ? `${t('plan.activities')} — ${t('export.printPartial', { n: rows.items.length })}`
              : t('plan.activities')
          }
          records={printItems ?? rows.items}
          keyOf={(a) => a.id}
          columns={columns.map((c) => ({ id: c.id, head: t(`activities.column.${c.id}`), cell: (a: Activity) => c.cell(a, t) }))}
        />
      )}
    </div>
  );
}

/**
 * The height of the rows above or below those drawn, so that the table
 * scrolls as if all were there; nothing to read, so hidden from assistive
 * technology.
 */
function SpacerRow({ height, span }: { height: number; span: number }) {
  if (height <= 0) return null;
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a table row takes no focus; the rule counts it as a grid's row
    <tr aria-hidden="true" className="spacer" style={{ height }}>
      <td colSpan={span} />
    </tr>
  );
}
