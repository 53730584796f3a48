import { useId, useRef, useState, type FormEvent } from 'react';
import type { Channel } from '../../api/routing';
import type { SubjectSearch, SubjectSearchBy } from '../../api/types';
import { ActionError } from '../configurator/common/ActionStatus';
import type { Action } from '../configurator/common/useAction';
import { SEARCH_KINDS, searchHint, searchKind, toSubjectSearch, type SearchForm } from '../privacy/subjectSearch';
import { ChannelChoice } from '../privacy/SubjectsTab';

export const EMPTY_SEARCH_FORM: SearchForm = { by: 'phone', value: '', channel: '' };

interface ContactSearchFormProps {
  /** Names the search landmark. */
  label: string;
  /** The request's state: its progress labels the button, its error shows under the fields. */
  action: Action;
  /** Runs the search (checked already); the caller shows what it finds. */
  onSearch: (search: SubjectSearch, form: SearchForm) => void;
  /** The tenant's channels for an id's channel; null while unknown. */
  channels: readonly Channel[] | null;
  /** The fields to start with (e.g. the last search, when coming back to the directory). */
  initial?: SearchForm;
  /** When given, a button beside Search that goes back to the whole directory. */
  onClear?: () => void;
  className?: string;
}

/**
 * Find a contact by phone, email, name or channel id, exactly as the privacy console finds a customer (its
 * choices, hints and checks): the directory and the merge dialog both search with it.
 */
export function ContactSearchForm({ label, action, onSearch, channels, initial, onClear, className }: ContactSearchFormProps) {
  const base = useId();
  const [form, setForm] = useState<SearchForm>(initial ?? EMPTY_SEARCH_FORM);
  const valueRef = useRef<HTMLInputElement>(null);
  const kind = searchKind(form.by);

  function edit(change: Partial<SearchForm>) {
    setForm((current) => ({ ...current, ...change }));
    action.reset();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (action.pending) {
      return;
    }
    const checked = toSubjectSearch(form);
    if (!checked.ok) {
      action.fail(checked.message);
      valueRef.current?.focus();
      return;
    }
    onSearch(checked.search, form);
  }

  return (
    <form
      className={['config-card privacy-search contacts-search', className].filter(Boolean).join(' ')}
      onSubmit={submit}
      noValidate
      role="search"
      aria-label={label}
    >
      <div className="privacy-search-fields">
        <div className="field">
          <label htmlFor={`${base}-by`}>Search by</label>
          <select id={`${base}-by`} value={form.by} onChange={(event) => edit({ by: event.target.value as SubjectSearchBy })}>
            {SEARCH_KINDS.map((entry) => (
              <option key={entry.by} value={entry.by}>
                {entry.option}
              </option>
            ))}
          </select>
        </div>
        <div className="field privacy-search-value">
          <label htmlFor={`${base}-value`}>{kind.label}</label>
          <input
            id={`${base}-value`}
            ref={valueRef}
            type={kind.inputType}
            inputMode={kind.inputMode}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={320}
            value={form.value}
            aria-describedby={action.error ? `${base}-hint ${base}-error` : `${base}-hint`}
            aria-invalid={action.error ? true : undefined}
            onChange={(event) => edit({ value: event.target.value })}
          />
        </div>
        {form.by === 'identity' && (
          <ChannelChoice
            id={`${base}-channel`}
            channels={channels ?? []}
            value={form.channel}
            onChange={(channel) => edit({ channel })}
          />
        )}
        <div className="form-actions contacts-search-buttons">
          <button className="button button-primary" type="submit" disabled={action.pending !== null}>
            {action.pending ?? 'Search'}
          </button>
          {onClear && (
            <button
              className="button"
              type="button"
              disabled={action.pending !== null}
              onClick={() => {
                setForm((current) => ({ ...current, value: '', channel: '' }));
                action.reset();
                onClear();
              }}
            >
              Show all
            </button>
          )}
        </div>
      </div>
      <p className="field-hint" id={`${base}-hint`}>
        {searchHint(form.by, undefined)}
      </p>
      <ActionError action={action} id={`${base}-error`} />
    </form>
  );
}
