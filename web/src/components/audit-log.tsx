import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { ProblemError } from '../api/problem.js';
import type { AuditEntry, AuditFilter, AuditVerification } from '../api/types.js';
import { formatDateTime, formatNumber } from '../i18n/format.js';
import { issueText, problemText } from '../i18n/problems.js';
import { setSearchParams, useSearchParams } from '../router.js';
import { useLoad } from '../use-load.js';
import { RecordMarking, usePageLabels } from './classification-banner.js';
import { Alert } from './field.js';
import { LoadError } from './load-error.js';
import { RecordTable } from './record-table.js';
import { ScrollRegion } from './scroll-region.js';
import { download } from './table-export.js';
import './audit-log.css';

/** The filters as the address holds them, and their order in it. */
const FILTERS = ['user', 'action', 'entityType', 'entityId', 'from', 'to'] as const;
type FilterName = (typeof FILTERS)[number];

/** Kinds of record the log writes about, offered to pick from (any other may be typed into the address). */
const ENTITY_TYPES = [
  'activity',
  'follow_up',
  'work_plan',
  'commission',
  'commission_session',
  'agenda_item',
  'action_item',
  'objective',
  'indicator',
  'programme',
  'source',
  'user',
  'api_token',
  'audit_log',
] as const;

const filterOf = (params: URLSearchParams): AuditFilter => {
  const filter: AuditFilter = {};
  for (const name of FILTERS) {
    const value = params.get(name)?.trim();
    if (value) filter[name] = value;
  }
  return filter;
};

/** Each filter's name in the reader's language. */
const filterLabels = (t: TFunction): Record<FilterName, string> => ({
  user: t('audit.filter.user'),
  action: t('audit.filter.action'),
  entityType: t('audit.filter.entityType'),
  entityId: t('audit.filter.entityId'),
  from: t('audit.filter.from'),
  to: t('audit.filter.to'),
});

const keyOf = (filter: AuditFilter) => FILTERS.map((n) => filter[n] ?? '').join('|');

/**
 * The audit log for security officers: narrowed by user, action, kind of
 * record, record and time, the filters kept in the address (reload, back and
 * a shared link keep them); read a page at a time, newest first, each entry
 * with its marking; the whole chain verified on request; the filtered log
 * exported as CSV, which the server audits.
 */
export function AuditLog() {
  const { t } = useTranslation();
  const params = useSearchParams();
  const filter = filterOf(params);
  const key = keyOf(filter);
  return (
    <section className="card audit-log" aria-labelledby="audit-heading">
      <h2 id="audit-heading">{t('admin.audit')}</h2>
      {/* A new form for new filters from the address (back, a shared link), so the fields say what is shown. */}
      <AuditFilters key={key} filter={filter} />
      <AuditTools filter={filter} />
      <AuditEntries key={`entries-${key}`} filter={filter} />
    </section>
  );
}

function AuditFilters({ filter }: { filter: AuditFilter }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<AuditFilter>(filter);
  const labels = filterLabels(t);
  const apply = (next: AuditFilter) => {
    const params = new URLSearchParams(window.location.search);
    for (const name of FILTERS) {
      const value = next[name]?.trim();
      if (value) params.set(name, value);
      else params.delete(name);
    }
    setSearchParams(params);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply(draft);
  };
  const field = (name: FilterName, type: 'text' | 'date' = 'text', extra: { list?: string; placeholder?: string } = {}) => (
    <label className="filter">
      <span>{labels[name]}</span>
      <input
        name={name}
        type={type}
        dir="ltr"
        value={draft[name] ?? ''}
        onChange={(e) => setDraft((d) => ({ ...d, [name]: e.target.value }))}
        {...extra}
      />
    </label>
  );
  return (
    <form className="filters audit-filters" onSubmit={submit} aria-label={t('audit.filter.label')}>
      {field('user', 'text', { placeholder: t('audit.filter.userHint') })}
      {field('action', 'text', { placeholder: 'activity.update' })}
      <label className="filter">
        <span>{labels.entityType}</span>
        <select
          name="entityType"
          value={draft.entityType ?? ''}
          onChange={(e) => setDraft((d) => ({ ...d, entityType: e.target.value }))}
        >
          <option value="">{t('audit.filter.any')}</option>
          {[...new Set([...ENTITY_TYPES, ...(filter.entityType ? [filter.entityType] : [])])].map((type) => (
            <option key={type} value={type} dir="ltr">
              {type}
            </option>
          ))}
        </select>
      </label>
      {field('entityId')}
      {field('from', 'date')}
      {field('to', 'date')}
      <div className="filter-actions">
        <button type="submit" className="button">
          {t('audit.filter.apply')}
        </button>
        <button type="button" className="button ghost" onClick={() => apply({})} disabled={keyOf(filter) === keyOf({})}>
          {t('audit.filter.clear')}
        </button>
      </div>
    </form>
  );
}

/** Why a request was refused: the problem, and each field's issue under the filter's name. */
function Refusal({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const labels: Record<string, string> = filterLabels(t);
  if (!(error instanceof ProblemError) || error.errors.length === 0) return <LoadError error={error} />;
  return (
    <Alert kind="error">
      {problemText(error)}
      <ul>
        {error.errors.map((issue) => (
          <li key={`${issue.path}-${issue.code}`}>
            {labels[issue.path] ?? issue.path}
            {': '}
            {issueText(issue)}
          </li>
        ))}
      </ul>
    </Alert>
  );
}

function AuditTools({ filter }: { filter: AuditFilter }) {
  const { t } = useTranslation();
  // Which verification runs: from the last one's checkpoint, or over every entry.
  const [verifying, setVerifying] = useState<'incremental' | 'full' | null>(null);
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [exporting, setExporting] = useState(false);
  const [failed, setFailed] = useState<unknown>(null);
  const verify = async (full: boolean) => {
    setVerifying(full ? 'full' : 'incremental');
    setFailed(null);
    setVerification(null);
    try {
      setVerification(await api.auditVerification(full));
    } catch (err) {
      setFailed(err);
    } finally {
      setVerifying(null);
    }
  };
  const exportCsv = async () => {
    setExporting(true);
    setFailed(null);
    try {
      const file = await api.auditExport(filter);
      download(file.blob, file.filename);
    } catch (err) {
      setFailed(err);
    } finally {
      setExporting(false);
    }
  };
  return (
    <div className="audit-tools">
      <div className="actions">
        <button
          type="button"
          className="button ghost audit-verify"
          onClick={() => void verify(false)}
          disabled={verifying !== null}
          aria-busy={verifying === 'incremental'}
        >
          {verifying === 'incremental' ? t('audit.verifying') : t('audit.verify')}
        </button>
        <button
          type="button"
          className="button ghost audit-verify-full"
          onClick={() => void verify(true)}
          disabled={verifying !== null}
          aria-busy={verifying === 'full'}
        >
          {verifying === 'full' ? t('audit.verifying') : t('audit.verifyFull')}
        </button>
        <button type="button" className="button ghost" onClick={exportCsv} disabled={exporting} aria-busy={exporting}>
          {t('audit.export')}
        </button>
      </div>
      <div aria-live="polite">
        {verification && <VerificationResult result={verification} />}
        {failed !== null && <Refusal error={failed} />}
      </div>
    </div>
  );
}

function VerificationResult({ result }: { result: AuditVerification }) {
  const { t } = useTranslation();
  if (result.ok)
    return (
      <Alert kind="success">
        <span className="audit-verified">
          {t('audit.verified', {
            countText: formatNumber(result.count ?? 0),
            seq: result.head?.seq ?? 0,
          })}{' '}
          {result.signed ? t('audit.checkpointsHold', { n: result.checkpoints }) : t('audit.hashesOnly')}
        </span>{' '}
        <span className="audit-verified-from">
          {result.from > 0 ? t('audit.verifiedFrom', { seq: result.from }) : t('audit.verifiedAll')}
        </span>
      </Alert>
    );
  return (
    <Alert kind="error">
      <span className="audit-broken">
        {result.firstBroken ? t('audit.broken', { seq: result.firstBroken.seq }) : t('audit.checkpointsBroken')}
      </span>
      {result.firstBroken && (
        <span className="audit-problem" dir="ltr">
          {' '}
          ({result.firstBroken.problem})
        </span>
      )}
      {result.checkpointProblems.length > 0 && (
        <ul dir="ltr">
          {result.checkpointProblems.map((p) => (
            <li key={p.line}>
              {t('audit.checkpointLine', { line: p.line, size: p.treeSize })} {p.problem}
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}

function AuditEntries({ filter }: { filter: AuditFilter }) {
  const { t } = useTranslation();
  // Pages by the cursor they were read from, so that reading one twice shows it once.
  const [pages, setPages] = useState<Map<string, AuditEntry[]>>(new Map());
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const loaded = useLoad(async () => {
    const page = await api.audit(filter, cursor);
    setPages((p) => new Map(p).set(cursor ?? '', page.items));
    return page;
  }, [cursor]);
  const entries = [...pages.values()].flat();
  // The page is marked as the most sensitive entry it lists; a name no party knows marks nothing.
  const owned = entries.flatMap((e) => (e.ownerParty === null ? [] : [{ ...e, ownerParty: e.ownerParty }]));
  usePageLabels(owned);
  const narrow = (change: AuditFilter) => {
    const params = new URLSearchParams(window.location.search);
    for (const [name, value] of Object.entries(change)) params.set(name, value);
    setSearchParams(params);
  };
  if (loaded.state === 'failed' && entries.length === 0) return <Refusal error={loaded.error} />;
  return (
    <>
      {loaded.state === 'ready' && entries.length === 0 && <p className="muted">{t('audit.none')}</p>}
      {entries.length > 0 && (
        <ScrollRegion className="table-scroll audit-scroll" label={t('admin.audit')}>
          <RecordTable
            className="mini-table audit-table"
            records={entries}
            keyOf={(e) => e.seq}
            columns={[
              { head: t('admin.auditSeq'), cell: (e) => e.seq },
              {
                head: t('admin.auditMarking'),
                cell: (e) =>
                  e.ownerParty === null ? (
                    <abbr className="record-marking portion level-UNCLASSIFIED" title={t(`classification.${e.classification}`)}>
                      ({t(`classificationShort.${e.classification}`)})
                    </abbr>
                  ) : (
                    <RecordMarking label={{ ...e, ownerParty: e.ownerParty }} compact />
                  ),
              },
              { head: t('admin.auditAt'), cell: (e) => <time dateTime={e.at}>{formatDateTime(e.at)}</time> },
              { head: t('admin.auditParty'), cell: (e) => e.actorParty ?? t('common.none') },
              {
                head: t('audit.user'),
                cell: (e) =>
                  e.actorUsername ? (
                    <button
                      type="button"
                      className="link-button"
                      dir="ltr"
                      title={t('audit.filterBy')}
                      onClick={() => narrow({ user: e.actorUsername ?? '' })}
                    >
                      {e.actorUsername}
                    </button>
                  ) : (
                    <span className="muted">{e.actorId ? t('audit.otherParty') : t('common.none')}</span>
                  ),
              },
              {
                head: t('admin.auditAction'),
                cell: (e) => (
                  <button
                    type="button"
                    className="link-button"
                    title={t('audit.filterBy')}
                    onClick={() => narrow({ action: e.action })}
                  >
                    {e.action}
                  </button>
                ),
                dir: 'ltr',
              },
              {
                head: t('admin.auditEntity'),
                dir: 'ltr',
                cell: (e) => (
                  <>
                    {e.entityType}
                    {e.entityId && (
                      <>
                        {' '}
                        <button
                          type="button"
                          className="link-button audit-record"
                          dir="ltr"
                          title={`${t('audit.filterBy')} ${e.entityId}`}
                          onClick={() => narrow({ entityId: e.entityId ?? '' })}
                        >
                          {/* Ids begin with their time: the end tells records apart. */}…{e.entityId.slice(-8)}
                        </button>
                      </>
                    )}
                  </>
                ),
              },
              {
                head: t('audit.detail'),
                cell: (e) =>
                  Object.keys(e.detail).length > 0 ? (
                    <code className="audit-detail" dir="ltr">
                      {JSON.stringify(e.detail)}
                    </code>
                  ) : null,
              },
            ]}
          />
        </ScrollRegion>
      )}
      {loaded.state === 'failed' && entries.length > 0 && <LoadError error={loaded.error} />}
      {loaded.state === 'ready' && loaded.data.nextCursor && (
        <button type="button" className="button ghost" onClick={() => setCursor(loaded.data.nextCursor ?? undefined)}>
          {t('admin.more')}
        </button>
      )}
    </>
  );
}
