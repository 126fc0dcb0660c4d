import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  PROJECT_KINDS,
  type ProjectKind,
  projectCreateSchema,
  projectPatchSchema,
} from '../../../src/domain/industrial-project.schema.js';
import { api } from '../api/client.js';
import { industryApi } from '../api/industry.js';
import type { IndustrialProject, Party } from '../api/types.js';
import { localized } from '../i18n/format.js';
import { currentLanguage } from '../i18n/index.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';
import { CardForm } from './card-form.js';
import { ChoiceSelect } from './choice-select.js';
import { Field } from './field.js';
import { FormActions } from './form-actions.js';
import { formatPercentOf, useKindText } from './industrial-project-texts.js';
import { type ProjectFormProps, useProjectWrite } from './industrial-project-write.js';
import { type LabelDraft, LabelFields } from './label-fields.js';
import { LoadError } from './load-error.js';
import { CountInput, WriteFeedback } from './programme-form.js';
import { MoneyField, type MoneyText } from './programme-money.js';
import { numberOf } from './typed-number.js';
import { useCreateForm } from './use-create-form.js';

/** What the forms of a project's own fields hold, as typed. */
interface Draft {
  title: string;
  kind: ProjectKind;
  place: string;
  latitude: string;
  longitude: string;
  budget: MoneyText;
  jobsPlanned: string;
  jobsCreated: string;
  localContentPlanned: string;
  localContentReached: string;
  label: LabelDraft;
}

/** A percentage as typed, with a comma accepted as the decimal mark, as the API reads it ("33.34"). */
export const percentOf = (text: string) => text.trim().replace(',', '.');

/** A coordinate as typed: none when left blank, NaN (refused by the schema) when it is not a number. */
const coordinateOf = (text: string) => (text.trim() === '' ? null : numberOf(text));

const siteOf = (d: Draft) => ({ place: d.place, latitude: coordinateOf(d.latitude), longitude: coordinateOf(d.longitude) });

const draftOf = (p: IndustrialProject, lang: string): Draft => ({
  title: p.title[lang] ?? '',
  kind: p.kind,
  place: p.site.place,
  latitude: p.site.latitude === null ? '' : String(p.site.latitude),
  longitude: p.site.longitude === null ? '' : String(p.site.longitude),
  budget: p.budget,
  jobsPlanned: String(p.jobsPlanned),
  jobsCreated: String(p.jobsCreated),
  localContentPlanned: p.localContentPlanned,
  localContentReached: p.localContentReached,
  label: { classification: p.classification, releasableTo: p.releasableTo, compartments: p.compartments },
});

/**
 * The fields of a project, as it is proposed (what is planned) and edited
 * (what was reached too): title in the reader's language, kind, site with its
 * optional coordinates, budget with its currency, jobs, local content, label.
 */
function ProjectFields({
  draft,
  edit,
  field,
  parties,
  reached,
}: {
  draft: Draft;
  edit: (patch: Partial<Draft>) => void;
  field: (path: string) => string[];
  parties: readonly string[];
  reached: boolean;
}) {
  const { t } = useTranslation();
  const kindText = useKindText();
  const lang = currentLanguage();
  /** A number typed with its decimals (a coordinate, a percentage), kept as typed until the schema reads it. */
  const decimal = (
    key: 'latitude' | 'longitude' | 'localContentPlanned' | 'localContentReached',
    label: string,
    path: string,
  ) => (
    <Field label={label} errors={field(path)}>
      {(p) => <input {...p} dir="ltr" inputMode="decimal" value={draft[key]} onChange={(e) => edit({ [key]: e.target.value })} />}
    </Field>
  );
  return (
    <>
      <Field label={t('programmes.create.titleIn', { lang: lang.toUpperCase() })} errors={field('title')}>
        {(p) => <input {...p} dir="auto" value={draft.title} onChange={(e) => edit({ title: e.target.value })} />}
      </Field>
      <div className="field-row">
        <Field label={t('industry.list.kind')} errors={field('kind')}>
          {(p) => (
            <ChoiceSelect {...p} choices={PROJECT_KINDS} text={kindText} value={draft.kind} onChange={(kind) => edit({ kind })} />
          )}
        </Field>
        <Field label={t('industry.form.place')} errors={field('site.place')}>
          {(p) => <input {...p} dir="auto" value={draft.place} onChange={(e) => edit({ place: e.target.value })} />}
        </Field>
        {decimal('latitude', t('industry.form.latitude'), 'site.latitude')}
        {decimal('longitude', t('industry.form.longitude'), 'site.longitude')}
      </div>
      <MoneyField
        label={t('industry.budget')}
        value={draft.budget}
        onChange={(budget) => edit({ budget })}
        errors={{ amount: field('budget.amount'), currency: field('budget.currency') }}
      />
      <div className="field-row">
        <Field label={t('industry.form.jobsPlanned')} errors={field('jobsPlanned')}>
          {(p) => <CountInput {...p} value={draft.jobsPlanned} onChange={(jobsPlanned) => edit({ jobsPlanned })} />}
        </Field>
        {reached && (
          <Field label={t('industry.form.jobsCreated')} errors={field('jobsCreated')}>
            {(p) => <CountInput {...p} value={draft.jobsCreated} onChange={(jobsCreated) => edit({ jobsCreated })} />}
          </Field>
        )}
        {decimal('localContentPlanned', t('industry.form.localContentPlanned'), 'localContentPlanned')}
        {reached && decimal('localContentReached', t('industry.form.localContentReached'), 'localContentReached')}
      </div>
      <LabelFields value={draft.label} onChange={(label) => edit({ label })} parties={parties} errors={field} />
    </>
  );
}

/**
 * Proposes a project, for planners: its fields and label; the writer's party
 * is its only partner, at 100 percent, until the partners are set on the
 * project's page, which opens on success.
 */
export function IndustrialProjectCreateForm({ onCancel }: { onCancel: () => void }) {
  const { t } = useTranslation();
  const loaded = useLoad(() => api.parties(), []);
  if (loaded.state === 'failed') return <LoadError error={loaded.error} />;
  if (loaded.state === 'loading') return <p className="muted">{t('common.loading')}</p>;
  return <CreateForm parties={loaded.data.items} onCancel={onCancel} />;
}

function CreateForm({ parties, onCancel }: { parties: Party[]; onCancel: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const lang = currentLanguage();
  const [draft, setDraft] = useState<Draft>({
    title: '',
    kind: 'production_site',
    place: '',
    latitude: '',
    longitude: '',
    budget: { amount: '', currency: user.party === 'ISR' ? 'ILS' : user.party === 'USA' ? 'USD' : 'MAD' },
    jobsPlanned: '0',
    jobsCreated: '0',
    localContentPlanned: '0',
    localContentReached: '0',
    label: { classification: 'UNCLASSIFIED', releasableTo: [], compartments: [] },
  });
  const own = parties.find((p) => p.code === user.party);
  const body = {
    title: draft.title.trim() ? { [lang]: draft.title } : {},
    kind: draft.kind,
    site: siteOf(draft),
    budget: draft.budget,
    jobsPlanned: numberOf(draft.jobsPlanned),
    localContentPlanned: percentOf(draft.localContentPlanned),
    partners: [{ name: own ? localized(own.name).text : user.party, party: user.party, role: 'prime' as const, share: '100' }],
    ...draft.label,
  };
  const { failure, busy, field, create } = useCreateForm(projectCreateSchema, body);
  const edit = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  function submit(e: FormEvent) {
    e.preventDefault();
    void create(
      body,
      () => industryApi.createProject(body),
      (id) => `/industry/${id}`,
    );
  }

  return (
    <CardForm id="industry-create-heading" heading={t('industry.create.heading')} className="create-form" onSubmit={submit}>
      <p className="muted">{t('industry.create.explain', { party: user.party, full: formatPercentOf(100) })}</p>
      <WriteFeedback failure={failure} notice={null} />
      <ProjectFields draft={draft} edit={edit} field={field} parties={parties.map((p) => p.code)} reached={false} />
      <FormActions save={t('industry.create.save')} cancel={t('programmes.form.cancel')} onCancel={onCancel} disabled={busy} />
    </CardForm>
  );
}

/**
 * Changes a project's fields and label, for the planners of its owner party:
 * only what the reader changed is sent, with the version read; a project
 * changed meanwhile (409) is read again, the message saying why.
 */
export function IndustrialProjectEditForm({
  project,
  parties,
  onChanged,
  reload,
  onClose,
}: ProjectFormProps & { parties: readonly string[] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  // What the reader changed is from the project as the form opened: a newer version read after a conflict keeps
  // the changes made meanwhile to the fields the reader left alone.
  const [before] = useState(() => draftOf(project, lang));
  const [draft, setDraft] = useState(before);
  const patch: Record<string, unknown> = {};
  const changed = (k: keyof Draft) => JSON.stringify(draft[k]) !== JSON.stringify(before[k]);
  if (changed('title')) patch.title = { ...project.title, [lang]: draft.title.trim() ? draft.title : undefined };
  if (changed('kind')) patch.kind = draft.kind;
  if (changed('place') || changed('latitude') || changed('longitude')) patch.site = siteOf(draft);
  if (changed('budget')) patch.budget = draft.budget;
  if (changed('jobsPlanned')) patch.jobsPlanned = numberOf(draft.jobsPlanned);
  if (changed('jobsCreated')) patch.jobsCreated = numberOf(draft.jobsCreated);
  if (changed('localContentPlanned')) patch.localContentPlanned = percentOf(draft.localContentPlanned);
  if (changed('localContentReached')) patch.localContentReached = percentOf(draft.localContentReached);
  if (changed('label')) Object.assign(patch, draft.label);
  const write = useProjectWrite({ project, onChanged, reload, onClose }, projectPatchSchema, patch);
  const edit = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));

  function submit(e: FormEvent) {
    e.preventDefault();
    if (Object.keys(patch).length === 0) return write.setFailure(t('edit.nothingChanged'));
    write.save((body) => industryApi.updateProject(project.id, body));
  }

  return (
    <CardForm id="industry-edit-heading" heading={t('industry.edit.heading')} className="create-form" onSubmit={submit}>
      <WriteFeedback failure={write.failure} notice={null} />
      <ProjectFields draft={draft} edit={edit} field={write.field} parties={parties} reached />
      <FormActions save={t('industry.edit.save')} cancel={t('programmes.form.cancel')} onCancel={onClose} disabled={write.busy} />
    </CardForm>
  );
}
