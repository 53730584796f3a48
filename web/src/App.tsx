import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { isApiError } from './api/client';
import { getMe, setUnauthenticatedListener } from './api/endpoints';
import type { User } from './api/types';
import { SignInPage } from './features/auth/SignInPage';
import { CookiesPage } from './features/privacy/CookiesPage';
import { Shell } from './features/shell/Shell';
import { InvitePage } from './features/invite/InvitePage';
import { homePathFor } from './features/shell/sections';
import { navigate, usePath } from './router';
import { useDocumentTitle } from './useDocumentTitle';

type Auth =
  | { status: 'loading' }
  | { status: 'unreachable'; message: string }
  | { status: 'signedOut'; notice: string | null }
  | { status: 'signedIn'; user: User };

const SIGN_IN_PATH = '/sign-in';
const INVITE_PATH = '/invite';
const PUBLIC_PATHS = new Set([SIGN_IN_PATH, '/cookies', INVITE_PATH]);

export function App() {
  const path = usePath();
  const [auth, setAuth] = useState<Auth>({ status: 'loading' });
  // Where a signed-out visitor wanted to go; used once they sign in.
  const wantedPath = useRef<string | null>(null);

  const loadMe = useCallback(async () => {
    setAuth({ status: 'loading' });
    try {
      setAuth({ status: 'signedIn', user: await getMe() });
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
        current.status === 'signedIn'
          ? { status: 'signedOut', notice: 'Your session has ended. Sign in again to continue.' }
          : current,
      ),
    );
    return () => setUnauthenticatedListener(null);
  }, []);

  // The one place that moves between the public pages and the shell, after the auth state has changed
  // (a layout effect, so a page meant for the other state never flashes).
  useLayoutEffect(() => {
    if (auth.status === 'signedOut' && !PUBLIC_PATHS.has(path)) {
      // With its query string: a bookmarked, filtered list opens as it was saved.
      wantedPath.current = path === '/' ? null : path + window.location.search;
      navigate(SIGN_IN_PATH, { replace: true });
    } else if (auth.status === 'signedIn' && (path === '/' || path === SIGN_IN_PATH)) {
      navigate(wantedPath.current ?? homePathFor(auth.user.role), { replace: true });
      wantedPath.current = null;
    }
  }, [auth, path]);

  const onSignedIn = useCallback((user: User) => setAuth({ status: 'signedIn', user }), []);

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
        <SignInPage onSignedIn={onSignedIn} notice={auth.notice} />
      );
    case 'signedIn':
      if (path === INVITE_PATH) {
        return <InvitePage currentUser={auth.user} onSignedIn={onSignedIn} />;
      }
      return <Shell user={auth.user} path={path} onUserChanged={onUserChanged} onSignedOut={onSignedOut} />;
  }
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
