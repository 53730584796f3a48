import { useId, type ReactNode } from 'react';
import type { Skill } from '../../../api/routing';
import { SkillCheckboxes } from '../common/SkillCheckboxes';
import type { StepForm } from './categoryForm';

interface StepEditorProps {
  index: number;
  step: StepForm;
  skills: readonly Skill[];
  error: ReactNode;
  errorId: string | undefined;
  onChange: (patch: Partial<StepForm>) => void;
  onRemove: () => void;
}

/** One relaxation step (R9): after how long, and who may take the conversation from then on. */
export function RelaxationStepEditor({ index, step, skills, error, errorId, onChange, onRemove }: StepEditorProps) {
  const base = useId();
  const number = index + 1;
  return (
    <fieldset className="cfg-relaxation-step" aria-describedby={errorId}>
      <legend>Step {number}</legend>
      <div className="cfg-relaxation-step-head">
        <div className="field cfg-field-narrow">
          <label htmlFor={`${base}-after`}>After (seconds)</label>
          <input
            id={`${base}-after`}
            type="number"
            inputMode="numeric"
            min={1}
            max={604800}
            step={1}
            value={step.afterSeconds}
            aria-invalid={errorId ? true : undefined}
            onChange={(event) => onChange({ afterSeconds: event.target.value })}
          />
        </div>
        <fieldset className="cfg-radio-group">
          <legend>Who may take it then</legend>
          <label className="cfg-checkbox">
            <input
              type="radio"
              name={`${base}-who`}
              checked={step.anyone}
              onChange={() => onChange({ anyone: true })}
            />
            <span>Anyone</span>
          </label>
          <label className="cfg-checkbox">
            <input
              type="radio"
              name={`${base}-who`}
              checked={!step.anyone}
              onChange={() => onChange({ anyone: false, sets: step.sets.length > 0 ? step.sets : [[]] })}
            />
            <span>Agents with one of these skill sets</span>
          </label>
        </fieldset>
        <button className="button button-small cfg-relaxation-remove" type="button" onClick={onRemove}>
          Remove step {number}
        </button>
      </div>
      {!step.anyone && (
        <div className="cfg-skill-sets">
          {step.sets.map((set, setIndex) => (
            <div className="cfg-skill-set" key={setIndex}>
              <SkillCheckboxes
                legend={`Step ${number}, skill set ${setIndex + 1}${setIndex > 0 ? ' (or)' : ''}`}
                skills={skills}
                selected={set}
                onChange={(selected) =>
                  onChange({ sets: step.sets.map((other, at) => (at === setIndex ? selected : other)) })
                }
              />
              {step.sets.length > 1 && (
                <button
                  className="button button-small"
                  type="button"
                  onClick={() => onChange({ sets: step.sets.filter((_, at) => at !== setIndex) })}
                >
                  Remove skill set {setIndex + 1}
                </button>
              )}
            </div>
          ))}
          {step.sets.length < 10 && (
            <button
              className="button button-small"
              type="button"
              onClick={() => onChange({ sets: [...step.sets, []] })}
            >
              Add skill set to step {number}
            </button>
          )}
        </div>
      )}
      {error}
    </fieldset>
  );
}
