import { useId, type ReactNode } from 'react';
import type { Skill } from '../../../api/routing';

interface SkillCheckboxesProps {
  legend: ReactNode;
  skills: readonly Skill[];
  selected: readonly string[];
  onChange: (selected: string[]) => void;
  hint?: string;
  /** Extra text after a skill's name, e.g. "(inactive)". */
  note?: (skill: Skill) => string | null;
  /** Class of the legend; "visually-hidden" when the context names the group already. */
  legendClassName?: string;
}

/** A group of checkboxes, one per skill, each named after its skill. */
export function SkillCheckboxes({ legend, skills, selected, onChange, hint, note, legendClassName }: SkillCheckboxesProps) {
  const base = useId();
  const hintId = `${base}-hint`;
  const toggle = (skillId: string, checked: boolean) =>
    onChange(checked ? [...selected.filter((id) => id !== skillId), skillId] : selected.filter((id) => id !== skillId));
  return (
    <fieldset className="cfg-checkbox-group" aria-describedby={hint ? hintId : undefined}>
      <legend className={legendClassName}>{legend}</legend>
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {skills.length === 0 ? (
        <p className="muted">No skills defined yet (see the Skills tab).</p>
      ) : (
        <ul className="cfg-checkbox-list">
          {skills.map((skill) => {
            const extra = note?.(skill);
            return (
              <li key={skill.id} className="cfg-checkbox">
                {/* The note stays outside the label: the checkbox is named after the skill alone. */}
                <label>
                  <input
                    type="checkbox"
                    checked={selected.includes(skill.id)}
                    aria-describedby={extra ? `${base}-${skill.id}` : undefined}
                    onChange={(event) => toggle(skill.id, event.target.checked)}
                  />
                  <span>{skill.name}</span>
                </label>
                {extra && (
                  <span className="muted cfg-checkbox-note" id={`${base}-${skill.id}`}>
                    {extra}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}
