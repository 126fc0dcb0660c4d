import { useTranslation } from 'react-i18next';
import {
  BASIS_POINT_FIELDS,
  DAY_FIELDS,
  PROJECT_HISTORY_ACTIONS,
  PROJECT_HISTORY_FIELDS,
} from '../../../src/domain/industrial-project-history.js';
import { answer, client } from '../api/client.js';
import type { IndustrialProject } from '../api/types.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { useIndustryHistoryTexts } from '../i18n/industry-history.js';
import { useLoad } from '../use-load.js';
import { HistoryValue } from './activity-history.js';
import { Bidi } from './bidi.js';
import { HistoryList } from './history-list.js';
import { formatPercentOf, useKindText, useMilestoneKindText, useRoleText } from './industrial-project-texts.js';
import { Amount } from './programme-money.js';

const KNOWN_FIELDS = new Set<string>(PROJECT_HISTORY_FIELDS);
const KNOWN_ACTIONS = new Set<string>(PROJECT_HISTORY_ACTIONS);
const SHARES = new Set<string>(BASIS_POINT_FIELDS);
const DAYS = new Set<string>(DAY_FIELDS);
const isDay = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

type Entry = {
  at: string;
  kind: 'status_change' | 'change';
  action: string;
  subject: { type: 'project' | 'milestone' | 'transfer' | 'partner' | 'commitment'; id: string };
  actorParty: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  changes: { field: string; from?: unknown; to?: unknown }[];
};

const loadHistory = (projectId: string) =>
  answer(client.GET('/api/industrial-projects/{id}/history', { params: { path: { id: projectId } } }));

const isMoney = (v: unknown): v is { amount: string; currency: string } =>
  typeof v === 'object' && v !== null && 'amount' in v && 'currency' in v;
const isSite = (v: unknown): v is { place: string } => typeof v === 'object' && v !== null && 'place' in v;
const percentOf = (bp: number) => formatPercentOf(bp / 100);

/** One value as the project's page reads it: shares in percent, amounts with their currency, partners by name, ids counted. */
function Value({ field, value, project }: { field: string; value: unknown; project: IndustrialProject }) {
  const { t } = useTranslation();
  const roles: Record<string, string> = useRoleText();
  const kinds: Record<string, string> = { ...useMilestoneKindText(), ...useKindText() };
  if (value === null || value === undefined || value === '') return <span className="muted">{t('common.none')}</span>;
  if (SHARES.has(field) && typeof value === 'number') return <span dir="ltr">{percentOf(value)}</span>;
  if (DAYS.has(field) && isDay(value))
    return (
      <time dateTime={value} dir="auto">
        {formatDate(value)}
      </time>
    );
  if (isMoney(value)) return <Amount money={value} />;
  if (isSite(value)) return <Bidi>{value.place}</Bidi>;
  if (field === 'partners' && Array.isArray(value))
    return (
      <ul className="plain-list">
        {(value as { id?: string; party?: string; role?: string; shareBp?: number }[]).map((p) => (
          <li key={p.id ?? p.party}>
            <span className="party-tag">{p.party}</span> {p.role ? (roles[p.role] ?? p.role) : ''}{' '}
            {typeof p.shareBp === 'number' && <span dir="ltr">{percentOf(p.shareBp)}</span>}
          </li>
        ))}
      </ul>
    );
  if (field === 'partnerId' && typeof value === 'string') {
    const partner = project.partners.find((p) => p.id === value);
    return partner ? <Bidi>{partner.name}</Bidi> : <span className="muted">{t('history.unavailable')}</span>;
  }
  // Partners that left are named as the page names them; a partner no longer on the page is counted.
  if (field === 'removed' && Array.isArray(value)) {
    const all = [...project.partners, ...project.formerPartners];
    const named = value.map((id) => all.find((p) => p.id === id));
    if (named.every((p) => p !== undefined))
      return (
        <ul className="plain-list">
          {named.map((p) => (
            <li key={p.id}>
              <Bidi>{p.name}</Bidi> <span className="party-tag">{p.party}</span>
            </li>
          ))}
        </ul>
      );
    return (
      <span>
        {t(value.length === 1 ? 'industryHistory.partnerOne' : 'industryHistory.partners', { count: formatNumber(value.length) })}
      </span>
    );
  }
  // The history names programmes by their ids only (a programme may be one the reader may not read): how many, in words.
  if (['programmeIds', 'programmesLinked', 'programmesUnlinked'].includes(field) && Array.isArray(value)) {
    const one = value.length === 1;
    return (
      <span>{t(one ? 'industryHistory.programmeOne' : 'industryHistory.programmes', { count: formatNumber(value.length) })}</span>
    );
  }
  if (field === 'kind' && typeof value === 'string') return <span>{kinds[value] ?? value}</span>;
  if (typeof value === 'number') return <span>{formatNumber(value)}</span>;
  return <HistoryValue field={field} value={value} />;
}

/** What the entry is about: the project itself says nothing more; a part is named as the page names it. */
function Subject({ subject, project }: { subject: Entry['subject']; project: IndustrialProject }) {
  const { t } = useTranslation();
  if (subject.type === 'project') return null;
  const name =
    subject.type === 'milestone'
      ? project.milestones.find((m) => m.id === subject.id)?.title
      : subject.type === 'transfer'
        ? project.transfers.find((x) => x.id === subject.id)?.what
        : subject.type === 'partner'
          ? project.partners.find((p) => p.id === subject.id)?.name
          : undefined;
  return (
    <span className="muted">
      {t(`industryHistory.subject.${subject.type}`)}
      {name && (
        <>
          {' · '}
          <Bidi>{name}</Bidi>
        </>
      )}
    </span>
  );
}

/** What an entry says happened, and to which part of the project. */
function What({ entry, project }: { entry: Entry; project: IndustrialProject }) {
  const { t } = useTranslation();
  const status = (s: string | null) => (s ? t(`industry.status.${s}`) : t('common.none'));
  return (
    <>
      <strong>
        {entry.kind === 'status_change'
          ? t('history.statusChange', { from: status(entry.fromStatus), to: status(entry.toStatus) })
          : KNOWN_ACTIONS.has(entry.action)
            ? t(`industryHistory.actions.${entry.action.replace(/^industrial_project\./, '')}`)
            : t('history.otherChange')}
      </strong>{' '}
      <Subject subject={entry.subject} project={project} />
    </>
  );
}

/**
 * Who changed what and when on the project, newest first: its moves, and
 * every change of its fields, partners, milestones, transfer items,
 * measurements and commitments the reader may read.
 */
export function IndustrialProjectHistory({ project }: { project: IndustrialProject }) {
  const { t } = useTranslation();
  useIndustryHistoryTexts();
  const loaded = useLoad(async () => (await loadHistory(project.id)) as { items: Entry[] }, [project.id, project.version]);
  return (
    <HistoryList
      headingId="industry-history-heading"
      loaded={loaded}
      entryKey={(e) => `${e.at}-${e.action}-${e.subject.id}-${e.toStatus ?? ''}`}
      texts={{
        what: (entry) => <What entry={entry} project={project} />,
        field: (field) => (KNOWN_FIELDS.has(field) ? t(`industryHistory.fields.${field}`) : t('history.otherField')),
        value: (c, side) => <Value field={c.field} value={c[side]} project={project} />,
      }}
    />
  );
}
