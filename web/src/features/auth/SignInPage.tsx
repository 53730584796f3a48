import { useEffect, useReducer, useRef, useState, type FormEvent } from 'react';
import type { SignInTenant } from '../../api/endpoints';
import type { User } from '../../api/types';
import { Link } from '../../Link';
import { useDocumentTitle } from '../../useDocumentTitle';
import { OneTimeCodeField } from '../account/OneTimeCodeField';
import { chooseWorkspace, sendCode, sendPassword, signInReducer, startSignIn, type Settled } from './signInFlow';
import { SIGN_IN_PATH } from './signInLink';
import { WorkspaceStep } from './WorkspaceStep';
import './auth.css';

interface SignInPageProps {
  onSignedIn: (user: User) => void;
  /** Shown above the form, e.g. after the session ended. */
  notice?: string | null;
  /**
   * The tenant id the sign-in link names (`?workspace=`, read by signInLink), or null: read once, so a page for
   * another link is a new page (keyed by it).
   */
  workspace?: string | null;
}

/**
 * The email and password; then, when they open several workspaces, the choice of one; then, for someone with a
 * second factor, the code step with its challenge (signInFlow). A sign-in link naming a workspace signs in to that
 * one: the page says so, without its id, and links to itself without it.
 */
export function SignInPage({ onSignedIn, notice, workspace = null }: SignInPageProps) {
  useDocumentTitle('Sign in');
  const [state, dispatch] = useReducer(signInReducer, workspace, startSignIn);
  const { email, password, step, code, submitting, error } = state;
  // A new object each time, so that the same field can be asked for twice in a row.
  const [focusWanted, setFocusWanted] = useState<{ field: 'password' | 'code' } | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  // After the render that brings the field back (the password field returns with the form).
  useEffect(() => {
    if (focusWanted) {
      (focusWanted.field === 'password' ? passwordRef : codeRef).current?.focus();
    }
  }, [focusWanted]);

  function settled(outcome: Settled) {
    if ('user' in outcome) {
      onSignedIn(outcome.user);
    } else if (outcome.focus) {
      setFocusWanted({ field: outcome.focus });
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void sendPassword(state, dispatch).then(settled);
  }

  function choose(tenant: SignInTenant) {
    void chooseWorkspace(state, tenant, dispatch).then(settled);
  }

  function submitCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void sendCode(state, dispatch).then(settled);
  }

  function backToPassword() {
    dispatch({ type: 'back', message: null });
    setFocusWanted({ field: 'password' });
  }

  const errorLine = error && (
    <p id="signin-error" className="form-error" role="alert">
      {error}
    </p>
  );

  return (
    <div className="auth-page">
      <main className="auth-card" aria-labelledby="signin-title">
        <p className="auth-brand">Parley</p>
        <h1 id="signin-title">Sign in</h1>
        {notice && step.kind === 'password' && (
          <p className="auth-notice" role="status">
            {notice}
          </p>
        )}
        {step.kind === 'password' && state.workspace !== null && (
          <p className="auth-workspace-hint" id="signin-workspace-hint">
            This link signs you in to one workspace. <Link to={SIGN_IN_PATH}>Sign in without choosing a workspace</Link>
          </p>
        )}
        {step.kind === 'password' ? (
          <form className="form" onSubmit={submit} aria-describedby={error ? 'signin-error' : undefined}>
            <div className="field">
              <label htmlFor="signin-email">Email</label>
              <input
                id="signin-email"
                name="email"
                type="email"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                required
                autoFocus
                value={email}
                onChange={(event) => dispatch({ type: 'email', value: event.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor="signin-password">Password</label>
              <input
                id="signin-password"
                name="password"
                type="password"
                autoComplete="current-password"
                required
                ref={passwordRef}
                value={password}
                onChange={(event) => dispatch({ type: 'password', value: event.target.value })}
              />
            </div>
            {errorLine}
            <button className="button button-primary button-wide" type="submit" disabled={submitting}>
              {submitting ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
        ) : step.kind === 'workspace' ? (
          <WorkspaceStep
            tenants={step.tenants}
            chosen={step.chosen}
            submitting={submitting}
            onChoose={choose}
            onBack={backToPassword}
          />
        ) : (
          <form
            className="form"
            onSubmit={submitCode}
            aria-describedby={error ? 'signin-code-lead signin-error' : 'signin-code-lead'}
            noValidate
          >
            <p className="auth-step-lead" id="signin-code-lead">
              {step.recovery ? (
                <>
                  Enter one of the recovery codes you saved when you set up two-factor sign-in for{' '}
                  <strong>{email.trim()}</strong>. Each code works once.
                </>
              ) : (
                <>
                  Open your authenticator app and enter the code it shows for Parley (<strong>{email.trim()}</strong>).
                </>
              )}
            </p>
            {/* Keyed by the kind, so that the swapped field mounts afresh and takes focus. */}
            <OneTimeCodeField
              key={step.recovery ? 'recovery' : 'code'}
              id={step.recovery ? 'signin-recovery-code' : 'signin-code'}
              label={step.recovery ? 'Recovery code' : 'Code'}
              recovery={step.recovery}
              value={code}
              onChange={(value) => dispatch({ type: 'code', value })}
              inputRef={codeRef}
              invalid={error !== null}
              autoFocus
            />
            {errorLine}
            <button className="button button-primary button-wide" type="submit" disabled={submitting}>
              {submitting ? 'Checking…' : 'Verify'}
            </button>
            <div className="auth-step-actions">
              <button className="button" type="button" onClick={backToPassword} disabled={submitting}>
                Back
              </button>
              <button
                className="auth-switch"
                type="button"
                onClick={() => dispatch({ type: 'switchKind' })}
                disabled={submitting}
              >
                {step.recovery ? 'Use a code from your app instead' : 'Use a recovery code instead'}
              </button>
            </div>
          </form>
        )}
      </main>
      <footer className="auth-footer">
        <Link to="/cookies">Cookies</Link>
      </footer>
    </div>
  );
}
