import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { ProblemError } from '../api/problem.js';
import type { ActionItem, AgendaItem, CommissionSession } from '../api/types.js';
import { AgendaEntry } from './agenda-entry.js';
import { AgendaItemAddForm } from './agenda-item-add-form.js';
import { Alert } from './field.js';
import { useActionFeedback } from './use-action-feedback.js';

export function SessionAgenda({
  session,
  agenda,
  actionItems,
  parties,
  planner,
  onChanged,
}: {
  session: CommissionSession;
  agenda: AgendaItem[];
  actionItems: ActionItem[];
  parties: string[];
  planner: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  // Kept as what to say rather than said, so it follows a change of language; said until the agenda reads otherwise.
  const { failure, notice, run } = useActionFeedback<{ key: 'agenda.prepared' | 'agendaEdit.moved'; count?: number }>(
    JSON.stringify([session.status, agenda.map((i) => [i.id, i.version, i.position, i.reference])]),
  );
  const open = session.status !== 'minutes_approved';
  // Items are edited, removed and reordered until the session sits.
  const arranging = planner && (session.status === 'planned' || session.status === 'convened');
  const [focusAfterMove, setFocusAfterMove] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the buttons to focus are those of the agenda as read again after the move.
  useEffect(() => {
    if (!focusAfterMove) return;
    // Keep the keyboard where it was: on the moved item's button, or its other one at either end.
    const [dir, id] = focusAfterMove.split(':');
    const other = dir === 'up' ? 'down' : 'up';
    const target = [`move-${dir}-${id}`, `move-${other}-${id}`]
      .map((i) => document.getElementById(i) as HTMLButtonElement | null)
      .find((b) => b && !b.disabled);
    target?.focus();
  }, [focusAfterMove, agenda]);

  const prepare = () =>
    run(
      async () => {
        const before = agenda.length;
        const after = await api.prepareAgenda(session.id);
        onChanged();
        return { key: 'agenda.prepared' as const, count: after.items.length - before };
      },
      (outcome) => outcome === 'done',
    );
  const sorted = [...agenda].sort((a, b) => a.position - b.position);
  async function move(index: number, by: -1 | 1) {
    const ids = sorted.map((i) => i.id);
    const [id] = ids.splice(index, 1);
    if (!id) return;
    ids.splice(index + by, 0, id);
    await run(
      async () => {
        try {
          await api.reorderAgenda(session.id, ids);
        } catch (err) {
          // The agenda changed meanwhile: read it again, and say so over the new reading.
          if (err instanceof ProblemError && err.isConflict) onChanged();
          throw err;
        }
        setFocusAfterMove(`${by < 0 ? 'up' : 'down'}:${id}`);
        onChanged();
        return { key: 'agendaEdit.moved' as const };
      },
      (outcome, err) => outcome === 'done' || (err instanceof ProblemError && err.isConflict),
    );
  }
  return (
    <section className="card" aria-labelledby="agenda-heading">
      <div className="section-head">
        <h2 id="agenda-heading" tabIndex={-1}>
          {t('agenda.title')}
        </h2>
        {planner && open && (
          <button type="button" className="button ghost" onClick={() => void prepare()}>
            {t('agenda.prepare')}
          </button>
        )}
      </div>
      <p className="muted">{t('agenda.prepareHint')}</p>
      {failure && <Alert kind="error">{failure}</Alert>}
      {notice && <Alert kind="info">{t(notice.key, { count: notice.count })}</Alert>}
      {sorted.length === 0 ? (
        <p className="muted">{t('agenda.none')}</p>
      ) : (
        <ol className="agenda">
          {sorted.map((item, index) => (
            <AgendaEntry
              key={item.id}
              item={item}
              actionItems={actionItems.filter((a) => a.agendaItemId === item.id)}
              commissionActionItems={actionItems}
              arrange={
                arranging
                  ? {
                      up: index > 0 ? () => void move(index, -1) : null,
                      down: index < sorted.length - 1 ? () => void move(index, 1) : null,
                    }
                  : null
              }
              parties={parties}
              // Minutes are written while the session sits, and until they are approved.
              canWrite={planner && (session.status === 'convened' || session.status === 'held')}
              canRelease={planner && open}
              onChanged={onChanged}
            />
          ))}
        </ol>
      )}
      {planner && open && <AgendaItemAddForm session={session} parties={parties} onAdded={onChanged} />}
    </section>
  );
}
