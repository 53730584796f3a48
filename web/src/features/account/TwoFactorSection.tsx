import { useState } from 'react';
import {
  getMyTwoFactor,
  replaceMyRecoveryCodes,
  startMyTwoFactor,
  turnOffMyTwoFactor,
  type TwoFactorEnrolment,
  type TwoFactorStatus,
} from '../../api/twoFactor';
import type { User } from '../../api/types';
import { Loading, LoadError } from '../configurator/common/ActionStatus';
import { useResource } from '../configurator/common/useResource';
import { CodePrompt } from './CodePrompt';
import { EnrolmentSteps } from './EnrolmentSteps';
import { RecoveryCodesView } from './RecoveryCodesView';
import { twoFactorErrorMessage, twoFactorStatusText } from './twoFactorText';
import './twoFactor.css';

type View =
  | { kind: 'status' }
  | { kind: 'enrol'; enrolment: TwoFactorEnrolment }
  | { kind: 'codes'; codes: string[] }
  | { kind: 'newCodes' }
  | { kind: 'turnOff' };

const REQUIRED_REASON = 'Your organisation requires two-factor sign-in for your role, so it cannot be turned off.';

/**
 * The profile's "Two-factor sign-in": its status, turning it on and off, and new recovery codes. Fetched when the
 * profile opens (ProfilePage), not with the app.
 */
export default function TwoFactorSection({ user }: { user: User }) {
  const { resource, reload, setData } = useResource(getMyTwoFactor);
  const [view, setView] = useState<View>({ kind: 'status' });
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The last change, for the polite live region beside the buttons.
  const [notice, setNotice] = useState('');

  const show = (status: TwoFactorStatus, next: View = { kind: 'status' }) => {
    setData(() => status);
    setView(next);
  };

  const choose = (next: View) => {
    setError(null);
    setNotice('');
    setView(next);
  };

  async function turnOn() {
    setStarting(true);
    setError(null);
    setNotice('');
    try {
      setView({ kind: 'enrol', enrolment: await startMyTwoFactor() });
    } catch (caught) {
      setError(`Two-factor sign-in could not be started: ${twoFactorErrorMessage(caught)}`);
    } finally {
      setStarting(false);
    }
  }

  return (
    <section className="account-section" aria-labelledby="tfa-title">
      <h2 id="tfa-title">Two-factor sign-in</h2>
      {view.kind === 'status' && (
        <p className="page-lead">
          When it is on, signing in asks for a code from an authenticator app on your phone as well as your password.
        </p>
      )}
      {resource.status === 'loading' && <Loading what="two-factor sign-in" />}
      {resource.status === 'failed' && (
        <LoadError what="Two-factor sign-in" message={resource.message} onRetry={() => void reload()} />
      )}
      {resource.status === 'ready' && view.kind === 'status' && (
        <StatusView
          status={resource.data}
          starting={starting}
          error={error}
          onTurnOn={() => void turnOn()}
          onChoose={choose}
        />
      )}
      {view.kind === 'enrol' && (
        <EnrolmentSteps
          enrolment={view.enrolment}
          level={3}
          onConfirmed={(result) => show(result.twoFactor, { kind: 'codes', codes: result.recoveryCodes })}
          onCancel={() => setView({ kind: 'status' })}
        />
      )}
      {view.kind === 'codes' && (
        <RecoveryCodesView
          codes={view.codes}
          email={user.email}
          level={3}
          onAcknowledged={() => {
            setNotice('Your recovery codes are saved. Each one works once.');
            setView({ kind: 'status' });
          }}
        />
      )}
      {view.kind === 'newCodes' && (
        <CodePrompt
          title="New recovery codes"
          submitLabel="Create new codes"
          pendingLabel="Creating…"
          onCancel={() => setView({ kind: 'status' })}
          onSubmit={async (code) => {
            const result = await replaceMyRecoveryCodes(code);
            show(result.twoFactor, { kind: 'codes', codes: result.recoveryCodes });
          }}
        >
          <p>Ten new recovery codes replace all your current ones, which stop working at once.</p>
        </CodePrompt>
      )}
      {view.kind === 'turnOff' && (
        <CodePrompt
          title="Turn off two-factor sign-in"
          submitLabel="Turn off"
          pendingLabel="Turning off…"
          danger
          onCancel={() => setView({ kind: 'status' })}
          onSubmit={async (code) => {
            show(await turnOffMyTwoFactor(code));
            setNotice('Two-factor sign-in is off.');
          }}
        >
          <p>Signing in will ask for your password only, and your recovery codes stop working.</p>
        </CodePrompt>
      )}
      {/* Always there, so that screen readers hear what changed when the status comes back. */}
      <p className="form-status tfa-live" role="status">
        {view.kind === 'status' ? notice : ''}
      </p>
    </section>
  );
}

interface StatusViewProps {
  status: TwoFactorStatus;
  starting: boolean;
  error: string | null;
  onTurnOn: () => void;
  onChoose: (view: View) => void;
}

function StatusView({ status, starting, error, onTurnOn, onChoose }: StatusViewProps) {
  return (
    <>
      <p className={status.enabled ? 'tfa-status tfa-status-on' : 'tfa-status'}>
        {twoFactorStatusText(status)}
        {!status.enabled && status.required && ' Your organisation requires it for your role.'}
      </p>
      {status.enabled && status.recoveryCodesLeft <= 3 && (
        <p className="tfa-notice">
          You are running out of recovery codes. Create new ones, and store them somewhere safe.
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        {!status.enabled && (
          <button className="button button-primary" type="button" onClick={onTurnOn} disabled={starting}>
            {starting ? 'Starting…' : 'Turn on'}
          </button>
        )}
        {status.enabled && (
          <button className="button" type="button" onClick={() => onChoose({ kind: 'newCodes' })}>
            New recovery codes
          </button>
        )}
        {status.enabled && !status.required && (
          <button className="button" type="button" onClick={() => onChoose({ kind: 'turnOff' })}>
            Turn off
          </button>
        )}
      </div>
      {status.enabled && status.required && <p className="field-hint tfa-required">{REQUIRED_REASON}</p>}
    </>
  );
}
