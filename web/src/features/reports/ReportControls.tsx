// The report's period and grouping. A choice in a list applies at once; custom dates apply with Show (a date
// typed digit by digit must not load a report at every key). What applies goes into the address.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ReportGrouping } from '../../api/reports';
import {
  GROUPING_OPTIONS,
  MAX_DAYS_BY_HOUR,
  PERIOD_OPTIONS,
  allowsHours,
  choiceErrors,
  offsetLabel,
  periodDays,
  withAllowedGrouping,
  type ChoiceErrors,
  type PeriodKind,
  type ReportChoice,
} from './reportChoice';

interface ReportControlsProps {
  /** The choice in the address. */
  choice: ReportChoice;
  /** The browser's day, at its offset rounded to the hour. */
  today: string;
  utcOffset: number;
  onChange: (choice: ReportChoice) => void;
}

const ID = 'rp-control';

export function ReportControls({ choice, today, utcOffset, onChange }: ReportControlsProps) {
  const [draft, setDraft] = useState(() => periodDays(choice, today));
  const [errors, setErrors] = useState<ChoiceErrors>({});
  const form = useRef<HTMLFormElement>(null);

  // The address changed (a choice here, the back button, a bookmark): the dates show what applies now.
  useEffect(() => {
    setDraft(periodDays(choice, today));
    setErrors({});
  }, [choice, today]);

  function choosePeriod(period: PeriodKind) {
    const { first, last } = periodDays(choice, today);
    const next =
      period === 'custom' ? { ...choice, period, from: first, to: last } : { ...choice, period, from: '', to: '' };
    onChange(withAllowedGrouping(next, today));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = { ...choice, from: draft.first, to: draft.last };
    const found = choiceErrors(next);
    setErrors(found);
    const wrong = (['from', 'to'] as const).find((field) => found[field]);
    if (wrong) {
      form.current?.querySelector<HTMLElement>(`#${ID}-${wrong}`)?.focus();
      return;
    }
    onChange(withAllowedGrouping(next, today));
  }

  const hoursAllowed = allowsHours(choice, today);
  const custom = choice.period === 'custom';
  return (
    <form className="ws-card rp-controls" ref={form} onSubmit={submit} noValidate aria-label="Which report">
      <div className="rp-control-row">
        <div className="field rp-field">
          <label htmlFor={`${ID}-period`}>Period</label>
          <select
            id={`${ID}-period`}
            className="ws-select"
            value={choice.period}
            onChange={(event) => choosePeriod(event.target.value as PeriodKind)}
          >
            {PERIOD_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        {custom && (
          <>
            <DayField
              name="from"
              label="From"
              value={draft.first}
              error={errors.from}
              onChange={(first) => setDraft((current) => ({ ...current, first }))}
            />
            <DayField
              name="to"
              label="To"
              value={draft.last}
              error={errors.to}
              onChange={(last) => setDraft((current) => ({ ...current, last }))}
            />
            <button className="button rp-show" type="submit">
              Show
            </button>
          </>
        )}
        <div className="field rp-field">
          <label htmlFor={`${ID}-group`}>Group by</label>
          <select
            id={`${ID}-group`}
            className="ws-select"
            value={choice.groupBy}
            aria-describedby={hoursAllowed ? undefined : `${ID}-hours`}
            onChange={(event) => onChange({ ...choice, groupBy: event.target.value as ReportGrouping })}
          >
            {GROUPING_OPTIONS.map((option) => (
              <option key={option.value} value={option.value} disabled={option.value === 'hour' && !hoursAllowed}>
                {option.value === 'hour' && !hoursAllowed ? `${option.label} (${MAX_DAYS_BY_HOUR} days at most)` : option.label}
              </option>
            ))}
          </select>
        </div>
        <p className="field-hint rp-hint">
          Days start at midnight {offsetLabel(utcOffset)}, this browser’s time zone to the hour.
          {!hoursAllowed && (
            <span id={`${ID}-hours`}> Grouping by hour needs a period of {MAX_DAYS_BY_HOUR} days or less.</span>
          )}
        </p>
      </div>
      {(['from', 'to'] as const).map(
        (field) =>
          errors[field] && (
            <p key={field} className="rp-field-error" id={`${ID}-${field}-error`}>
              {errors[field]}
            </p>
          ),
      )}
    </form>
  );
}

function DayField({ name, label, value, error, onChange }: {
  name: 'from' | 'to';
  label: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  const id = `${ID}-${name}`;
  return (
    <div className="field rp-field rp-field-day">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="ws-input"
        type="date"
        min="1970-01-01"
        max="2200-12-31"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}
