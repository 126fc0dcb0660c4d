import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { Alert } from './field.js';
import { LoadError } from './load-error.js';

/**
 * Gives the reader a secret address to subscribe to in a calendar program.
 * Asking again makes a new one and the old one stops working.
 */
export function CalendarAddress() {
  const { t } = useTranslation();
  const [address, setAddress] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [copied, setCopied] = useState(false);
  async function renew() {
    setError(null);
    setCopied(false);
    try {
      const { path } = await api.calendarToken();
      setAddress(new URL(path, window.location.origin).href);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <div className="calendar-address">
      <button type="button" className="button ghost" onClick={() => void renew()}>
        {address ? t('calendarAddress.renew') : t('calendarAddress.get')}
      </button>
      {error ? <LoadError error={error} /> : null}
      {address && (
        <Alert kind="info">
          <p>{t('calendarAddress.shownOnce')}</p>
          <div className="copy-line">
            <input
              readOnly
              value={address}
              aria-label={t('calendarAddress.label')}
              dir="ltr"
              onFocus={(e) => e.target.select()}
            />
            <button
              type="button"
              className="button ghost"
              onClick={() => void navigator.clipboard?.writeText(address).then(() => setCopied(true))}
            >
              {copied ? t('calendarAddress.copied') : t('calendarAddress.copy')}
            </button>
          </div>
        </Alert>
      )}
    </div>
  );
}
