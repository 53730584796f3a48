import { useEffect, useId, useMemo, useState } from 'react';
import { copyText } from '../configurator/common/CopyField';
import { FocusHeading } from './FocusHeading';
import { RECOVERY_CODES_FILE_NAME, recoveryCodesFile } from './twoFactorText';
import './twoFactor.css';

interface RecoveryCodesViewProps {
  codes: readonly string[];
  email: string;
  level: 2 | 3;
  /** The person ticked that they saved the codes and went on. */
  onAcknowledged: () => void;
}

/**
 * The recovery codes, shown this once: copy them, download them as a text file, and confirm they are saved before
 * going on. Closing or reloading the tab meanwhile asks first.
 */
export function RecoveryCodesView({ codes, email, level, onAcknowledged }: RecoveryCodesViewProps) {
  const base = useId();
  const [saved, setSaved] = useState(false);
  const [copyStatus, setCopyStatus] = useState('');
  const text = useMemo(() => recoveryCodesFile(codes, email, new Date()), [codes, email]);
  const fileUrl = useMemo(() => URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' })), [text]);

  useEffect(() => () => URL.revokeObjectURL(fileUrl), [fileUrl]);

  useEffect(() => {
    if (saved) {
      return undefined;
    }
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [saved]);

  async function copy() {
    const copied = await copyText(codes.join('\n'), null);
    setCopyStatus(copied ? 'Copied.' : 'Copying was not allowed; select the codes and copy them yourself.');
  }

  return (
    <div className="tfa-flow">
      <FocusHeading level={level}>Save your recovery codes</FocusHeading>
      <p className="tfa-notice" id={`${base}-notice`}>
        <strong>Store these now: this is the only time Parley shows them.</strong> If you lose your phone, each code
        signs you in once instead of a code from the app. Keep them in a password manager, or print them.
      </p>
      <ol className="tfa-codes" aria-label="Recovery codes" aria-describedby={`${base}-notice`}>
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="form-actions tfa-codes-actions">
        <button className="button" type="button" onClick={() => void copy()}>
          Copy codes
        </button>
        <a className="button" href={fileUrl} download={RECOVERY_CODES_FILE_NAME}>
          Download as .txt
        </a>
        <span className="form-status" role="status">
          {copyStatus}
        </span>
      </div>
      <div className="tfa-acknowledge">
        <label className="tfa-checkbox">
          <input type="checkbox" checked={saved} onChange={(event) => setSaved(event.target.checked)} />
          <span>I have saved my recovery codes</span>
        </label>
        <button className="button button-primary" type="button" disabled={!saved} onClick={onAcknowledged}>
          Continue
        </button>
      </div>
    </div>
  );
}
