import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { issuesAt } from '../api/problem.js';
import type { ApiToken } from '../api/types.js';
import { useLoad } from '../use-load.js';
import { CardForm } from './card-form.js';
import { Alert, Field } from './field.js';
import { LoadError } from './load-error.js';
import { revokeToken, TokenTable } from './token-table.js';
import { useActionFeedback } from './use-action-feedback.js';

type TokenNotice = { created: { name: string; token: string } } | { revoked: string };

/** The reader's own API tokens: made by name, shown once, revoked after confirming. */
export function ApiTokens() {
  const { t } = useTranslation();
  const tokens = useLoad(() => api.tokens(), []);
  const [name, setName] = useState('');
  // Said until another action, until the tokens read otherwise, or (a refused name) until the name changes.
  const { failure, notice, issues, run, clear, setIssues } = useActionFeedback<TokenNotice>(
    JSON.stringify(tokens.data?.items.map((tk) => tk.id) ?? null),
    { name },
  );
  const created = notice && 'created' in notice ? notice.created : null;
  const revoked = notice && 'revoked' in notice ? notice.revoked : null;
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) {
      clear();
      return setIssues([{ path: 'name', message: t('admin.tokenNameRequired') }]);
    }
    await run(
      async () => {
        const token = await api.createToken(name.trim());
        setName('');
        tokens.reload();
        return { created: token };
      },
      (outcome) => outcome === 'done',
    );
  }
  const revoke = (token: ApiToken) =>
    run(
      async () => {
        const name = await revokeToken(token, tokens.reload);
        return name === null ? null : { revoked: name };
      },
      () => true,
    );
  return (
    <CardForm id="tokens-heading" heading={t('admin.tokens')} onSubmit={submit}>
      <p className="muted">{t('admin.tokensHint')}</p>
      {failure && <Alert kind="error">{failure}</Alert>}
      {revoked && <Alert kind="success">{t('admin.tokenRevoked', { name: revoked })}</Alert>}
      {tokens.state === 'failed' && <LoadError error={tokens.error} />}
      {tokens.state === 'ready' && <TokenTable tokens={tokens.data.items} onRevoke={revoke} />}
      {created && (
        <Alert kind="success">
          <p>{t('admin.tokenShownOnce', { name: created.name })}</p>
          <input readOnly className="secret" dir="ltr" value={created.token} aria-label={t('admin.tokenValue')} />
        </Alert>
      )}
      <Field label={t('admin.tokenName')} errors={issuesAt(issues, 'name')}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <button type="submit" className="button primary">
        {t('admin.createToken')}
      </button>
    </CardForm>
  );
}
