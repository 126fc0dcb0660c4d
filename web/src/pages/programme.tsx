import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canPlan } from '../../../src/domain/policy.js';
import { OFFER_STATUSES } from '../../../src/domain/programme.lifecycle.js';
import { api } from '../api/client.js';
import type { Programme } from '../api/types.js';
import { Bidi, Localized } from '../components/bidi.js';
import { RecordMarking, usePageLabels } from '../components/classification-banner.js';
import { LoadError } from '../components/load-error.js';
import { ProgrammeContract } from '../components/programme-contract.js';
import { ContractForm } from '../components/programme-contract-forms.js';
import { DetailRow } from '../components/programme-form.js';
import { ProgrammeHistory } from '../components/programme-history.js';
import { Amount } from '../components/programme-money.js';
import { ProgrammeMoves } from '../components/programme-moves.js';
import { NeedForm } from '../components/programme-need-form.js';
import { ProgrammeOfferForm } from '../components/programme-offer-form.js';
import { ProgrammeOffers } from '../components/programme-offers.js';
import { ProgrammeStatusBadge } from '../components/programme-status.js';
import { ProgrammeTotals } from '../components/programme-totals.js';
import { formatDate, formatDateTime, formatNumber, localized } from '../i18n/format.js';
import { Link } from '../router.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';
import '../components/programme.css';
import { Breadcrumb } from '../components/breadcrumb.js';

/**
 * One procurement programme: its status and the moves the reader may make,
 * the need, the offers side by side, the contract with its milestones,
 * deliveries and amendments, the amounts in one currency, and its history.
 * Every write answers the whole programme, which the page shows at once.
 */
export default function ProgrammePage({ programmeId }: { programmeId: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const loaded = useLoad(() => api.programme(programmeId), [programmeId]);
  const [fresh, setFresh] = useState<Programme | null>(null);
  const [open, setOpen] = useState<'need' | 'offer' | 'contract' | null>(null);
  // The newest of what the page read and what a write answered.
  const programme = fresh && (!loaded.data || fresh.version >= loaded.data.version) ? fresh : loaded.data;
  usePageLabels(programme ? [programme] : []);
  if (loaded.state === 'failed') return <LoadError error={loaded.error} />;
  if (!programme) return <p className="muted">{t('common.loading')}</p>;
  const planner = canPlan(user, programme.ownerParty);
  const title = localized(programme.title);
  const changed = (p: Programme) => setFresh(p);
  // What a write answered stays until the reading is newer: dropping it first would show the older page read
  // in between, a change of version that clears the refusal the reading was asked for.
  const reload = () => loaded.reload();
  const writes = { programme, planner, onChanged: changed, reload };

  return (
    <div className="page programme-page">
      <Breadcrumb trail={[{ to: '/programmes', label: t('programmes.title') }]} />
      <header className="card record-header">
        <RecordMarking label={programme} />
        <div className="record-header-body">
          <h1>
            <Bidi lang={title.lang}>{title.text}</Bidi>
          </h1>
          <div className="meta-row">
            <ProgrammeStatusBadge status={programme.status} />
            <span>{t('programmes.ownedBy', { party: programme.ownerParty })}</span>
            <span>{t('programmes.versionAt', { version: programme.version, date: formatDateTime(programme.updatedAt) })}</span>
            {programme.evaluationId && <Link to={`/programmes/${programme.id}/evaluation`}>{t('evaluation.link')}</Link>}
            <Link to={`/programmes/${programme.id}/trace`}>{t('trace.link')}</Link>
            {programme.contract && <Link to={`/offsets?contract=${programme.id}`}>{t('trace.ledgerLink')}</Link>}
          </div>
          {programme.evaluationHash && (
            <p>
              {t('evaluation.hash')} <code dir="ltr">{programme.evaluationHash}</code>
            </p>
          )}
          {programme.cancelReason && (
            <p className="cancel-reason">
              {t('programmes.cancelReason')} <Bidi>{programme.cancelReason}</Bidi>
            </p>
          )}
          {Object.keys(programme.description).length > 0 && (
            <p className="prewrap">
              <Localized text={programme.description} />
            </p>
          )}
        </div>
      </header>
      <div className="two-columns">
        <Need programme={programme} />
        {planner && <ProgrammeMoves programme={programme} onChanged={changed} reload={reload} />}
      </div>
      {planner && (
        <div className="section-actions">
          {programme.status === 'need' && (
            <button
              type="button"
              className="button"
              aria-expanded={open === 'need'}
              onClick={() => setOpen(open === 'need' ? null : 'need')}
            >
              {t('programmes.needForm.open')}
            </button>
          )}
          {OFFER_STATUSES.includes(programme.status) && (
            <button
              type="button"
              className="button"
              aria-expanded={open === 'offer'}
              onClick={() => setOpen(open === 'offer' ? null : 'offer')}
            >
              {t('programmes.offerForm.open')}
            </button>
          )}
          {programme.status === 'selected' && !programme.contract && (
            <button
              type="button"
              className="button"
              aria-expanded={open === 'contract'}
              onClick={() => setOpen(open === 'contract' ? null : 'contract')}
            >
              {t('programmes.contractForm.open')}
            </button>
          )}
        </div>
      )}
      {open === 'need' && programme.status === 'need' && (
        <NeedForm programme={programme} onChanged={changed} reload={reload} onClose={() => setOpen(null)} />
      )}
      {open === 'offer' && OFFER_STATUSES.includes(programme.status) && (
        <ProgrammeOfferForm programme={programme} onChanged={changed} reload={reload} onClose={() => setOpen(null)} />
      )}
      {open === 'contract' && programme.status === 'selected' && (
        <ContractForm programme={programme} onChanged={changed} reload={reload} onClose={() => setOpen(null)} />
      )}
      <ProgrammeOffers {...writes} />
      {programme.contract && <ProgrammeContract {...writes} contract={programme.contract} />}
      <div className="two-columns">
        <ProgrammeTotals programme={programme} />
        <ProgrammeHistory programme={programme} />
      </div>
    </div>
  );
}

function Need({ programme }: { programme: Programme }) {
  const { t } = useTranslation();
  const { need } = programme;
  return (
    <section className="card" aria-labelledby="need-heading">
      <h2 id="need-heading">{t('programmes.need.title')}</h2>
      <dl className="details">
        <DetailRow label={t('programmes.need.capabilityGap')}>
          <span className="prewrap" dir="auto">
            {need.capabilityGap}
          </span>
        </DetailRow>
        <DetailRow label={t('programmes.need.quantity')}>{formatNumber(need.quantity)}</DetailRow>
        <DetailRow label={t('programmes.need.requiredBy')}>{formatDate(need.requiredBy)}</DetailRow>
        <DetailRow label={t('programmes.need.budgetCeiling')}>
          <Amount money={need.budgetCeiling} className="amount total" />
        </DetailRow>
      </dl>
    </section>
  );
}
