import { useId, useState, type FormEvent } from 'react';
import { createInvite, listInvites, revokeInvite, type Invite } from '../../../api/routing';
import type { Role, User } from '../../../api/types';
import { formatDateTime, roleLabel } from '../../../format';
import { ActionError, ActionLive, Loading, LoadError } from '../common/ActionStatus';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { CopyField } from '../common/CopyField';
import { useAction } from '../common/useAction';
import { useResource } from '../common/useResource';
import { checkDisplayName, MAX_DISPLAY_NAME_BYTES } from '../../invite/inviteForm';
import { ROLES } from './roles';
import { RowButton } from '../common/RowButton';

/** The link an invitee opens; the token travels in the fragment, which browsers never send to a server. */
export const inviteLink = (origin: string, token: string): string => `${origin}/invite#${token}`;

interface Created {
  invite: Invite;
  link: string;
}

export function InvitesSection({ users }: { users: readonly User[] }) {
  const base = useId();
  const { resource, reload, setData } = useResource(listInvites);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [displayName, setDisplayName] = useState('');
  const [created, setCreated] = useState<Created | null>(null);
  const [revoking, setRevoking] = useState<Invite | null>(null);
  const create = useAction();
  const revoke = useAction();
  const rowId = `${base}-invite-`;

  const userName = (id: string) => {
    const user = users.find((item) => item.id === id);
    return user ? user.displayName || user.email : 'someone';
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const address = email.trim();
    if (!address) {
      create.fail('Enter the email address of the person to invite.');
      return;
    }
    const nameProblem = checkDisplayName(displayName);
    if (nameProblem) {
      create.fail(nameProblem);
      return;
    }
    const name = displayName.trim();
    setCreated(null);
    const answer = await create.run(
      'Creating invite…',
      () => createInvite({ email: address, role, ...(name ? { displayName: name } : {}) }),
      (result) => `Invite for ${result.invite.email} created. Copy the link below and send it to them.`,
    );
    if (answer) {
      setCreated({ invite: answer.invite, link: inviteLink(window.location.origin, answer.token) });
      setEmail('');
      setDisplayName('');
      setData((invites) => [...invites.filter((item) => item.id !== answer.invite.id), answer.invite]);
    }
  }

  async function confirmRevoke() {
    if (!revoking) {
      return;
    }
    const target = revoking;
    const done = await revoke.run(
      'Revoking invite…',
      () => revokeInvite(target.id).then(() => true),
      `Invite for ${target.email} revoked.`,
    );
    if (done) {
      setRevoking(null);
      if (created?.invite.id === target.id) {
        setCreated(null);
      }
      setData((invites) => invites.filter((item) => item.id !== target.id));
    }
  }

  return (
    <>
      <section className="config-card" aria-labelledby={`${base}-invite-title`}>
        <h3 id={`${base}-invite-title`}>Invite someone</h3>
        <p className="field-hint">
          Creates a one-time link. The person opens it, chooses a password and is signed in with the role you pick.
        </p>
        <form className="form" onSubmit={submit} noValidate>
          <div className="cfg-form-row">
            <div className="field">
              <label htmlFor={`${base}-email`}>Email</label>
              <input
                id={`${base}-email`}
                type="email"
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                required
                value={email}
                onChange={(event) => {
                  setEmail(event.target.value);
                  create.reset();
                }}
              />
            </div>
            <div className="field">
              <label htmlFor={`${base}-role`}>Role</label>
              <select id={`${base}-role`} value={role} onChange={(event) => setRole(event.target.value as Role)}>
                {ROLES.map((option) => (
                  <option key={option} value={option}>
                    {roleLabel(option)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${base}-display-name`}>Display name</label>
              <input
                id={`${base}-display-name`}
                type="text"
                autoComplete="off"
                maxLength={MAX_DISPLAY_NAME_BYTES}
                value={displayName}
                aria-describedby={`${base}-display-name-hint`}
                onChange={(event) => {
                  setDisplayName(event.target.value);
                  create.reset();
                }}
              />
              <p className="field-hint" id={`${base}-display-name-hint`}>
                Optional; they can change it.
              </p>
            </div>
          </div>
          <ActionError action={create} />
          <div className="form-actions">
            <button className="button button-primary" type="submit" disabled={create.pending !== null}>
              Create invite
            </button>
            <ActionLive action={create} />
          </div>
        </form>
        {created && (
          <div className="cfg-invite-created">
            <CopyField
              label="Invite link"
              value={created.link}
              copyLabel="Copy link"
              hint={`For ${created.invite.email} (${roleLabel(created.invite.role)}). It is shown only now, works once and expires ${formatDateTime(created.invite.expiresAt)}. Send it over a channel you trust.`}
            />
          </div>
        )}
      </section>

      <section aria-labelledby={`${base}-pending-title`}>
        <h3 id={`${base}-pending-title`}>Pending invites</h3>
        <p className="config-live">
          <ActionLive action={revoke} />
        </p>
        {resource.status === 'loading' && <Loading what="invites" />}
        {resource.status === 'failed' && (
          <LoadError what="Invites" message={resource.message} onRetry={() => void reload()} />
        )}
        {resource.status === 'ready' &&
          (resource.data.length === 0 ? (
            <p className="muted">No pending invites.</p>
          ) : (
            <div className="cfg-table-scroll">
              <table className="table">
                <caption className="visually-hidden">Pending invites</caption>
                <thead>
                  <tr>
                    <th scope="col">Email</th>
                    <th scope="col">Role</th>
                    <th scope="col">Invited by</th>
                    <th scope="col">Expires</th>
                    <th scope="col" className="table-action">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {[...resource.data]
                    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
                    .map((invite) => (
                      <tr key={invite.id}>
                        <th scope="row">
                          <span className="cfg-cell-title" id={rowId + invite.id}>
                            {invite.email}
                          </span>
                          {invite.displayName && <span className="cfg-cell-details">{invite.displayName}</span>}
                        </th>
                        <td>{roleLabel(invite.role)}</td>
                        <td>{userName(invite.createdBy)}</td>
                        <td>{formatDateTime(invite.expiresAt)}</td>
                        <td className="table-action">
                          <RowButton rowTitleId={rowId + invite.id} onClick={() => {
                            revoke.reset();
                            setRevoking(invite);
                          }}>
                            Revoke
                          </RowButton>
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          ))}
      </section>
      {revoking && (
        <ConfirmDialog
          title="Revoke invite"
          question={`Revoke the invite for ${revoking.email}? Their link stops working at once.`}
          confirmLabel="Revoke invite"
          action={revoke}
          onConfirm={() => void confirmRevoke()}
          onCancel={() => {
            revoke.reset();
            setRevoking(null);
          }}
        />
      )}
    </>
  );
}
