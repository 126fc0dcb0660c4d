import createClient from 'openapi-fetch';
import { problemSchema } from '../../../src/domain/problem.schema.js';
import { type Language, loadProblemTexts } from '../i18n/index.js';
import type { paths } from './openapi.js';
import { NetworkError, ProblemError } from './problem.js';
import type {
  ActionItem,
  ActionItemPatch,
  ActivityBulkEdit,
  ActivityCreate,
  ActivityGroupsQuery,
  ActivityListQuery,
  ActivityPatch,
  ActivityTransitionInput,
  AgendaItemCreate,
  AgendaItemPatch,
  ApprovalDecisionInput,
  AuditFilter,
  CommissionSession,
  ContractInput,
  DeliveryCreate,
  EvaluationPatch,
  EvaluatorInputsWrite,
  FollowUpCreate,
  IndicatorCreate,
  IndicatorPatch,
  IndustrialProjectListQuery,
  JointDecisionInput,
  MeasurementCorrection,
  MilestoneInput,
  MilestonePatch,
  MinutesInput,
  ObjectivePatch,
  OfferInput,
  PasswordChange,
  PlanCloseProposal,
  PlanCreate,
  PlanReopenProposal,
  ProgrammeInput,
  ProgrammeListQuery,
  ProgrammeMoveInput,
  SavedQueryCreate,
  SavedQueryPatch,
  SessionCreate,
  SessionPatch,
  UserCreate,
  UserPatch,
  WorkPlan,
} from './types.js';

/** Listeners told when the session is gone, so the app can show the sign-in page. */
const signedOutListeners = new Set<() => void>();
export const onSignedOut = (fn: () => void) => {
  signedOutListeners.add(fn);
  return () => {
    signedOutListeners.delete(fn);
  };
};

/** A query's values as the server reads them; an empty or absent value is left out. */
const queryString = (query: Record<string, unknown>) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  return params.toString();
};

/**
 * The API as the server documents it (openapi.ts, generated): a path,
 * parameter, body or answer that no longer matches the server fails the
 * web's type check.
 */
export const client = createClient<paths>({
  credentials: 'same-origin',
  headers: { accept: 'application/json' },
  querySerializer: queryString,
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A call's result as openapi-fetch gives it, and what it holds when the server answered 2xx. */
type Result = { data?: unknown; error?: unknown; response: Response };
type Answered<R> = R extends { data: infer D; error?: never } ? D : never;

/**
 * The answer of a call, or the reason it has none: a ProblemError for an
 * error answer, a NetworkError when the server could not be reached.
 */
export async function answer<R extends Result>(sent: Promise<R>, opts: { signingIn?: boolean } = {}): Promise<Answered<R>> {
  let result: R;
  try {
    result = await sent;
  } catch (err) {
    throw new NetworkError(err);
  }
  const { response } = result;
  // On a 2xx, openapi-fetch has read the body the route documents (none for a 204): the type says which.
  if (response.ok) return result.data as Answered<R>;
  // Read with the schema the server answers with; a body that is not one (a proxy's page) keeps the status alone.
  const body = problemSchema.partial().safeParse(result.error);
  const p = body.success ? body.data : {};
  const problem = new ProblemError(
    response.status,
    p.type ?? 'about:blank',
    p.title ?? response.statusText,
    p.detail ?? '',
    p.errors ?? [],
    p.code ?? '',
    p.params ?? {},
  );
  if (response.status === 401 && !opts.signingIn) for (const fn of signedOutListeners) fn();
  // Worded in the reader's language wherever it is caught (a refused sign-in has its own words).
  else if (response.status !== 401) await loadProblemTexts().catch(() => undefined);
  throw problem;
}

const id = (value: string) => ({ params: { path: { id: value } } });

/** The HTTP API, one function per route the web app uses. */
export const api = {
  login: (username: string, password: string) =>
    answer(client.POST('/api/auth/login', { body: { username, password } }), { signingIn: true }),
  logout: () => answer(client.POST('/api/auth/logout')),
  me: () => answer(client.GET('/api/me')),
  parties: () => answer(client.GET('/api/parties')),
  commission: (commissionId: string) => answer(client.GET('/api/commissions/{id}', id(commissionId))),
  commissions: () => answer(client.GET('/api/commissions')),
  plans: () => answer(client.GET('/api/plans')),
  plan: (planId: string) => answer(client.GET('/api/plans/{id}', id(planId))),
  createPlan: (input: PlanCreate) => answer(client.POST('/api/plans', { body: input })),
  kpis: (planId: string) => answer(client.GET('/api/plans/{id}/kpis', id(planId))),
  activities: (planId: string, query: Partial<ActivityListQuery>) =>
    answer(client.GET('/api/plans/{id}/activities', { params: { path: { id: planId }, query } })),
  activity: (activityId: string) => answer(client.GET('/api/activities/{id}', id(activityId))),
  createActivity: (planId: string, input: ActivityCreate) =>
    answer(client.POST('/api/plans/{id}/activities', { ...id(planId), body: input })),
  deleteActivity: (activityId: string, version: number) =>
    answer(client.DELETE('/api/activities/{id}', { params: { path: { id: activityId }, query: { version } } })),
  transition: (activityId: string, input: ActivityTransitionInput) =>
    answer(client.POST('/api/activities/{id}/transitions', { ...id(activityId), body: input })),
  followUps: (activityId: string) => answer(client.GET('/api/activities/{id}/follow-ups', id(activityId))),
  addFollowUp: (activityId: string, input: FollowUpCreate) =>
    answer(client.POST('/api/activities/{id}/follow-ups', { ...id(activityId), body: input })),
  search: (q: string) => answer(client.GET('/api/search', { params: { query: { q, limit: 50 } } })),

  updateActivity: (activityId: string, patch: ActivityPatch) =>
    answer(client.PATCH('/api/activities/{id}', { ...id(activityId), body: patch })),
  history: (activityId: string) => answer(client.GET('/api/activities/{id}/history', id(activityId))),

  planTransition: (planId: string, input: { to: WorkPlan['status']; version: number; reason?: string }) =>
    answer(client.POST('/api/plans/{id}/transitions', { ...id(planId), body: input })),
  planDecisions: (planId: string) => answer(client.GET('/api/plans/{id}/decisions', id(planId))),
  decideApproval: (planId: string, input: ApprovalDecisionInput) =>
    answer(client.POST('/api/plans/{id}/decisions', { ...id(planId), body: input })),
  proposeClose: (planId: string, input: PlanCloseProposal) =>
    answer(client.POST('/api/plans/{id}/close', { ...id(planId), body: input })),
  proposeReopen: (planId: string, input: PlanReopenProposal) =>
    answer(client.POST('/api/plans/{id}/reopen', { ...id(planId), body: input })),
  decideJoint: (planId: string, kind: 'close' | 'reopen', input: JointDecisionInput) =>
    answer(
      kind === 'close'
        ? client.POST('/api/plans/{id}/close/decision', { ...id(planId), body: input })
        : client.POST('/api/plans/{id}/reopen/decision', { ...id(planId), body: input }),
    ),
  revisions: (planId: string) => answer(client.GET('/api/plans/{id}/revisions', id(planId))),
  organisations: () => answer(client.GET('/api/organisations')),
  dependencies: (planId: string, activityId?: string) =>
    answer(client.GET('/api/plans/{id}/dependencies', { params: { path: { id: planId }, query: { activityId } } })),
  addDependency: (planId: string, input: { predecessorId: string; successorId: string; lagDays: number }) =>
    answer(client.POST('/api/plans/{id}/dependencies', { ...id(planId), body: input })),
  removeDependency: (dependencyId: string, version: number) =>
    answer(client.DELETE('/api/dependencies/{id}', { params: { path: { id: dependencyId }, query: { version } } })),
  openAmendment: (planId: string, reason: string) =>
    answer(client.POST('/api/plans/{id}/amendments', { ...id(planId), body: { reason } })),
  amendmentTransition: (planId: string, number: number, to: 'proposed' | 'approved') =>
    answer(
      client.POST('/api/plans/{id}/amendments/{number}/transitions', {
        params: { path: { id: planId, number } },
        body: { to },
      }),
    ),
  diff: (planId: string, from: number | 'current', to: number | 'current') =>
    answer(client.GET('/api/plans/{id}/diff', { params: { path: { id: planId }, query: { from, to } } })),
  results: (planId: string, asOf?: string) =>
    answer(client.GET('/api/plans/{id}/results', { params: { path: { id: planId }, query: { asOf } } })),
  addIndicator: (objectiveId: string, input: IndicatorCreate) =>
    answer(client.POST('/api/objectives/{id}/indicators', { ...id(objectiveId), body: input })),
  addMeasurement: (indicatorId: string, input: { date: string; value: number }) =>
    answer(client.POST('/api/indicators/{id}/measurements', { ...id(indicatorId), body: input })),
  objectives: (planId: string) => answer(client.GET('/api/plans/{id}/objectives', id(planId))),
  updateObjective: (objectiveId: string, patch: ObjectivePatch) =>
    answer(client.PATCH('/api/objectives/{id}', { ...id(objectiveId), body: patch })),
  deleteObjective: (objectiveId: string, version: number) =>
    answer(client.DELETE('/api/objectives/{id}', { params: { path: { id: objectiveId }, query: { version } } })),
  updateIndicator: (indicatorId: string, patch: IndicatorPatch) =>
    answer(client.PATCH('/api/indicators/{id}', { ...id(indicatorId), body: patch })),
  correctMeasurement: (indicatorId: string, measurementId: string, input: MeasurementCorrection) =>
    answer(
      client.PATCH('/api/indicators/{id}/measurements/{measurementId}', {
        params: { path: { id: indicatorId, measurementId } },
        body: input,
      }),
    ),
  withdrawMeasurement: (indicatorId: string, measurementId: string, reason: string, version: number) =>
    answer(
      client.DELETE('/api/indicators/{id}/measurements/{measurementId}', {
        params: { path: { id: indicatorId, measurementId }, query: { reason, version } },
      }),
    ),
  curve: (planId: string, asOf?: string, granularity: 'month' | 'week' = 'month') =>
    answer(client.GET('/api/plans/{id}/curve', { params: { path: { id: planId }, query: { asOf, granularity } } })),
  importWorkbook: (file: Blob) =>
    answer(
      client.POST('/api/plans/import.xlsx', {
        headers: { 'content-type': XLSX },
        // The route reads the workbook as the raw body, which its schema does not describe: it is set on the request.
        middleware: [{ onRequest: ({ request }) => new Request(request, { body: file }) }],
      }),
    ),

  sessions: (commissionId: string) => answer(client.GET('/api/commissions/{id}/sessions', id(commissionId))),
  session: (sessionId: string) => answer(client.GET('/api/sessions/{id}', id(sessionId))),
  createSession: (commissionId: string, input: SessionCreate) =>
    answer(client.POST('/api/commissions/{id}/sessions', { ...id(commissionId), body: input })),
  sessionTransition: (sessionId: string, to: CommissionSession['status'], version: number) =>
    answer(client.POST('/api/sessions/{id}/transitions', { ...id(sessionId), body: { to, version } })),
  updateSession: (sessionId: string, patch: SessionPatch) =>
    answer(client.PATCH('/api/sessions/{id}', { ...id(sessionId), body: patch })),
  agenda: (sessionId: string) => answer(client.GET('/api/sessions/{id}/agenda', id(sessionId))),
  prepareAgenda: (sessionId: string) => answer(client.POST('/api/sessions/{id}/agenda/prepare', id(sessionId))),
  addAgendaItem: (sessionId: string, input: AgendaItemCreate) =>
    answer(client.POST('/api/sessions/{id}/agenda', { ...id(sessionId), body: input })),
  updateAgendaItem: (itemId: string, patch: AgendaItemPatch) =>
    answer(client.PATCH('/api/agenda-items/{id}', { ...id(itemId), body: patch })),
  removeAgendaItem: (itemId: string, version: number) =>
    answer(client.DELETE('/api/agenda-items/{id}', { params: { path: { id: itemId }, query: { version } } })),
  reorderAgenda: (sessionId: string, itemIds: string[]) =>
    answer(client.POST('/api/sessions/{id}/agenda/order', { ...id(sessionId), body: { itemIds } })),
  saveMinutes: (agendaItemId: string, input: MinutesInput) =>
    answer(client.PUT('/api/agenda-items/{id}/minutes', { ...id(agendaItemId), body: input })),
  actionItems: (commissionId: string) => answer(client.GET('/api/commissions/{id}/action-items', id(commissionId))),
  actionItemSummary: (commissionId: string) => answer(client.GET('/api/commissions/{id}/action-items/summary', id(commissionId))),
  updateActionItem: (itemId: string, patch: ActionItemPatch) =>
    answer(client.PATCH('/api/action-items/{id}', { ...id(itemId), body: patch })),
  actionItemTransition: (itemId: string, input: { to: ActionItem['status']; reason?: string; version: number }) =>
    answer(client.POST('/api/action-items/{id}/transitions', { ...id(itemId), body: input })),

  notifications: () => answer(client.GET('/api/notifications')),
  readNotification: (notificationId: number) =>
    answer(client.POST('/api/notifications/{id}/read', { params: { path: { id: notificationId } } })),
  readAllNotifications: () => answer(client.POST('/api/notifications/read-all')),
  calendarToken: () => answer(client.POST('/api/me/calendar-token')),
  users: () => answer(client.GET('/api/users')),
  user: (userId: string) => answer(client.GET('/api/users/{id}', id(userId))),
  addUser: (input: UserCreate) => answer(client.POST('/api/users', { body: input })),
  updateUser: (userId: string, patch: UserPatch) => answer(client.PATCH('/api/users/{id}', { ...id(userId), body: patch })),
  resetPassword: (userId: string, password: string) =>
    answer(client.POST('/api/users/{id}/password', { ...id(userId), body: { password } })),
  changePassword: (input: PasswordChange) => answer(client.POST('/api/me/password', { body: input })),
  compartments: () => answer(client.GET('/api/compartments')),
  tokens: (user?: string) => answer(client.GET('/api/tokens', { params: { query: { user } } })),
  createToken: (name: string) => answer(client.POST('/api/tokens', { body: { name } })),
  revokeToken: (tokenId: string) => answer(client.DELETE('/api/tokens/{id}', id(tokenId))),
  clearanceRequests: () => answer(client.GET('/api/clearance-requests')),
  decideRaise: (requestId: string, decision: 'confirm' | 'refuse') =>
    answer(
      decision === 'confirm'
        ? client.POST('/api/clearance-requests/{id}/confirm', id(requestId))
        : client.POST('/api/clearance-requests/{id}/refuse', id(requestId)),
    ),
  programmes: (query: ProgrammeListQuery) => answer(client.GET('/api/programmes', { params: { query } })),
  programme: (programmeId: string) => answer(client.GET('/api/programmes/{id}', id(programmeId))),
  industrialProjects: (query: IndustrialProjectListQuery) =>
    answer(client.GET('/api/industrial-projects', { params: { query } })),
  industrialProject: (projectId: string) => answer(client.GET('/api/industrial-projects/{id}', id(projectId))),
  createProgramme: (input: ProgrammeInput) => answer(client.POST('/api/programmes', { body: input })),
  moveProgramme: (programmeId: string, input: ProgrammeMoveInput) =>
    answer(client.POST('/api/programmes/{id}/transitions', { ...id(programmeId), body: input })),
  addOffer: (programmeId: string, input: OfferInput) =>
    answer(client.POST('/api/programmes/{id}/offers', { ...id(programmeId), body: input })),
  withdrawOffer: (programmeId: string, offerId: string, reason: string) =>
    answer(
      client.POST('/api/programmes/{id}/offers/{offerId}/withdrawal', {
        params: { path: { id: programmeId, offerId } },
        body: { reason },
      }),
    ),
  recordContract: (programmeId: string, input: ContractInput) =>
    answer(client.PUT('/api/programmes/{id}/contract', { ...id(programmeId), body: input })),
  addMilestone: (programmeId: string, input: MilestoneInput) =>
    answer(client.POST('/api/programmes/{id}/contract/milestones', { ...id(programmeId), body: input })),
  updateMilestone: (programmeId: string, milestoneId: string, input: MilestonePatch) =>
    answer(
      client.PATCH('/api/programmes/{id}/contract/milestones/{milestoneId}', {
        params: { path: { id: programmeId, milestoneId } },
        body: input,
      }),
    ),
  addDelivery: (programmeId: string, input: DeliveryCreate) =>
    answer(client.POST('/api/programmes/{id}/contract/deliveries', { ...id(programmeId), body: input })),
  programmeTotals: (programmeId: string, currency: string, on?: string) =>
    answer(client.GET('/api/programmes/{id}/totals', { params: { path: { id: programmeId }, query: { currency, on } } })),
  evaluation: (programmeId: string) => answer(client.GET('/api/programmes/{id}/evaluation', id(programmeId))),
  updateEvaluation: (programmeId: string, patch: EvaluationPatch) =>
    answer(client.PATCH('/api/programmes/{id}/evaluation', { ...id(programmeId), body: patch })),
  recordEvaluatorInputs: (programmeId: string, userId: string, input: EvaluatorInputsWrite) =>
    answer(
      client.PUT('/api/programmes/{id}/evaluation/evaluators/{userId}/inputs', {
        params: { path: { id: programmeId, userId } },
        body: input,
      }),
    ),
  /** The signed-in evaluator's scores from the evaluation's workbook, all or nothing. */
  importEvaluationScores: (programmeId: string, file: Blob) =>
    answer(
      client.PUT('/api/programmes/{id}/evaluation/scores.xlsx', {
        ...id(programmeId),
        headers: { 'content-type': XLSX },
        // The route reads the workbook as the raw body, which its schema does not describe: it is set on the request.
        middleware: [{ onRequest: ({ request }) => new Request(request, { body: file }) }],
      }),
    ),
  suppliers: () => answer(client.GET('/api/suppliers')),
  /** `cursor`: the previous page's `nextCursor`, which the audit log answers as text and reads as a number. */
  audit: (filter: AuditFilter = {}, cursor?: string) =>
    answer(
      client.GET('/api/audit', {
        params: { query: { ...filter, cursor: cursor === undefined ? undefined : Number(cursor), limit: 50 } },
      }),
    ),
  /** The filtered log as the CSV file the server makes (and audits), with the name it gives it. */
  auditExport: async (filter: AuditFilter) => {
    const sent = client.GET('/api/audit/export.csv', { params: { query: filter }, parseAs: 'blob' });
    const blob: Blob = await answer(sent);
    const disposition = (await sent).response.headers.get('content-disposition') ?? '';
    return { blob, filename: /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'audit-log.csv' };
  },
  /** From where the last verification found the chain holding, or (`full`) every entry. */
  auditVerification: (full = false) =>
    answer(client.GET('/api/audit/verification', { params: { query: full ? { full: 'true' } : {} } })),
  watchers: (type: 'activity' | 'action_item', recordId: string) =>
    type === 'activity'
      ? answer(client.GET('/api/activities/{id}/watchers', id(recordId)))
      : answer(client.GET('/api/action-items/{id}/watchers', id(recordId))),
  watch: (type: 'activity' | 'action_item', recordId: string, on: boolean) =>
    type === 'activity'
      ? on
        ? answer(client.PUT('/api/activities/{id}/watchers/me', id(recordId)))
        : answer(client.DELETE('/api/activities/{id}/watchers/me', id(recordId)))
      : on
        ? answer(client.PUT('/api/action-items/{id}/watchers/me', id(recordId)))
        : answer(client.DELETE('/api/action-items/{id}/watchers/me', id(recordId))),
  ownEmail: () => answer(client.GET('/api/me/email')),
  setOwnEmail: (email: string | null) => answer(client.PUT('/api/me/email', { body: { email } })),
  ownLanguage: () => answer(client.GET('/api/me/language')),
  setOwnLanguage: (language: Language | null) => answer(client.PUT('/api/me/language', { body: { language } })),
  savedQueries: () => answer(client.GET('/api/saved-queries')),
  activityGroups: (planId: string, query: ActivityGroupsQuery) =>
    answer(client.GET('/api/plans/{id}/activity-groups', { params: { path: { id: planId }, query } })),
  bulkEditActivities: (planId: string, body: ActivityBulkEdit) =>
    answer(client.POST('/api/plans/{id}/activities/bulk', { ...id(planId), body })),
  createSavedQuery: (body: SavedQueryCreate) => answer(client.POST('/api/saved-queries', { body })),
  updateSavedQuery: (queryId: string, body: SavedQueryPatch) =>
    answer(client.PATCH('/api/saved-queries/{id}', { ...id(queryId), body })),
  deleteSavedQuery: (queryId: string) => answer(client.DELETE('/api/saved-queries/{id}', id(queryId))),
};
