import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ExchangeOverview, exchangeApi, type ImportReport } from '../api/exchange.js';
import { ProblemError } from '../api/problem.js';
import { Alert } from '../components/field.js';
import { LoadError } from '../components/load-error.js';
import { download } from '../components/table-export.js';
import { loadExchangeTexts } from '../i18n/exchange.js';
import { formatDateTime } from '../i18n/format.js';
import { currentLanguage, loadProblemTexts } from '../i18n/index.js';
import { problemText } from '../i18n/problems.js';
import { useLoad } from '../use-load.js';

/** The page, loaded with its texts and the problems' (refusals are shown by their coded reasons). */
export const withTexts = () => Promise.all([loadExchangeTexts(), loadProblemTexts()]).then(() => ({ default: ExchangePage }));

type Key = ExchangeOverview['keys'][number];

/** The keys of a partner, or of this installation (`own`), whose empty list says what to do. */
function KeyTable({ keys, own = false }: { keys: Key[]; own?: boolean }) {
  const { t } = useTranslation();
  if (keys.length === 0) return <p className="muted">{t(own ? 'exchange.noOwnKeys' : 'exchange.noKeys')}</p>;
  return (
    <table className="mini-table exchange-keys">
      <thead>
        <tr>
          <th>{t('exchange.key.id')}</th>
          <th>{t('exchange.key.use')}</th>
          <th>{t('exchange.key.alg')}</th>
          <th>{t('exchange.key.fingerprint')}</th>
          <th>{t('exchange.key.expires')}</th>
          <th>{t('exchange.key.state')}</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((k) => (
          <tr key={`${k.keyId}:${k.use}`} className={`key-${k.state}`}>
            <td>
              <bdi dir="ltr">
                <code>{k.keyId}</code>
              </bdi>
            </td>
            <td>{t(`exchange.use.${k.use}`)}</td>
            <td>{k.alg}</td>
            <td className="fingerprint" style={{ wordBreak: 'break-all' }}>
              <bdi dir="ltr">
                <code>{k.fingerprint}</code>
              </bdi>
            </td>
            <td>{formatDateTime(k.expires)}</td>
            <td>
              <span className={`badge key-state-${k.state}`}>{t(`exchange.state.${k.state}`)}</span>
              {k.revokedAt && ` ${formatDateTime(k.revokedAt)}`}
              {!k.revokedAt && k.rotatedOutAt && ` ${formatDateTime(k.rotatedOutAt)}`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Partner({ p, onSent }: { p: ExchangeOverview['partners'][number]; onSent: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ filename: string; sequence: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const exportBundle = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const { blob, filename, sequence } = await exchangeApi.exportBundle(p.party);
      download(blob, filename);
      setDone({ filename, sequence });
      onSent();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const sent = p.lastSent;
  const received = p.lastReceived;
  return (
    <section className="card exchange-partner" aria-labelledby={`partner-${p.party}`} data-party={p.party}>
      <div className="section-head">
        <h3 id={`partner-${p.party}`}>
          {p.party} <span className="muted">{p.installation}</span>
        </h3>
        <button type="button" className="button" disabled={busy} onClick={() => void exportBundle()}>
          {busy ? t('exchange.downloading') : t('exchange.download', { party: p.party })}
        </button>
      </div>
      {done && (
        <Alert kind="success">
          {t('exchange.downloaded', { sequence: done.sequence, party: p.party, filename: done.filename })}
        </Alert>
      )}
      {error !== null && <Alert kind="error">{problemText(error)}</Alert>}
      <dl className="exchange-state">
        <dt>{t('exchange.lastSent')}</dt>
        <dd className="last-sent">
          {sent ? (
            <>
              {t('exchange.sentLine', { sequence: sent.sequence, at: formatDateTime(sent.at), records: sent.records })}
              {' · '}
              {sent.acknowledged > 0 ? t('exchange.ackLine', { sequence: sent.acknowledged }) : t('exchange.notAcked')}
            </>
          ) : (
            t('exchange.none')
          )}
        </dd>
        <dt>{t('exchange.lastReceived')}</dt>
        <dd className="last-received">
          {received
            ? t('exchange.receivedLine', {
                sequence: received.sequence,
                at: formatDateTime(received.at),
                ...received.counts,
              })
            : t('exchange.none')}
        </dd>
      </dl>
      <h4>{t('exchange.keys')}</h4>
      <KeyTable keys={p.keys} />
    </section>
  );
}

function ImportForm({ onApplied }: { onApplied: () => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  // The report gives its first records; the rest are read a page at a time, on asking.
  const loadMore = async () => {
    if (!report?.nextCursor) return;
    setLoadingMore(true);
    setError(null);
    try {
      const page = await exchangeApi.importedRecords(report.bundleId, report.nextCursor);
      setReport({ ...report, records: [...report.records, ...page.items], nextCursor: page.nextCursor });
    } catch (err) {
      setError(err);
    } finally {
      setLoadingMore(false);
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      setReport(await exchangeApi.importBundle(file));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      onApplied();
    }
  };
  return (
    <section className="card" aria-labelledby="exchange-upload">
      <h2 id="exchange-upload">{t('exchange.upload')}</h2>
      <p className="muted">{t('exchange.uploadHint')}</p>
      <form onSubmit={(e) => void submit(e)} className="exchange-upload">
        <label>
          {t('exchange.file')}{' '}
          <input type="file" name="bundle" accept=".bundle" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>{' '}
        <button type="submit" className="button" disabled={!file || busy}>
          {busy ? t('exchange.applying') : t('exchange.apply')}
        </button>
      </form>
      {error !== null && (
        <Alert kind="error">
          <span className="refusal">{problemText(error)}</span>
        </Alert>
      )}
      {report && (
        <div className="import-report" role="status">
          <Alert kind="success">
            {t('exchange.report', { sequence: report.sequence, sender: report.sender.installation, ...report.counts })}
            {report.acknowledged !== null && ` ${t('exchange.reportAck', { sequence: report.acknowledged })}`}
          </Alert>
          <table className="mini-table">
            <thead>
              <tr>
                <th>{t('exchange.record')}</th>
                <th>ID</th>
                <th>{t('exchange.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {report.records.map((r) => (
                <tr key={`${r.kind}:${r.id}`} className={`applied-${r.action}`}>
                  <td>{t(`exchange.kind.${r.kind}`)}</td>
                  <td>
                    <bdi dir="ltr">
                      <code>{r.id}</code>
                    </bdi>
                  </td>
                  <td>{t(`exchange.action.${r.action}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.nextCursor && (
            <button type="button" className="button secondary import-more" disabled={loadingMore} onClick={() => void loadMore()}>
              {t('exchange.moreRecords')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

/** A refusal's coded reason, in the reader's language, as the API's own problems are worded. */
const refusalText = (r: ExchangeOverview['refusals'][number]) =>
  problemText(new ProblemError(400, '', '', '', [], r.code, r.params as Record<string, string | number>));

/**
 * The security officer's exchange page: this installation's keys; each partner with its keys, the last
 * bundle sent and received, and a download of its next bundle; the upload of a partner's bundle with
 * the report of what was applied; the bundles sent with their release records; and the refusals.
 */
export default function ExchangePage() {
  const { t } = useTranslation();
  const overview = useLoad(() => exchangeApi.overview(), []);
  const lang = currentLanguage();
  return (
    <div className="page exchange-page">
      <div className="page-head">
        <h1>{t('exchange.title')}</h1>
        {overview.state === 'ready' && (
          <p className="muted">
            {t('exchange.installation', {
              installation: overview.data.installation,
              party: overview.data.party,
              policy: overview.data.policyIdentifier,
            })}
          </p>
        )}
      </div>
      {overview.state === 'failed' && <LoadError error={overview.error} />}
      {overview.state === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {overview.state === 'ready' && (
        <>
          <section className="card" aria-labelledby="exchange-own-keys">
            <h2 id="exchange-own-keys">{t('exchange.ownKeys')}</h2>
            <KeyTable keys={overview.data.keys} own />
          </section>
          <h2>{t('exchange.partners')}</h2>
          {overview.data.partners.length === 0 && <p className="muted">{t('exchange.noPartners')}</p>}
          {overview.data.partners.map((p) => (
            <Partner key={p.party} p={p} onSent={overview.reload} />
          ))}
          <ImportForm onApplied={overview.reload} />
          <section className="card" aria-labelledby="exchange-sent">
            <h2 id="exchange-sent">{t('exchange.sent')}</h2>
            {overview.data.sent.length === 0 ? (
              <p className="muted">{t('exchange.noSent')}</p>
            ) : (
              <table className="mini-table">
                <thead>
                  <tr>
                    <th>{t('exchange.recipient')}</th>
                    <th>{t('exchange.sequence')}</th>
                    <th>{t('exchange.at')}</th>
                    <th>{t('exchange.records')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {overview.data.sent.map((b) => (
                    <tr key={b.bundleId}>
                      <td>
                        <bdi dir="ltr">{b.recipient}</bdi>
                      </td>
                      <td>{b.sequence}</td>
                      <td>{formatDateTime(b.at)}</td>
                      <td>{b.records}</td>
                      <td>
                        <a href={exchangeApi.releaseRecordHref(b.bundleId, lang)} download className="release-record">
                          {t('exchange.releaseRecord')}
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section className="card" aria-labelledby="exchange-refusals">
            <h2 id="exchange-refusals">{t('exchange.refusals')}</h2>
            {overview.data.refusals.length === 0 ? (
              <p className="muted">{t('exchange.noRefusals')}</p>
            ) : (
              <table className="mini-table refusals">
                <thead>
                  <tr>
                    <th>{t('exchange.at')}</th>
                    <th>{t('exchange.sender')}</th>
                    <th>{t('exchange.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {overview.data.refusals.map((r) => (
                    <tr key={r.id} data-code={r.code}>
                      <td>{formatDateTime(r.at)}</td>
                      <td>{r.sender ? <bdi dir="ltr">{r.sender}</bdi> : t('exchange.unknown')}</td>
                      <td>{refusalText(r)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </div>
  );
}
