import { type ComponentProps, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  commitmentCreateSchema,
  PROJECT_MILESTONE_KINDS,
  type ProjectMilestoneKind,
  projectMilestoneCreateSchema,
  projectMilestonePatchSchema,
  transferCreateSchema,
  transferPatchSchema,
} from '../../../src/domain/industrial-project.schema.js';
import { industryApi } from '../api/industry.js';
import type { IndustrialProject } from '../api/types.js';
import { ChoiceSelect } from './choice-select.js';
import { Field } from './field.js';
import { percentOf } from './industrial-project-form.js';
import { useMilestoneKindText } from './industrial-project-texts.js';
import { type ProjectFormProps, useProjectWrite } from './industrial-project-write.js';
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
}: { part: 'partners' | 'milestone' | 'transfer' | 'commitment' } & Omit<
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

/** Records the day a milestone was reached (none: not yet) and, for a local-content target, the share reached. */
export function ProjectMilestoneReachedForm({
  project,
  milestone: m,
  onChanged,
  reload,
}: Omit<ProjectFormProps, 'onClose'> & { milestone: Milestone }) {
  const { t } = useTranslation();
  const [actualOn, setActualOn] = useState(m.actualOn ?? '');
  const [reached, setReached] = useState(m.reached ?? '');
  const isTarget = m.kind === 'local_content_target';
  const input = {
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
        value: actualOn,
        set: setActualOn,
      }}
      unchanged={(m.actualOn ?? '') === actualOn && (!isTarget || (m.reached ?? '') === reached)}
      record={t('industry.milestoneForm.record')}
    >
      {isTarget && (
        <Field label={t('industry.milestoneForm.reached', { title: m.title })} errors={write.field('reached')}>
          {(p) => <input {...p} dir="ltr" inputMode="decimal" value={reached} onChange={(e) => setReached(e.target.value)} />}
        </Field>
      )}
    </DayForm>
  );
}

/**
 * A form of one line of a project's list (a milestone, a transfer item): the
 * day it records, what goes with it, and the button that records it, off
 * while nothing changed.
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
  day: { key: string; label: string; value: string; set: (value: string) => void };
  unchanged: boolean;
  record: string;
  children?: ReactNode;
}) {
  return (
    <form
      className="milestone-status-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
      noValidate
    >
      <WriteFeedback failure={write.failure} notice={null} />
      <Field label={day.label} errors={write.field(day.key)}>
        {(p) => <input {...p} type="date" value={day.value} onChange={(e) => day.set(e.target.value)} />}
      </Field>
      {children}
      <button type="submit" className="button small" disabled={write.busy || unchanged}>
        {record}
      </button>
    </form>
  );
}

/** Plans a technology-transfer item: what, from whom, to whom, when. */
export function ProjectTransferAddForm({ project, onChanged, reload, onClose }: ProjectFormProps) {
  const { t } = useTranslation();
  const [what, setWhat] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [plannedOn, setPlannedOn] = useState('');
  const input = { what, from, to, plannedOn };
  const write = useProjectWrite({ project, onChanged, reload, onClose }, transferCreateSchema, input);
  const text = (key: 'what' | 'from' | 'to', label: string, value: string, set: (v: string) => void) => (
    <Field label={label} errors={write.field(key)}>
      {(p) => <input {...p} dir="auto" value={value} onChange={(e) => set(e.target.value)} />}
    </Field>
  );
  return (
    <ProjectPartForm
      part="transfer"
      heading={t('industry.transferForm.heading')}
      write={write}
      onSubmit={() => write.save((body) => industryApi.addTransfer(project.id, body))}
      save={t('industry.transferForm.save')}
      onClose={onClose}
    >
      {text('what', t('industry.transferForm.what'), what, setWhat)}
      <div className="field-row">
        {text('from', t('industry.transferForm.from'), from, setFrom)}
        {text('to', t('industry.transferForm.to'), to, setTo)}
        <Field label={t('industry.transferForm.plannedOn')} errors={write.field('plannedOn')}>
          {(p) => <input {...p} type="date" value={plannedOn} onChange={(e) => setPlannedOn(e.target.value)} />}
        </Field>
      </div>
    </ProjectPartForm>
  );
}

/** Records the day the receiver accepted a transfer item, or withdraws an acceptance (left blank). */
export function ProjectTransferAcceptedForm({
  project,
  transfer: x,
  onChanged,
  reload,
}: Omit<ProjectFormProps, 'onClose'> & { transfer: Transfer }) {
  const { t } = useTranslation();
  const [acceptedOn, setAcceptedOn] = useState(x.acceptedOn ?? '');
  const input = { acceptedOn: acceptedOn || null };
  const write = useProjectWrite({ project, onChanged, reload }, transferPatchSchema, input);
  return (
    <DayForm
      write={write}
      onSubmit={() => write.save((body) => industryApi.updateTransfer(project.id, x.id, body))}
      day={{
        key: 'acceptedOn',
        label: t('industry.transferForm.acceptedOn', { what: x.what }),
        value: acceptedOn,
        set: setAcceptedOn,
      }}
      unchanged={(x.acceptedOn ?? '') === acceptedOn}
      record={t('industry.transferForm.record')}
    />
  );
}

/**
 * A commitment of a partner of the writer's own party: what it commits to,
 * and if it says so, money paid in, jobs and a day; a record of its own with
 * its own label, owned by that party.
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
  const [partnerId, setPartnerId] = useState(partners[0]?.id ?? '');
  const [what, setWhat] = useState('');
  const [pays, setPays] = useState(false);
  const [contribution, setContribution] = useState<MoneyText>(project.budget);
  const [jobs, setJobs] = useState('');
  const [dueBy, setDueBy] = useState('');
  const [label, setLabel] = useState<LabelDraft>({
    classification: project.classification,
    releasableTo: [],
    compartments: [],
  });
  const input = {
    partnerId,
    what,
    contribution: pays ? contribution : null,
    jobs: jobs.trim() ? numberOf(jobs) : null,
    dueBy: dueBy || null,
    ...label,
  };
  const form = useInlineCreate(commitmentCreateSchema, input);
  const others = [...new Set([project.ownerParty, ...project.releasableTo, ...project.partners.map((p) => p.party)])];
  return (
    <ProjectPartForm
      part="commitment"
      heading={t('industry.commitmentForm.heading')}
      write={form}
      onSubmit={() =>
        void form.create(
          input,
          () => industryApi.addCommitment(project.id, input),
          () => {
            reload();
            onClose();
          },
        )
      }
      save={t('industry.commitmentForm.save')}
      onClose={onClose}
    >
      <div className="field-row">
        <Field label={t('industry.partner')} errors={form.field('partnerId')}>
          {(p) => (
            <select {...p} value={partnerId} onChange={(e) => setPartnerId(e.target.value)}>
              {partners.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name} ({x.party})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('industry.commitmentForm.jobs')} errors={form.field('jobs')}>
          {(p) => <CountInput {...p} value={jobs} onChange={setJobs} />}
        </Field>
        <Field label={t('industry.commitmentForm.dueBy')} errors={form.field('dueBy')}>
          {(p) => <input {...p} type="date" value={dueBy} onChange={(e) => setDueBy(e.target.value)} />}
        </Field>
      </div>
      <Field label={t('industry.commitmentForm.what')} errors={form.field('what')}>
        {(p) => <textarea {...p} dir="auto" rows={2} value={what} onChange={(e) => setWhat(e.target.value)} />}
      </Field>
      <label className="check">
        <input type="checkbox" checked={pays} onChange={(e) => setPays(e.target.checked)} /> {t('industry.commitmentForm.pays')}
      </label>
      {pays && (
        <MoneyField
          label={t('industry.commitmentForm.contribution')}
          value={contribution}
          onChange={setContribution}
          errors={{ amount: form.field('contribution.amount'), currency: form.field('contribution.currency') }}
        />
      )}
      <LabelFields value={label} onChange={setLabel} parties={others} errors={form.field} />
    </ProjectPartForm>
  );
}
