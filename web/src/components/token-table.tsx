import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiToken } from '../api/types.js';
import { formatDateTime } from '../i18n/format.js';

/** API tokens, each with a revoke button that asks to confirm in place before revoking. */
export function TokenTable({ tokens, onRevoke }: { tokens: readonly ApiToken[]; onRevoke: (t: ApiToken) => Promise<void> }) {
  const { t } = useTranslation();
  return (
    <table className="mini-table token-table">
      <thead>
        <tr>
          <th scope="col">{t('admin.tokenName')}</th>
          <th scope="col">{t('admin.tokenCreated')}</th>
          <th scope="col">{t('admin.tokenLastUsed')}</th>
          <th scope="col">{t('admin.actions')}</th>
        </tr>
      </thead>
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
