import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canPlan } from '../../../src/domain/policy.js';
import { PROGRAMME_STATUSES, type ProgrammeStatus } from '../../../src/domain/programme.lifecycle.js';
import { api } from '../api/client.js';
import type { ProgrammeSummary } from '../api/types.js';
import { Bidi } from '../components/bidi.js';
import { RecordMarking, usePageLabels } from '../components/classification-banner.js';
import { Alert } from '../components/field.js';
import { LoadError } from '../components/load-error.js';
import { ProgrammeCreateForm } from '../components/programme-create-form.js';
import { Amount } from '../components/programme-money.js';
import { ProgrammeStatusBadge } from '../components/programme-status.js';
import { ScrollTable } from '../components/scroll-table.js';
import { formatDate, formatNumber, localized } from '../i18n/format.js';
import { problemText } from '../i18n/problems.js';
import { Link, navigate } from '../router.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';
import '../components/programme.css';
import { Breadcrumb } from '../components/breadcrumb.js';

const PAGE = 50;
const isStatus = (s: string): s is ProgrammeStatus => (PROGRAMME_STATUSES as readonly string[]).includes(s);

/**
 * The procurement programmes the reader may read, newest first, a page at a
 * time: each with its marking, status, owner, need, budget ceiling, the offer
 * selected, the contract's value and the next milestone. Filters by status and
 * owner party live in the address, so a filtered list can be shared.
 */
export default function ProgrammesPage({ status, owner }: { status: string; owner: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [creating, setCreating] = useState(false);
  const query = { status: isStatus(status) ? status : undefined, owner: owner || undefined, limit: PAGE };
  const loaded = useLoad(() => Promise.all([api.programmes(query), api.parties()]), [status, owner]);
  const [more, setMore] = useState<{ items: ProgrammeSummary[]; nextCursor: string | null } | null>(null);
  const [moreFailed, setMoreFailed] = useState<string | null>(null);
  const items = [...(loaded.data?.[0].items ?? []), ...(more?.items ?? [])];
  usePageLabels(items);
  if (loaded.state === 'failed') return <LoadError error={loaded.error} />;
  if (loaded.state === 'loading') return <p className="muted">{t('common.loading')}</p>;
  const [firstPage, parties] = loaded.data;
  const next = more ? more.nextCursor : firstPage.nextCursor;

  const filter = (change: { status?: string; owner?: string }) => {
    const params = new URLSearchParams();
    const s = change.status ?? status;
    const o = change.owner ?? owner;
    if (s) params.set('status', s);
    if (o) params.set('owner', o);
    const text = params.toString();
    navigate(text ? `/programmes?${text}` : '/programmes');
  };

  async function loadMore() {
    if (!next) return;
    setMoreFailed(null);
    try {
      const page = await api.programmes({ ...query, cursor: next });
      setMore((m) => ({ items: [...(m?.items ?? []), ...page.items], nextCursor: page.nextCursor }));
    } catch (err) {
      setMoreFailed(problemText(err));
    }
  }

  return (
    <div className="page programmes-page">
      <Breadcrumb />
      <div className="page-head section-head">
        <h1>{t('programmes.title')}</h1>
        <Link to="/programmes/measures" className="button ghost">
          {t('programmes.measures.link')}
        </Link>
        {canPlan(user, user.party) && (
          <button type="button" className="button" aria-expanded={creating} onClick={() => setCreating((c) => !c)}>
            {t('programmes.create.open')}
          </button>
        )}
      </div>
      {creating && <ProgrammeCreateForm onCancel={() => setCreating(false)} />}
      <div className="filters">
        <label className="filter">
          <span>{t('programmes.list.status')}</span>
          <select value={isStatus(status) ? status : ''} onChange={(e) => filter({ status: e.target.value })}>
            <option value="">{t('programmes.list.all')}</option>
            {PROGRAMME_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`programmes.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>{t('programmes.list.owner')}</span>
          <select value={owner} onChange={(e) => filter({ owner: e.target.value })}>
            <option value="">{t('programmes.list.all')}</option>
            {parties.items.map((p) => (
              <option key={p.code} value={p.code}>
                {p.code}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ScrollTable
        label={t('programmes.title')}
        empty={items.length === 0 && t('programmes.list.none')}
        className="programmes-scroll"
        tableClassName="programmes-table"
        columns={[
          t('programmes.list.programme'),
          t('programmes.list.status'),
          t('programmes.list.owner'),
          t('programmes.list.need'),
          t('programmes.need.budgetCeiling'),
          t('programmes.list.selected'),
          t('programmes.contract.value'),
          t('programmes.list.nextMilestone'),
        ]}
      >
        {items.map((p) => (
          <Row key={p.id} programme={p} />
        ))}
      </ScrollTable>
      {moreFailed && <Alert kind="error">{moreFailed}</Alert>}
      {next && (
        <div className="actions">
          <button type="button" className="button ghost" onClick={() => void loadMore()}>
            {t('programmes.list.more')}
          </button>
        </div>
      )}
    </div>
  );
}

function Row({ programme: p }: { programme: ProgrammeSummary }) {
  const { t } = useTranslation();
  const title = localized(p.title);
  const none = <span className="muted">{t('common.none')}</span>;
  return (
    <tr>
      <td>
        <RecordMarking label={p} compact />
        <Link to={`/programmes/${p.id}`}>
          <Bidi lang={title.lang}>{title.text}</Bidi>
        </Link>
      </td>
      <td>
        <ProgrammeStatusBadge status={p.status} />
      </td>
      <td>
        <span className="party-tag">{p.ownerParty}</span>
      </td>
      <td className="need-cell">
        <Bidi className="clip">{p.need.capabilityGap}</Bidi>
        <span className="muted">
          {t('programmes.list.needLine', { quantity: formatNumber(p.need.quantity), date: formatDate(p.need.requiredBy) })}
        </span>
      </td>
      <td className="number">
        <Amount money={p.need.budgetCeiling} />
      </td>
      <td className="stacked">
        {p.selectedOffer ? (
          <>
            <Bidi>{p.selectedOffer.supplier ?? t('programmes.offer.hiddenSupplier')}</Bidi>
            {p.selectedOffer.system && <Bidi className="muted">{p.selectedOffer.system}</Bidi>}
          </>
        ) : (
          none
        )}
      </td>
      <td className="number">{p.contractValue ? <Amount money={p.contractValue} /> : none}</td>
      <td className="stacked next-milestone">
        {p.nextMilestone ? (
          <>
            <Bidi className="clip">{p.nextMilestone.title}</Bidi>
            <span className={p.nextMilestone.dueDate < new Date().toISOString().slice(0, 10) ? 'overdue-date' : 'muted'}>
              {formatDate(p.nextMilestone.dueDate)}
            </span>
          </>
        ) : (
          none
        )}
      </td>
    </tr>
  );
}
