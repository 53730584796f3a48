import { useEffect, useId, useState, type FormEvent } from 'react';
import { announceTwoFactorRequired } from '../../../api/endpoints';
import { getMyTwoFactor, getSecuritySettings, updateSecuritySettings } from '../../../api/twoFactor';
import type { Role, User } from '../../../api/types';
import { roleLabel } from '../../../format';
import { Link } from '../../../Link';
import { ActionError, ActionLive, Loading, LoadError } from '../common/ActionStatus';
import { useAction } from '../common/useAction';
import { useResource } from '../common/useResource';
import { POLICY_ROLES, policyRoles, sendsSelfToEnrol, toggleRole } from './securityForm';

const loadAll = async () => {
  const [security, own] = await Promise.all([getSecuritySettings(), getMyTwoFactor()]);
  return { required: policyRoles(security.twoFactorRequiredFor), ownEnabled: own.enabled };
};

/** Which roles must sign in with a second factor (S3). Fetched when the tab opens (ConfiguratorPage). */
export default function SecurityTab({ currentUser }: { currentUser: User }) {
  const { resource, reload, setData } = useResource(loadAll);
  const [selected, setSelected] = useState<Role[]>([]);
  const save = useAction();
  const base = useId();
  const loaded = resource.status === 'ready' ? resource.data : null;

  useEffect(() => {
    if (loaded) {
      setSelected(loaded.required);
    }
    // Only when the settings arrive, not on every edit.
  }, [loaded]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!loaded) {
      return;
    }
    const saved = await save.run(
      'Saving…',
      () => updateSecuritySettings({ twoFactorRequiredFor: policyRoles(selected) }),
      'Security settings saved.',
    );
    if (saved) {
      setData((data) => ({ ...data, required: policyRoles(saved.twoFactorRequiredFor) }));
      if (sendsSelfToEnrol(saved.twoFactorRequiredFor, currentUser.role, loaded.ownEnabled)) {
        announceTwoFactorRequired();
      }
    }
  }

  const selfToEnrol = loaded !== null && sendsSelfToEnrol(selected, currentUser.role, loaded.ownEnabled);
  return (
    <section aria-labelledby="security-title">
      <h2 id="security-title" tabIndex={-1}>
        Security
      </h2>
      <p className="page-lead">
        Two-factor sign-in asks for a code from an authenticator app as well as the password. Everyone can turn it on
        in their <Link to="/account/profile">profile</Link>; here you require it of whole roles.
      </p>
      {resource.status === 'loading' && <Loading what="security settings" />}
      {resource.status === 'failed' && (
        <LoadError what="Security settings" message={resource.message} onRetry={() => void reload()} />
      )}
      {loaded && (
        <form className="form form-narrow" onSubmit={submit} noValidate>
          <fieldset className="cfg-checkbox-group" aria-describedby={`${base}-warning`}>
            <legend>Require two-factor sign-in for</legend>
            <ul className="cfg-checkbox-list cfg-security-roles">
              {POLICY_ROLES.map((role) => (
                <li key={role} className="cfg-checkbox">
                  <label>
                    <input
                      type="checkbox"
                      checked={selected.includes(role)}
                      onChange={(event) => {
                        setSelected((current) => toggleRole(current, role, event.target.checked));
                        save.reset();
                      }}
                    />
                    <span>{roleLabel(role)}s</span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <div id={`${base}-warning`}>
            <p className="cfg-security-warning">
              Users of these roles who have no second factor yet are sent to set one up at their next request, and
              can do nothing else until they have. API tokens are not affected.
            </p>
            {selfToEnrol && (
              <p className="cfg-security-warning">
                <strong>That includes you:</strong> you have no second factor, so after saving you set one up before
                you can go on. Have your authenticator app ready.
              </p>
            )}
          </div>
          <ActionError action={save} />
          <div className="form-actions">
            <button className="button button-primary" type="submit" disabled={save.pending !== null}>
              Save
            </button>
            <ActionLive action={save} />
          </div>
        </form>
      )}
    </section>
  );
}
