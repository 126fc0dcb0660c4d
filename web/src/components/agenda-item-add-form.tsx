import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { issuesAt } from '../api/problem.js';
import type { CommissionSession } from '../api/types.js';
import { useSession } from '../signed-in-user.js';
import { Alert, Field } from './field.js';
import { type LabelDraft, LabelFields } from './label-fields.js';
import { useActionFeedback } from './use-action-feedback.js';

/**
 * Adds a free item to a session's agenda. The item is shared with every
 * delegation unless its writer explicitly chooses a narrower marking: an item
 * a party cannot read keeps that party from approving the minutes.
 */
export function AgendaItemAddForm({
  session,
  parties,
  onAdded,
}: {
  session: CommissionSession;
  parties: string[];
  onAdded: () => void;
}) {
  const { t } = useTranslation();
  const { user } = useSession();
  const shared = (): LabelDraft => ({
    classification: session.classification,
    releasableTo: parties.filter((p) => p !== user.party).sort(),
    compartments: session.compartments,
  });
  const [title, setTitle] = useState('');
  const [narrower, setNarrower] = useState(false);
  const [label, setLabel] = useState<LabelDraft>(shared);
  // A refusal is of the item sent: it goes as the reader changes it (a field's errors with that field).
  const { failure, issues, run, clear, setIssues } = useActionFeedback<never>('', {
    title,
    ...(narrower ? label : { classification: null, releasableTo: null, compartments: null }),
  });

  async function add(e: FormEvent) {
    e.preventDefault();
    if (!title.trim()) {
      clear();
      return setIssues([{ path: 'title', message: t('agenda.titleRequired') }]);
    }
    await run(async () => {
      // Without a label the API gives the item the session's marking, released to every delegation.
      await api.addAgendaItem(session.id, { title: title.trim(), ...(narrower ? label : {}) });
      setTitle('');
      setNarrower(false);
      setLabel(shared());
      onAdded();
      return null;
    });
  }

  return (
    <form className="form inline-form" onSubmit={add} noValidate>
      {failure && <Alert kind="error">{failure}</Alert>}
      <Field label={t('agenda.newItem')} errors={issuesAt(issues, 'title')}>
        {(p) => <input {...p} value={title} onChange={(e) => setTitle(e.target.value)} />}
      </Field>
      <fieldset className="field-group">
        <legend>{t('agenda.marking')}</legend>
        <label className="check">
          <input type="radio" name="agenda-marking" checked={!narrower} onChange={() => setNarrower(false)} />
          <span>{t('agenda.markingShared')}</span>
        </label>
        <label className="check">
          <input type="radio" name="agenda-marking" checked={narrower} onChange={() => setNarrower(true)} />
          <span>{t('agenda.markingNarrower')}</span>
        </label>
      </fieldset>
      {narrower && (
        <>
          <p className="muted">{t('agenda.markingNarrowerHint')}</p>
          <LabelFields value={label} onChange={setLabel} parties={parties} errors={(path) => issuesAt(issues, path)} />
        </>
      )}
      <button type="submit" className="button ghost">
        {t('agenda.add')}
      </button>
    </form>
  );
}
