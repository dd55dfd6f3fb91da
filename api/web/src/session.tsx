import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { api } from './client/api-client';
import type { paths } from './client/schema';

export type Me = paths['/v1/me']['get']['responses'][200]['content']['application/json'];

export type Session = { kind: 'loading' } | { kind: 'anonymous' } | { kind: 'user'; me: Me } | { kind: 'operator' };

interface SessionContextValue {
  session: Session;
  /** Asks the API who is signed in (after sign-in, sign-out, or a change of plan). */
  refresh: () => Promise<Session>;
}

const SessionContext = createContext<SessionContextValue>({
  session: { kind: 'loading' },
  refresh: () => Promise.resolve({ kind: 'anonymous' }),
});

/** Who the session cookie belongs to: a customer's user, one of our operators, or nobody. */
async function whoIsSignedIn(): Promise<Session> {
  const me = await api.GET('/v1/me');
  if (me.data) return { kind: 'user', me: me.data };
  // /v1/me is for account users; an operator's session is refused there but opens the operator routes.
  if (me.response.status === 403) {
    const queue = await api.GET('/v1/operator/data-subject-requests');
    if (queue.response.ok) return { kind: 'operator' };
  }
  return { kind: 'anonymous' };
}

export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [session, setSession] = useState<Session>({ kind: 'loading' });
  const refresh = async () => {
    const next = await whoIsSignedIn().catch((): Session => ({ kind: 'anonymous' }));
    setSession(next);
    return next;
  };
  useEffect(() => {
    void refresh();
  }, []);
  return <SessionContext.Provider value={{ session, refresh }}>{children}</SessionContext.Provider>;
}

export const useSession = () => useContext(SessionContext);
