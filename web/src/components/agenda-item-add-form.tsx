import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { issuesAt, ProblemError } from '../api/problem.js';
import type { CommissionSession } from '../api/types.js';
import { problemText } from '../i18n/problems.js';
import { useSession } from '../session.js';
import { Alert, Field } from './field.js';
import { type LabelDraft, LabelFields } from './label-fields.js';

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
  const [titleErrors, setTitleErrors] = useState<string[]>([]);
  const [problem, setProblem] = useState<ProblemError | null>(null);
  const [failed, setFailed] = useState(false);

  async function add(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    setFailed(false);
    if (!title.trim()) return setTitleErrors([t('agenda.titleRequired')]);
    setTitleErrors([]);
    try {
      // Without a label the API gives the item the session's marking, released to every delegation.
      await api.addAgendaItem(session.id, { title: title.trim(), ...(narrower ? label : {}) });
      setTitle('');
      setNarrower(false);
      setLabel(shared());
      onAdded();
    } catch (err) {
      if (err instanceof ProblemError) setProblem(err);
      else setFailed(true);
    }
  }

  return (
    <form className="form inline-form" onSubmit={add} noValidate>
      {problem && <Alert kind="error">{problemText(problem)}</Alert>}
      {failed && <Alert kind="error">{t('common.unexpectedError')}</Alert>}
      <Field label={t('agenda.newItem')} errors={titleErrors}>
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
          <LabelFields
            value={label}
            onChange={setLabel}
            user={user}
            parties={parties}
            errors={(path) => (problem ? issuesAt(problem.errors, path) : [])}
          />
        </>
      )}
      <button type="submit" className="button ghost">
        {t('agenda.add')}
      </button>
    </form>
  );
}
