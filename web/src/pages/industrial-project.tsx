import { lazy, type ReactNode, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canFollowUp, canPlan } from '../../../src/domain/policy.js';
import { api } from '../api/client.js';
import { industryApi } from '../api/industry.js';
import type { IndustrialProject } from '../api/types.js';
import { Bidi } from '../components/bidi.js';
import { Breadcrumb } from '../components/breadcrumb.js';
import { RecordMarking, usePageLabels } from '../components/classification-banner.js';
import { RecordFollowUps } from '../components/follow-up-log.js';
import { IndustrialProjectEditForm } from '../components/industrial-project-form.js';
import { IndustrialProjectHistory } from '../components/industrial-project-history.js';
import { IndustrialProjectMoves } from '../components/industrial-project-moves.js';
import { IndustrialProjectPartnersForm } from '../components/industrial-project-partners-form.js';
import {
  ProjectCommitmentForm,
  ProjectMilestoneAddForm,
  ProjectMilestoneReachedForm,
  ProjectTransferAcceptedForm,
  ProjectTransferAddForm,
} from '../components/industrial-project-parts-forms.js';
import {
  formatPercentOf,
  IndustrialStatusBadge,
  useKindText,
  useMilestoneKindText,
  useProgressStateText,
  useRoleText,
} from '../components/industrial-project-texts.js';
import { LoadError } from '../components/load-error.js';
import { Amount } from '../components/programme-money.js';
import { TableHead } from '../components/table-head.js';
import { formatDate, formatNumber, formatPercent, localized } from '../i18n/format.js';
import { withIndustryVisualsTexts } from '../i18n/industry-visuals.js';
import { Link } from '../router.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';
import '../components/programme.css';
import '../components/industrial-project.css';

// The curves (with the charting library) and the map (with its outline) load with their texts when the page shows them.
const Measurements = lazy(withIndustryVisualsTexts(() => import('../components/industrial-project-measurements.js')));
const SiteMap = lazy(withIndustryVisualsTexts(() => import('../components/site-map.js')));

/**
 * One industrial project: its status and kind, site, budget, jobs and local
 * content, its progress as of today, its partners with their cost shares as
 * a bar, each with the commitments the reader may read, the partners that
 * left with when and the commitments they keep, its milestones as a timeline,
 * its technology-transfer items, its site on a map when it has coordinates
 * and the programmes it comes from; its jobs and local content measured,
 * as curves against what was planned.
 */
export default function IndustrialProjectPage({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const loaded = useLoad(() => Promise.all([api.industrialProject(projectId), api.parties()]), [projectId]);
  const [fresh, setFresh] = useState<IndustrialProject | null>(null);
  const [open, setOpen] = useState<Form | null>(null);
  const read = loaded.data?.[0];
  // The newest of what the page read and what a write answered.
  const p = fresh && fresh.id === projectId && (!read || fresh.version >= read.version) ? fresh : read;
  usePageLabels(p ? [p, ...[...p.partners, ...p.formerPartners].flatMap((x) => x.commitments)] : []);
  const kindText = useKindText();
  if (loaded.state === 'failed') return <LoadError error={loaded.error} />;
  if (!loaded.data || !p) return <p className="muted">{t('common.loading')}</p>;
  const parties = loaded.data[1].items;
  const title = localized(p.title);
  const description = Object.keys(p.description).length ? localized(p.description) : null;
  const open_ = p.status !== 'closed';
  const planner = open_ && canPlan(user, p.ownerParty);
  // A planner commits for the partners of its own party (the owner's planners may too, through the API).
  const ownPartners = open_ && canPlan(user, user.party) ? p.partners.filter((x) => x.party === user.party) : [];
  const writes = { project: p, onChanged: setFresh, reload: () => loaded.reload() };
  const close = () => setOpen(null);
  const toggle = (form: Form, label: string) => (
    <button type="button" className="button" aria-expanded={open === form} onClick={() => setOpen(open === form ? null : form)}>
      {label}
    </button>
  );
  return (
    <div className="page industry-project-page">
      <Breadcrumb trail={[{ to: '/industry', label: t('industry.title') }]} />
      <RecordMarking label={p} />
      <div className="page-head section-head">
        <h1>
          <Bidi lang={title.lang}>{title.text}</Bidi>
        </h1>
        <IndustrialStatusBadge status={p.status} />
      </div>
      {description && (
        <p className="industry-description">
          <Bidi lang={description.lang}>{description.text}</Bidi>
        </p>
      )}
      <dl className="facts industry-facts">
        <dt>{t('industry.list.kind')}</dt>
        <dd>{kindText[p.kind]}</dd>
        <dt>{t('industry.list.owner')}</dt>
        <dd>
          <span className="party-tag">{p.ownerParty}</span>
        </dd>
        <dt>{t('industry.site')}</dt>
        <dd>
          <Bidi>{p.site.place}</Bidi>
          {p.site.latitude !== null && p.site.longitude !== null && (
            <span className="muted" dir="ltr">
              {' '}
              ({formatNumber(p.site.latitude)}, {formatNumber(p.site.longitude)})
            </span>
          )}
        </dd>
        <dt>{t('industry.budget')}</dt>
        <dd>
          <Amount money={p.budget} />
        </dd>
        <dt>{t('industry.jobs')}</dt>
        <dd>{t('industry.jobsLine', { created: formatNumber(p.jobsCreated), planned: formatNumber(p.jobsPlanned) })}</dd>
        <dt>{t('industry.localContent')}</dt>
        <dd>
          {t('industry.percentLine', {
            reached: formatPercentOf(p.localContentReached),
            planned: formatPercentOf(p.localContentPlanned),
          })}
        </dd>
      </dl>
      {(planner || ownPartners.length > 0) && (
        <div className="section-actions">
          {planner && toggle('edit', t('industry.edit.open'))}
          {planner && toggle('partners', t('industry.partnersForm.open'))}
          {planner && toggle('milestone', t('industry.milestoneForm.heading'))}
          {planner && toggle('transfer', t('industry.transferForm.heading'))}
          {ownPartners.length > 0 && toggle('commitment', t('industry.commitmentForm.heading'))}
        </div>
      )}
      {planner && open === 'edit' && (
        <IndustrialProjectEditForm {...writes} parties={parties.map((x) => x.code)} onClose={close} />
      )}
      {planner && open === 'partners' && <IndustrialProjectPartnersForm {...writes} parties={parties} onClose={close} />}
      {planner && open === 'milestone' && <ProjectMilestoneAddForm {...writes} onClose={close} />}
      {planner && open === 'transfer' && <ProjectTransferAddForm {...writes} onClose={close} />}
      {open === 'commitment' && ownPartners.length > 0 && (
        <ProjectCommitmentForm project={p} partners={ownPartners} reload={writes.reload} onClose={close} />
      )}
      <IndustrialProjectMoves project={p} onChanged={setFresh} reload={writes.reload} />
      <Progress project={p} />
      <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
        <Measurements project={p} planner={planner} onChanged={setFresh} reload={writes.reload} />
      </Suspense>
      <Partners project={p} />
      <FormerPartners project={p} />
      <Milestones {...writes} planner={planner} />
      <Transfers {...writes} planner={planner} />
      {p.site.latitude !== null && p.site.longitude !== null && (
        <Suspense fallback={null}>
          <SiteMap sites={[{ id: p.id, title, place: p.site.place, latitude: p.site.latitude, longitude: p.site.longitude }]} />
        </Suspense>
      )}
      {p.programmeIds.length > 0 && (
        <section>
          <h2>{t('industry.programmes')}</h2>
          <ul>
            {p.programmeIds.map((id) => (
              <li key={id}>
                <Link to={`/programmes/${id}`}>{t('industry.programmeLink')}</Link>
                {' · '}
                <Link to={`/programmes/${id}/trace`}>{t('trace.link')}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <RecordFollowUps
        recordId={p.id}
        canWrite={open_ && canFollowUp(user, followUpParties(p))}
        load={industryApi.followUps}
        add={industryApi.addFollowUp}
      />
      <IndustrialProjectHistory project={p} />
    </div>
  );
}

type Form = 'edit' | 'partners' | 'milestone' | 'transfer' | 'commitment';

/** Who a project involves, as the follow-up rule asks of an activity: its owner, and its partners' parties. */
const followUpParties = (p: IndustrialProject) => ({
  leadParty: p.ownerParty,
  ownerParty: p.ownerParty,
  participatingParties: p.partners.map((x) => x.party),
});

type Writes = { project: IndustrialProject; onChanged: (p: IndustrialProject) => void; reload: () => void; planner: boolean };

function Progress({ project: p }: { project: IndustrialProject }) {
  const { t } = useTranslation();
  const g = p.progress;
  const state = useProgressStateText()[g.state];
  return (
    <section className="industry-progress">
      <h2>{t('industry.progress.title', { date: formatDate(g.asOf) })}</h2>
      <p>
        <span className={`badge progress-${g.state}`}>{state}</span>{' '}
        {t('industry.progress.line', {
          reached: formatNumber(g.reached),
          due: formatNumber(g.due),
          rate: formatPercent(g.executionRate),
          late: formatNumber(g.late),
        })}
      </p>
    </section>
  );
}

/** The partners' cost shares as one bar whose segments are the exact percentages, laid out in the reading direction. */
function Partners({ project: p }: { project: IndustrialProject }) {
  const { t } = useTranslation();
  return (
    <section className="industry-partners">
      <h2>{t('industry.partners')}</h2>
      <div className="share-bar" role="img" aria-label={t('industry.sharesChart')}>
        {p.partners.map((x, i) => (
          <span
            key={x.id}
            className={`share-segment share-${i % 6}`}
            style={{ width: `${x.share}%` }}
            title={`${x.name} — ${formatPercentOf(x.share)}`}
          >
            {/* One line, each part isolated: a right-to-left page puts the party first on the right, its share after it. */}
            <span>
              <bdi>{x.party}</bdi> <bdi>{formatPercentOf(x.share)}</bdi>
            </span>
          </span>
        ))}
      </div>
      <PartnerTable
        className="industry-partners-table"
        partners={p.partners}
        third={{ title: t('industry.share'), cell: (x) => <td className="number">{formatPercentOf(x.share)}</td> }}
      />
    </section>
  );
}

/** The partners that left, in the order they left, with when, and the commitments they keep that the reader may read. */
function FormerPartners({ project: p }: { project: IndustrialProject }) {
  const { t } = useTranslation();
  if (!p.formerPartners.length) return null;
  return (
    <section className="industry-former-partners">
      <h2>{t('industry.formerPartners')}</h2>
      <PartnerTable
        className="industry-partners-table former-partners-table"
        partners={p.formerPartners}
        third={{
          title: t('industry.leftOn'),
          cell: (x) => (
            <td>
              <time dateTime={x.leftAt}>{formatDate(x.leftAt)}</time>
            </td>
          ),
        }}
      />
    </section>
  );
}

type Partner = IndustrialProject['partners'][number] | IndustrialProject['formerPartners'][number];

/**
 * Partners, current or former, one row each: who, their role, the column that
 * tells them apart (cost share or day left), and their commitments.
 */
function PartnerTable<P extends Partner>({
  className,
  partners,
  third,
}: {
  className: string;
  partners: P[];
  third: { title: string; cell: (partner: P) => ReactNode };
}) {
  const { t } = useTranslation();
  const roleText = useRoleText();
  return (
    <table className={className}>
      <TableHead columns={[t('industry.partner'), t('industry.role.title'), third.title, t('industry.commitments')]} />
      <tbody>
        {partners.map((x) => (
          <tr key={x.id}>
            <td>
              <Bidi>{x.name}</Bidi> <span className="party-tag">{x.party}</span>
            </td>
            <td>{roleText[x.role]}</td>
            {third.cell(x)}
            <td>
              <Commitments partner={x} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What a partner committed to that the reader may read, each with its marking and contribution. */
function Commitments({ partner }: { partner: { commitments: IndustrialProject['partners'][number]['commitments'] } }) {
  const { t } = useTranslation();
  if (partner.commitments.length === 0) return <span className="muted">{t('common.none')}</span>;
  return (
    <ul className="commitments">
      {partner.commitments.map((c) => (
        <li key={c.id}>
          <RecordMarking label={c} compact />
          <Bidi>{c.what}</Bidi>
          {c.contribution && (
            <>
              {' '}
              <Amount money={c.contribution} />
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The milestones in date order, each planned and, once reached, with its day; late ones marked. */
function Milestones({ project: p, planner, ...writes }: Writes) {
  const { t } = useTranslation();
  const kindText = useMilestoneKindText();
  if (!p.milestones.length) return null;
  const today = p.progress.asOf;
  return (
    <section>
      <h2>{t('industry.milestones')}</h2>
      <ol className="industry-timeline">
        {p.milestones.map((m) => {
          const late = m.actualOn ? m.actualOn > m.plannedOn : m.plannedOn < today;
          return (
            <li key={m.id} className={m.actualOn ? 'reached' : late ? 'late' : 'planned'}>
              <span className="when">{formatDate(m.plannedOn)}</span>
              <span className="what">
                <strong>{kindText[m.kind]}</strong> <Bidi>{m.title}</Bidi>
                {m.target && <span className="muted"> {t('industry.target', { target: formatPercentOf(m.target) })}</span>}
              </span>
              <span className={late ? 'overdue-date' : 'muted'}>
                {m.actualOn ? t('industry.reachedOn', { date: formatDate(m.actualOn) }) : late ? t('industry.late') : ''}
              </span>
              {planner && <ProjectMilestoneReachedForm project={p} milestone={m} {...writes} />}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function Transfers({ project: p, planner, ...writes }: Writes) {
  const { t } = useTranslation();
  if (!p.transfers.length) return null;
  return (
    <section>
      <h2>{t('industry.transfers')}</h2>
      <ul className="industry-transfers">
        {p.transfers.map((x) => (
          <li key={x.id}>
            <Bidi>{x.what}</Bidi>{' '}
            <span className="muted">
              {t('industry.transferLine', { from: x.from, to: x.to, date: formatDate(x.plannedOn) })}{' '}
              {x.acceptedOn ? t('industry.acceptedOn', { date: formatDate(x.acceptedOn) }) : t('industry.notAccepted')}
            </span>
            {planner && <ProjectTransferAcceptedForm project={p} transfer={x} {...writes} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
