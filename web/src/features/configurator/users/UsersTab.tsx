import { useId, useState } from 'react';
import { isApiError } from '../../../api/client';
import {
  deactivateUser,
  deleteUser,
  listAgents,
  listSkills,
  listUsers,
  reactivateUser,
  type Agent,
  type Skill,
} from '../../../api/routing';
import { resetUserTwoFactor } from '../../../api/twoFactor';
import type { User } from '../../../api/types';
import { ActionLive, Loading, LoadError } from '../common/ActionStatus';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { useAction } from '../common/useAction';
import { useResource } from '../common/useResource';
import { DeleteUserDialog } from './DeleteUserDialog';
import { EditUserDialog } from './EditUserDialog';
import { InvitesSection } from './InvitesSection';
import { ResetTwoFactorDialog } from './ResetTwoFactorDialog';
import {
  deactivateQuestion,
  LIFECYCLE_LABELS,
  LIFECYCLE_PROGRESS,
  lifecycleSuccess,
  reactivateQuestion,
  userName,
  type LifecycleAction,
} from './userLifecycle';
import { UsersTable, type UserRowAction } from './UsersTable';

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

const LIFECYCLE_WRITES: Readonly<Record<LifecycleAction, (userId: string) => Promise<User>>> = {
  deactivate: deactivateUser,
  reactivate: reactivateUser,
  delete: deleteUser,
};

/** A lifecycle action being confirmed, and on whom. */
interface Confirming {
  action: LifecycleAction;
  user: User;
}

export function UsersTab({ currentUser }: { currentUser: User }) {
  const { resource, reload, setData } = useResource(loadAll);
  const [editing, setEditing] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [confirming, setConfirming] = useState<Confirming | null>(null);
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

  function onRowAction(action: UserRowAction, user: User) {
    save.reset();
    if (action === 'edit') {
      setEditing(user);
    } else if (action === 'resetTwoFactor') {
      setResetting(user);
    } else {
      setConfirming({ action, user });
    }
  }

  async function confirmLifecycle({ action, user }: Confirming) {
    const changed = await save.run(
      LIFECYCLE_PROGRESS[action],
      () => LIFECYCLE_WRITES[action](user.id),
      lifecycleSuccess(action, user),
    );
    if (!changed) {
      return;
    }
    // The row changes (or goes) with the dialog, so focus never rests on a button that is gone; the reload then
    // brings routing's side (a deactivated agent leaves it) and anyone else's changes.
    setData((data) => ({
      ...data,
      users:
        changed.status === 'deleted'
          ? data.users.filter((item) => item.id !== changed.id)
          : data.users.map((item) => (item.id === changed.id ? changed : item)),
    }));
    setConfirming(null);
    void reload();
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
        <UsersTable
          users={resource.data.users}
          agents={resource.data.agents}
          skills={resource.data.skills}
          currentUserId={currentUser.id}
          rowId={rowId}
          onAction={onRowAction}
        />
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
      {confirming && confirming.action !== 'delete' && (
        <ConfirmDialog
          title={`${LIFECYCLE_LABELS[confirming.action]} ${userName(confirming.user)}`}
          question={
            confirming.action === 'deactivate' ? deactivateQuestion(confirming.user) : reactivateQuestion(confirming.user)
          }
          confirmLabel={LIFECYCLE_LABELS[confirming.action]}
          danger={confirming.action === 'deactivate'}
          action={save}
          onConfirm={() => void confirmLifecycle(confirming)}
          onCancel={() => {
            setConfirming(null);
            save.reset();
          }}
        />
      )}
      {confirming && confirming.action === 'delete' && (
        <DeleteUserDialog
          user={confirming.user}
          state={save}
          onConfirm={() => void confirmLifecycle(confirming)}
          onCancel={() => {
            setConfirming(null);
            save.reset();
          }}
        />
      )}
      <InvitesSection users={resource.status === 'ready' ? resource.data.users : []} />
    </section>
  );
}
