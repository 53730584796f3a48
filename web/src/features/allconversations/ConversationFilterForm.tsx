// All conversations' filters. A choice in a list applies at once; the customer search and the days apply with
// Enter or Apply (typing must not reload the list at every key). What applies goes into the address.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Category, Channel } from '../../api/routing';
import type { User } from '../../api/types';
import { SEARCH_KINDS, searchKind } from '../privacy/subjectSearch';
import {
  MAX_DAY,
  MIN_DAY,
  NO_FILTERS,
  STATE_OPTIONS,
  filterErrors,
  hasFilters,
  type ConversationFilters,
  type FilterErrors,
  type SearchBy,
  type StateFilter,
} from './filters';
import { channelOption } from './rows';

interface ConversationFilterFormProps {
  /** The filters in the address. */
  filters: ConversationFilters;
  users: readonly User[];
  channels: readonly Channel[] | null;
  categories: readonly Category[];
  onApply: (filters: ConversationFilters) => void;
}

const PLACEHOLDERS: Record<SearchBy, string> = {
  phone: '+44 7911 123456',
  email: 'name@example.com',
  name: 'First and last name',
  identity: 'As the channel gives it',
};

const ID = 'ac-filter';

export function ConversationFilterForm({ filters, users, channels, categories, onApply }: ConversationFilterFormProps) {
  const [draft, setDraft] = useState(filters);
  const [errors, setErrors] = useState<FilterErrors>({});
  const form = useRef<HTMLFormElement>(null);

  // The address changed (back button, a link, Clear): the form shows what applies now.
  useEffect(() => {
    setDraft(filters);
    setErrors({});
  }, [filters]);

  function apply(next: ConversationFilters) {
    const found = filterErrors(next);
    setErrors(found);
    const first = (['query', 'from', 'to'] as const).find((field) => found[field]);
    if (first) {
      form.current?.querySelector<HTMLElement>(`#${ID}-${first}`)?.focus();
      return;
    }
    onApply(next);
  }

  /** A choice in a list: applies with whatever else the form holds. */
  function choose<K extends keyof ConversationFilters>(field: K, value: ConversationFilters[K]) {
    const next = { ...draft, [field]: value };
    setDraft(next);
    apply(next);
  }

  function edit<K extends keyof ConversationFilters>(field: K, value: ConversationFilters[K]) {
    setDraft((current) => ({ ...current, [field]: value }));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    apply(draft);
  }

  const kind = searchKind(draft.by);
  const people = [...users]
    .filter((user) => user.role !== 'dpo')
    .sort((a, b) => (a.displayName || a.email).localeCompare(b.displayName || b.email));
  const described = (field: 'query' | 'from' | 'to', hint?: string) => {
    const ids = [hint, errors[field] ? `${ID}-${field}-error` : undefined].filter(Boolean);
    return {
      'aria-invalid': errors[field] ? true : undefined,
      'aria-describedby': ids.length > 0 ? ids.join(' ') : undefined,
    } as const;
  };

  return (
    <form ref={form} className="ws-card ac-filters" role="search" aria-label="Filter conversations" onSubmit={submit} noValidate>
      <div className="ac-filter-row">
        <fieldset className="ac-customer">
          <legend>Find a customer</legend>
          <div className="ac-customer-inputs">
            <select
              id={`${ID}-by`}
              className="ws-select"
              aria-label="Search by"
              value={draft.by}
              onChange={(event) => edit('by', event.target.value as SearchBy)}
            >
              {SEARCH_KINDS.map((each) => (
                <option key={each.by} value={each.by}>
                  {each.option}
                </option>
              ))}
            </select>
            <input
              id={`${ID}-query`}
              className="ws-input"
              type="search"
              aria-label={kind.label}
              inputMode={kind.inputMode}
              autoComplete="off"
              spellCheck={false}
              placeholder={PLACEHOLDERS[draft.by]}
              value={draft.query}
              onChange={(event) => edit('query', event.target.value)}
              {...described('query', draft.by === 'identity' ? `${ID}-query-hint` : undefined)}
            />
          </div>
          {draft.by === 'identity' && (
            <p className="field-hint" id={`${ID}-query-hint`}>
              On the channel chosen below, or on any.
            </p>
          )}
          {errors.query && (
            <p className="ac-field-error" id={`${ID}-query-error`}>
              {errors.query}
            </p>
          )}
        </fieldset>
        <div className="field">
          <label htmlFor={`${ID}-state`}>State</label>
          <select
            id={`${ID}-state`}
            className="ws-select"
            value={draft.state}
            onChange={(event) => choose('state', event.target.value as StateFilter)}
          >
            {STATE_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ID}-agent`}>Agent</label>
          <select
            id={`${ID}-agent`}
            className="ws-select"
            value={draft.agentId}
            onChange={(event) => choose('agentId', event.target.value)}
          >
            <option value="">Any agent</option>
            {people.map((user) => (
              <option key={user.id} value={user.id}>
                {user.displayName || user.email}
              </option>
            ))}
            {draft.agentId !== '' && !people.some((user) => user.id === draft.agentId) && (
              <option value={draft.agentId}>{draft.agentId}</option>
            )}
          </select>
        </div>
      </div>
      <div className="ac-filter-row">
        <div className="field">
          <label htmlFor={`${ID}-channel`}>Channel</label>
          <select
            id={`${ID}-channel`}
            className="ws-select"
            value={draft.channel}
            onChange={(event) => choose('channel', event.target.value)}
          >
            <option value="">Any channel</option>
            {(channels ?? []).map((channel) => (
              <option key={channel.id} value={channel.id}>
                {channelOption(channel, channels ?? [])}
              </option>
            ))}
            {draft.channel !== '' && !(channels ?? []).some((channel) => channel.id === draft.channel) && (
              <option value={draft.channel}>{draft.channel}</option>
            )}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ID}-category`}>Category</label>
          <select
            id={`${ID}-category`}
            className="ws-select"
            value={draft.categoryId}
            onChange={(event) => choose('categoryId', event.target.value)}
          >
            <option value="">Any category</option>
            {categories.map((category) => (
              <option key={category.id} value={category.id}>
                {category.name}
              </option>
            ))}
            {draft.categoryId !== '' && !categories.some((category) => category.id === draft.categoryId) && (
              <option value={draft.categoryId}>{draft.categoryId}</option>
            )}
          </select>
        </div>
        <div className="field ac-field-day">
          <label htmlFor={`${ID}-from`}>Started from</label>
          <input
            id={`${ID}-from`}
            className="ws-input"
            type="date"
            min={MIN_DAY}
            max={draft.to || MAX_DAY}
            value={draft.from}
            onChange={(event) => edit('from', event.target.value)}
            {...described('from')}
          />
          {errors.from && (
            <p className="ac-field-error" id={`${ID}-from-error`}>
              {errors.from}
            </p>
          )}
        </div>
        <div className="field ac-field-day">
          <label htmlFor={`${ID}-to`}>Started until</label>
          <input
            id={`${ID}-to`}
            className="ws-input"
            type="date"
            min={draft.from || MIN_DAY}
            max={MAX_DAY}
            value={draft.to}
            onChange={(event) => edit('to', event.target.value)}
            {...described('to')}
          />
          {errors.to && (
            <p className="ac-field-error" id={`${ID}-to-error`}>
              {errors.to}
            </p>
          )}
        </div>
        <div className="ac-field-check">
          <input
            id={`${ID}-unanswered`}
            type="checkbox"
            checked={draft.unanswered}
            onChange={(event) => choose('unanswered', event.target.checked)}
          />
          <label htmlFor={`${ID}-unanswered`}>Awaiting reply</label>
        </div>
        <div className="ac-filter-actions">
          <button className="button button-primary" type="submit">
            Apply
          </button>
          <button
            className="button"
            type="button"
            disabled={!hasFilters(filters) && !hasFilters(draft)}
            onClick={() => {
              setDraft(NO_FILTERS);
              setErrors({});
              onApply(NO_FILTERS);
              // The button is disabled now: focus goes to the search, not to the page's start.
              form.current?.querySelector<HTMLElement>(`#${ID}-query`)?.focus();
            }}
          >
            Clear
          </button>
        </div>
      </div>
    </form>
  );
}
