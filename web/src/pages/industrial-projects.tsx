import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { IndustrialProjectSummary } from '../api/types.js';
import { Bidi } from '../components/bidi.js';
import { Breadcrumb } from '../components/breadcrumb.js';
import { RecordMarking, usePageLabels } from '../components/classification-banner.js';
import { formatShare, IndustrialStatusBadge, ProgressBadge, useKindText } from '../components/industrial-project-texts.js';
import { LoadError } from '../components/load-error.js';
import { Amount } from '../components/programme-money.js';
import { ScrollRegion } from '../components/scroll-region.js';
import { TableHead } from '../components/table-head.js';
import { formatNumber, localized } from '../i18n/format.js';
import { Link } from '../router.js';
import { useLoad } from '../use-load.js';
import '../components/programme.css';
import '../components/industrial-project.css';

/**
 * The industrial projects the reader may read, newest first: each with its
 * marking, kind, status, owner, site, budget, jobs and local content.
 */
export default function IndustrialProjectsPage() {
  const { t } = useTranslation();
  const loaded = useLoad(() => api.industrialProjects({ limit: 500 }), []);
  const items = loaded.data?.items ?? [];
  usePageLabels(items);
  if (loaded.state === 'failed') return <LoadError error={loaded.error} />;
  if (loaded.state === 'loading') return <p className="muted">{t('common.loading')}</p>;
  return (
    <div className="page industry-page">
      <Breadcrumb />
      <div className="page-head section-head">
        <h1>{t('industry.title')}</h1>
      </div>
      {items.length === 0 ? (
        <p className="muted">{t('industry.list.none')}</p>
      ) : (
        <ScrollRegion label={t('industry.title')} className="programmes-scroll">
          <table className="programmes-table industry-table">
            <TableHead
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
            />
            <tbody>
              {items.map((p) => (
                <Row key={p.id} project={p} />
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </div>
  );
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
      <td>
        <Bidi className="clip">{p.site.place}</Bidi>
      </td>
      <td className="number">
        <Amount money={p.budget} />
      </td>
      <td className="number">
        {t('industry.jobsLine', { created: formatNumber(p.jobsCreated), planned: formatNumber(p.jobsPlanned) })}
      </td>
      <td className="number">
        {t('industry.percentLine', {
          reached: formatShare(p.localContentReached),
          planned: formatShare(p.localContentPlanned),
        })}
      </td>
      <td>
        <ProgressBadge progress={p.progress} />
      </td>
    </tr>
  );
}
