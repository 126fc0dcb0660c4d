import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { passwordChangeSchema } from '../../../src/domain/user.schema.js';
import { api } from '../api/client.js';
import { issuesAt, issuesOf } from '../api/problem.js';
import { CardForm } from './card-form.js';
import { Alert } from './field.js';
import { useActionFeedback } from './use-action-feedback.js';
import { PasswordField } from './user-fields.js';

/** A signed-in user changes their own password, giving the current one. */
export function ChangePasswordForm() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  // Said until the next attempt.
  const { failure, notice: done, issues, run, clear, setIssues } = useActionFeedback<true>('');
  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = passwordChangeSchema.safeParse({ currentPassword: current, newPassword: next });
    const found = parsed.success ? [] : issuesOf(parsed.error.issues);
    if (next !== repeat) found.push({ path: 'repeat', message: t('admin.passwordsDiffer') });
    if (!parsed.success || found.length) {
      clear();
      return setIssues(found);
    }
    await run(async () => {
      await api.changePassword(parsed.data);
      setCurrent('');
      setNext('');
      setRepeat('');
      return true;
    });
  }
  return (
    <CardForm id="my-password-heading" heading={t('admin.myPassword')} className="change-password" onSubmit={submit}>
      {failure && <Alert kind="error">{failure}</Alert>}
      {done && <Alert kind="success">{t('admin.passwordChanged')}</Alert>}
      <PasswordField
        label={t('admin.currentPassword')}
        value={current}
        onChange={setCurrent}
        errors={issuesAt(issues, 'currentPassword')}
        autoComplete="current-password"
      />
      <PasswordField label={t('admin.newPassword')} value={next} onChange={setNext} errors={issuesAt(issues, 'newPassword')} />
      <PasswordField label={t('admin.repeatPassword')} value={repeat} onChange={setRepeat} errors={issuesAt(issues, 'repeat')} />
      <button type="submit" className="button primary">
        {t('admin.changePassword')}
      </button>
    </CardForm>
  );
}
