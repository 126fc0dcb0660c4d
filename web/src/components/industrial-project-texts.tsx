import { useTranslation } from 'react-i18next';
import type { IndustrialProject } from '../api/types.js';
import { formatPercent, locale } from '../i18n/format.js';

type Status = IndustrialProject['status'];
type Kind = IndustrialProject['kind'];
type Role = IndustrialProject['partners'][number]['role'];
type MilestoneKind = IndustrialProject['milestones'][number]['kind'];
type ProgressState = IndustrialProject['progress']['state'];

// Each value's text is named in full, so that the translations' test finds every key the pages use.

export function useStatusText(): Record<Status, string> {
  const { t } = useTranslation();
  return {
    proposed: t('industry.status.proposed'),
    agreed: t('industry.status.agreed'),
    under_construction: t('industry.status.under_construction'),
    operating: t('industry.status.operating'),
    suspended: t('industry.status.suspended'),
    closed: t('industry.status.closed'),
  };
}

export function useKindText(): Record<Kind, string> {
  const { t } = useTranslation();
  return {
    production_site: t('industry.kind.production_site'),
    maintenance_centre: t('industry.kind.maintenance_centre'),
    joint_venture: t('industry.kind.joint_venture'),
    technology_transfer: t('industry.kind.technology_transfer'),
    training_centre: t('industry.kind.training_centre'),
  };
}

export function useRoleText(): Record<Role, string> {
  const { t } = useTranslation();
  return {
    prime: t('industry.role.prime'),
    local_partner: t('industry.role.local_partner'),
    host_state: t('industry.role.host_state'),
    financing_party: t('industry.role.financing_party'),
    technology_provider: t('industry.role.technology_provider'),
  };
}

export function useMilestoneKindText(): Record<MilestoneKind, string> {
  const { t } = useTranslation();
  return {
    groundbreaking: t('industry.milestoneKind.groundbreaking'),
    first_article: t('industry.milestoneKind.first_article'),
    rate_production: t('industry.milestoneKind.rate_production'),
    local_content_target: t('industry.milestoneKind.local_content_target'),
  };
}

export function useProgressStateText(): Record<ProgressState, string> {
  const { t } = useTranslation();
  return {
    on_time: t('industry.progress.on_time'),
    late: t('industry.progress.late'),
    not_started: t('industry.progress.not_started'),
    done: t('industry.progress.done'),
  };
}

export function IndustrialStatusBadge({ status }: { status: Status }) {
  const text = useStatusText();
  return <span className={`badge industry-${status}`}>{text[status]}</span>;
}

/**
 * A percentage the API answers as a decimal string with two decimals ("33.34"), in the reader's language (33,34).
 * Only shown: two decimals read into a number and written back with two decimals come out as they went in.
 */
export const formatShare = (percent: string) =>
  new Intl.NumberFormat(locale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(percent));

/**
 * A percentage the API answers in percent ("33.34", 40) as the reader's language writes a percentage: its sign
 * where the language puts it (40 %, 40%, ٪40), its decimals only when it has some (33,34 %, 40 %). Written this
 * way, it reads right in a right-to-left line too, which `${n} %` did not ("% 40.00").
 */
export const formatPercentOf = (percent: string | number) =>
  new Intl.NumberFormat(locale(), { style: 'percent', minimumFractionDigits: 0, maximumFractionDigits: 2 }).format(
    Number(percent) / 100,
  );

/** How a project stands as of today: on time, late, not started or done, with its execution rate. */
export function ProgressBadge({ progress: g }: { progress: IndustrialProject['progress'] }) {
  const state = useProgressStateText()[g.state];
  return (
    <span className={`badge progress-${g.state}`}>
      {state}
      {g.executionRate !== null && ` · ${formatPercent(g.executionRate)}`}
    </span>
  );
}
