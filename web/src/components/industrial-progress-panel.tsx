import { useTranslation } from 'react-i18next';
import type { ProjectDashboard } from '../../../src/domain/industrial-project.dashboard.js';
import { formatDate, formatNumber, formatPercent } from '../i18n/format.js';
import { loadIndustryProgressTexts } from '../i18n/index.js';
import { Link } from '../router.js';
import { useLoad } from '../use-load.js';

// The industrial projects' progress on the dashboard, which loads this only
// for a reader who may read at least one project: counts of those projects,
// measured as activities are, in the small catalogue of their texts loaded
// here (not the whole procurement texts).
export default function IndustrialProgressPanel({ progress: d }: { progress: ProjectDashboard }) {
  const { t } = useTranslation();
  const texts = useLoad(() => loadIndustryProgressTexts(), []);
  if (texts.state !== 'ready') return null;
  const card = (key: 'on_time' | 'late' | 'not_started' | 'done', n: number, warn = false) => (
    <div className={`card kpi${warn && n ? ' kpi-warn' : ''}`} key={key}>
      <dt>{t(`industry.progress.${key}`)}</dt>
      <dd>
        <span className="kpi-value">{formatNumber(n)}</span>
      </dd>
    </div>
  );
  return (
    <section aria-labelledby="industry-progress-heading" className="kpi-section">
      <div className="section-head">
        <h2 id="industry-progress-heading">
          <Link to="/industry">{t('industry.title')}</Link>
        </h2>
        <p className="muted">{t('industry.progress.title', { date: formatDate(d.asOf) })}</p>
      </div>
      <dl className="kpi-cards">
        <div className="card kpi">
          <dt>{t('kpi.executionRate')}</dt>
          <dd>
            <span className="kpi-value">{formatPercent(d.executionRate)}</span>
            <span className="kpi-note">
              {t('industry.progress.rateNote', { reached: formatNumber(d.reached), due: formatNumber(d.due) })}
            </span>
          </dd>
        </div>
        {card('on_time', d.onTime)}
        {card('late', d.late, true)}
        {card('not_started', d.notStarted)}
        {card('done', d.done)}
      </dl>
    </section>
  );
}
