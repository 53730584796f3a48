import { useId, useState } from 'react';
import { deleteTenant, getTenant } from '../../../api/endpoints';
import type { Tenant } from '../../../api/types';
import { formatDateTime } from '../../../format';
import { workspaceSignInLink } from '../../auth/signInLink';
import { ActionLive, Loading, LoadError } from '../common/ActionStatus';
import { CopyField } from '../common/CopyField';
import { useAction } from '../common/useAction';
import { useResource } from '../common/useResource';
import { DeleteTenantDialog } from './DeleteTenantDialog';
import { DELETE_CONSEQUENCES, deleteTenantProblem, SIGN_IN_LINK_NOTE, tenantDeletedNotice } from './tenantText';

interface TenantTabProps {
  /** The workspace was deleted: this session has ended too; `notice` says what happened, for the sign-in page. */
  onSignedOut: (notice: string) => void;
}

/** The workspace (the tenant) everyone here signs in to, its sign-in link, and its danger zone: deleting it (admins). */
export function TenantTab({ onSignedOut }: TenantTabProps) {
  const base = useId();
  const { resource, reload } = useResource(getTenant);
  const [confirming, setConfirming] = useState(false);
  const remove = useAction();

  async function confirm(tenant: Tenant) {
    const deleted = await remove.run(
      'Deleting workspace…',
      () =>
        deleteTenant(tenant.name).catch((error: unknown) => {
          throw new Error(deleteTenantProblem(error));
        }),
      'Workspace deleted.',
    );
    // The live socket's tenant.deleted or a 401 may have signed out already; this notice says more, so it wins.
    if (deleted) {
      onSignedOut(tenantDeletedNotice(deleted));
    }
  }

  return (
    <section aria-labelledby={`${base}-title`}>
      <h2 id={`${base}-title`} tabIndex={-1}>
        Workspace
      </h2>
      <p className="page-lead">The workspace everyone here signs in to.</p>
      {resource.status === 'loading' && <Loading what="the workspace" />}
      {resource.status === 'failed' && (
        <LoadError what="The workspace" message={resource.message} onRetry={() => void reload()} />
      )}
      {resource.status === 'ready' && (
        <>
          <TenantView
            tenant={resource.data}
            origin={window.location.origin}
            onDelete={() => {
              remove.reset();
              setConfirming(true);
            }}
          />
          <p className="config-live">
            <ActionLive action={remove} />
          </p>
          {confirming && (
            <DeleteTenantDialog
              tenant={resource.data}
              state={remove}
              onConfirm={() => void confirm(resource.data)}
              onCancel={() => {
                remove.reset();
                setConfirming(false);
              }}
            />
          )}
        </>
      )}
    </section>
  );
}

interface TenantViewProps {
  tenant: Tenant;
  /** Where this server is ("https://parley.example"), for the sign-in link. */
  origin: string;
  onDelete: () => void;
}

/** The workspace's facts, its sign-in link and the danger zone, apart so they can be seen without loading. */
export function TenantView({ tenant, origin, onDelete }: TenantViewProps) {
  const base = useId();
  return (
    <>
      <dl className="facts">
        <div>
          <dt>Name</dt>
          <dd>{tenant.name}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatDateTime(tenant.createdAt)}</dd>
        </div>
        <div>
          <dt>Id</dt>
          <dd>
            <code>{tenant.id}</code>
          </dd>
        </div>
      </dl>
      <section className="config-card" aria-labelledby={`${base}-link`}>
        <h3 id={`${base}-link`}>Sign-in link</h3>
        <CopyField
          label="Sign-in link"
          value={workspaceSignInLink(origin, tenant.id)}
          copyLabel="Copy link"
          hint={SIGN_IN_LINK_NOTE}
        />
      </section>
      <section className="config-card cfg-danger-zone" aria-labelledby={`${base}-danger`}>
        <h3 id={`${base}-danger`}>Danger zone</h3>
        <p id={`${base}-what`}>Deleting the workspace “{tenant.name}”:</p>
        <ul aria-labelledby={`${base}-what`}>
          {DELETE_CONSEQUENCES.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <div className="form-actions">
          <button className="button cfg-button-danger" type="button" onClick={onDelete}>
            Delete this workspace…
          </button>
        </div>
      </section>
    </>
  );
}
