import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { useSession, type Me } from '../session';
import { Loading } from './feedback';
import { DashboardLayout } from './layout';

/**
 * A dashboard page: sends a visitor without a session to sign-in (and an
 * operator to the console), and tells a user whose role may not see it so.
 */
export function SignedIn({
  title,
  roles,
  children,
}: {
  title: string;
  roles?: ReadonlyArray<Me['role']>;
  children: (me: Me) => ComponentChildren;
}) {
  const { session } = useSession();
  const { route, url } = useLocation();
  useEffect(() => {
    if (session.kind === 'anonymous') route(`/signin?next=${encodeURIComponent(url)}`, true);
    if (session.kind === 'operator') route('/operator', true);
  }, [session.kind]);
  if (session.kind !== 'user') return <Loading what="your session" />;
  const { me } = session;
  return (
    <DashboardLayout title={title} me={me}>
      {roles && !roles.includes(me.role) ? (
        <p>Your role ({me.role}) does not include this page. An owner or admin of the account can change roles.</p>
      ) : (
        children(me)
      )}
    </DashboardLayout>
  );
}
