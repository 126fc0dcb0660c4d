import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { ProblemError } from '../api/problem.js';
import { issueText, problemText } from '../i18n/problems.js';
import { useLoad } from '../use-load.js';
import { Alert, Field } from './field.js';
import { LoadError } from './load-error.js';

/** One's own e-mail address, where notifications and the daily digest are sent when the installation sends mail. */
export function EmailAddressForm() {
  const { t } = useTranslation();
  const heading = useId();
  const loaded = useLoad(() => api.ownEmail(), []);
  const [draft, setDraft] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [failed, setFailed] = useState<string | null>(null);
  if (loaded.state === 'failed') return <LoadError error={loaded.error} />;
  const value = draft ?? loaded.data?.email ?? '';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    setErrors([]);
    setFailed(null);
    try {
      const answer = await api.setOwnEmail(value.trim() || null);
      setDraft(answer.email ?? '');
      setSaved(true);
    } catch (err) {
      if (err instanceof ProblemError && err.errors.length > 0) setErrors(err.errors.map(issueText));
      else setFailed(problemText(err));
    }
  };
  return (
    <section className="card" aria-labelledby={heading}>
      <h2 id={heading}>{t('emailAddress.title')}</h2>
      <p className="muted">{t('emailAddress.hint')}</p>
      <form onSubmit={submit} noValidate aria-labelledby={heading}>
        <Field label={t('emailAddress.label')} errors={errors}>
          {(props) => (
            <input
              {...props}
              type="email"
              dir="ltr"
              autoComplete="email"
              value={value}
              onChange={(e) => {
                setDraft(e.target.value);
                setSaved(false);
              }}
            />
          )}
        </Field>
        <button type="submit" className="button">
          {t('emailAddress.save')}
        </button>
        <div aria-live="polite">
          {saved && <Alert kind="success">{value ? t('emailAddress.saved') : t('emailAddress.removed')}</Alert>}
          {failed && <Alert kind="error">{failed}</Alert>}
        </div>
      </form>
    </section>
  );
}
