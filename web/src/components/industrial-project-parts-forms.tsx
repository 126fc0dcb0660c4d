import { type ComponentProps, type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import {
  type Commitment,
  commitmentCreateSchema,
  commitmentPatchSchema,
  PROJECT_MILESTONE_KINDS,
  type ProjectMilestoneKind,
  projectMilestoneCreateSchema,
  projectMilestonePatchSchema,
  transferCreateSchema,
  transferPatchSchema,
} from '../../../src/domain/industrial-project.schema.js';
import { answer, client } from '../api/client.js';
import { industryApi } from '../api/industry.js';
import { ProblemError } from '../api/problem.js';
import type { IndustrialProject } from '../api/types.js';
import { useIndustryEditsTexts } from '../i18n/industry-edits.js';
import { ChoiceSelect } from './choice-select.js';
import { Field } from './field.js';
import { percentOf } from './industrial-project-form.js';
import { useMilestoneKindText } from './industrial-project-texts.js';
import { changedFrom, type ProjectFormProps, useProjectWrite } from './industrial-project-write.js';
import { type LabelDraft, LabelFields } from './label-fields.js';
import { CountInput, ProgrammeInlineForm, WriteFeedback } from './programme-form.js';
import { MoneyField, type MoneyText } from './programme-money.js';
import { numberOf } from './typed-number.js';
import { useInlineCreate } from './use-inline-create.js';

/**
 * A form that changes one part of a project (its partners, a milestone, a
 * transfer item, a commitment), opened as a card on the project's page; its
 * heading's id and its class are named after the part.
 */
export function ProjectPartForm({
  part,
  ...form
}: { part: 'partners' | 'milestone' | 'transfer' | 'transfer-terms' | 'commitment' } & Omit<
  ComponentProps<typeof ProgrammeInlineForm>,
  'id' | 'level' | 'className'
>) {
  return <ProgrammeInlineForm id={`industry-${part}-heading`} level="h3" className={`card industry-${part}-form`} {...form} />;
}

type Milestone = IndustrialProject['milestones'][number];
type Transfer = IndustrialProject['transfers'][number];

/** Plans a milestone: its kind, title and planned day; a local-content target also the share aimed at. */
export function ProjectMilestoneAddForm({ project, onChanged, reload, onClose }: ProjectFormProps) {
  const { t } = useTranslation();
  const kindText = useMilestoneKindText();
  const [kind, setKind] = useState<ProjectMilestoneKind>('groundbreaking');
  const [title, setTitle] = useState('');
  const [plannedOn, setPlannedOn] = useState('');
  const [target, setTarget] = useState('');
  const isTarget = kind === 'local_content_target';
  const input = { kind, title, plannedOn, target: isTarget ? percentOf(target) : null };
  const write = useProjectWrite({ project, onChanged, reload, onClose }, projectMilestoneCreateSchema, input);
  return (
    <ProjectPartForm
      part="milestone"
      heading={t('industry.milestoneForm.heading')}
      write={write}
      onSubmit={() => write.save((body) => industryApi.addMilestone(project.id, body))}
      save={t('industry.milestoneForm.save')}
      onClose={onClose}
    >
      <div className="field-row">
        <Field label={t('industry.milestoneForm.kind')} errors={write.field('kind')}>
          {(p) => <ChoiceSelect {...p} choices={PROJECT_MILESTONE_KINDS} text={kindText} value={kind} onChange={setKind} />}
        </Field>
        <Field label={t('industry.milestoneForm.title')} errors={write.field('title')}>
          {(p) => <input {...p} dir="auto" value={title} onChange={(e) => setTitle(e.target.value)} />}
        </Field>
        <Field label={t('industry.milestoneForm.plannedOn')} errors={write.field('plannedOn')}>
          {(p) => <input {...p} type="date" value={plannedOn} onChange={(e) => setPlannedOn(e.target.value)} />}
        </Field>
        {isTarget && (
          <Field label={t('industry.milestoneForm.target')} errors={write.field('target')}>
            {(p) => <input {...p} dir="ltr" inputMode="decimal" value={target} onChange={(e) => setTarget(e.target.value)} />}
          </Field>
        )}
      </div>
    </ProjectPartForm>
  );
}

/**
 * Records the day a milestone was reached (none: not yet) and, for a local-content target, the share reached;
 * while it is not reached, it also moves its planned day (the API keeps a reached milestone's).
 */
export function ProjectMilestoneReachedForm({
  project,
  milestone: m,
  onChanged,
  reload,
}: Omit<ProjectFormProps, 'onClose'> & { milestone: Milestone }) {
  const { t } = useTranslation();
  useIndustryEditsTexts();
  const [actualOn, setActualOn] = useState(m.actualOn ?? '');
  const [reached, setReached] = useState(m.reached ?? '');
  const [plannedOn, setPlannedOn] = useState(m.plannedOn);
  const isTarget = m.kind === 'local_content_target';
  // Only a change is sent: the planned day of a reached milestone stays as it is.
  const input = {
    ...(plannedOn !== m.plannedOn && { plannedOn }),
    actualOn: actualOn || null,
    ...(isTarget ? { reached: reached.trim() ? percentOf(reached) : null } : {}),
  };
  const write = useProjectWrite({ project, onChanged, reload }, projectMilestonePatchSchema, input);
  return (
    <DayForm
      write={write}
      onSubmit={() => write.save((body) => industryApi.updateMilestone(project.id, m.id, body))}
      day={{
        key: 'actualOn',
        label: t('industry.milestoneForm.actualOn', { title: m.title }),
        shown: t('industryEdits.row.actualOn'),
        value: actualOn,
        set: setActualOn,
      }}
      unchanged={(m.actualOn ?? '') === actualOn && plannedOn === m.plannedOn && (!isTarget || (m.reached ?? '') === reached)}
      record={t('industry.milestoneForm.record')}
    >
      {m.actualOn === null && (
        <RowField
          label={t('industryEdits.plannedOn', { title: m.title })}
          shown={t('industryEdits.row.plannedOn')}
          errors={write.field('plannedOn')}
        >
          {(p) => <input {...p} type="date" value={plannedOn} onChange={(e) => setPlannedOn(e.target.value)} />}
        </RowField>
      )}
      {isTarget && (
        <RowField
          label={t('industry.milestoneForm.reached', { title: m.title })}
          shown={t('industryEdits.row.reached')}
          errors={write.field('reached')}
        >
          {(p) => <input {...p} dir="ltr" inputMode="decimal" value={reached} onChange={(e) => setReached(e.target.value)} />}
        </RowField>
      )}
    </DayForm>
  );
}

/**
 * A field of a line's form: a short label shown above the control ("Reached on"), as the line says what it is
 * about; the label read out with the control names the line too ("Reached on (Groundbreaking)").
 */
function RowField({
  label,
  shown,
  errors,
  children,
}: {
  label: string;
  shown: string;
  errors: readonly string[];
  children: ComponentProps<typeof Field>['children'];
}) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={`field${errors.length ? ' has-error' : ''}`}>
      <label htmlFor={id}>
        <span aria-hidden="true">{shown}</span>
        <span className="visually-hidden">{label}</span>
      </label>
      {children({ id, 'aria-invalid': errors.length > 0, 'aria-describedby': errors.length ? errorId : undefined })}
      {errors.length > 0 && (
        <p className="field-error" id={errorId}>
          {errors.join(' · ')}
        </p>
      )}
    </div>
  );
}

/**
 * A form of one line of a project's list (a milestone, a transfer item): the
 * day it records, what goes with it, and the button that records it, off
 * while nothing changed; each field labelled where a sighted reader sees it.
 */
function DayForm({
  write,
  onSubmit,
  day,
  unchanged,
  record,
  children,
}: {
  write: { failure: string | null; busy: boolean; field: (path: string) => string[] };
  onSubmit: () => void;
  day: { key: string; label: string; shown: string; value: string; set: (value: string) => void };
  unchanged: boolean;
  record: string;
  children?: ReactNode;
}) {
  return (
    <form
      className="milestone-status-form industry-day-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
      noValidate
    >
      <WriteFeedback failure={write.failure} notice={null} />
      <RowField label={day.label} shown={day.shown} errors={write.field(day.key)}>
        {(p) => <input {...p} type="date" value={day.value} onChange={(e) => day.set(e.target.value)} />}
      </RowField>
      {children}
      <button type="submit" className="button small" disabled={write.busy || unchanged}>
        {record}
      </button>
    </form>
  );
}

type TransferTerms = { what: string; from: string; to: string; plannedOn: string };

/** The terms of a transfer item as fields: what, then from whom, to whom and when. */
function TransferTermsFields({
  terms,
  set,
  field,
}: {
  terms: TransferTerms;
  set: (terms: TransferTerms) => void;
  field: (path: string) => string[];
}) {
  const { t } = useTranslation();
  const text = (key: 'what' | 'from' | 'to', label: string) => (
    <Field label={label} errors={field(key)}>
      {(p) => <input {...p} dir="auto" value={terms[key]} onChange={(e) => set({ ...terms, [key]: e.target.value })} />}
    </Field>
  );
  return (
    <>
      {text('what', t('industry.transferForm.what'))}
      <div className="field-row">
        {text('from', t('industry.transferForm.from'))}
        {text('to', t('industry.transferForm.to'))}
        <Field label={t('industry.transferForm.plannedOn')} errors={field('plannedOn')}>
          {(p) => (
            <input {...p} type="date" value={terms.plannedOn} onChange={(e) => set({ ...terms, plannedOn: e.target.value })} />
          )}
        </Field>
      </div>
    </>
  );
}

/** Plans a technology-transfer item: what, from whom, to whom, when. */
export function ProjectTransferAddForm({ project, onChanged, reload, onClose }: ProjectFormProps) {
  const { t } = useTranslation();
  const [terms, setTerms] = useState<TransferTerms>({ what: '', from: '', to: '', plannedOn: '' });
  const write = useProjectWrite({ project, onChanged, reload, onClose }, transferCreateSchema, terms);
  return (
    <ProjectPartForm
      part="transfer"
      heading={t('industry.transferForm.heading')}
      write={write}
      onSubmit={() => write.save((body) => industryApi.addTransfer(project.id, body))}
      save={t('industry.transferForm.save')}
      onClose={onClose}
    >
      <TransferTermsFields terms={terms} set={setTerms} field={write.field} />
    </ProjectPartForm>
  );
}

/**
 * Corrects the terms of a transfer item not yet accepted (what, from, to, when); only what changed is sent, and
 * the API keeps an accepted item's terms.
 */
function ProjectTransferTermsForm({
  project,
  transfer: x,
  onChanged,
  reload,
  onClose,
}: ProjectFormProps & { transfer: Transfer }) {
  const { t } = useTranslation();
  const [terms, setTerms] = useState<TransferTerms>({ what: x.what, from: x.from, to: x.to, plannedOn: x.plannedOn });
  const changed = changedFrom(x, terms);
  const write = useProjectWrite({ project, onChanged, reload, onClose }, transferPatchSchema, changed);
  return (
    <ProjectPartForm
      part="transfer-terms"
      heading={t('industryEdits.terms.heading')}
      write={write}
      onSubmit={() =>
        Object.keys(changed).length === 0
          ? write.setFailure(t('edit.nothingChanged'))
          : write.save((body) => industryApi.updateTransfer(project.id, x.id, body))
      }
      save={t('industryEdits.terms.save')}
      onClose={onClose}
    >
      <TransferTermsFields terms={terms} set={setTerms} field={write.field} />
    </ProjectPartForm>
  );
}

/**
 * Records the day the receiver accepted a transfer item, or withdraws an acceptance (left blank); an item not
 * accepted also opens the form that corrects its terms.
 */
export function ProjectTransferAcceptedForm({
  project,
  transfer: x,
  onChanged,
  reload,
}: Omit<ProjectFormProps, 'onClose'> & { transfer: Transfer }) {
  const { t } = useTranslation();
  useIndustryEditsTexts();
  const [acceptedOn, setAcceptedOn] = useState(x.acceptedOn ?? '');
  const [terms, setTerms] = useState(false);
  const input = { acceptedOn: acceptedOn || null };
  const write = useProjectWrite({ project, onChanged, reload }, transferPatchSchema, input);
  return (
    <>
      <DayForm
        write={write}
        onSubmit={() => write.save((body) => industryApi.updateTransfer(project.id, x.id, body))}
        day={{
          key: 'acceptedOn',
          label: t('industry.transferForm.acceptedOn', { what: x.what }),
          shown: t('industryEdits.row.acceptedOn'),
          value: acceptedOn,
          set: setAcceptedOn,
        }}
        unchanged={(x.acceptedOn ?? '') === acceptedOn}
        record={t('industry.transferForm.record')}
      />
      {x.acceptedOn === null && (
        <button type="button" className="button small" aria-expanded={terms} onClick={() => setTerms(!terms)}>
          {t('industryEdits.terms.open')}
        </button>
      )}
      {terms && x.acceptedOn === null && (
        <ProjectTransferTermsForm
          project={project}
          transfer={x}
          onChanged={onChanged}
          reload={reload}
          onClose={() => setTerms(false)}
        />
      )}
    </>
  );
}

type CommitmentRead = IndustrialProject['partners'][number]['commitments'][number];

/** The fields of a commitment as the form holds them: a new one's, or one read to be changed. */
function commitmentDraft(project: IndustrialProject, partnerId: string, c?: CommitmentRead) {
  return {
    partnerId: c?.partnerId ?? partnerId,
    what: c?.what ?? '',
    pays: Boolean(c?.contribution),
    contribution: (c?.contribution ?? project.budget) as MoneyText,
    jobs: c?.jobs === null || c?.jobs === undefined ? '' : String(c.jobs),
    dueBy: c?.dueBy ?? '',
    label: {
      classification: c?.classification ?? project.classification,
      releasableTo: c?.releasableTo ?? [],
      compartments: c?.compartments ?? [],
    } as LabelDraft,
  };
}

const updateCommitment = (projectId: string, commitmentId: string, body: object) =>
  answer(
    client.PATCH('/api/industrial-projects/{id}/commitments/{commitmentId}', {
      params: { path: { id: projectId, commitmentId } },
      body,
    }),
  );

/**
 * A commitment of a partner of the writer's own party: what it commits to,
 * and if it says so, money paid in, jobs and a day; a record of its own with
 * its own label, owned by that party. The writer adds one, or picks one of its
 * party's commitments (of its partners, current or former) and changes it:
 * only what changed is sent, from the version read; one changed meanwhile
 * (409) reads the project again and the message says why.
 */
export function ProjectCommitmentForm({
  project,
  partners,
  onClose,
  reload,
}: {
  project: IndustrialProject;
  partners: IndustrialProject['partners'];
  onClose: () => void;
  reload: () => void;
}) {
  const { t } = useTranslation();
  useIndustryEditsTexts();
  const parties = new Set(partners.map((x) => x.party));
  const own = [...project.partners, ...project.formerPartners]
    .filter((x) => parties.has(x.party))
    .flatMap((x) => x.commitments.map((c) => ({ c, partner: x })));
  const [chosen, setChosen] = useState('');
  const editing = own.find((x) => x.c.id === chosen)?.c;
  const [draft, setDraft] = useState(() => commitmentDraft(project, partners[0]?.id ?? ''));
  // The commitment as read when the writer chose it; and how many changes the writer made since.
  const [base, setBase] = useState<CommitmentRead | undefined>(undefined);
  const [touched, setTouched] = useState(0);
  const set = (change: Partial<typeof draft>) => {
    setDraft({ ...draft, ...change });
    setTouched(touched + 1);
  };
  const choose = (id: string) => {
    const c = own.find((x) => x.c.id === id)?.c;
    setChosen(id);
    setBase(c);
    setDraft(commitmentDraft(project, partners[0]?.id ?? '', c));
    setTouched(touched + 1);
  };
  if (editing && base && editing.version !== base.version) {
    // Read again (changed meanwhile): what the writer did not change takes what is now stored, so that sending
    // the change again keeps the other writer's.
    const was = commitmentDraft(project, '', base);
    const now = commitmentDraft(project, '', editing);
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    const keys = Object.keys(now) as (keyof typeof now)[];
    setBase(editing);
    setDraft(Object.fromEntries(keys.map((k) => [k, same(draft[k], was[k]) ? now[k] : draft[k]])) as typeof draft);
  }
  const fields = {
    what: draft.what,
    contribution: draft.pays ? draft.contribution : null,
    jobs: draft.jobs.trim() ? numberOf(draft.jobs) : null,
    dueBy: draft.dueBy || null,
    ...draft.label,
  };
  const input = editing ? changedFrom(editing, fields) : { partnerId: draft.partnerId, ...fields };
  // A refusal stays until the writer changes a field, not when a reading after a conflict changes what differs.
  const form = useInlineCreate(editing ? commitmentPatchSchema : commitmentCreateSchema, { chosen, touched });
  const [notice, setNotice] = useState<string | null>(null);
  const others = [...new Set([project.ownerParty, ...project.releasableTo, ...project.partners.map((p) => p.party)])];
  const submit = () => {
    setNotice(null);
    if (!editing)
      return void form.create(
        input,
        () => industryApi.addCommitment(project.id, input as z.input<typeof commitmentCreateSchema>),
        () => {
          reload();
          onClose();
        },
      );
    if (Object.keys(input).length === 0) return setNotice(t('edit.nothingChanged'));
    const body = { ...input, version: editing.version };
    void form.create(
      body,
      async () => {
        try {
          return await updateCommitment(project.id, editing.id, body);
        } catch (err) {
          // Changed meanwhile: the page reads it again, and the refusal says why.
          if (err instanceof ProblemError && err.isConflict) reload();
          throw err;
        }
      },
      (c: Commitment) => {
        setNotice(t('industryEdits.commitment.saved'));
        setBase(c as CommitmentRead);
        setDraft(commitmentDraft(project, partners[0]?.id ?? '', c as CommitmentRead));
        reload();
      },
    );
  };
  return (
    <ProjectPartForm
      part="commitment"
      heading={editing ? t('industryEdits.commitment.heading') : t('industry.commitmentForm.heading')}
      write={form}
      onSubmit={submit}
      save={editing ? t('industryEdits.commitment.save') : t('industry.commitmentForm.save')}
      onClose={onClose}
    >
      {notice && <WriteFeedback failure={null} notice={notice} />}
      {own.length > 0 && (
        <Field label={t('industryEdits.commitment.which')} errors={[]}>
          {(p) => (
            <select {...p} value={chosen} onChange={(e) => choose(e.target.value)}>
              <option value="">{t('industryEdits.commitment.new')}</option>
              {own.map(({ c, partner }) => (
                <option key={c.id} value={c.id}>
                  {partner.name} ({partner.party}): {c.what}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <div className="field-row">
        {!editing && (
          <Field label={t('industry.partner')} errors={form.field('partnerId')}>
            {(p) => (
              <select {...p} value={draft.partnerId} onChange={(e) => set({ partnerId: e.target.value })}>
                {partners.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name} ({x.party})
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label={t('industry.commitmentForm.jobs')} errors={form.field('jobs')}>
          {(p) => <CountInput {...p} value={draft.jobs} onChange={(jobs) => set({ jobs })} />}
        </Field>
        <Field label={t('industry.commitmentForm.dueBy')} errors={form.field('dueBy')}>
          {(p) => <input {...p} type="date" value={draft.dueBy} onChange={(e) => set({ dueBy: e.target.value })} />}
        </Field>
      </div>
      <Field label={t('industry.commitmentForm.what')} errors={form.field('what')}>
        {(p) => <textarea {...p} dir="auto" rows={2} value={draft.what} onChange={(e) => set({ what: e.target.value })} />}
      </Field>
      <label className="check">
        <input type="checkbox" checked={draft.pays} onChange={(e) => set({ pays: e.target.checked })} />{' '}
        {t('industry.commitmentForm.pays')}
      </label>
      {draft.pays && (
        <MoneyField
          label={t('industry.commitmentForm.contribution')}
          value={draft.contribution}
          onChange={(contribution) => set({ contribution })}
          errors={{ amount: form.field('contribution.amount'), currency: form.field('contribution.currency') }}
        />
      )}
      <LabelFields value={draft.label} onChange={(label) => set({ label })} parties={others} errors={form.field} />
    </ProjectPartForm>
  );
}
