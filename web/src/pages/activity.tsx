import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canPlan } from '../../../src/domain/policy.js';
import { api } from '../api/client.js';
import type { Activity } from '../api/types.js';
import { ActivityDelete } from '../components/activity-delete.js';
import { ActivityDependencies } from '../components/activity-dependencies.js';
import { ActivityEditForm } from '../components/activity-edit-form.js';
import { ActivityHistory } from '../components/activity-history.js';
import { ActivityObjectives } from '../components/activity-objectives.js';
import { ActivityStatusBadge } from '../components/badges.js';
import { Bidi } from '../components/bidi.js';
import { Breadcrumb } from '../components/breadcrumb.js';
import { RecordMarking, usePageLabels } from '../components/classification-banner.js';
import { FollowUpLog } from '../components/follow-up-log.js';
import { LoadError } from '../components/load-error.js';
import { RolloverOrigin } from '../components/rollover-origin.js';
import { TransitionForm } from '../components/transition-form.js';
import { WatchButton } from '../components/watch-button.js';
import { formatDate, formatDateTime, formatPeriod, localized } from '../i18n/format.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';

/** One activity: every field, its lifecycle moves, and its follow-up log. */
export default function ActivityPage({ activityId }: { activityId: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const loaded = useLoad(() => api.activity(activityId), [activityId]);
  const [fresh, setFresh] = useState<Activity | null>(null);
  const [logVersion, setLogVersion] = useState(0);
  const activity = fresh ?? loaded.data;
  // An activity may be released to a party that may not read its plan (the plan is not released
  // to it): the way back to the plan is shown only to who may read the plan, never as a dead end.
  const planId = loaded.data?.planId;
  const plan = useLoad(() => (planId ? api.plan(planId) : Promise.resolve(null)), [planId]);
  usePageLabels(activity ? [activity] : []);

  if (loaded.state === 'failed') return <LoadError error={loaded.error} />;
  if (!activity) return <p className="muted">{t('common.loading')}</p>;
  const title = localized(activity.title);
  const planner = canPlan(user, activity.ownerParty);
  const changed = (a: Activity) => {
    setFresh(a);
    setLogVersion((n) => n + 1);
  };

  return (
    <div className="page activity-page">
      <Breadcrumb trail={plan.data ? [{ to: `/plans/${plan.data.id}`, label: t('activity.backToPlan') }] : []} />
      <header className="card record-header">
        <RecordMarking label={activity} />
        <div className="record-header-body">
          <p className="ref" dir="ltr">
            {activity.refCode}
          </p>
          <h1>
            <Bidi lang={title.lang}>{title.text}</Bidi>
          </h1>
          <div className="meta-row">
            <ActivityStatusBadge status={activity.status} />
            <span>{t(`domain.${activity.domain}`)}</span>
            <span>{formatPeriod(activity.plannedPeriod, (quarter, year) => t('period.quarter', { quarter, year }))}</span>
          </div>
          {loaded.data && <RolloverOrigin continues={loaded.data.continues} />}
          <WatchButton type="activity" recordId={activity.id} />
        </div>
      </header>
      <div className="two-columns">
        <section className="card" aria-labelledby="details-heading">
          <h2 id="details-heading">{t('activity.details')}</h2>
          <Details activity={activity} />
        </section>
        <div className="stack">
          {/* Objectives come with the activity as first read: a change of the activity does not touch them. */}
          {loaded.data && <ActivityObjectives planId={activity.planId} objectiveIds={loaded.data.objectiveIds ?? []} />}
          <ActivityDependencies activity={activity} />
          {planner && <TransitionForm activity={activity} onChanged={changed} />}
          <FollowUpLog key={logVersion} activity={activity} />
        </div>
      </div>
      <div className="two-columns">
        {planner && <ActivityEditForm activity={activity} onChanged={changed} />}
        <ActivityHistory activity={activity} />
      </div>
      {planner && <ActivityDelete activity={activity} />}
    </div>
  );
}

function Details({ activity: a }: { activity: Activity }) {
  const { t } = useTranslation();
  const organisations = useLoad(
    () => (a.leadOrganisationId ? api.organisations() : Promise.resolve(null)),
    [a.leadOrganisationId],
  );
  const lead = organisations.data?.items.find((o) => o.id === a.leadOrganisationId);
  const description = localized(a.description);
  const none = <span className="muted">{t('common.none')}</span>;
  const rows: [string, ReactNode][] = [
    [t('activity.field.type'), t(`activityType.${a.type}`)],
    [t('activity.field.domain'), t(`domain.${a.domain}`)],
    [
      t('activity.field.leadParty'),
      <span key="lead" className="party-tag">
        {a.leadParty}
      </span>,
    ],
    [
      t('activity.field.participatingParties'),
      a.participatingParties.length
        ? a.participatingParties.map((p) => (
            <span key={p} className="party-tag">
              {p}
            </span>
          ))
        : none,
    ],
    [t('activity.field.leadOrganisation'), lead ? `${lead.name} (${lead.party})` : none],
    [t('activity.field.location'), a.location ?? none],
    [t('activity.field.plannedPeriod'), formatPeriod(a.plannedPeriod, (quarter, year) => t('period.quarter', { quarter, year }))],
    [
      t('activity.field.actual'),
      a.actualStart
        ? `${formatDate(a.actualStart)}${a.actualEnd && a.actualEnd !== a.actualStart ? ` – ${formatDate(a.actualEnd)}` : ''}`
        : none,
    ],
    [t('activity.field.priority'), t(`priority.${a.priority}`)],
    [t('activity.field.postponements'), String(a.postponements)],
    [
      t('activity.field.description'),
      description.text ? (
        <span key="description" lang={description.lang} dir="auto" className="prewrap">
          {description.text}
        </span>
      ) : (
        none
      ),
    ],
    [
      t('activity.field.source'),
      a.source ? (
        // Only web addresses become links: a source stored before the API refused other schemes may hold javascript:.
        a.source.url && /^https?:\/\//i.test(a.source.url) ? (
          <a key="source" href={a.source.url} rel="noreferrer noopener" target="_blank">
            {a.source.title}
          </a>
        ) : (
          a.source.title
        )
      ) : (
        none
      ),
    ],
    [t('activity.field.updatedAt'), t('activity.versionAt', { version: a.version, date: formatDateTime(a.updatedAt) })],
  ];
  return (
    <dl className="details">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
