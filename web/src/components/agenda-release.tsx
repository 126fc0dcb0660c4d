import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { ProblemError } from '../api/problem.js';
import type { AgendaItem } from '../api/types.js';
import { problemText } from '../i18n/problems.js';
import { useSession } from '../session.js';
import { Alert } from './field.js';

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
  const [failure, setFailure] = useState<string | null>(null);
  const missing = parties.filter((p) => p !== item.ownerParty && !item.releasableTo.includes(p));
  if (missing.length === 0) return null;
  async function release() {
    setFailure(null);
    try {
      await api.updateAgendaItem(item.id, {
        releasableTo: [...new Set([...item.releasableTo, ...missing])].sort(),
        version: item.version,
      });
      onChanged();
    } catch (err) {
      setFailure(problemText(err));
      if (err instanceof ProblemError && err.isConflict) onChanged();
    }
  }
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
