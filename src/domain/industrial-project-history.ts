/**
 * How an audit entry about an industrial project (or one of its commitments)
 * reads in the project's history: which part of the project it is about, and
 * the fields it changed with their values before and after. Pure: the store
 * gives the entry's action and detail as the use case wrote them.
 */

/** The actions the history tells besides the moves, as the audit log names them (a move is told by its status change). */
export const PROJECT_HISTORY_ACTIONS = [
  'industrial_project.create',
  'industrial_project.update',
  'industrial_project.partners',
  'industrial_project.milestone_add',
  'industrial_project.milestone_update',
  'industrial_project.transfer_add',
  'industrial_project.transfer_update',
  'industrial_project.measurement',
  'industrial_project.commitment_add',
  'industrial_project.commitment_update',
] as const;

/**
 * Actions kept in the audit log that the history does not tell as changes: an export changed nothing. A move's
 * entry tells the history whether the reader may read the move (the move itself is told from the project's events).
 */
export const PROJECT_HISTORY_SKIPPED = ['industrial_project.export'] as const;

/** The parts of a project an entry can be about, and the key of the detail that names each. */
const SUBJECT_KEYS = {
  milestoneId: 'milestone',
  transferId: 'transfer',
  partnerId: 'partner',
} as const;
export type HistorySubjectType = 'project' | 'milestone' | 'transfer' | 'partner' | 'commitment';

export interface HistoryFieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface ProjectAuditReading {
  subject: { type: HistorySubjectType; id: string };
  changes: HistoryFieldChange[];
}

const isChange = (v: unknown): v is { from: unknown; to: unknown } =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && 'from' in v && 'to' in v && Object.keys(v).length === 2;

/**
 * Reads one audit entry's detail as changes: a `changes` map and every value
 * written as `{ from, to }` are changes with before and after; any other
 * value (what an addition set, the partners a change left) is a change from
 * nothing. The id naming the part changed is the entry's subject, not a change.
 */
export function readProjectAudit(
  entity: { type: string; id: string },
  projectId: string,
  detail: Record<string, unknown> | null,
): ProjectAuditReading {
  let subject: ProjectAuditReading['subject'] =
    entity.type === 'industrial_commitment' ? { type: 'commitment', id: entity.id } : { type: 'project', id: projectId };
  const changes: HistoryFieldChange[] = [];
  for (const [key, value] of Object.entries(detail ?? {})) {
    if (key === 'projectId') continue;
    if (key in SUBJECT_KEYS && typeof value === 'string') {
      // A commitment stays the subject of its own entries; the partner it is for is one of its fields.
      if (subject.type === 'project') subject = { type: SUBJECT_KEYS[key as keyof typeof SUBJECT_KEYS], id: value };
      else changes.push({ field: key, from: null, to: value });
      continue;
    }
    if (key === 'changes' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      // A value the record did not have before is written without its `from`.
      for (const [field, c] of Object.entries(value as Record<string, unknown>))
        if (typeof c === 'object' && c !== null && 'to' in c) {
          const { from = null, to } = c as { from?: unknown; to: unknown };
          changes.push({ field, from, to });
        }
      continue;
    }
    if (key === 'links' && typeof value === 'object' && value !== null) {
      // The programmes a change linked and unlinked, as two changes of the links.
      const links = value as { added?: unknown; removed?: unknown };
      if (Array.isArray(links.added) && links.added.length)
        changes.push({ field: 'programmesLinked', from: null, to: links.added });
      if (Array.isArray(links.removed) && links.removed.length)
        changes.push({ field: 'programmesUnlinked', from: null, to: links.removed });
      continue;
    }
    if (key === 'measurements' && Array.isArray(value)) {
      // Each measurement recorded is a value of its measure (jobs created, local content reached in basis points).
      for (const m of value as { measure?: unknown; value?: unknown }[])
        if (typeof m?.measure === 'string') changes.push({ field: m.measure, from: null, to: m.value });
      continue;
    }
    if (isChange(value)) changes.push({ field: key, from: value.from, to: value.to });
    else if (value !== undefined) changes.push({ field: key, from: null, to: value });
  }
  return { subject, changes };
}

/** The programmes named by a change of the links, as `readProjectAudit` reads them. */
export const PROGRAMME_FIELDS: readonly string[] = ['programmeIds', 'programmesLinked', 'programmesUnlinked'];

/** The fields an entry can name, as the pages name them; any other is shown as a field without a name of its own. */
export const PROJECT_HISTORY_FIELDS = [
  'title',
  'description',
  'kind',
  'site',
  'budget',
  'jobsPlanned',
  'jobsCreated',
  'localContentPlanned',
  'localContentReached',
  'classification',
  'releasableTo',
  'compartments',
  'programmeIds',
  'programmesLinked',
  'programmesUnlinked',
  'partners',
  'removed',
  'plannedOn',
  'actualOn',
  'targetBp',
  'reachedBp',
  'what',
  'from',
  'to',
  'acceptedOn',
  'asOf',
  'note',
  'jobs_created',
  'local_content_reached',
  'partnerId',
  'contribution',
  'jobs',
  'dueBy',
] as const;

/** Fields whose values are shares in basis points (hundredths of a percent). */
export const BASIS_POINT_FIELDS = [
  'targetBp',
  'reachedBp',
  'local_content_reached',
  'localContentPlanned',
  'localContentReached',
] as const;

/** Fields whose values are days (`YYYY-MM-DD`), shown as dates in the reader's language. */
export const DAY_FIELDS = ['plannedOn', 'actualOn', 'acceptedOn', 'asOf', 'dueBy'] as const;

/** The parts of a project an entry can be about. */
export const HISTORY_SUBJECT_TYPES = ['project', 'milestone', 'transfer', 'partner', 'commitment'] as const;
