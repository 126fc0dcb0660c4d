import { api } from '../api/client.js';
import type { Activity } from '../api/types.js';
import { useLoad } from '../use-load.js';
import { usePageLabels } from './classification-banner.js';

/** How many activities the timeline and calendar draw; a larger plan is read through its table. */
export const DRAWN_LIMIT = 2000;

/** A plan's activities by planned start, for the views that draw them all at once. */
export function usePlanActivities(planId: string) {
  const loaded = useLoad(async () => {
    const items: Activity[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.activities(planId, { sort: 'plannedStart', cursor, limit: 500 });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && items.length < DRAWN_LIMIT);
    return { items, truncated: !!cursor };
  }, [planId]);
  // What the timeline and calendar draw marks the page as high as it is.
  usePageLabels(loaded.data?.items ?? []);
  return loaded;
}

const DAY = 86_400_000;
export const toDay = (iso: string) => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY;
export const isoOfDay = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

/** The dates an activity takes: its actual dates once conducted, else its planned period. */
export const spanOf = (a: Activity) => ({
  start: a.actualStart ?? a.plannedPeriod.start,
  end: a.actualEnd ?? a.actualStart ?? a.plannedPeriod.end,
});
