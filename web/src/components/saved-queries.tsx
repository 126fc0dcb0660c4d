import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ActivityQueryState, activityQueryToParams } from '../../../src/domain/activity-query.schema.js';
import { api } from '../api/client.js';
import type { SavedQuery } from '../api/types.js';
import { setSearchParams } from '../router.js';
import { useLoad } from '../use-load.js';
import { LoadError } from './load-error.js';
import './saved-queries.css';

/**
 * The reader's saved queries of the activity table and those their party
 * shares: choosing one puts its state in the address; the current state can
 * be saved under a name, and one's own renamed, shared or deleted.
 */
export function SavedQueries({ state, params }: { state: ActivityQueryState; params: URLSearchParams }) {
  const { t } = useTranslation();
  const [read, setRead] = useState(0);
  const loaded = useLoad(() => api.savedQueries(), [read]);
  const [chosenId, setChosenId] = useState('');
  const [form, setForm] = useState<null | { mode: 'create' | 'rename'; name: string; shared: boolean }>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const selectId = useId();
  const items = loaded.data?.items ?? [];
  const chosen = items.find((q) => q.id === chosenId);

  const choose = (id: string) => {
    setChosenId(id);
    setError(null);
    const q = items.find((x) => x.id === id);
    if (q) setSearchParams(activityQueryToParams(q.state, params));
  };

  async function run(action: () => Promise<SavedQuery | undefined>) {
    setBusy(true);
    setError(null);
    try {
      const saved = await action();
      setChosenId(saved?.id ?? '');
      setForm(null);
      setRead((n) => n + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!form) return;
    const { name, shared } = form;
    void run(() =>
      form.mode === 'create' || !chosen
        ? api.createSavedQuery({ name, shared, state })
        : api.updateSavedQuery(chosen.id, { name, shared }),
    );
  }

  const mine = items.filter((q) => q.mine);
  const shared = items.filter((q) => !q.mine);
  return (
    <div className="saved-queries">
      <div className="filter">
        <label htmlFor={selectId}>{t('savedQueries.label')}</label>
        <select id={selectId} value={chosenId} onChange={(e) => choose(e.target.value)} disabled={loaded.state !== 'ready'}>
          <option value="">{t('savedQueries.none')}</option>
          {mine.length > 0 && (
            <optgroup label={t('savedQueries.mine')}>
              {mine.map((q) => (
                <option key={q.id} value={q.id}>
                  {q.name}
                  {q.shared ? ` (${t('savedQueries.sharedMark')})` : ''}
                </option>
              ))}
            </optgroup>
          )}
          {shared.length > 0 && (
            <optgroup label={t('savedQueries.ofParty')}>
              {shared.map((q) => (
                <option key={q.id} value={q.id}>
                  {q.name} — {q.owner}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </div>
      <div className="saved-queries-actions">
        <button
          type="button"
          className="button ghost"
          disabled={busy}
          onClick={() => setForm({ mode: 'create', name: '', shared: false })}
        >
          {t('savedQueries.save')}
        </button>
        {chosen?.mine && (
          <>
            <button
              type="button"
              className="button ghost"
              disabled={busy}
              onClick={() => void run(() => api.updateSavedQuery(chosen.id, { state }))}
            >
              {t('savedQueries.update')}
            </button>
            <button
              type="button"
              className="button ghost"
              disabled={busy}
              onClick={() => setForm({ mode: 'rename', name: chosen.name, shared: chosen.shared })}
            >
              {t('savedQueries.rename')}
            </button>
            <button
              type="button"
              className="button ghost danger"
              disabled={busy}
              onClick={() => {
                if (window.confirm(t('savedQueries.confirmDelete', { name: chosen.name })))
                  void run(async () => {
                    await api.deleteSavedQuery(chosen.id);
                    return undefined;
                  });
              }}
            >
              {t('savedQueries.delete')}
            </button>
          </>
        )}
      </div>
      {form && (
        <form className="inline-form saved-query-form" onSubmit={submit}>
          <label className="filter grow">
            <span>{t('savedQueries.name')}</span>
            <input
              dir="auto"
              required
              maxLength={120}
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.target.value })}
            />
          </label>
          <label className="check">
            <input type="checkbox" checked={form.shared} onChange={(e) => setForm({ ...form, shared: e.target.checked })} />
            {t('savedQueries.shareWithParty')}
          </label>
          <button type="submit" className="button" disabled={busy}>
            {t(form.mode === 'create' ? 'savedQueries.saveSubmit' : 'savedQueries.renameSubmit')}
          </button>
          <button type="button" className="button ghost" onClick={() => setForm(null)}>
            {t('savedQueries.cancel')}
          </button>
        </form>
      )}
      {loaded.state === 'failed' && <LoadError error={loaded.error} />}
      {error ? <LoadError error={error} /> : null}
    </div>
  );
}
