import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../client/api-client';
import { useSession, type Me } from '../session';

interface NavItem {
  href: string;
  label: string;
  /** Roles that see the item; every role when absent. */
  roles?: ReadonlyArray<Me['role']>;
}

const MANAGERS = ['owner', 'admin'] as const;

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'Overview' },
  { href: '/logs', label: 'Request log', roles: MANAGERS },
  { href: '/logs/export', label: 'Export and delete logs', roles: MANAGERS },
  { href: '/keys', label: 'API keys', roles: MANAGERS },
  { href: '/policies', label: 'Policies', roles: MANAGERS },
  { href: '/settings', label: 'Settings' },
  { href: '/audit', label: 'Audit trail', roles: MANAGERS },
  { href: '/scheduled-exports', label: 'Scheduled exports', roles: MANAGERS },
  { href: '/members', label: 'Members and roles' },
  { href: '/billing', label: 'Billing', roles: ['owner'] },
  { href: '/account-deletion', label: 'Account deletion', roles: ['owner'] },
  { href: '/my-requests', label: 'Your data requests' },
];

/** Moves focus to the page's heading on navigation, so screen readers announce the new page. */
function useFocusHeading(title: string): void {
  useEffect(() => {
    document.title = `${title} · Autrace`;
    document.getElementById('page-heading')?.focus();
  }, [title]);
}

export function SignOutButton() {
  const { session, refresh } = useSession();
  const { route } = useLocation();
  return (
    <button
      type="button"
      class="link-button"
      onClick={() => {
        void (session.kind === 'operator' ? api.POST('/v1/auth/operator/logout') : api.POST('/v1/auth/logout'))
          .then(refresh)
          .then(() => route('/signin'));
      }}
    >
      Sign out
    </button>
  );
}

/** The signed-in dashboard's frame: skip link, header, navigation for the user's role, the page. */
export function DashboardLayout({ title, me, children }: { title: string; me: Me; children: ComponentChildren }) {
  useFocusHeading(title);
  const { path } = useLocation();
  const items = NAV_ITEMS.filter((item) => !item.roles || item.roles.includes(me.role));
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top-bar">
        <span class="brand">Autrace</span>
        <span class="who">
          {me.email} · {me.account.name} ({me.role}, {me.account.plan} plan)
        </span>
        <SignOutButton />
      </header>
      <div class="frame">
        <nav aria-label="Dashboard">
          <ul>
            {items.map((item) => (
              <li key={item.href}>
                <a href={item.href} aria-current={path === item.href ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main">
          <h1 id="page-heading" tabIndex={-1}>
            {title}
          </h1>
          {me.account.status === 'disabled' && (
            <p class="warning">
              This account is scheduled for deletion and is read-only until the deletion is cancelled.
            </p>
          )}
          {children}
        </main>
      </div>
    </>
  );
}

/** A page outside the dashboard frame: sign-in, the privacy center, the operator console. */
export function PlainLayout({ title, children, wide }: { title: string; children: ComponentChildren; wide?: boolean }) {
  useFocusHeading(title);
  return (
    <>
      <header class="top-bar">
        <a class="brand" href="/">
          Autrace
        </a>
      </header>
      <main id="main" class={wide ? 'plain wide' : 'plain'}>
        <h1 id="page-heading" tabIndex={-1}>
          {title}
        </h1>
        {children}
      </main>
    </>
  );
}
