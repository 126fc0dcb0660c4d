import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';

/** The pages of the app and their addresses. */
export type Route =
  | { page: 'dashboard' }
  | { page: 'plan'; id: string }
  | { page: 'activity'; id: string }
  | { page: 'search'; q: string }
  | { page: 'admin' }
  | { page: 'notifications' }
  | { page: 'exchange' }
  | { page: 'received' }
  | { page: 'received-plan'; id: string }
  | { page: 'sessions'; commissionId: string }
  | { page: 'session'; id: string }
  | { page: 'action-items'; commissionId: string }
  | { page: 'programmes'; status: string; owner: string }
  | { page: 'programme'; id: string }
  | { page: 'programme-measures'; currency: string; on: string; party: string; commission: string }
  | { page: 'evaluation'; programmeId: string }
  | { page: 'programme-trace'; id: string; currency: string; on: string }
  | { page: 'industry'; status: string; kind: string }
  | { page: 'industrial-project'; id: string }
  | { page: 'offsets'; contract: string; party: string; on: string; currency: string }
  | { page: 'not-found' };

export function parseRoute(path: string, search = ''): Route {
  if (path === '/' || path === '') return { page: 'dashboard' };
  const plan = /^\/plans\/([\w-]+)\/?$/.exec(path);
  if (plan?.[1]) return { page: 'plan', id: plan[1] };
  const activity = /^\/activities\/([\w-]+)\/?$/.exec(path);
  if (activity?.[1]) return { page: 'activity', id: activity[1] };
  const sessions = /^\/commissions\/([\w-]+)\/sessions\/?$/.exec(path);
  if (sessions?.[1]) return { page: 'sessions', commissionId: sessions[1] };
  const actionItems = /^\/commissions\/([\w-]+)\/action-items\/?$/.exec(path);
  if (actionItems?.[1]) return { page: 'action-items', commissionId: actionItems[1] };
  const session = /^\/sessions\/([\w-]+)\/?$/.exec(path);
  if (session?.[1]) return { page: 'session', id: session[1] };
  if (/^\/programmes\/?$/.test(path)) {
    const query = new URLSearchParams(search);
    return { page: 'programmes', status: query.get('status') ?? '', owner: query.get('owner') ?? '' };
  }
  if (/^\/programmes\/measures\/?$/.test(path)) {
    const query = new URLSearchParams(search);
    return {
      page: 'programme-measures',
      currency: query.get('currency') ?? '',
      on: query.get('on') ?? '',
      party: query.get('party') ?? '',
      commission: query.get('commission') ?? '',
    };
  }
  const programme = /^\/programmes\/([\w-]+)\/?$/.exec(path);
  if (programme?.[1]) return { page: 'programme', id: programme[1] };
  const evaluation = /^\/programmes\/([\w-]+)\/evaluation\/?$/.exec(path);
  if (evaluation?.[1]) return { page: 'evaluation', programmeId: evaluation[1] };
  const trace = /^\/programmes\/([\w-]+)\/trace\/?$/.exec(path);
  if (trace?.[1]) {
    const query = new URLSearchParams(search);
    return { page: 'programme-trace', id: trace[1], currency: query.get('currency') ?? '', on: query.get('on') ?? '' };
  }
  if (/^\/industry\/?$/.test(path)) {
    const query = new URLSearchParams(search);
    return { page: 'industry', status: query.get('status') ?? '', kind: query.get('kind') ?? '' };
  }
  const project = /^\/industry\/([\w-]+)\/?$/.exec(path);
  if (project?.[1]) return { page: 'industrial-project', id: project[1] };
  if (/^\/offsets\/?$/.test(path)) {
    const q = new URLSearchParams(search);
    const [contract, party, on, currency] = ['contract', 'party', 'on', 'currency'].map((k) => q.get(k) ?? '');
    return { page: 'offsets', contract: contract ?? '', party: party ?? '', on: on ?? '', currency: currency ?? '' };
  }
  if (path === '/admin') return { page: 'admin' };
  if (path === '/notifications') return { page: 'notifications' };
  if (path === '/exchange') return { page: 'exchange' };
  if (/^\/received\/?$/.test(path)) return { page: 'received' };
  const receivedPlan = /^\/received\/plans\/([\w-]+)\/?$/.exec(path);
  if (receivedPlan?.[1]) return { page: 'received-plan', id: receivedPlan[1] };
  if (path === '/search') return { page: 'search', q: new URLSearchParams(search).get('q') ?? '' };
  return { page: 'not-found' };
}

const subscribe = (fn: () => void) => {
  window.addEventListener('popstate', fn);
  return () => window.removeEventListener('popstate', fn);
};
const snapshot = () => window.location.pathname + window.location.search;

/** The current address; re-renders on navigation. */
export function useLocation() {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  return parseRoute(url.pathname, url.search);
}

export function navigate(to: string) {
  if (to === snapshot()) return;
  window.history.pushState(null, '', to);
  window.dispatchEvent(new PopStateEvent('popstate'));
  window.scrollTo(0, 0);
}

/** An ordinary link that navigates inside the app (new tabs and modified clicks still work). */
export function Link({ to, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    rest.onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a {...rest} href={to} onClick={onClick} />;
}

/** The query of the current address, where a page keeps its filters; re-renders on navigation. */
export function useSearchParams(): URLSearchParams {
  const href = useSyncExternalStore(subscribe, snapshot);
  return new URL(href, window.location.origin).searchParams;
}

/**
 * Puts a page's filters in the address, as a new history entry (back undoes
 * them, reload and a shared link keep them), without leaving the page or
 * scrolling it. `replace` rewrites the current entry instead, for a change
 * made in many small steps (typing) that back should undo at once.
 */
export function setSearchParams(params: URLSearchParams, { replace = false } = {}) {
  const search = params.toString();
  const to = window.location.pathname + (search ? `?${search}` : '');
  if (to === snapshot()) return;
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new PopStateEvent('popstate'));
}
