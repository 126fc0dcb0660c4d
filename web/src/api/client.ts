import { NetworkError, ProblemError } from './problem.js';
import type {
  Activity,
  ActivityListQuery,
  ActivityTransitionInput,
  Commission,
  FollowUp,
  FollowUpCreate,
  Kpis,
  Page,
  Party,
  SearchHit,
  User,
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

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
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
  );
  if (res.status === 401 && path !== '/auth/login') for (const fn of signedOutListeners) fn();
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
  plans: () => request<Page<WorkPlan>>('GET', '/plans'),
  plan: (id: string) => request<WorkPlan>('GET', `/plans/${id}`),
  kpis: (planId: string) => request<Kpis>('GET', `/plans/${planId}/kpis`),
  activities: (planId: string, query: Partial<ActivityListQuery>) =>
    request<Page<Activity>>('GET', withQuery(`/plans/${planId}/activities`, query)),
  activity: (id: string) => request<Activity>('GET', `/activities/${id}`),
  transition: (id: string, input: ActivityTransitionInput) => request<Activity>('POST', `/activities/${id}/transitions`, input),
  followUps: (activityId: string) => request<Page<FollowUp>>('GET', `/activities/${activityId}/follow-ups`),
  addFollowUp: (activityId: string, input: FollowUpCreate) =>
    request<FollowUp>('POST', `/activities/${activityId}/follow-ups`, input),
  search: (q: string) => request<Page<SearchHit>>('GET', withQuery('/search', { q, limit: 50 })),
};
