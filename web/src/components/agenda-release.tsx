import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { ProblemError } from '../api/problem.js';
import type { AgendaItem } from '../api/types.js';
import { useSession } from '../signed-in-user.js';
import { Alert } from './field.js';
import { useActionFeedback } from './use-action-feedback.js';

/**
 * Says which parties of the session an agenda item is not released to: they
 * cannot approve the minutes until its owner releases or removes it. The
 * owner's planners can release it here in one step.
 */
export function AgendaRelease({
  item,
  parties,
  canWrite,
  onChanged,
}: {
  item: AgendaItem;
  parties: readonly string[];
  /** The reader is a planner of the commission and the minutes are not approved yet. */
  canWrite: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { user } = useSession();
  // A refusal is of the item as it stood: said until the item reads otherwise.
  const { failure, run } = useActionFeedback<never>(JSON.stringify([item.version, item.releasableTo]));
  const missing = parties.filter((p) => p !== item.ownerParty && !item.releasableTo.includes(p));
  if (missing.length === 0) return null;
  const release = () =>
    run(
      async () => {
        try {
          await api.updateAgendaItem(item.id, {
            releasableTo: [...new Set([...item.releasableTo, ...missing])].sort(),
            version: item.version,
          });
        } catch (err) {
          // The item changed meanwhile: read it again, and say so over the new reading.
          if (err instanceof ProblemError && err.isConflict) onChanged();
          throw err;
        }
        onChanged();
        return null;
      },
      (outcome, err) => outcome === 'refused' && err instanceof ProblemError && err.isConflict,
    );
  return (
    <div className="agenda-release">
      <Alert kind="info">
        {t('agenda.notReleased', { parties: missing.join(', '), count: missing.length })}{' '}
        {canWrite && user.party === item.ownerParty && (
          <button type="button" className="button ghost small" onClick={() => void release()}>
            {t('agenda.release')}
          </button>
        )}
      </Alert>
      {failure && <Alert kind="error">{failure}</Alert>}
    </div>
  );
}
