import { useId, useState, type FormEvent } from 'react';
import type { Skill } from '../../../api/routing';
import { ActionError } from '../common/ActionStatus';
import { Modal } from '../common/Modal';
import type { Action } from '../common/useAction';
import { skillNameProblem } from './skillName';

interface RenameSkillDialogProps {
  skill: Skill;
  /** The request's state: its progress disables the button, its error (a name taken: 409) stays in the dialog. */
  action: Action;
  /** With the new name, trimmed and checked. */
  onRename: (name: string) => void;
  onCancel: () => void;
}

/** A skill's new name; focus starts in the field, which holds the current name. */
export function RenameSkillDialog({ skill, action, onRename, onCancel }: RenameSkillDialogProps) {
  const base = useId();
  const [name, setName] = useState(skill.name);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = skillNameProblem(name);
    if (problem) {
      action.fail(problem);
      return;
    }
    onRename(name.trim());
  }

  return (
    <Modal title={`Rename the skill “${skill.name}”`} onClose={onCancel}>
      <form className="form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${base}-name`}>New name</label>
          <input
            id={`${base}-name`}
            type="text"
            maxLength={100}
            required
            value={name}
            aria-describedby={`${base}-hint`}
            onChange={(event) => {
              setName(event.target.value);
              action.reset();
            }}
          />
          <p className="field-hint" id={`${base}-hint`}>
            Agents who have it and categories that require it keep it: only its name changes.
          </p>
        </div>
        <ActionError action={action} />
        <div className="form-actions cfg-modal-actions">
          <button className="button" type="button" onClick={onCancel}>
            Cancel
          </button>
          <button className="button button-primary" type="submit" disabled={action.pending !== null}>
            {action.pending ?? 'Rename'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
