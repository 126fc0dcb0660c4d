import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canPlan } from '../../../src/domain/policy.js';
import { api } from '../api/client.js';
import type { Activity } from '../api/types.js';
import { localized } from '../i18n/format.js';
import { Link } from '../router.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';
import { Bidi } from './bidi.js';
import { usePageLabels } from './classification-banner.js';
import { Alert, Field } from './field.js';
import { LoadError } from './load-error.js';
import { useActionFeedback } from './use-action-feedback.js';

/** A dependency as this page shows it: the activity at its other end, read by the reader. */
interface DependencyLink {
  id: string;
  version: number;
  lagDays: number;
  violated: boolean;
  other: Activity;
}

/**
 * What an activity comes after and what comes after it (finish to start, with a lag in days), among the
 * dependencies whose two activities the reader may read. A planner of the activity adds what it comes after, by
 * the other activity's reference, and removes either kind where they may change the activity that follows.
 */
export function ActivityDependencies({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const loaded = useLoad(async () => {
    const { items: mine } = await api.dependencies(activity.planId, activity.id);
    const others = await Promise.all(
      mine.map((d) => api.activity(d.predecessorId === activity.id ? d.successorId : d.predecessorId)),
    );
    const links = mine.map((d, i) => ({
      id: d.id,
      version: d.version,
      lagDays: d.lagDays,
      violated: d.violated,
      other: others[i] as Activity,
    }));
    return {
      after: links.filter((_, i) => mine[i]?.successorId === activity.id),
      before: links.filter((_, i) => mine[i]?.predecessorId === activity.id),
    };
  }, [activity.id, activity.planId, activity.version]);
  usePageLabels([...(loaded.data?.after ?? []), ...(loaded.data?.before ?? [])].map((l) => l.other));
  const { failure, run } = useActionFeedback<never>(JSON.stringify(loaded.data ? [activity.version] : []));
  const planner = canPlan(user, activity.ownerParty);

  const list = (links: DependencyLink[], heading: string, follower: (l: DependencyLink) => Activity) => (
    <>
      <h3>{heading}</h3>
      {links.length === 0 ? (
        <p className="muted">{t('dependencies.none')}</p>
      ) : (
        <ul className="dependency-list" aria-label={heading}>
          {links.map((l) => {
            const title = localized(l.other.title);
            return (
              <li key={l.id} data-dependency={l.id} className={l.violated ? 'violated' : undefined}>
                <Link to={`/activities/${l.other.id}`}>
                  <bdi className="ref" dir="ltr">
                    {l.other.refCode}
                  </bdi>{' '}
                  <Bidi lang={title.lang}>{title.text}</Bidi>
                </Link>{' '}
                {l.lagDays !== 0 && <span className="muted">{t('dependencies.lag', { count: l.lagDays })}</span>}{' '}
                {l.violated && <span className="badge overdue">{t('dependencies.violated')}</span>}
                {canPlan(user, follower(l).ownerParty) && (
                  <button
                    type="button"
                    className="button ghost small"
                    // The visible word is short; the name says which, its reference kept whole in every direction.
                    aria-label={t('dependencies.remove', { ref: l.other.refCode })}
                    onClick={() =>
                      run(async () => {
                        await api.removeDependency(l.id, l.version);
                        loaded.reload();
                        return null;
                      })
                    }
                  >
                    {t('dependencies.removeShort')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );

  return (
    <section className="card activity-dependencies" aria-labelledby="dependencies-heading">
      <h2 id="dependencies-heading">{t('dependencies.title')}</h2>
      {loaded.state === 'failed' && <LoadError error={loaded.error} />}
      {failure && <Alert kind="error">{failure}</Alert>}
      {loaded.data && (
        <>
          {list(loaded.data.after, t('dependencies.after'), () => activity)}
          {list(loaded.data.before, t('dependencies.before'), (l) => l.other)}
        </>
      )}
      {planner && <AddPredecessor activity={activity} onAdded={loaded.reload} />}
    </section>
  );
}

/** A planner names, by its reference, an activity of the plan this one comes after, and the lag. */
function AddPredecessor({ activity, onAdded }: { activity: Activity; onAdded: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [refCode, setRefCode] = useState('');
  const [lag, setLag] = useState('0');
  const [busy, setBusy] = useState(false);
  const [refErrors, setRefErrors] = useState<string[]>([]);
  const { failure, run } = useActionFeedback<never>('', { refCode, lag });
  // Suggestions as the reference is typed: the plan's activities whose reference or title holds it.
  const found = useLoad(
    () =>
      refCode.trim().length < 2
        ? Promise.resolve({ items: [] as Activity[] })
        : api.activities(activity.planId, { q: refCode.trim(), limit: 10, sort: 'refCode' }),
    [activity.planId, refCode],
  );

  async function submit(e: FormEvent) {
    e.preventDefault();
    setRefErrors([]);
    setBusy(true);
    await run(async () => {
      const wanted = refCode.trim();
      const page = await api.activities(activity.planId, { q: wanted, limit: 50, sort: 'refCode' });
      // References are compared as planners type them, whatever the case.
      const predecessor = page.items.find((a) => a.refCode.toLowerCase() === wanted.toLowerCase());
      if (!predecessor) {
        setRefErrors([t('dependencies.noSuchActivity', { ref: wanted })]);
        return null;
      }
      await api.addDependency(activity.planId, {
        predecessorId: predecessor.id,
        successorId: activity.id,
        lagDays: Number(lag),
      });
      setRefCode('');
      setLag('0');
      onAdded();
      return null;
    });
    setBusy(false);
  }

  return (
    <form className="dependency-add" onSubmit={submit}>
      <h3>{t('dependencies.add')}</h3>
      {failure && <Alert kind="error">{failure}</Alert>}
      <Field label={t('dependencies.predecessor')} errors={refErrors} hint={t('dependencies.predecessorHint')}>
        {(p) => (
          <input {...p} required dir="ltr" list={`${id}-found`} value={refCode} onChange={(e) => setRefCode(e.target.value)} />
        )}
      </Field>
      <datalist id={`${id}-found`}>
        {(found.data?.items ?? [])
          .filter((a) => a.id !== activity.id)
          .map((a) => (
            <option key={a.id} value={a.refCode}>
              {localized(a.title).text}
            </option>
          ))}
      </datalist>
      <Field label={t('dependencies.lagField')} hint={t('dependencies.lagHint')}>
        {(p) => (
          <input
            {...p}
            type="number"
            min={-365}
            max={365}
            step={1}
            required
            value={lag}
            onChange={(e) => setLag(e.target.value)}
          />
        )}
      </Field>
      <button type="submit" className="button" disabled={busy}>
        {t('dependencies.addButton')}
      </button>
    </form>
  );
}
