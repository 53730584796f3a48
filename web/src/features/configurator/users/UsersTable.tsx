import type { Agent, Skill } from '../../../api/routing';
import type { User } from '../../../api/types';
import { formatDateTime, roleLabel } from '../../../format';
import { RowButton } from '../common/RowButton';
import { isRoutedRole } from './roles';
import { isDeactivated, LIFECYCLE_LABELS, lifecycleActions, type LifecycleAction } from './userLifecycle';

export type UserRowAction = 'edit' | 'resetTwoFactor' | LifecycleAction;

interface UsersTableProps {
  users: readonly User[];
  agents: readonly Agent[];
  skills: readonly Skill[];
  currentUserId: string;
  /** Prefix of each row's title id, which its buttons are described by. */
  rowId: string;
  onAction: (action: UserRowAction, user: User) => void;
}

/** Everyone in the tenant: role, routing settings, whether deactivated, and what can be done to each. */
export function UsersTable({ users, agents, skills, currentUserId, rowId, onAction }: UsersTableProps) {
  return (
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
          {users.map((user) => (
            <UserRow
              key={user.id}
              user={user}
              isSelf={user.id === currentUserId}
              agent={agents.find((agent) => agent.userId === user.id) ?? null}
              skills={skills}
              nameId={rowId + user.id}
              onAction={(action) => onAction(action, user)}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface UserRowProps {
  user: User;
  isSelf: boolean;
  agent: Agent | null;
  skills: readonly Skill[];
  nameId: string;
  onAction: (action: UserRowAction) => void;
}

function UserRow({ user, isSelf, agent, skills, nameId, onAction }: UserRowProps) {
  const skillName = (id: string) => skills.find((skill) => skill.id === id)?.name ?? id;
  const routed = isRoutedRole(user.role);
  const deactivated = isDeactivated(user);
  const lifecycle = lifecycleActions(user, isSelf);
  return (
    <tr className={deactivated ? 'cfg-user-deactivated' : undefined}>
      <th scope="row">
        <span className="cfg-cell-title" id={nameId}>
          {user.displayName || user.email}
          {isSelf && <span className="muted"> (you)</span>}
          {deactivated && (
            <>
              {' '}
              <span className="badge cfg-user-badge">Deactivated</span>
            </>
          )}
        </span>
        {(user.displayName || (deactivated && user.deactivatedAt)) && (
          <span className="cfg-cell-details">
            {user.displayName && <span>{user.email}</span>}
            {deactivated && user.deactivatedAt && <span>Cannot sign in since {formatDateTime(user.deactivatedAt)}</span>}
          </span>
        )}
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
        {/* Settings on one line, the account's lifecycle on the next: every row's buttons line up the same way. */}
        <div className="cfg-user-actions">
          <div className="cfg-row-actions">
            <RowButton rowTitleId={nameId} onClick={() => onAction('edit')}>
              Edit
            </RowButton>
            <RowButton rowTitleId={nameId} onClick={() => onAction('resetTwoFactor')}>
              Reset two-factor sign-in
            </RowButton>
          </div>
          {lifecycle.length > 0 && (
            <div className="cfg-row-actions">
              {lifecycle.map((action) => (
                <RowButton key={action} rowTitleId={nameId} onClick={() => onAction(action)}>
                  {LIFECYCLE_LABELS[action]}
                </RowButton>
              ))}
            </div>
          )}
        </div>
      </td>
    </tr>
  );
}
