import { useEffect, useId, useState, type FormEvent } from 'react';
import { getAgent, updateAgent, updateUser, type Agent, type AgentSkill, type Skill } from '../../../api/routing';
import type { Role, User } from '../../../api/types';
import { roleLabel } from '../../../format';
import { ActionError } from '../common/ActionStatus';
import { describeError } from '../common/errors';
import { Modal } from '../common/Modal';
import { SkillCheckboxes } from '../common/SkillCheckboxes';
import type { Action } from '../common/useAction';
import { parseInteger } from '../categories/categoryForm';
import { isRoutedRole, ROLES } from './roles';

interface EditUserDialogProps {
  user: User;
  isSelf: boolean;
  skills: readonly Skill[];
  action: Action;
  onSaved: (user: User, agent: Agent | null) => void;
  onClose: () => void;
}

type AgentLoad = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; agent: Agent };

/** The skills list to send: the chosen ids, keeping each held skill's active flag (new ones start active). */
export function skillsPatch(held: readonly AgentSkill[], chosen: readonly string[]): AgentSkill[] {
  return chosen.map((skillId) => ({ skillId, active: held.find((skill) => skill.skillId === skillId)?.active ?? true }));
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

export function EditUserDialog({ user, isSelf, skills, action, onSaved, onClose }: EditUserDialogProps) {
  const base = useId();
  const [role, setRole] = useState<Role>(user.role);
  const [agentLoad, setAgentLoad] = useState<AgentLoad>({ status: 'loading' });
  const [capacity, setCapacity] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const name = user.displayName || user.email;

  useEffect(() => {
    let cancelled = false;
    // GET /agents/{id} answers the defaults for someone who never had routing settings.
    getAgent(user.id).then(
      (agent) => {
        if (!cancelled) {
          setAgentLoad({ status: 'ready', agent });
          setCapacity(String(agent.capacity));
          setChosen(agent.skills.map((skill) => skill.skillId));
        }
      },
      (error) => !cancelled && setAgentLoad({ status: 'failed', message: describeError(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [user.id]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const routed = isRoutedRole(role) && agentLoad.status === 'ready';
    let capacityValue = 0;
    if (routed) {
      const parsed = parseInteger(capacity, 'Capacity', 0, 1000);
      if (typeof parsed === 'string') {
        action.fail(parsed);
        return;
      }
      capacityValue = parsed;
    }
    const agent = agentLoad.status === 'ready' ? agentLoad.agent : null;
    const routingChanged =
      routed &&
      agent !== null &&
      (capacityValue !== agent.capacity || !sameSet(chosen, agent.skills.map((skill) => skill.skillId)));
    const result = await action.run(
      'Saving…',
      async () => {
        const savedUser = role !== user.role ? await updateUser(user.id, { role }) : user;
        const savedAgent =
          routingChanged && agent
            ? await updateAgent(user.id, { capacity: capacityValue, skills: skillsPatch(agent.skills, chosen) })
            : agent;
        return { savedUser, savedAgent };
      },
      `Saved ${name}.`,
    );
    if (result) {
      onSaved(result.savedUser, result.savedAgent);
    }
  }

  const held = agentLoad.status === 'ready' ? agentLoad.agent.skills : [];
  return (
    <Modal title={`Edit ${name}`} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <p className="muted cfg-modal-lead">{user.email}</p>
        <div className="field">
          <label htmlFor={`${base}-role`}>Role</label>
          <select
            id={`${base}-role`}
            value={role}
            aria-describedby={isSelf ? `${base}-role-hint` : undefined}
            onChange={(event) => {
              setRole(event.target.value as Role);
              action.reset();
            }}
          >
            {ROLES.map((option) => (
              <option key={option} value={option}>
                {roleLabel(option)}
              </option>
            ))}
          </select>
          {isSelf && (
            <p className="field-hint" id={`${base}-role-hint`}>
              This is you: with another role you may lose access to this page.
            </p>
          )}
        </div>
        {isRoutedRole(role) && agentLoad.status === 'loading' && <p className="muted">Loading routing settings…</p>}
        {isRoutedRole(role) && agentLoad.status === 'failed' && (
          <p className="form-error">Routing settings could not be loaded: {agentLoad.message}</p>
        )}
        {isRoutedRole(role) && agentLoad.status === 'ready' && (
          <>
            <div className="field cfg-field-narrow">
              <label htmlFor={`${base}-capacity`}>Capacity</label>
              <input
                id={`${base}-capacity`}
                type="number"
                inputMode="numeric"
                min={0}
                max={1000}
                step={1}
                value={capacity}
                aria-describedby={`${base}-capacity-hint`}
                onChange={(event) => {
                  setCapacity(event.target.value);
                  action.reset();
                }}
              />
              <p className="field-hint" id={`${base}-capacity-hint`}>
                Most conversations at once that automatic allocation gives {name}.
              </p>
            </div>
            <SkillCheckboxes
              legend="Skills"
              hint="Agents switch their own skills between active and inactive."
              skills={skills}
              selected={chosen}
              note={(skill) => (held.some((h) => h.skillId === skill.id && !h.active) ? '(inactive)' : null)}
              onChange={(selected) => {
                setChosen(selected);
                action.reset();
              }}
            />
          </>
        )}
        <ActionError action={action} />
        <div className="form-actions cfg-modal-actions">
          <button className="button" type="button" onClick={onClose}>
            Cancel
          </button>
          <button className="button button-primary" type="submit" disabled={action.pending !== null}>
            {action.pending ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
