import { useEffect, useRef, useState, type FormEvent } from 'react';
import { acceptInvite, lookupInvite, type Invite } from '../../api/routing';
import type { User } from '../../api/types';
import { roleLabel } from '../../format';
import { Link } from '../../Link';
import { navigate } from '../../router';
import { useDocumentTitle } from '../../useDocumentTitle';
import { describeError } from '../configurator/common/errors';
import { homePathFor } from '../shell/sections';
import {
  checkDisplayName,
  checkNewPassword,
  isDeadInvite,
  MAX_DISPLAY_NAME_BYTES,
  MIN_PASSWORD_CHARS,
  readInviteToken,
} from './inviteForm';
import '../auth/auth.css';
import './invite.css';

type InviteInfo = Pick<Invite, 'email' | 'role' | 'displayName' | 'expiresAt'>;

type Lookup =
  | { status: 'loading' }
  | { status: 'missing' }
  /** Unknown, used, revoked or expired; `message` is the server's. */
  | { status: 'dead'; message: string | null }
  | { status: 'failed'; message: string }
  | { status: 'ready'; invite: InviteInfo }
  | { status: 'done'; user: User };

interface InvitePageProps {
  /** Someone already signed in in this browser; accepting signs them out in favour of the invitee. */
  currentUser: User | null;
  onSignedIn: (user: User) => void;
}

/** /invite#<token>: the invitee chooses a password and is signed in. */
export function InvitePage({ currentUser, onSignedIn }: InvitePageProps) {
  useDocumentTitle('Accept invite');
  // Read once: the fragment leaves the address bar (and the history entry) right after.
  const [token, setToken] = useState(() => readInviteToken(window.location.hash));
  const [lookup, setLookup] = useState<Lookup>(token ? { status: 'loading' } : { status: 'missing' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const takeToken = () => {
      const fresh = readInviteToken(window.location.hash);
      if (window.location.hash) {
        window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}`);
      }
      if (fresh) {
        setToken(fresh);
      }
    };
    takeToken();
    // Another invite link opened in this tab only changes the fragment: no reload, so listen for it.
    window.addEventListener('hashchange', takeToken);
    return () => window.removeEventListener('hashchange', takeToken);
  }, []);

  useEffect(() => {
    if (!token) {
      return;
    }
    let cancelled = false;
    setLookup({ status: 'loading' });
    lookupInvite(token).then(
      (invite) => !cancelled && setLookup({ status: 'ready', invite }),
      (error) => {
        if (!cancelled) {
          setLookup(
            isDeadInvite(error)
              ? { status: 'dead', message: describeError(error) }
              : { status: 'failed', message: describeError(error) },
          );
        }
      },
    );
    return () => {
      cancelled = true;
    };
  }, [token, attempt]);

  return (
    <div className="auth-page">
      <main className="auth-card invite-card" aria-labelledby="invite-title">
        <p className="auth-brand">Parley</p>
        {lookup.status === 'loading' && (
          <>
            <h1 id="invite-title">Accept your invite</h1>
            <p role="status">Checking your invite…</p>
          </>
        )}
        {(lookup.status === 'missing' || lookup.status === 'dead') && (
          <DeadInvite missing={lookup.status === 'missing'} message={lookup.status === 'dead' ? lookup.message : null} />
        )}
        {lookup.status === 'failed' && (
          <>
            <h1 id="invite-title">Accept your invite</h1>
            <p className="form-error" role="alert">
              Your invite could not be checked: {lookup.message}
            </p>
            <button className="button button-primary" type="button" onClick={() => setAttempt((n) => n + 1)}>
              Try again
            </button>
          </>
        )}
        {lookup.status === 'ready' && token && (
          <AcceptForm
            key={token}
            token={token}
            invite={lookup.invite}
            currentUser={currentUser}
            onDead={(message) => setLookup({ status: 'dead', message })}
            onAccepted={(user) => {
              setLookup({ status: 'done', user });
              onSignedIn(user);
              navigate(homePathFor(user.role), { replace: true });
            }}
          />
        )}
        {lookup.status === 'done' && (
          <>
            <h1 id="invite-title">Welcome</h1>
            <p role="status">Your account is ready. Opening Parley…</p>
          </>
        )}
      </main>
      <footer className="auth-footer">
        <Link to="/cookies">Cookies</Link>
      </footer>
    </div>
  );
}

function DeadInvite({ missing, message }: { missing: boolean; message: string | null }) {
  return (
    <>
      <h1 id="invite-title">This invite link cannot be used</h1>
      {missing ? (
        <p>
          The link has no invite code. Open the whole link from your invite again; it can be used only once, and it no
          longer works after a reload of this page.
        </p>
      ) : (
        <p>
          It is unknown, was used already, was revoked, or has expired
          {message ? ` (the server says: ${message})` : ''}. Ask an administrator for a new invite.
        </p>
      )}
      <p>
        Already have an account? <Link to="/sign-in">Sign in</Link>
      </p>
    </>
  );
}

interface AcceptFormProps {
  token: string;
  invite: InviteInfo;
  currentUser: User | null;
  onDead: (message: string) => void;
  onAccepted: (user: User) => void;
}

function AcceptForm({ token, invite, currentUser, onDead, onAccepted }: AcceptFormProps) {
  const [displayName, setDisplayName] = useState(invite.displayName);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const displayNameRef = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) {
      return;
    }
    const nameProblem = checkDisplayName(displayName);
    if (nameProblem) {
      setError(nameProblem);
      displayNameRef.current?.focus();
      return;
    }
    const problem = checkNewPassword(password, confirm);
    if (problem) {
      setError(problem);
      passwordRef.current?.focus();
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      const name = displayName.trim();
      const { user } = await acceptInvite({ token, password, ...(name ? { displayName: name } : {}) });
      onAccepted(user);
    } catch (caught) {
      setSubmitting(false);
      if (isDeadInvite(caught)) {
        onDead(describeError(caught));
        return;
      }
      setError(describeError(caught));
    }
  }

  return (
    <>
      <h1 id="invite-title">Accept your invite</h1>
      <p>You are invited to join Parley. Choose a password to create your account.</p>
      <dl className="invite-facts">
        <div>
          <dt>Email</dt>
          <dd>{invite.email}</dd>
        </div>
        <div>
          <dt>Role</dt>
          <dd>{roleLabel(invite.role)}</dd>
        </div>
      </dl>
      {currentUser && (
        <p className="auth-notice" role="note">
          You are signed in as{' '}
          {currentUser.displayName ? `${currentUser.displayName} (${currentUser.email})` : currentUser.email} in this
          browser. Creating this account signs
          you in as {invite.email} instead.
        </p>
      )}
      <form className="form" onSubmit={submit} noValidate aria-describedby={error ? 'invite-error' : undefined}>
        <div className="field">
          <label htmlFor="invite-display-name">Display name</label>
          <input
            id="invite-display-name"
            name="displayName"
            type="text"
            autoComplete="name"
            maxLength={MAX_DISPLAY_NAME_BYTES}
            ref={displayNameRef}
            value={displayName}
            onChange={(event) => setDisplayName(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="invite-password">Password</label>
          <input
            id="invite-password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            autoFocus
            minLength={MIN_PASSWORD_CHARS}
            aria-describedby="invite-password-hint"
            ref={passwordRef}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
          <p className="field-hint" id="invite-password-hint">
            At least {MIN_PASSWORD_CHARS} characters.
          </p>
        </div>
        <div className="field">
          <label htmlFor="invite-confirm">Confirm password</label>
          <input
            id="invite-confirm"
            name="confirmPassword"
            type="password"
            autoComplete="new-password"
            required
            value={confirm}
            onChange={(event) => setConfirm(event.target.value)}
          />
        </div>
        {error && (
          <p id="invite-error" className="form-error" role="alert">
            {error}
          </p>
        )}
        <button className="button button-primary button-wide" type="submit" disabled={submitting}>
          {submitting ? 'Creating account…' : 'Create account'}
        </button>
      </form>
    </>
  );
}
