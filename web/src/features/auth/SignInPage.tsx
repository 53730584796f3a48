import { useRef, useState, type FormEvent } from 'react';
import { signIn, signInSecondFactor, type SecondFactorChallenge } from '../../api/endpoints';
import type { User } from '../../api/types';
import { Link } from '../../Link';
import { useDocumentTitle } from '../../useDocumentTitle';
import { OneTimeCodeField } from '../account/OneTimeCodeField';
import { normaliseRecoveryCode, normaliseTotpCode, TOTP_CODE_HINT } from '../account/oneTimeCode';
import { EXPIRED_CHALLENGE_MESSAGE, isExpiredChallenge, secondFactorMessage, signInMessage } from './signInMessage';
import './auth.css';

interface SignInPageProps {
  onSignedIn: (user: User) => void;
  /** Shown above the form, e.g. after the session ended. */
  notice?: string | null;
}

/** The password step, or (for someone with a second factor) the code step with its challenge. */
type Step = { kind: 'password' } | { kind: 'code'; challenge: SecondFactorChallenge; recovery: boolean };

export function SignInPage({ onSignedIn, notice }: SignInPageProps) {
  useDocumentTitle('Sign in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [code, setCode] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) {
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      const answer = await signIn(email.trim(), password);
      if ('twoFactor' in answer) {
        setPassword('');
        setCode('');
        setStep({ kind: 'code', challenge: answer.twoFactor, recovery: false });
        setSubmitting(false);
        return;
      }
      onSignedIn(answer.user);
    } catch (caught) {
      setError(signInMessage(caught));
      setPassword('');
      setSubmitting(false);
      passwordRef.current?.focus();
    }
  }

  function backToPassword(message: string | null) {
    setStep({ kind: 'password' });
    setCode('');
    setError(message);
    // The password field comes back with this render; focus it once it is there.
    requestAnimationFrame(() => passwordRef.current?.focus());
  }

  async function submitCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting || step.kind !== 'code') {
      return;
    }
    const { challenge, recovery } = step;
    const proof = recovery ? normaliseRecoveryCode(code) : normaliseTotpCode(code);
    if (proof === null) {
      setError(recovery ? 'Enter one of your recovery codes.' : TOTP_CODE_HINT);
      codeRef.current?.focus();
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      const { user } = await signInSecondFactor(
        challenge.challenge,
        recovery ? { recoveryCode: proof } : { code: proof },
      );
      onSignedIn(user);
    } catch (caught) {
      setSubmitting(false);
      if (isExpiredChallenge(caught, challenge.expiresAt)) {
        backToPassword(EXPIRED_CHALLENGE_MESSAGE);
        return;
      }
      setError(secondFactorMessage(caught, recovery));
      setCode('');
      codeRef.current?.focus();
    }
  }

  function switchKind() {
    if (step.kind === 'code') {
      setStep({ ...step, recovery: !step.recovery });
      setCode('');
      setError(null);
    }
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
                onChange={(event) => setEmail(event.target.value)}
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
                onChange={(event) => setPassword(event.target.value)}
              />
            </div>
            {errorLine}
            <button className="button button-primary button-wide" type="submit" disabled={submitting}>
              {submitting ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
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
              onChange={setCode}
              inputRef={codeRef}
              invalid={error !== null}
              autoFocus
            />
            {errorLine}
            <button className="button button-primary button-wide" type="submit" disabled={submitting}>
              {submitting ? 'Checking…' : 'Verify'}
            </button>
            <div className="auth-step-actions">
              <button className="button" type="button" onClick={() => backToPassword(null)} disabled={submitting}>
                Back
              </button>
              <button className="auth-switch" type="button" onClick={switchKind} disabled={submitting}>
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
