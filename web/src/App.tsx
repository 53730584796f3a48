import { lazy, Suspense, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { isApiError } from './api/client';
import { getMe, setTwoFactorRequiredListener, setUnauthenticatedListener } from './api/endpoints';
import { getMyTwoFactor } from './api/twoFactor';
import type { User } from './api/types';
import { SignInPage } from './features/auth/SignInPage';
import { readWorkspaceParam, SIGN_IN_PATH } from './features/auth/signInLink';
import { CookiesPage } from './features/privacy/CookiesPage';
import { LoadFailure } from './features/shell/LoadFailure';
import { Shell } from './features/shell/Shell';
import { InvitePage } from './features/invite/InvitePage';
import { homePathFor } from './features/shell/sections';
import { navigate, usePath, useSearch } from './router';
import { useDocumentTitle } from './useDocumentTitle';

type Auth =
  | { status: 'loading' }
  | { status: 'unreachable'; message: string }
  | { status: 'signedOut'; notice: string | null }
  | { status: 'signedIn'; user: User }
  /** Signed in, but the tenant requires a second factor of the role and there is none: nothing else until then. */
  | { status: 'mustEnrol'; user: User };

// Only for those whose tenant requires a second factor they do not have yet: fetched then.
const TwoFactorEnrolPage = lazy(() => import('./features/auth/TwoFactorEnrolPage'));

const INVITE_PATH = '/invite';
const PUBLIC_PATHS = new Set([SIGN_IN_PATH, '/cookies', INVITE_PATH]);

/**
 * Where a signed-in user may go: the app, or the enrolment first when the tenant requires a second factor of
 * their role and they have none. When the status cannot be read, the app: a call it makes then says so.
 */
async function admit(user: User): Promise<Auth> {
  try {
    const twoFactor = await getMyTwoFactor();
    return twoFactor.required && !twoFactor.enabled ? { status: 'mustEnrol', user } : { status: 'signedIn', user };
  } catch (error) {
    if (isApiError(error) && error.code === 'unauthenticated') {
      return { status: 'signedOut', notice: null };
    }
    if (isApiError(error) && error.code === 'two_factor_required') {
      return { status: 'mustEnrol', user };
    }
    return { status: 'signedIn', user };
  }
}

export function App() {
  const path = usePath();
  const [auth, setAuth] = useState<Auth>({ status: 'loading' });
  // Where a signed-out visitor wanted to go; used once they sign in.
  const wantedPath = useRef<string | null>(null);

  const loadMe = useCallback(async () => {
    setAuth({ status: 'loading' });
    try {
      setAuth(await admit(await getMe()));
    } catch (error) {
      if (isApiError(error) && error.code === 'unauthenticated') {
        setAuth({ status: 'signedOut', notice: null });
      } else {
        setAuth({ status: 'unreachable', message: isApiError(error) ? error.message : String(error) });
      }
    }
  }, []);

  useEffect(() => {
    void loadMe();
  }, [loadMe]);

  useEffect(() => {
    setUnauthenticatedListener(() =>
      setAuth((current) =>
        current.status === 'signedIn' || current.status === 'mustEnrol'
          ? { status: 'signedOut', notice: 'Your session has ended. Sign in again to continue.' }
          : current,
      ),
    );
    return () => setUnauthenticatedListener(null);
  }, []);

  useEffect(() => {
    // The tenant began to require a second factor of this role meanwhile (or the user's was reset): the shell
    // goes, with its pages' requests and the live socket, and only the enrolment is left.
    setTwoFactorRequiredListener(() =>
      setAuth((current) => (current.status === 'signedIn' ? { status: 'mustEnrol', user: current.user } : current)),
    );
    return () => setTwoFactorRequiredListener(null);
  }, []);

  // The one place that moves between the public pages and the shell, after the auth state has changed
  // (a layout effect, so a page meant for the other state never flashes).
  useLayoutEffect(() => {
    if (auth.status === 'signedOut' && !PUBLIC_PATHS.has(path)) {
      // With its query string: a bookmarked, filtered list opens as it was saved.
      wantedPath.current = path === '/' ? null : path + window.location.search;
      navigate(SIGN_IN_PATH, { replace: true });
    } else if ((auth.status === 'signedIn' || auth.status === 'mustEnrol') && (path === '/' || path === SIGN_IN_PATH)) {
      navigate(wantedPath.current ?? homePathFor(auth.user.role), { replace: true });
      wantedPath.current = null;
    }
  }, [auth, path]);

  // The sign-in page keeps saying "Signing in…" while the second factor's status is read.
  const onSignedIn = useCallback(async (user: User) => setAuth(await admit(user)), []);

  const onEnrolled = useCallback(() => {
    setAuth((current) => (current.status === 'mustEnrol' ? { status: 'signedIn', user: current.user } : current));
  }, []);

  const onSignedOut = useCallback((notice: string | null) => setAuth({ status: 'signedOut', notice }), []);

  const onUserChanged = useCallback((user: User) => {
    setAuth((current) => (current.status === 'signedIn' ? { status: 'signedIn', user } : current));
  }, []);

  switch (auth.status) {
    case 'loading':
      return <Loading />;
    case 'unreachable':
      return <Unreachable message={auth.message} onRetry={() => void loadMe()} />;
    case 'signedOut':
      if (path === INVITE_PATH) {
        return <InvitePage currentUser={null} onSignedIn={onSignedIn} />;
      }
      return path === '/cookies' ? (
        <CookiesPage standalone />
      ) : (
        <SignInRoute onSignedIn={onSignedIn} notice={auth.notice} />
      );
    case 'signedIn':
      if (path === INVITE_PATH) {
        return <InvitePage currentUser={auth.user} onSignedIn={onSignedIn} />;
      }
      return <Shell user={auth.user} path={path} onUserChanged={onUserChanged} onSignedOut={onSignedOut} />;
    case 'mustEnrol':
      return (
        <LoadFailure message="Parley could not be loaded.">
          <Suspense fallback={<Loading />}>
            <TwoFactorEnrolPage user={auth.user} onEnrolled={onEnrolled} onSignedOut={onSignedOut} />
          </Suspense>
        </LoadFailure>
      );
  }
}

/**
 * The sign-in page with the workspace its link names (`?workspace=`), read here so that only this page follows the
 * query string; a page for another link (or none) starts afresh.
 */
function SignInRoute({ onSignedIn, notice }: { onSignedIn: (user: User) => void; notice: string | null }) {
  const workspace = readWorkspaceParam(useSearch());
  return <SignInPage key={workspace ?? ''} onSignedIn={onSignedIn} notice={notice} workspace={workspace} />;
}

function Loading() {
  useDocumentTitle('');
  return (
    <p className="app-loading" role="status">
      Loading Parley…
    </p>
  );
}

function Unreachable({ message, onRetry }: { message: string; onRetry: () => void }) {
  useDocumentTitle('Unavailable');
  return (
    <div className="auth-page">
      <main className="auth-card">
        <p className="auth-brand">Parley</p>
        <h1>Parley cannot be reached</h1>
        <p role="alert">{message}</p>
        <button className="button button-primary" type="button" onClick={onRetry}>
          Try again
        </button>
      </main>
    </div>
  );
}
