import { type DragEvent, type KeyboardEvent, type MouseEvent, type PointerEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { movedPeriod, type PlannedPeriod, PRECISION_DAYS } from '../../../src/domain/period.js';
import { canPlan } from '../../../src/domain/policy.js';
import { api } from '../api/client.js';
import type { Activity } from '../api/types.js';
import { problemText } from '../i18n/problems.js';
import { useSession } from '../signed-in-user.js';

/** A bar being moved: by how many days (a fraction while dragged), and whether the whole of it or its end. */
export interface BarMove {
  id: string;
  days: number;
  edge: 'both' | 'end';
}

/** The statuses whose planned dates a planner still moves: once conducted, a bar shows the actual dates. */
const MOVABLE = new Set<Activity['status']>(['proposed', 'planned', 'scheduled', 'postponed']);
/** How far the pointer goes before a press on a bar becomes a drag rather than a click on its link. */
const DRAG_AFTER_PX = 4;

/**
 * Moving the bars of the timeline with the pointer or the keyboard, for the planners of each activity's party:
 * a drag of its days (or Alt and an arrow key) moves the activity, a drag of its end (or Alt, Shift and an arrow
 * key) moves its end alone; a month or a quarter moves by whole months or quarters. Each move is one change of the
 * activity's planned period with the version read, through the API's rules: in an adopted plan only while an
 * amendment is open, as any edit. `daysPerPixel` converts the pointer's travel along the track; `reload` reads the
 * plan's activities again once a move is saved, and the preview of the move stays until `items` are read again.
 */
export function useTimelineMoves({
  daysPerPixel,
  reload,
  items,
  periodText,
}: {
  daysPerPixel: number;
  reload: () => void;
  items: unknown;
  periodText: (p: PlannedPeriod) => string;
}) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [moving, setMoving] = useState<BarMove | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [said, setSaid] = useState('');
  const drag = useRef<{ id: string; edge: BarMove['edge']; x: number; started: boolean; pointer: number } | null>(null);
  // A drag ends with a click on the link under the pointer: that click does not open the activity.
  const justDragged = useRef(false);
  // The activity whose move is being saved: no other move starts until the activities are read again with its new
  // version, which a second move of it would otherwise send stale and see refused.
  const saving = useRef<string | null>(null);
  // The bar moved from the keyboard, focused again once read: a move that reorders its lane moves its element.
  const refocus = useRef<string | null>(null);

  // The preview stays until the activities read again with the move saved in them.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new reading of the activities is what ends the preview.
  useEffect(() => {
    saving.current = null;
    setMoving((m) => (m && drag.current?.id !== m.id ? null : m));
    const id = refocus.current;
    refocus.current = null;
    if (id && (document.activeElement === document.body || document.activeElement === null))
      document.querySelector<HTMLElement>(`.timeline-bar[data-activity="${id}"] a`)?.focus();
  }, [items]);

  const movable = (a: Activity) => canPlan(user, a.ownerParty) && a.actualStart === null && MOVABLE.has(a.status);
  const rtl = () => document.documentElement.dir === 'rtl';

  async function save(a: Activity, days: number, edge: BarMove['edge']) {
    const plannedPeriod = movedPeriod(a.plannedPeriod, days, edge);
    if (saving.current !== null) return;
    if (plannedPeriod.start === a.plannedPeriod.start && plannedPeriod.end === a.plannedPeriod.end) {
      setMoving(null);
      return;
    }
    saving.current = a.id;
    setFailure(null);
    setMoving({ id: a.id, days, edge });
    try {
      await api.updateActivity(a.id, { plannedPeriod, version: a.version });
      setSaid(t('timeline.moved', { code: a.refCode, period: periodText(plannedPeriod) }));
      reload();
    } catch (err) {
      saving.current = null;
      setMoving(null);
      setFailure(problemText(err, t('common.unexpectedError')));
    }
  }

  /** What a bar's element listens to, when its activity may be moved by the reader. */
  function handlers(a: Activity) {
    if (!movable(a)) return {};
    return {
      onPointerDown: (e: PointerEvent<HTMLElement>) => {
        if (e.button !== 0) return;
        const target = e.target as HTMLElement;
        const days = e.currentTarget.querySelector('.timeline-days')?.getBoundingClientRect();
        const onGrip = target.closest('.timeline-grip') !== null;
        if (!onGrip && !(days && e.clientX >= days.left && e.clientX <= days.right)) return;
        drag.current = { id: a.id, edge: onGrip ? 'end' : 'both', x: e.clientX, started: false, pointer: e.pointerId };
      },
      onPointerMove: (e: PointerEvent<HTMLElement>) => {
        const d = drag.current;
        if (!d || d.id !== a.id || d.pointer !== e.pointerId) return;
        const dx = e.clientX - d.x;
        if (!d.started) {
          if (Math.abs(dx) < DRAG_AFTER_PX) return;
          d.started = true;
          e.currentTarget.setPointerCapture(e.pointerId);
        }
        setMoving({ id: a.id, days: (rtl() ? -dx : dx) * daysPerPixel, edge: d.edge });
      },
      onPointerUp: (e: PointerEvent<HTMLElement>) => {
        const d = drag.current;
        drag.current = null;
        if (!d || d.id !== a.id || !d.started) return;
        justDragged.current = true;
        const dx = e.clientX - d.x;
        void save(a, (rtl() ? -dx : dx) * daysPerPixel, d.edge);
      },
      // The link's own drag (to drop its address elsewhere) would take the pointer away from the bar.
      onDragStart: (e: DragEvent<HTMLElement>) => e.preventDefault(),
      onPointerCancel: () => {
        drag.current = null;
        setMoving(null);
      },
      onClickCapture: (e: MouseEvent<HTMLElement>) => {
        if (!justDragged.current) return;
        justDragged.current = false;
        e.preventDefault();
        e.stopPropagation();
      },
      onKeyDown: (e: KeyboardEvent<HTMLElement>) => {
        if (!e.altKey || (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight')) return;
        e.preventDefault();
        refocus.current = a.id;
        const later = (e.key === 'ArrowRight') !== rtl();
        void save(a, (later ? 1 : -1) * PRECISION_DAYS[a.plannedPeriod.precision], e.shiftKey ? 'end' : 'both');
      },
    };
  }

  return { moving, failure, said, movable, handlers };
}
