import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PROJECT_STATUSES, type ProjectStatus } from '../../../src/domain/industrial-project.lifecycle.js';
import { PROJECT_KINDS, type ProjectKind } from '../../../src/domain/industrial-project.schema.js';
import { canPlan } from '../../../src/domain/policy.js';
import { api } from '../api/client.js';
import type { IndustrialProjectSummary } from '../api/types.js';
import { Bidi } from '../components/bidi.js';
import { Breadcrumb } from '../components/breadcrumb.js';
import { RecordMarking, usePageLabels } from '../components/classification-banner.js';
import { IndustrialProjectCreateForm } from '../components/industrial-project-form.js';
import {
  formatPercentOf,
  IndustrialStatusBadge,
  ProgressBadge,
  useKindText,
  useStatusText,
} from '../components/industrial-project-texts.js';
import { LoadError } from '../components/load-error.js';
import { Amount } from '../components/programme-money.js';
import { ScrollTable } from '../components/scroll-table.js';
import { formatNumber, localized } from '../i18n/format.js';
import { withIndustryVisualsTexts } from '../i18n/industry-visuals.js';
import { Link, navigate } from '../router.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';
import '../components/programme.css';
import '../components/industrial-project.css';

// The map, its outline and its texts load with this page's first drawing of it, not with the sign-in or the dashboard.
const SiteMap = lazy(withIndustryVisualsTexts(() => import('../components/site-map.js')));

const isStatus = (s: string): s is ProjectStatus => (PROJECT_STATUSES as readonly string[]).includes(s);
const isKind = (k: string): k is ProjectKind => (PROJECT_KINDS as readonly string[]).includes(k);

/**
 * The industrial projects the reader may read, newest first: each with its
 * marking, kind, status, owner, site, budget, jobs, local content and progress;
 * filtered by status and kind; below, those with coordinates on a map.
 */
export default function IndustrialProjectsPage({ status, kind }: { status: string; kind: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [creating, setCreating] = useState(false);
  const statusText = useStatusText();
  const kindText = useKindText();
  const query = { status: isStatus(status) ? status : undefined, kind: isKind(kind) ? kind : undefined, limit: 500 };
  const loaded = useLoad(() => api.industrialProjects(query), [status, kind]);
  const items = loaded.data?.items ?? [];
  usePageLabels(items);
  if (loaded.state === 'failed') return <LoadError error={loaded.error} />;
  if (loaded.state === 'loading') return <p className="muted">{t('common.loading')}</p>;

  /** Filters live in the address, so a filtered list can be shared. */
  const filter = (change: { status?: string; kind?: string }) => {
    const params = new URLSearchParams();
    const s = change.status ?? status;
    const k = change.kind ?? kind;
    if (s) params.set('status', s);
    if (k) params.set('kind', k);
    const text = params.toString();
    navigate(text ? `/industry?${text}` : '/industry');
  };

  return (
    <div className="page industry-page">
      <Breadcrumb />
      <div className="page-head section-head">
        <h1>{t('industry.title')}</h1>
        {canPlan(user, user.party) && (
          <button type="button" className="button" aria-expanded={creating} onClick={() => setCreating((c) => !c)}>
            {t('industry.create.open')}
          </button>
        )}
      </div>
      {creating && <IndustrialProjectCreateForm onCancel={() => setCreating(false)} />}
      <div className="filters">
        <label className="filter">
          <span>{t('industry.list.status')}</span>
          <select value={query.status ?? ''} onChange={(e) => filter({ status: e.target.value })}>
            <option value="">{t('industry.list.all')}</option>
            {PROJECT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusText[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>{t('industry.list.kind')}</span>
          <select value={query.kind ?? ''} onChange={(e) => filter({ kind: e.target.value })}>
            <option value="">{t('industry.list.all')}</option>
            {PROJECT_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindText[k]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ScrollTable
        label={t('industry.title')}
        empty={items.length === 0 && t('industry.list.none')}
        className="programmes-scroll"
        tableClassName="programmes-table industry-table"
        columns={[
          t('industry.list.project'),
          t('industry.list.kind'),
          t('industry.list.status'),
          t('industry.list.owner'),
          t('industry.site'),
          t('industry.budget'),
          t('industry.jobs'),
          t('industry.localContent'),
          t('industry.list.progress'),
        ]}
      >
        {items.map((p) => (
          <Row key={p.id} project={p} />
        ))}
      </ScrollTable>
      {items.length > 0 && (
        <Suspense fallback={null}>
          <SiteMap sites={items.flatMap(siteOf)} unplaced={items.filter((p) => !siteOf(p).length).length} />
        </Suspense>
      )}
    </div>
  );
}

/** A project's site on the map, if it has coordinates: the map shows only what the list answered. */
function siteOf(p: IndustrialProjectSummary) {
  const { latitude, longitude } = p.site;
  if (latitude === null || longitude === null) return [];
  return [{ id: p.id, title: localized(p.title), place: p.site.place, latitude, longitude, href: `/industry/${p.id}` }];
}

function Row({ project: p }: { project: IndustrialProjectSummary }) {
  const { t } = useTranslation();
  const kindText = useKindText();
  const title = localized(p.title);
  return (
    <tr>
      <td>
        <RecordMarking label={p} compact />
        <Link to={`/industry/${p.id}`}>
          <Bidi lang={title.lang}>{title.text}</Bidi>
        </Link>
      </td>
      <td>{kindText[p.kind]}</td>
      <td>
        <IndustrialStatusBadge status={p.status} />
      </td>
      <td>
        <span className="party-tag">{p.ownerParty}</span>
      </td>
      <td className="site-cell">
        <Bidi>{p.site.place}</Bidi>
      </td>
      <td className="number">
        <Amount money={p.budget} />
      </td>
      <td className="number">
        {t('industry.jobsLine', { created: formatNumber(p.jobsCreated), planned: formatNumber(p.jobsPlanned) })}
      </td>
      <td className="number">
        {t('industry.percentLine', {
          reached: formatPercentOf(p.localContentReached),
          planned: formatPercentOf(p.localContentPlanned),
        })}
      </td>
      <td>
        <ProgressBadge progress={p.progress} />
      </td>
    </tr>
  );
}
