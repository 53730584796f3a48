import type { SignInTenant } from '../../api/endpoints';
import { FocusHeading } from '../account/FocusHeading';

interface WorkspaceStepProps {
  tenants: SignInTenant[];
  /** The workspace being signed in to, once chosen. */
  chosen: SignInTenant | null;
  submitting: boolean;
  onChoose: (tenant: SignInTenant) => void;
  onBack: () => void;
}

/**
 * The sign-in's step between the password and the app (or the code) for someone whose email and password open
 * several workspaces: one button per workspace, named as it. Its heading takes focus when it appears.
 */
export function WorkspaceStep({ tenants, chosen, submitting, onChoose, onBack }: WorkspaceStepProps) {
  return (
    <div className="form auth-workspace-step">
      <FocusHeading level={2} id="signin-workspace-title">
        Choose a workspace
      </FocusHeading>
      <p className="auth-step-lead" id="signin-workspace-lead">
        Your email and password open more than one workspace.
      </p>
      <ul className="auth-workspaces" aria-labelledby="signin-workspace-title">
        {tenants.map((tenant) => (
          <li key={tenant.id}>
            <button
              className="button button-wide auth-workspace"
              type="button"
              onClick={() => onChoose(tenant)}
              disabled={submitting}
            >
              {tenant.name}
            </button>
          </li>
        ))}
      </ul>
      <p className="auth-workspace-note">
        Not listed? Use the sign-in link of that workspace, which its admins find under Configurator → Workspace.
      </p>
      {/* Always there, so that screen readers announce what goes into it. */}
      <p className={chosen ? 'auth-step-lead' : 'visually-hidden'} role="status">
        {chosen ? `Signing in to ${chosen.name}…` : ''}
      </p>
      <div className="auth-step-actions">
        <button className="button" type="button" onClick={onBack} disabled={submitting}>
          Back
        </button>
      </div>
    </div>
  );
}
