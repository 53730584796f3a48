import { useId, useState } from 'react';
import { isApiError } from '../../../api/client';
import { listAgents, listSkills, listUsers, type Agent, type Skill } from '../../../api/routing';
import { resetUserTwoFactor } from '../../../api/twoFactor';
import type { User } from '../../../api/types';
import { roleLabel } from '../../../format';
import { ActionLive, Loading, LoadError } from '../common/ActionStatus';
import { useAction } from '../common/useAction';
import { useResource } from '../common/useResource';
import { EditUserDialog } from './EditUserDialog';
import { InvitesSection } from './InvitesSection';
import { ResetTwoFactorDialog } from './ResetTwoFactorDialog';
import { isRoutedRole } from './roles';

interface UsersData {
  users: User[];
  skills: Skill[];
  agents: Agent[];
}

const loadAll = async (): Promise<UsersData> => {
  const [users, skills, agents] = await Promise.all([listUsers(), listSkills(), listAgents()]);
  return {
    users: [...users].sort((a, b) => (a.displayName || a.email).localeCompare(b.displayName || b.email)),
    skills: [...skills].sort((a, b) => a.name.localeCompare(b.name)),
    agents,
  };
};

export function UsersTab({ currentUser }: { currentUser: User }) {
  const { resource, reload, setData } = useResource(loadAll);
  const [editing, setEditing] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const save = useAction();
  const rowId = `${useId()}-user-`;

  function onSaved(user: User, agent: Agent | null) {
    setData((data) => ({
      ...data,
      users: data.users.map((item) => (item.id === user.id ? user : item)),
      agents: agent ? [...data.agents.filter((item) => item.userId !== agent.userId), agent] : data.agents,
    }));
    setEditing(null);
  }

  async function resetTwoFactor(user: User) {
    const name = user.displayName || user.email;
    // Users do not say whether they have a second factor: a 404 is the answer "they have none", not a failure.
    const outcome = await save.run(
      'Resetting…',
      async () => {
        try {
          await resetUserTwoFactor(user.id);
          return 'reset' as const;
        } catch (caught) {
          if (isApiError(caught) && caught.code === 'not_found') {
            return 'none' as const;
          }
          throw caught;
        }
      },
      (result) =>
        result === 'reset'
          ? `Two-factor sign-in of ${name} was reset: they sign in with their password, and set it up again ` +
            'if their role must.'
          : `${name} has no second factor: there was nothing to reset.`,
    );
    if (outcome) {
      setResetting(null);
    }
  }

  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title" tabIndex={-1}>
        Users
      </h2>
      <p className="page-lead">
        Everyone who signs in to Parley: their role, and for those who chat, how many conversations they take at once
        and which skills they have.
      </p>
      <p className="config-live">
        <ActionLive action={save} />
      </p>
      {resource.status === 'loading' && <Loading what="users" />}
      {resource.status === 'failed' && <LoadError what="Users" message={resource.message} onRetry={() => void reload()} />}
      {resource.status === 'ready' && (
        <div className="cfg-table-scroll">
          <table className="table">
            <caption className="visually-hidden">Users</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Capacity</th>
                <th scope="col">Skills</th>
                <th scope="col" className="table-action">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {resource.data.users.map((user) => (
                <UserRow
                  key={user.id}
                  user={user}
                  isSelf={user.id === currentUser.id}
                  agent={resource.data.agents.find((agent) => agent.userId === user.id) ?? null}
                  skills={resource.data.skills}
                  nameId={rowId + user.id}
                  onEdit={() => {
                    save.reset();
                    setEditing(user);
                  }}
                  onResetTwoFactor={() => {
                    save.reset();
                    setResetting(user);
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && resource.status === 'ready' && (
        <EditUserDialog
          user={editing}
          isSelf={editing.id === currentUser.id}
          skills={resource.data.skills}
          action={save}
          onSaved={onSaved}
          onClose={() => {
            setEditing(null);
            // A save that failed halfway (role saved, routing not) shows its true state again.
            if (save.error) {
              void reload();
            }
          }}
        />
      )}
      {resetting && (
        <ResetTwoFactorDialog
          user={resetting}
          state={save}
          onConfirm={() => void resetTwoFactor(resetting)}
          onCancel={() => {
            setResetting(null);
            save.reset();
          }}
        />
      )}
      <InvitesSection users={resource.status === 'ready' ? resource.data.users : []} />
    </section>
  );
}

interface UserRowProps {
  user: User;
  isSelf: boolean;
  agent: Agent | null;
  skills: readonly Skill[];
  nameId: string;
  onEdit: () => void;
  onResetTwoFactor: () => void;
}

function UserRow({ user, isSelf, agent, skills, nameId, onEdit, onResetTwoFactor }: UserRowProps) {
  const skillName = (id: string) => skills.find((skill) => skill.id === id)?.name ?? id;
  const routed = isRoutedRole(user.role);
  return (
    <tr>
      <th scope="row">
        <span className="cfg-cell-title" id={nameId}>
          {user.displayName || user.email}
          {isSelf && <span className="muted"> (you)</span>}
        </span>
        {user.displayName && <span className="cfg-cell-details">{user.email}</span>}
      </th>
      <td>{roleLabel(user.role)}</td>
      <td>{!routed ? '—' : agent ? agent.capacity : <span className="muted">default</span>}</td>
      <td>
        {!routed ? (
          '—'
        ) : agent && agent.skills.length > 0 ? (
          <ul className="cfg-inline-list">
            {agent.skills.map((skill) => (
              <li key={skill.skillId}>
                {skillName(skill.skillId)}
                {!skill.active && <span className="muted"> (inactive)</span>}
              </li>
            ))}
          </ul>
        ) : (
          <span className="muted">none</span>
        )}
      </td>
      <td className="table-action">
        <div className="cfg-row-actions">
          <button className="button button-small" type="button" aria-describedby={nameId} onClick={onEdit}>
            Edit
          </button>
          <button className="button button-small" type="button" aria-describedby={nameId} onClick={onResetTwoFactor}>
            Reset two-factor sign-in
          </button>
        </div>
      </td>
    </tr>
  );
}
