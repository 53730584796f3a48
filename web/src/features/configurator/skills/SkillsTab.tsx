import { useId, useState, type FormEvent } from 'react';
import { createSkill, deleteSkill, listSkills, renameSkill, type Skill } from '../../../api/routing';
import { formatDateTime } from '../../../format';
import { ActionError, ActionLive, Loading, LoadError } from '../common/ActionStatus';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { useAction } from '../common/useAction';
import { useResource } from '../common/useResource';
import { RowButton } from '../common/RowButton';
import { RenameSkillDialog } from './RenameSkillDialog';
import { isRenamed, skillNameProblem } from './skillName';

const byName = (a: Skill, b: Skill) => a.name.localeCompare(b.name);

export function SkillsTab() {
  const { resource, reload, setData } = useResource(listSkills);
  const [name, setName] = useState('');
  const add = useAction();
  const remove = useAction();
  const rename = useAction();
  const [deleting, setDeleting] = useState<Skill | null>(null);
  const [renaming, setRenaming] = useState<Skill | null>(null);
  const rowId = `${useId()}-skill-`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = skillNameProblem(name);
    if (problem) {
      add.fail(problem);
      return;
    }
    const trimmed = name.trim();
    const skill = await add.run('Adding skill…', () => createSkill(trimmed), (created) => `Skill “${created.name}” added.`);
    if (skill) {
      setName('');
      setData((skills) => [...skills, skill]);
    }
  }

  async function confirmDelete() {
    if (!deleting) {
      return;
    }
    const target = deleting;
    const done = await remove.run(
      'Deleting…',
      () => deleteSkill(target.id).then(() => true),
      `Skill “${target.name}” deleted.`,
    );
    if (done) {
      setDeleting(null);
      setData((skills) => skills.filter((skill) => skill.id !== target.id));
    }
  }

  async function confirmRename(newName: string) {
    if (!renaming) {
      return;
    }
    const target = renaming;
    if (!isRenamed(target.name, newName)) {
      setRenaming(null);
      return;
    }
    const renamed = await rename.run(
      'Renaming…',
      () => renameSkill(target.id, newName),
      (skill) => `Skill “${target.name}” renamed to “${skill.name}”.`,
    );
    if (renamed) {
      setRenaming(null);
      setData((skills) => skills.map((skill) => (skill.id === renamed.id ? renamed : skill)));
    }
  }

  return (
    <section aria-labelledby="skills-title">
      <h2 id="skills-title" tabIndex={-1}>Skills</h2>
      <p className="page-lead">
        What an agent can do (a language, a product). Categories require skills; only agents whose matching skills
        are active get those conversations.
      </p>
      <form className="config-inline-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="skill-name">Skill name</label>
          <input
            id="skill-name"
            type="text"
            maxLength={100}
            required
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              add.reset();
            }}
          />
        </div>
        <button className="button button-primary" type="submit" disabled={add.pending !== null}>
          Add skill
        </button>
        <ActionLive action={add} />
      </form>
      <ActionError action={add} />
      <ActionLive action={remove} />
      <ActionLive action={rename} />
      {resource.status === 'loading' && <Loading what="skills" />}
      {resource.status === 'failed' && <LoadError what="Skills" message={resource.message} onRetry={() => void reload()} />}
      {resource.status === 'ready' &&
        (resource.data.length === 0 ? (
          <p className="muted">No skills yet. Add the first one above.</p>
        ) : (
          <table className="table">
            <caption className="visually-hidden">Skills</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Added</th>
                <th scope="col" className="table-action">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {[...resource.data].sort(byName).map((skill) => (
                <tr key={skill.id}>
                  <th scope="row" id={rowId + skill.id}>
                    {skill.name}
                  </th>
                  <td>{formatDateTime(skill.createdAt)}</td>
                  <td className="table-action">
                    <div className="cfg-row-actions">
                      <RowButton
                        rowTitleId={rowId + skill.id}
                        onClick={() => {
                          rename.reset();
                          remove.reset();
                          setRenaming(skill);
                        }}
                      >
                        Rename
                      </RowButton>
                      <RowButton
                        rowTitleId={rowId + skill.id}
                        onClick={() => {
                          rename.reset();
                          remove.reset();
                          setDeleting(skill);
                        }}
                      >
                        Delete
                      </RowButton>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      {renaming && (
        <RenameSkillDialog
          skill={renaming}
          action={rename}
          onRename={(newName) => void confirmRename(newName)}
          onCancel={() => {
            rename.reset();
            setRenaming(null);
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete skill"
          question={`Delete the skill “${deleting.name}”? Agents lose it, and categories can no longer require it.`}
          confirmLabel="Delete skill"
          action={remove}
          onConfirm={() => void confirmDelete()}
          onCancel={() => {
            remove.reset();
            setDeleting(null);
          }}
        />
      )}
    </section>
  );
}
