import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { ClearanceRequest } from '../api/types.js';
import { formatDateTime } from '../i18n/format.js';
import { problemText } from '../i18n/problems.js';
import { useLoad } from '../use-load.js';
import { Alert } from './field.js';
import { LoadError } from './load-error.js';
import { RecordTable } from './record-table.js';
import { raiseText } from './user-edit-form.js';

/** Raises of clearance or compartments of the party awaiting a security officer: the second person of the two-person rule. */
export function RaisesPanel() {
  const { t } = useTranslation();
  const raises = useLoad(() => api.clearanceRequests(), []);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  async function decide(r: ClearanceRequest, decision: 'confirm' | 'refuse') {
    setBusy(true);
    setFailure(null);
    setDone(null);
    try {
      await api.decideRaise(r.id, decision);
      setDone(t(decision === 'confirm' ? 'admin.raiseConfirmed' : 'admin.raiseRefused', { username: r.username }));
      raises.reload();
    } catch (err) {
      setFailure(problemText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card" aria-labelledby="raises-heading">
      <h2 id="raises-heading">{t('admin.raises')}</h2>
      <p className="muted">{t('admin.raisesHint')}</p>
      {raises.state === 'failed' && <LoadError error={raises.error} />}
      {failure && <Alert kind="error">{failure}</Alert>}
      {done && (
        <div role="status">
          <Alert kind="success">{done}</Alert>
        </div>
      )}
      {raises.state === 'ready' && raises.data.items.length === 0 && <p>{t('admin.noRaises')}</p>}
      {raises.state === 'ready' && raises.data.items.length > 0 && (
        <RecordTable
          className="mini-table raises-table"
          records={raises.data.items}
          keyOf={(r) => r.id}
          columns={[
            { head: t('admin.username'), cell: (r) => r.username, dir: 'ltr' },
            { head: t('admin.raiseTo'), cell: (r) => raiseText(r, t) },
            {
              head: t('admin.askedBy'),
              cell: (r) => (
                <>
                  {r.requestedBy} · {formatDateTime(r.requestedAt)}
                </>
              ),
              dir: 'ltr',
            },
            {
              head: t('admin.actions'),
              cell: (r) => (
                <>
                  <button type="button" className="button primary" disabled={busy} onClick={() => void decide(r, 'confirm')}>
                    {t('admin.confirmRaise')}
                  </button>{' '}
                  <button type="button" className="button ghost" disabled={busy} onClick={() => void decide(r, 'refuse')}>
                    {t('admin.refuseRaise')}
                  </button>
                </>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}
