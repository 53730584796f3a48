import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { getMe, signOut } from '../../api/endpoints';
import { isApiError } from '../../api/client';
import type { User } from '../../api/types';
import { roleLabel } from '../../format';
import { Link } from '../../Link';
import { LiveIndicator } from '../../live/LiveIndicator';
import type { LiveEvent } from '../../live/LiveClient';
import { LiveEventHub, LiveEventsProvider } from '../../live/LiveEvents';
import { sessionEndNotice } from '../../live/sessionEnd';
import { useLiveConnection } from '../../live/useLiveConnection';
import { ProfilePage } from '../account/ProfilePage';
import { SessionsPage } from '../account/SessionsPage';
import { ConfiguratorPage } from '../configurator/ConfiguratorPage';
import { CookiesPage } from '../privacy/CookiesPage';
import { PrivacyPage } from '../privacy/PrivacyPage';
import { ConversationsPage } from '../workspace/ConversationsPage';
import { DashboardPage } from '../workspace/DashboardPage';
import { QueuePage } from '../workspace/QueuePage';
import { WallboardPage } from '../workspace/WallboardPage';
import { WorkspaceProvider } from '../workspace/WorkspaceProvider';
import { EmptySection } from './EmptySection';
import { LoadFailure } from './LoadFailure';
import { NotFound } from './NotFound';
import { ACCOUNT_LINKS, homePathFor, sectionOf, sectionsFor, subPath } from './sections';
import './shell.css';

// Admins' and supervisors' pages that agents never open: fetched on first use, not with the app.
// Pages fetched the first time someone opens them, so that the first load stays small.
const AllConversationsPage = lazy(() => import('../allconversations/AllConversationsPage'));
const ContactsPage = lazy(() => import('../contacts/ContactsPage'));
const ReportsPage = lazy(() => import('../reports/ReportsPage'));

interface ShellProps {
  user: User;
  path: string;
  onUserChanged: (user: User) => void;
  /** The session is over (signed out here, revoked elsewhere, or expired); `notice` explains why. */
  onSignedOut: (notice: string | null) => void;
}

export function Shell({ user, path, onUserChanged, onSignedOut }: ShellProps) {
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<string | null>(null);
  // Set while this tab ends the session itself (signing out, deleting the workspace): the socket's frames that
  // follow (session.revoked, tenant.deleted) are not news, and must not replace what the page said.
  const signingOutRef = useRef(false);
  const hub = useMemo(() => new LiveEventHub(), []);

  const live = useLiveConnection((event: LiveEvent) => {
    hub.publish(event);
    if ((event.type === 'hello' || event.type === 'user.updated') && 'user' in event && event.user) {
      onUserChanged(event.user as User);
    } else {
      const notice = sessionEndNotice(event);
      if (notice !== null && !signingOutRef.current) {
        onSignedOut(notice);
      }
    }
  });

  const endSession = useCallback(
    (notice: string | null) => {
      signingOutRef.current = true;
      onSignedOut(notice);
    },
    [onSignedOut],
  );

  const liveState = live.state;

  useEffect(() => {
    // A socket that keeps failing may mean the session ended; a 401 here signs out (see App).
    if (liveState === 'reconnecting') {
      getMe().catch(() => undefined);
    }
  }, [liveState]);

  async function handleSignOut() {
    setSigningOut(true);
    signingOutRef.current = true;
    setSignOutError(null);
    live.pause(); // the server ends the socket with the session: no reconnect may race the sign-out
    try {
      await signOut();
      onSignedOut(null);
    } catch (error) {
      if (isApiError(error) && error.code === 'unauthenticated') {
        onSignedOut(null);
        return;
      }
      setSigningOut(false);
      signingOutRef.current = false;
      live.resume();
      setSignOutError(`Signing out failed: ${isApiError(error) ? error.message : String(error)}`);
    }
  }

  const main = (
    <main className="shell-main" id="main">
      {signOutError && (
        <p className="form-error" role="alert">
          {signOutError}
        </p>
      )}
      <ShellPage path={path} user={user} onUserChanged={onUserChanged} onSignedOut={endSession} />
    </main>
  );

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell-header">
        <Link to={homePathFor(user.role)} className="shell-brand">
          Parley
        </Link>
        <LiveIndicator state={liveState} />
        <div className="shell-user">
          <span className="shell-user-name">{user.displayName || user.email}</span>
          <span className="shell-user-meta">
            {user.displayName && <span className="shell-user-email">{user.email}</span>}
            <span className="role-badge">{roleLabel(user.role)}</span>
          </span>
        </div>
        <button className="button" type="button" onClick={handleSignOut} disabled={signingOut}>
          {signingOut ? 'Signing out…' : 'Sign out'}
        </button>
      </header>
      <nav className="shell-nav" aria-label="Main">
        <ul>
          {sectionsFor(user.role).map((section) => (
            <li key={section.path}>
              <NavLink path={section.path} current={sectionOf(path)?.path ?? path} label={section.label} />
            </li>
          ))}
        </ul>
        <p className="shell-nav-heading" id="nav-account">
          Account
        </p>
        <ul aria-labelledby="nav-account">
          {ACCOUNT_LINKS.map((link) => (
            <li key={link.path}>
              <NavLink path={link.path} current={path} label={link.label} />
            </li>
          ))}
        </ul>
      </nav>
      <LiveEventsProvider hub={hub} state={liveState}>
        {/* DPOs handle no conversations (the server refuses them the workspace's calls): no workspace to load. */}
        {user.role === 'dpo' ? main : <WorkspaceProvider user={user}>{main}</WorkspaceProvider>}
      </LiveEventsProvider>
    </div>
  );
}

function LazyPage({ children }: { children: ReactNode }) {
  return (
    <LoadFailure message="This page could not be loaded.">
      <Suspense
        fallback={
          <p className="muted" role="status">
            Loading…
          </p>
        }
      >
        {children}
      </Suspense>
    </LoadFailure>
  );
}

function NavLink({ path, current, label }: { path: string; current: string; label: string }) {
  const isCurrent = current === path;
  return (
    <Link to={path} className="shell-nav-link" aria-current={isCurrent ? 'page' : undefined}>
      {label}
    </Link>
  );
}

interface ShellPageProps {
  path: string;
  user: User;
  onUserChanged: (user: User) => void;
  onSignedOut: (notice: string | null) => void;
}

function ShellPage({ path, user, onUserChanged, onSignedOut }: ShellPageProps) {
  const section = sectionOf(path);
  if (section) {
    if (!section.roles.includes(user.role)) {
      return <NotFound />;
    }
    const rest = subPath(path, section);
    switch (section.path) {
      case '/workspace':
        return <DashboardPage user={user} />;
      case '/queue':
        return <QueuePage user={user} />;
      case '/conversations':
        return <ConversationsPage user={user} conversationId={rest || null} />;
      case '/all-conversations':
        return (
          <LazyPage>
            <AllConversationsPage user={user} conversationId={rest || null} />
          </LazyPage>
        );
      case '/contacts':
        return (
          <LazyPage>
            <ContactsPage user={user} rest={rest} />
          </LazyPage>
        );
      case '/wallboard':
        return <WallboardPage user={user} />;
      case '/reports':
        return (
          <LazyPage>
            <ReportsPage user={user} />
          </LazyPage>
        );
      case '/configurator':
        return <ConfiguratorPage user={user} tab={rest} onSignedOut={onSignedOut} />;
      case '/privacy':
        return <PrivacyPage tab={rest} />;
      default:
        return <EmptySection section={section} user={user} />;
    }
  }
  switch (path) {
    case '/account/profile':
      return <ProfilePage user={user} onUserChanged={onUserChanged} />;
    case '/account/sessions':
      return <SessionsPage />;
    case '/cookies':
      return <CookiesPage />;
    default:
      return <NotFound />;
  }
}
