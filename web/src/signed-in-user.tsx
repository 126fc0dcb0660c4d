import { createContext, useContext } from 'react';
import type { User } from './api/types.js';

/** The signed-in user; every page below the sign-in has one. */
export const SessionContext = createContext<{ user: User; signOut: () => void } | null>(null);

export function useSession() {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in page');
  return s;
}
