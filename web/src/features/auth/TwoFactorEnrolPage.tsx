import { useState } from 'react';
import { isApiError } from '../../api/client';
import { signOut } from '../../api/endpoints';
import { startMyTwoFactor, type TwoFactorEnrolment } from '../../api/twoFactor';
import type { User } from '../../api/types';
import { useDocumentTitle } from '../../useDocumentTitle';
import { EnrolmentSteps } from '../account/EnrolmentSteps';
import { RecoveryCodesView } from '../account/RecoveryCodesView';
import { twoFactorErrorMessage } from '../account/twoFactorText';
import './auth.css';

type Step = { kind: 'intro' } | { kind: 'enrol'; enrolment: TwoFactorEnrolment } | { kind: 'codes'; codes: string[] };

interface TwoFactorEnrolPageProps {
  user: User;
  /** The second factor is on and the recovery codes are saved: the app may load. */
  onEnrolled: () => void;
  /** Signed out from here; `notice` for the sign-in page. */
  onSignedOut: (notice: string | null) => void;
}

/**
 * All a signed-in user sees while the tenant requires a second factor of their role and they have none: the
 * server refuses them everything else until then. No shell, no live socket. Fetched when needed (App).
 */
export default function TwoFactorEnrolPage({ user, onEnrolled, onSignedOut }: TwoFactorEnrolPageProps) {
  useDocumentTitle('Set up two-factor sign-in');
  const [step, setStep] = useState<Step>({ kind: 'intro' });
  const [starting, setStarting] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function start() {
    setStarting(true);
    setError(null);
    try {
      setStep({ kind: 'enrol', enrolment: await startMyTwoFactor() });
    } catch (caught) {
      setError(`Two-factor sign-in could not be started: ${twoFactorErrorMessage(caught)}`);
    } finally {
      setStarting(false);
    }
  }

  async function handleSignOut() {
    setSigningOut(true);
    setError(null);
    try {
      await signOut();
      onSignedOut(null);
    } catch (caught) {
      if (isApiError(caught) && caught.code === 'unauthenticated') {
        onSignedOut(null);
        return;
      }
      setSigningOut(false);
      setError(`Signing out failed: ${twoFactorErrorMessage(caught)}`);
    }
  }

  return (
    <div className="auth-page">
      <main className="auth-card auth-card-wide" aria-labelledby="enrol-title">
        <p className="auth-brand">Parley</p>
        <h1 id="enrol-title">Your organisation requires two-factor sign-in</h1>
        {step.kind === 'intro' && (
          <>
            <p>
              Before you go on, set up a second factor: from now on, signing in asks for a code from an authenticator
              app on your phone as well as your password.
            </p>
            <p className="muted">
              You need an authenticator app, for example Google Authenticator, Microsoft Authenticator, 1Password or
              FreeOTP.
            </p>
            <button className="button button-primary" type="button" onClick={() => void start()} disabled={starting}>
              {starting ? 'Starting…' : 'Set up two-factor sign-in'}
            </button>
          </>
        )}
        {step.kind === 'enrol' && (
          <EnrolmentSteps
            enrolment={step.enrolment}
            level={2}
            onConfirmed={(result) => setStep({ kind: 'codes', codes: result.recoveryCodes })}
          />
        )}
        {step.kind === 'codes' && (
          <RecoveryCodesView codes={step.codes} email={user.email} level={2} onAcknowledged={onEnrolled} />
        )}
        {error && (
          <p className="form-error auth-enrol-error" role="alert">
            {error}
          </p>
        )}
        <div className="auth-signed-in-as">
          <p>
            Signed in as <strong>{user.email}</strong>
          </p>
          <button className="button" type="button" onClick={() => void handleSignOut()} disabled={signingOut}>
            {signingOut ? 'Signing out…' : 'Sign out'}
          </button>
        </div>
      </main>
    </div>
  );
}
