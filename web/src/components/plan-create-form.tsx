import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { planCreateSchema } from '../../../src/domain/plan.schema.js';
import { api } from '../api/client.js';
import type { Commission } from '../api/types.js';
import { localized } from '../i18n/format.js';
import { currentLanguage } from '../i18n/index.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';
import { usePageLabels } from './classification-banner.js';
import { Alert, Field } from './field.js';
import { FormActions } from './form-actions.js';
import { type LabelDraft, LabelFields } from './label-fields.js';
import { LoadError } from './load-error.js';
import { useCreateForm } from './use-create-form.js';

/** A new draft work plan of one of the commissions the reader's party sits on. */
export function PlanCreateForm({ onCancel }: { onCancel: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const commissions = useLoad(() => api.commissions(), []);
  if (commissions.state === 'failed') return <LoadError error={commissions.error} />;
  if (commissions.state === 'loading') return <p className="muted">{t('common.loading')}</p>;
  const mine = commissions.data.items.filter((c) => c.parties.includes(user.party));
  return <PlanFormOf commissions={mine} onCancel={onCancel} />;
}

function PlanFormOf({ commissions: mine, onCancel }: { commissions: Commission[]; onCancel: () => void }) {
  const { t } = useTranslation();
  usePageLabels(mine);
  if (mine.length === 0) return <Alert kind="info">{t('planCreate.noCommission')}</Alert>;
  return <PlanForm commissions={mine} onCancel={onCancel} />;
}

interface Draft {
  commissionId: string;
  sessionId: string;
  title: string;
  periodStart: string;
  periodEnd: string;
  label: LabelDraft;
}

/** Released by default to the commission's other parties: each of them must read the plan to approve it. */
const labelFor = (c: Commission, party: string): LabelDraft => ({
  classification: 'UNCLASSIFIED',
  releasableTo: c.parties.filter((p) => p !== party).sort(),
  compartments: [],
});

function PlanForm({ commissions, onCancel }: { commissions: Commission[]; onCancel: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const lang = currentLanguage();
  const first = commissions[0] as Commission;
  const [draft, setDraft] = useState<Draft>(() => ({
    commissionId: first.id,
    sessionId: '',
    title: '',
    periodStart: '',
    periodEnd: '',
    label: labelFor(first, user.party),
  }));
  const commission = commissions.find((c) => c.id === draft.commissionId) ?? first;
  const sessions = useLoad(() => api.sessions(commission.id), [commission.id]);
  usePageLabels(sessions.data?.items ?? []);
  const { failure, busy, field, create } = useCreateForm(planCreateSchema, draft);
  const edit = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  function submit(e: FormEvent) {
    e.preventDefault();
    void create(
      {
        commissionId: draft.commissionId,
        sessionId: draft.sessionId || null,
        title: draft.title.trim() ? { [lang]: draft.title } : {},
        periodStart: draft.periodStart,
        periodEnd: draft.periodEnd,
        ...draft.label,
      },
      (data) => api.createPlan(data),
      (id) => `/plans/${id}`,
    );
  }

  const sorted = [...(sessions.data?.items ?? [])].sort((a, b) => b.number - a.number);
  return (
    <form className="card form create-form" onSubmit={submit} noValidate aria-labelledby="plan-create-heading">
      <h2 id="plan-create-heading">{t('planCreate.heading')}</h2>
      <p className="muted">{t('planCreate.hint')}</p>
      {failure && <Alert kind="error">{failure}</Alert>}
      <div className="field-row">
        <Field label={t('planCreate.commission')} errors={field('commissionId')}>
          {(p) => (
            <select
              {...p}
              value={draft.commissionId}
              onChange={(e) => {
                const chosen = commissions.find((c) => c.id === e.target.value) ?? first;
                edit({ commissionId: chosen.id, sessionId: '', label: labelFor(chosen, user.party) });
              }}
            >
              {commissions.map((c) => {
                const name = localized(c.name);
                return (
                  <option key={c.id} value={c.id} lang={name.lang}>
                    {name.text}
                  </option>
                );
              })}
            </select>
          )}
        </Field>
        <Field label={t('planCreate.session')} errors={field('sessionId')}>
          {(p) => (
            <select {...p} value={draft.sessionId} onChange={(e) => edit({ sessionId: e.target.value })}>
              <option value="">{t('planCreate.noSession')}</option>
              {sorted.map((s) => (
                <option key={s.id} value={s.id}>
                  {t('sessions.nth', { number: s.number })} — {s.place}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label={t('planCreate.titleIn', { lang: lang.toUpperCase() })} errors={field('title')}>
        {(p) => <input {...p} dir="auto" value={draft.title} onChange={(e) => edit({ title: e.target.value })} />}
      </Field>
      <div className="field-row">
        <Field label={t('planCreate.periodStart')} errors={field('periodStart')}>
          {(p) => <input {...p} type="date" value={draft.periodStart} onChange={(e) => edit({ periodStart: e.target.value })} />}
        </Field>
        <Field label={t('planCreate.periodEnd')} errors={field('periodEnd')}>
          {(p) => <input {...p} type="date" value={draft.periodEnd} onChange={(e) => edit({ periodEnd: e.target.value })} />}
        </Field>
      </div>
      <LabelFields value={draft.label} onChange={(label) => edit({ label })} parties={commission.parties} errors={field} />
      <FormActions save={t('planCreate.save')} cancel={t('planCreate.cancel')} onCancel={onCancel} disabled={busy} />
    </form>
  );
}
