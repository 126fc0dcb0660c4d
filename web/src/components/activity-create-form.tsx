import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { activityCreateSchema } from '../../../src/domain/activity.schema.js';
import { type Precision, periodOf } from '../../../src/domain/period.js';
import { api } from '../api/client.js';
import type { Commission, WorkPlan } from '../api/types.js';
import { currentLanguage } from '../i18n/index.js';
import { useSession } from '../signed-in-user.js';
import { ActivityFields, type ActivityFieldsDraft } from './activity-fields.js';
import { CheckGroup } from './check-group.js';
import { Alert, Field } from './field.js';
import { FormActions } from './form-actions.js';
import { type LabelDraft, LabelFields } from './label-fields.js';
import { DescriptionField, TitleField } from './language-fields.js';
import { PartyField } from './party-field.js';
import { usePlanContentEditable } from './plan-content.js';
import { useCreateForm } from './use-create-form.js';

interface Draft extends ActivityFieldsDraft {
  refCode: string;
  title: string;
  description: string;
  leadParty: string;
  participatingParties: string[];
  location: string;
  label: LabelDraft;
}

/** The whole month or quarter a day falls in, as plans write such periods. */
function snapped(start: string, end: string, precision: Precision): { start: string; end: string } {
  if (precision === 'day' || !/^\d{4}-\d{2}-\d{2}$/.test(start)) return { start, end };
  const month = Number(start.slice(5, 7));
  const spec = precision === 'month' ? start.slice(0, 7) : `${start.slice(0, 4)}-Q${Math.floor((month - 1) / 3) + 1}`;
  const p = periodOf(spec);
  return { start: p.start, end: p.end };
}

/**
 * A new activity of the plan, written in the reader's language. Checked with
 * the API's own schema before it is sent; the API's refusals show beside the
 * fields they name. On success, the new activity's page opens.
 */
export function ActivityCreateForm({
  plan,
  commission,
  onCancel,
  onShowRevisions,
}: {
  plan: WorkPlan;
  commission: Commission;
  onCancel: () => void;
  onShowRevisions: () => void;
}) {
  const { t } = useTranslation();
  const { user } = useSession();
  const lang = currentLanguage();
  // An adopted plan takes new activities only through an open amendment: say so before the reader types.
  const editable = usePlanContentEditable(plan);
  const [draft, setDraft] = useState<Draft>(() => ({
    refCode: '',
    title: '',
    description: '',
    domain: 'planning',
    type: 'technical_meeting',
    leadParty: user.party,
    participatingParties: commission.parties.filter((p) => p !== user.party),
    start: '',
    end: '',
    precision: 'day',
    priority: '2',
    recurring: false,
    location: '',
    label: { classification: plan.classification, releasableTo: plan.releasableTo, compartments: plan.compartments },
  }));
  const { failure, busy, issues, field, create } = useCreateForm(activityCreateSchema, draft);
  const edit = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const editPeriod = (patch: Partial<Pick<Draft, 'start' | 'end' | 'precision'>>) =>
    setDraft((d) => {
      const next = { ...d, ...patch };
      return { ...next, ...snapped(next.start, next.end, next.precision) };
    });

  function submit(e: FormEvent) {
    e.preventDefault();
    void create(
      {
        refCode: draft.refCode.trim().toUpperCase(),
        // A blank title is left out, so that the one message is that a title is needed.
        title: draft.title.trim() ? { [lang]: draft.title } : {},
        ...(draft.description.trim() ? { description: { [lang]: draft.description } } : {}),
        domain: draft.domain,
        type: draft.type,
        leadParty: draft.leadParty,
        participatingParties: draft.participatingParties.filter((p) => p !== draft.leadParty),
        plannedPeriod: { start: draft.start, end: draft.end || draft.start, precision: draft.precision },
        priority: Number(draft.priority),
        recurring: draft.recurring,
        location: draft.location.trim() || null,
        ...draft.label,
      },
      (data) => api.createActivity(plan.id, data),
      (id) => `/activities/${id}`,
    );
  }

  return (
    <form className="card form create-form" onSubmit={submit} noValidate aria-labelledby="activity-create-heading">
      <h2 id="activity-create-heading">{t('activityCreate.heading')}</h2>
      {editable === false && plan.status !== 'closed' && (
        <Alert kind="info">
          <p>{t('activityCreate.amendmentNeeded')}</p>
          <button type="button" className="button ghost small" onClick={onShowRevisions}>
            {t('activityCreate.showRevisions')}
          </button>
        </Alert>
      )}
      {failure && <Alert kind="error">{failure}</Alert>}
      <div className="field-row">
        <Field label={t('activityCreate.refCode')} hint={t('activityCreate.refCodeHint')} errors={field('refCode')}>
          {(p) => (
            <input
              {...p}
              dir="ltr"
              autoComplete="off"
              value={draft.refCode}
              onChange={(e) => edit({ refCode: e.target.value })}
            />
          )}
        </Field>
        <TitleField lang={lang} value={draft.title} onChange={(title) => edit({ title })} errors={field('title')} />
      </div>
      <ActivityFields
        draft={draft}
        onChange={edit}
        onPeriodChange={editPeriod}
        issues={issues}
        precisionHint={t('activityCreate.precisionHint')}
        between={
          <div className="field-row">
            <PartyField
              label={t('activity.field.leadParty')}
              value={draft.leadParty}
              onChange={(leadParty) => edit({ leadParty })}
              parties={commission.parties}
              errors={field('leadParty')}
            />
            <CheckGroup
              legend={t('activity.field.participatingParties')}
              options={commission.parties
                .filter((party) => party !== draft.leadParty)
                .map((party) => ({ value: party, label: <span dir="ltr">{party}</span> }))}
              value={draft.participatingParties}
              onChange={(participatingParties) => edit({ participatingParties })}
              errors={field('participatingParties')}
            />
          </div>
        }
      />
      <Field label={t('activity.field.location')} errors={field('location')}>
        {(p) => <input {...p} dir="auto" value={draft.location} onChange={(e) => edit({ location: e.target.value })} />}
      </Field>
      <DescriptionField
        lang={lang}
        rows={4}
        value={draft.description}
        onChange={(description) => edit({ description })}
        errors={field('description')}
      />
      <LabelFields value={draft.label} onChange={(label) => edit({ label })} parties={commission.parties} errors={field} />
      <FormActions save={t('activityCreate.save')} cancel={t('activityCreate.cancel')} onCancel={onCancel} disabled={busy} />
    </form>
  );
}
