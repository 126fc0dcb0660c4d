import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canPlan } from '../../../src/domain/policy.js';
import { api } from '../api/client.js';
import { issuesAt, ProblemError } from '../api/problem.js';
import { procurementApi } from '../api/procurement.js';
import type { ProgrammeSummary, ResultObjective } from '../api/types.js';
import { localized } from '../i18n/format.js';
import { Link } from '../router.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';
import { Bidi } from './bidi.js';
import { RecordMarking, usePageLabels } from './classification-banner.js';
import { Alert, Field } from './field.js';
import { useActionFeedback } from './use-action-feedback.js';

type Linked = ResultObjective['linkedProgrammes'][number];

/** A change of one programme's links to this objective, kept to be applied again over a newer version. */
interface Change {
  programmeId: string;
  link: boolean;
  /** The version the change was based on: the one read. */
  version: number;
}

/**
 * The procurement programmes that serve an objective, and, for the planners
 * of a programme's party, linking and unlinking them. A programme holds its
 * links (its `objectiveIds`): a change is a change of the programme, sent with
 * the version read; if the programme changed meanwhile, its newer version is
 * said and the same change can be applied to it.
 */
export function ObjectiveProgrammes({ objective: o, onChanged }: { objective: ResultObjective; onChanged: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [adding, setAdding] = useState(false);
  const [chosen, setChosen] = useState('');
  const [conflict, setConflict] = useState<{ change: Change; version: number } | null>(null);
  const { failure, issues, run, clear } = useActionFeedback<never>(
    JSON.stringify(o.linkedProgrammes.map((p) => [p.id, p.version])),
    { chosen },
  );
  const title = localized(o.title).text;

  /** Sends the change over `version` of the programme: its whole set of objectives with this one added or taken out. */
  async function send(change: Change, version: number) {
    const programme = await api.programme(change.programmeId);
    if (programme.version !== version) {
      setConflict({ change, version: programme.version });
      return null;
    }
    const objectiveIds = change.link
      ? [...programme.objectiveIds.filter((id) => id !== o.id), o.id]
      : programme.objectiveIds.filter((id) => id !== o.id);
    try {
      await procurementApi.updateProgramme(change.programmeId, { objectiveIds, version });
    } catch (err) {
      if (err instanceof ProblemError && err.isConflict) {
        const latest = await api.programme(change.programmeId);
        setConflict({ change, version: latest.version });
        return null;
      }
      throw err;
    }
    setConflict(null);
    setAdding(false);
    setChosen('');
    onChanged();
    return null;
  }
  const apply = (change: Change) =>
    run(() => {
      setConflict(null);
      return send(change, change.version);
    });

  const planned = o.linkedProgrammes.filter((p) => canPlan(user, p.ownerParty));
  const links = canPlan(user, user.party);
  // Nothing to say to a reader who may not link one, when none serves the objective.
  if (o.linkedProgrammes.length === 0 && !links) return null;
  return (
    <div className="objective-programmes">
      {o.linkedProgrammes.length === 0 ? (
        <p className="muted">{t('resultsEdit.noProgramme')}</p>
      ) : (
        <>
          <p className="small-heading">{t('resultsEdit.programmesServed')}</p>
          <ul className="linked-programmes" aria-label={t('resultsEdit.programmesOf', { title })}>
            {o.linkedProgrammes.map((p) => (
              <ProgrammeLink
                key={p.id}
                programme={p}
                unlink={planned.includes(p) ? () => void apply({ programmeId: p.id, link: false, version: p.version }) : null}
              />
            ))}
          </ul>
        </>
      )}
      {failure && <Alert kind="error">{failure}</Alert>}
      {conflict && (
        <div className="alert alert-error" role="alert">
          <p>{t('resultsEdit.programmeConflict', { version: conflict.version })}</p>
          <div className="actions">
            <button
              type="button"
              className="button primary small"
              onClick={() => void apply({ ...conflict.change, version: conflict.version })}
            >
              {t('edit.reapply')}
            </button>
            <button
              type="button"
              className="button ghost small"
              onClick={() => {
                setConflict(null);
                onChanged();
              }}
            >
              {t('edit.discard')}
            </button>
          </div>
        </div>
      )}
      {adding ? (
        <ProgrammeChooser
          objective={o}
          chosen={chosen}
          onChoose={setChosen}
          errors={issuesAt(issues, 'objectiveIds')}
          onLink={(p) => void apply({ programmeId: p.id, link: true, version: p.version })}
          onCancel={() => {
            clear();
            setAdding(false);
          }}
        />
      ) : (
        links && (
          <button type="button" className="button ghost small" onClick={() => setAdding(true)}>
            {t('resultsEdit.linkProgramme')}
          </button>
        )
      )}
    </div>
  );
}

function ProgrammeLink({ programme: p, unlink }: { programme: Linked; unlink: (() => void) | null }) {
  const { t } = useTranslation();
  const text = localized(p.title);
  return (
    <li>
      <RecordMarking label={p} compact />
      <Link to={`/programmes/${p.id}`}>
        <Bidi lang={text.lang}>{text.text}</Bidi>
      </Link>
      {unlink && (
        <button type="button" className="button ghost small" onClick={unlink}>
          {t('resultsEdit.unlinkProgramme', { title: text.text })}
        </button>
      )}
    </li>
  );
}

/** Chooses a programme of the reader's party, not cancelled, that does not serve the objective yet. */
function ProgrammeChooser({
  objective: o,
  chosen,
  onChoose,
  errors,
  onLink,
  onCancel,
}: {
  objective: ResultObjective;
  chosen: string;
  onChoose: (id: string) => void;
  errors: readonly string[];
  onLink: (p: ProgrammeSummary) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { user } = useSession();
  const candidates = useLoad(async () => (await api.programmes({ owner: user.party, limit: 500 })).items, [user.party]);
  const free = (candidates.data ?? []).filter(
    (p) => canPlan(user, p.ownerParty) && p.status !== 'cancelled' && !o.linkedProgrammes.some((l) => l.id === p.id),
  );
  usePageLabels(free);
  const picked = free.find((p) => p.id === chosen);
  return (
    <div className="inline-form programme-chooser">
      <Field label={t('resultsEdit.programmeToLink')} errors={errors}>
        {(p) => (
          <select {...p} value={chosen} onChange={(e) => onChoose(e.target.value)} disabled={candidates.state !== 'ready'}>
            <option value="">{free.length ? '—' : t('resultsEdit.noProgrammeToLink')}</option>
            {free.map((c) => (
              <option key={c.id} value={c.id}>
                {localized(c.title).text}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="actions">
        <button type="button" className="button primary small" disabled={!picked} onClick={() => picked && onLink(picked)}>
          {t('resultsEdit.link')}
        </button>
        <button type="button" className="button ghost small" onClick={onCancel}>
          {t('resultsEdit.cancelCreate')}
        </button>
      </div>
    </div>
  );
}
