import type { CreatedApiToken } from '../../../api/tokens';
import { formatDateTime, roleLabel } from '../../../format';
import { SecretShownOnce } from '../common/SecretShownOnce';
import { scopeLabels } from './tokenForm';

/**
 * The secret of the token just created, shown this once: the page keeps it only while this view is open (Done, or
 * leaving the tab, drops it).
 */
export function NewTokenSecret({ created, onDone }: { created: CreatedApiToken; onDone: () => void }) {
  const { token, secret } = created;
  return (
    <SecretShownOnce
      card
      title={`Token “${token.name}” created`}
      once="Copy the secret now: you will not see it again."
      explanation="Parley does not show it anywhere else. If it is lost, revoke the token and create a new one."
      label="Secret"
      copyLabel="Copy secret"
      hint="The integration sends it with each request, as the header Authorization: Bearer followed by the secret. Keep it where you keep passwords."
      secret={secret}
      onDone={onDone}
    >
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
    </SecretShownOnce>
  );
}
