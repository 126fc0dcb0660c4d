import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loginSchema } from '../../../src/domain/user.schema.js';
import { api } from '../api/client.js';
import { type FieldIssue, issuesAt, issuesOf, ProblemError } from '../api/problem.js';
import type { User } from '../api/types.js';
import { Alert, Field } from '../components/field.js';

export function SignInPage({ onSignedIn }: { onSignedIn: (user: User) => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    const parsed = loginSchema.safeParse({ username: username.trim(), password });
    if (!parsed.success) return setIssues(issuesOf(parsed.error.issues));
    setIssues([]);
    setBusy(true);
    try {
      const { user } = await api.login(parsed.data.username, parsed.data.password);
      onSignedIn(user);
    } catch (err) {
      if (err instanceof ProblemError && err.status === 401) setFailure(t('signIn.failed'));
      else if (err instanceof ProblemError && err.status === 429) setFailure(t('signIn.tooMany'));
      else if (err instanceof ProblemError && err.errors.length) setIssues(err.errors);
      else setFailure(t('common.unexpectedError'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="sign-in">
      <h1 className="sign-in-brand">{t('app.name')}</h1>
      <p className="muted">{t('app.tagline')}</p>
      <form className="card form" onSubmit={submit} noValidate>
        <h2>{t('signIn.title')}</h2>
        {failure && <Alert kind="error">{failure}</Alert>}
        <Field label={t('signIn.username')} errors={issuesAt(issues, 'username')}>
          {(p) => (
            <input
              {...p}
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              dir="ltr"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('signIn.password')} errors={issuesAt(issues, 'password')}>
          {(p) => (
            <input
              {...p}
              name="password"
              type="password"
              autoComplete="current-password"
              dir="ltr"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? t('signIn.signingIn') : t('signIn.submit')}
        </button>
      </form>
    </div>
  );
}
