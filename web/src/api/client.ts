import { loadProblemTexts } from '../i18n/index.js';
import { NetworkError, ProblemError } from './problem.js';
import type {
  ActionItem,
  ActionItemPatch,
  ActionItemSummary,
  Activity,
  ActivityCreate,
  ActivityHistory,
  ActivityListQuery,
  ActivityPatch,
  ActivityTransitionInput,
  AgendaItem,
  AgendaItemCreate,
  AgendaItemPatch,
  ApiToken,
  ApprovalDecisionInput,
  AuditEntry,
  ClearanceRequest,
  Commission,
  CommissionSession,
  Curve,
  FollowUp,
  FollowUpCreate,
  ImportResult,
  Indicator,
  IndicatorCreate,
  IndicatorPatch,
  JointDecisionInput,
  Kpis,
  ManagedUser,
  MeasurementCorrection,
  MinutesInput,
  Notification,
  Objective,
  ObjectivePatch,
  Page,
  Party,
  PasswordChange,
  PlanCloseProposal,
  PlanCreate,
  PlanDecisions,
  PlanDiff,
  PlanReopenProposal,
  Results,
  Revision,
  SearchHit,
  SessionCreate,
  SessionPatch,
  User,
  UserCreate,
  UserPatch,
  WorkPlan,
} from './types.js';

type Query = Record<string, string | number | undefined>;

const withQuery = (path: string, query: Query = {}) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
};

/** Listeners told when the session is gone, so the app can show the sign-in page. */
const signedOutListeners = new Set<() => void>();
export const onSignedOut = (fn: () => void) => {
  signedOutListeners.add(fn);
  return () => {
    signedOutListeners.delete(fn);
  };
};

async function request<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  let res: Response;
  const raw = body instanceof Blob || body instanceof ArrayBuffer;
  try {
    res = await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': contentType },
      body: body === undefined ? undefined : raw ? (body as BodyInit) : JSON.stringify(body),
    });
  } catch (err) {
    throw new NetworkError(err);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (res.ok) return data as T;
  const p = (data ?? {}) as Partial<ProblemError>;
  const problem = new ProblemError(
    res.status,
    p.type ?? 'about:blank',
    p.title ?? res.statusText,
    p.detail ?? '',
    p.errors ?? [],
    p.code ?? '',
    p.params ?? {},
  );
  if (res.status === 401 && path !== '/auth/login') for (const fn of signedOutListeners) fn();
  // Worded in the reader's language wherever it is caught (a refused sign-in has its own words).
  else if (res.status !== 401) await loadProblemTexts().catch(() => undefined);
  throw problem;
}

/** The HTTP API, one function per route the web app uses. */
export const api = {
  login: (username: string, password: string) =>
    request<{ user: User; expires: string }>('POST', '/auth/login', { username, password }),
  logout: () => request<void>('POST', '/auth/logout'),
  me: () => request<User>('GET', '/me'),
  parties: () => request<Page<Party>>('GET', '/parties'),
  commission: (id: string) => request<Commission>('GET', `/commissions/${id}`),
  commissions: () => request<Page<Commission>>('GET', '/commissions'),
  plans: () => request<Page<WorkPlan>>('GET', '/plans'),
  plan: (id: string) => request<WorkPlan>('GET', `/plans/${id}`),
  createPlan: (input: PlanCreate) => request<WorkPlan>('POST', '/plans', input),
  kpis: (planId: string) => request<Kpis>('GET', `/plans/${planId}/kpis`),
  activities: (planId: string, query: Partial<ActivityListQuery>) =>
    request<Page<Activity>>('GET', withQuery(`/plans/${planId}/activities`, query)),
  activity: (id: string) => request<Activity>('GET', `/activities/${id}`),
  createActivity: (planId: string, input: ActivityCreate) => request<Activity>('POST', `/plans/${planId}/activities`, input),
  deleteActivity: (id: string, version: number) => request<void>('DELETE', withQuery(`/activities/${id}`, { version })),
  transition: (id: string, input: ActivityTransitionInput) => request<Activity>('POST', `/activities/${id}/transitions`, input),
  followUps: (activityId: string) => request<Page<FollowUp>>('GET', `/activities/${activityId}/follow-ups`),
  addFollowUp: (activityId: string, input: FollowUpCreate) =>
    request<FollowUp>('POST', `/activities/${activityId}/follow-ups`, input),
  search: (q: string) => request<Page<SearchHit>>('GET', withQuery('/search', { q, limit: 50 })),

  updateActivity: (id: string, patch: ActivityPatch) => request<Activity>('PATCH', `/activities/${id}`, patch),
  history: (id: string) => request<ActivityHistory>('GET', `/activities/${id}/history`),

  planTransition: (id: string, input: { to: WorkPlan['status']; version: number; reason?: string }) =>
    request<WorkPlan>('POST', `/plans/${id}/transitions`, input),
  planDecisions: (id: string) => request<PlanDecisions>('GET', `/plans/${id}/decisions`),
  decideApproval: (id: string, input: ApprovalDecisionInput) => request<WorkPlan>('POST', `/plans/${id}/decisions`, input),
  proposeClose: (id: string, input: PlanCloseProposal) => request<WorkPlan>('POST', `/plans/${id}/close`, input),
  proposeReopen: (id: string, input: PlanReopenProposal) => request<WorkPlan>('POST', `/plans/${id}/reopen`, input),
  decideJoint: (id: string, kind: 'close' | 'reopen', input: JointDecisionInput) =>
    request<WorkPlan>('POST', `/plans/${id}/${kind}/decision`, input),
  revisions: (planId: string) => request<Page<Revision>>('GET', `/plans/${planId}/revisions`),
  openAmendment: (planId: string, reason: string) => request<Revision>('POST', `/plans/${planId}/amendments`, { reason }),
  amendmentTransition: (planId: string, n: number, to: 'proposed' | 'approved') =>
    request<Revision>('POST', `/plans/${planId}/amendments/${n}/transitions`, { to }),
  diff: (planId: string, from: number | 'current', to: number | 'current') =>
    request<PlanDiff>('GET', withQuery(`/plans/${planId}/diff`, { from, to })),
  results: (planId: string, asOf?: string) => request<Results>('GET', withQuery(`/plans/${planId}/results`, { asOf })),
  addIndicator: (objectiveId: string, input: IndicatorCreate) =>
    request<Indicator>('POST', `/objectives/${objectiveId}/indicators`, input),
  addMeasurement: (indicatorId: string, input: { date: string; value: number }) =>
    request<Indicator>('POST', `/indicators/${indicatorId}/measurements`, input),
  objectives: (planId: string) => request<Page<Objective>>('GET', `/plans/${planId}/objectives`),
  updateObjective: (id: string, patch: ObjectivePatch) => request<Objective>('PATCH', `/objectives/${id}`, patch),
  deleteObjective: (id: string, version: number) => request<void>('DELETE', withQuery(`/objectives/${id}`, { version })),
  updateIndicator: (id: string, patch: IndicatorPatch) => request<Indicator>('PATCH', `/indicators/${id}`, patch),
  correctMeasurement: (indicatorId: string, measurementId: string, input: MeasurementCorrection) =>
    request<Indicator>('PATCH', `/indicators/${indicatorId}/measurements/${measurementId}`, input),
  withdrawMeasurement: (indicatorId: string, measurementId: string, reason: string, version: number) =>
    request<Indicator>('DELETE', withQuery(`/indicators/${indicatorId}/measurements/${measurementId}`, { reason, version })),
  curve: (planId: string, asOf?: string, granularity: 'month' | 'week' = 'month') =>
    request<Curve>('GET', withQuery(`/plans/${planId}/curve`, { asOf, granularity })),
  importWorkbook: (file: Blob) =>
    request<ImportResult>(
      'POST',
      '/plans/import.xlsx',
      file,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ),

  sessions: (commissionId: string) => request<Page<CommissionSession>>('GET', `/commissions/${commissionId}/sessions`),
  session: (id: string) => request<CommissionSession>('GET', `/sessions/${id}`),
  createSession: (commissionId: string, input: SessionCreate) =>
    request<CommissionSession>('POST', `/commissions/${commissionId}/sessions`, input),
  sessionTransition: (id: string, to: CommissionSession['status'], version: number) =>
    request<CommissionSession>('POST', `/sessions/${id}/transitions`, { to, version }),
  updateSession: (id: string, patch: SessionPatch) => request<CommissionSession>('PATCH', `/sessions/${id}`, patch),
  agenda: (sessionId: string) => request<Page<AgendaItem>>('GET', `/sessions/${sessionId}/agenda`),
  prepareAgenda: (sessionId: string) => request<Page<AgendaItem>>('POST', `/sessions/${sessionId}/agenda/prepare`),
  addAgendaItem: (sessionId: string, input: AgendaItemCreate) =>
    request<AgendaItem>('POST', `/sessions/${sessionId}/agenda`, input),
  updateAgendaItem: (id: string, patch: AgendaItemPatch) => request<AgendaItem>('PATCH', `/agenda-items/${id}`, patch),
  removeAgendaItem: (id: string, version: number) => request<void>('DELETE', withQuery(`/agenda-items/${id}`, { version })),
  reorderAgenda: (sessionId: string, itemIds: string[]) =>
    request<Page<AgendaItem>>('POST', `/sessions/${sessionId}/agenda/order`, { itemIds }),
  saveMinutes: (agendaItemId: string, input: MinutesInput) =>
    request<AgendaItem>('PUT', `/agenda-items/${agendaItemId}/minutes`, input),
  actionItems: (commissionId: string) => request<Page<ActionItem>>('GET', `/commissions/${commissionId}/action-items`),
  actionItemSummary: (commissionId: string) =>
    request<ActionItemSummary>('GET', `/commissions/${commissionId}/action-items/summary`),
  updateActionItem: (id: string, patch: ActionItemPatch) => request<ActionItem>('PATCH', `/action-items/${id}`, patch),
  actionItemTransition: (id: string, input: { to: ActionItem['status']; reason?: string; version: number }) =>
    request<ActionItem>('POST', `/action-items/${id}/transitions`, input),

  notifications: () => request<Page<Notification>>('GET', '/notifications'),
  readNotification: (id: number) => request<void>('POST', `/notifications/${id}/read`),
  readAllNotifications: () => request<void>('POST', '/notifications/read-all'),
  calendarToken: () => request<{ token: string; path: string }>('POST', '/me/calendar-token'),
  users: () => request<Page<ManagedUser>>('GET', '/users'),
  user: (id: string) => request<ManagedUser>('GET', `/users/${id}`),
  addUser: (input: UserCreate) => request<User & { pendingRaise: ClearanceRequest | null }>('POST', '/users', input),
  updateUser: (id: string, patch: UserPatch) => request<ManagedUser>('PATCH', `/users/${id}`, patch),
  resetPassword: (id: string, password: string) => request<void>('POST', `/users/${id}/password`, { password }),
  changePassword: (input: PasswordChange) => request<void>('POST', '/me/password', input),
  compartments: () => request<Page<{ code: string; name: string }>>('GET', '/compartments'),
  tokens: (user?: string) => request<Page<ApiToken>>('GET', withQuery('/tokens', { user })),
  createToken: (name: string) => request<{ id: string; name: string; token: string }>('POST', '/tokens', { name }),
  revokeToken: (id: string) => request<void>('DELETE', `/tokens/${id}`),
  clearanceRequests: () => request<Page<ClearanceRequest>>('GET', '/clearance-requests'),
  decideRaise: (id: string, decision: 'confirm' | 'refuse') =>
    request<ClearanceRequest>('POST', `/clearance-requests/${id}/${decision}`),
  audit: (cursor?: string) => request<Page<AuditEntry>>('GET', withQuery('/audit', { cursor, limit: 50 })),
};
