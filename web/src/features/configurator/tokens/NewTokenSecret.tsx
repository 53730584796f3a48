import { useEffect, useId, useRef } from 'react';
import type { CreatedApiToken } from '../../../api/tokens';
import { formatDateTime, roleLabel } from '../../../format';
import { CopyField } from '../common/CopyField';
import { scopeLabels } from './tokenForm';

/**
 * The secret of the token just created, shown this once: the page keeps it only while this view is open (Done, or
 * leaving the tab, drops it).
 */
export function NewTokenSecret({ created, onDone }: { created: CreatedApiToken; onDone: () => void }) {
  const { token, secret } = created;
  const base = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <section className="config-card cfg-token-created" aria-labelledby={`${base}-title`}>
      <h3 id={`${base}-title`} tabIndex={-1} ref={headingRef}>
        Token “{token.name}” created
      </h3>
      <p className="cfg-token-once">
        <strong>Copy the secret now: you will not see it again.</strong> Parley does not show it anywhere else. If it
        is lost, revoke the token and create a new one.
      </p>
      <CopyField
        label="Secret"
        value={secret}
        copyLabel="Copy secret"
        hint="The integration sends it with each request, as the header Authorization: Bearer followed by the secret. Keep it where you keep passwords."
      />
      <dl className="cfg-token-summary">
        <div>
          <dt>Role</dt>
          <dd>{roleLabel(token.role)}</dd>
        </div>
        <div>
          <dt>Permissions</dt>
          <dd>{scopeLabels(token.scopes).join(', ')}</dd>
        </div>
        <div>
          <dt>Expires</dt>
          <dd>{token.expiresAt ? formatDateTime(token.expiresAt) : 'Never'}</dd>
        </div>
      </dl>
      <div className="form-actions">
        <button className="button button-primary" type="button" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}
