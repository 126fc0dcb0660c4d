import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { ProblemError } from '../api/problem.js';
import type { ApiToken } from '../api/types.js';
import { formatDateTime } from '../i18n/format.js';
import { TableHead } from './table-head.js';

/**
 * Revokes a token, then reads the list again (`reload`). Resolves to its name,
 * or to null when it was revoked elsewhere meanwhile (a 404), which ends the
 * same way: the list no longer shows it.
 */
export async function revokeToken(token: ApiToken, reload: () => void): Promise<string | null> {
  try {
    await api.revokeToken(token.id);
    return token.name;
  } catch (err) {
    if (err instanceof ProblemError && err.status === 404) return null;
    throw err;
  } finally {
    reload();
  }
}

/** API tokens, each with a revoke button that asks to confirm in place before revoking; says so when there are none. */
export function TokenTable({ tokens, onRevoke }: { tokens: readonly ApiToken[]; onRevoke: (t: ApiToken) => Promise<void> }) {
  const { t } = useTranslation();
  if (tokens.length === 0) return <p className="muted">{t('admin.tokensNone')}</p>;
  return (
    <table className="mini-table token-table">
      <TableHead columns={[t('admin.tokenName'), t('admin.tokenCreated'), t('admin.tokenLastUsed'), t('admin.actions')]} />
      <tbody>
        {tokens.map((tk) => (
          <TokenRow key={tk.id} token={tk} onRevoke={() => onRevoke(tk)} />
        ))}
      </tbody>
    </table>
  );
}

function TokenRow({ token, onRevoke }: { token: ApiToken; onRevoke: () => Promise<void> }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <tr>
      <td>{token.name}</td>
      <td>{formatDateTime(token.createdAt)}</td>
      <td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t('admin.tokenNeverUsed')}</td>
      <td>
        {confirming ? (
          <fieldset className="confirm" aria-label={t('admin.revokeConfirm', { name: token.name })}>
            <p>{t('admin.revokeConfirm', { name: token.name })}</p>
            <button
              type="button"
              className="button danger"
              disabled={busy}
              onClick={async () => {
                setBusy(true);
                await onRevoke();
                setBusy(false);
              }}
            >
              {t('admin.revokeYes')}
            </button>
            <button type="button" className="button ghost" onClick={() => setConfirming(false)}>
              {t('admin.cancel')}
            </button>
          </fieldset>
        ) : (
          <button
            type="button"
            className="button ghost"
            aria-label={`${t('admin.revoke')} ${token.name}`}
            onClick={() => setConfirming(true)}
          >
            {t('admin.revoke')}
          </button>
        )}
      </td>
    </tr>
  );
}
