import { useId, useRef, useState, type FormEvent } from 'react';
import { findSubjects, getPrivacySettings, getSubject } from '../../api/endpoints';
import { listChannels, type Channel } from '../../api/routing';
import type { Subject, SubjectActionResult, SubjectSearch, SubjectSearchBy } from '../../api/types';
import { channelLabel } from '../../format';
import { ActionError } from '../configurator/common/ActionStatus';
import { useAction } from '../configurator/common/useAction';
import { useResource } from '../configurator/common/useResource';
import { SubjectCard } from './SubjectCard';
import { resultSummary, SEARCH_KINDS, searchHint, searchKind, toSubjectSearch } from './subjectSearch';
import { channelName } from './subjectText';

interface Results {
  search: SubjectSearch;
  items: Subject[];
}

/** Find a customer by phone, email, name or channel id, see what is held about them, and act on it. */
export function SubjectsTab() {
  const base = useId();
  const [by, setBy] = useState<SubjectSearchBy>('phone');
  const [value, setValue] = useState('');
  const [channel, setChannel] = useState('');
  const [results, setResults] = useState<Results | null>(null);
  const search = useAction();
  const valueRef = useRef<HTMLInputElement>(null);
  // Names for channel ids; DPOs may not list channels, so ids are shown then.
  const { resource: channelsResource } = useResource(listChannels);
  const channels = channelsResource.status === 'ready' ? channelsResource.data : null;
  // The phone region, for the phone field's hint.
  const { resource: settingsResource } = useResource(getPrivacySettings);
  const phoneRegion = settingsResource.status === 'ready' ? settingsResource.data.phoneRegion : undefined;
  const kind = searchKind(by);
  const nameOf = (id: string) => channelName(id, channels);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = toSubjectSearch({ by, value, channel });
    if (!checked.ok) {
      search.fail(checked.message);
      valueRef.current?.focus();
      return;
    }
    const items = await search.run('Searching…', () => findSubjects(checked.search), '');
    if (items) {
      setResults({ search: checked.search, items });
    }
  }

  /** An action reaches every contact merged with the customer: those among the results are read again. */
  async function acted(result: SubjectActionResult) {
    const replace = (subject: Subject) =>
      setResults((current) =>
        current
          ? { ...current, items: current.items.map((item) => (item.contact.id === subject.contact.id ? subject : item)) }
          : current,
      );
    replace(result.subject);
    const others = (results?.items ?? []).filter(
      (item) => item.contact.id !== result.subject.contact.id && result.contacts.includes(item.contact.id),
    );
    for (const other of others) {
      try {
        replace(await getSubject(other.contact.id));
      } catch {
        // The card keeps what it showed; searching again shows the rest.
      }
    }
  }

  const edit = <T,>(set: (next: T) => void) => (next: T) => {
    set(next);
    search.reset();
  };

  const summaryText = results ? resultSummary(results.search, results.items.length, nameOf) : '';

  return (
    <section aria-labelledby={`${base}-title`}>
      <h2 id={`${base}-title`} tabIndex={-1}>
        Find a customer
      </h2>
      <p className="page-lead">
        See everything Parley holds about one customer, then anonymise or erase it when they ask, or the law says so.
      </p>
      <form className="config-card privacy-search" onSubmit={submit} noValidate role="search" aria-labelledby={`${base}-title`}>
        <div className="privacy-search-fields">
          <div className="field">
            <label htmlFor={`${base}-by`}>Search by</label>
            <select
              id={`${base}-by`}
              value={by}
              onChange={(event) => edit(setBy)(event.target.value as SubjectSearchBy)}
            >
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
              value={value}
              aria-describedby={search.error ? `${base}-value-hint ${base}-error` : `${base}-value-hint`}
              aria-invalid={search.error ? true : undefined}
              onChange={(event) => edit(setValue)(event.target.value)}
            />
          </div>
          {by === 'identity' && (
            <ChannelChoice
              id={`${base}-channel`}
              channels={channelsResource.status === 'failed' ? null : (channels ?? [])}
              value={channel}
              onChange={edit(setChannel)}
            />
          )}
          <button className="button button-primary" type="submit" disabled={search.pending !== null}>
            {search.pending ?? 'Search'}
          </button>
        </div>
        <p className="field-hint" id={`${base}-value-hint`}>
          {searchHint(by, phoneRegion)}
        </p>
        <ActionError action={search} id={`${base}-error`} />
      </form>

      <p className="privacy-summary" role="status">
        {search.pending ? '' : summaryText}
      </p>
      {results && results.items.length > 0 && (
        <ul className="privacy-results" aria-label="Customers found">
          {results.items.map((subject) => (
            <li key={subject.contact.id}>
              <SubjectCard subject={subject} channels={channels} onActed={(result) => void acted(result)} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface ChannelChoiceProps {
  id: string;
  /** null: the channels could not be listed (DPOs may not), so the id is typed. */
  channels: readonly Channel[] | null;
  value: string;
  onChange: (channel: string) => void;
}

/** Which channel an id is looked up on: any, or one of the tenant's channels. */
export function ChannelChoice({ id, channels, value, onChange }: ChannelChoiceProps) {
  if (channels === null) {
    return (
      <div className="field">
        <label htmlFor={id}>Channel (optional)</label>
        <input
          id={id}
          type="text"
          autoComplete="off"
          spellCheck={false}
          placeholder="Any channel"
          value={value}
          aria-describedby={`${id}-hint`}
          onChange={(event) => onChange(event.target.value)}
        />
        <p className="field-hint" id={`${id}-hint`}>
          A channel id (chn_…), or empty for every channel.
        </p>
      </div>
    );
  }
  const sorted = [...channels].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <div className="field">
      <label htmlFor={id}>Channel</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">Any channel</option>
        {sorted.map((entry) => (
          <option key={entry.id} value={entry.id}>
            {entry.name} ({channelLabel(entry.type)})
          </option>
        ))}
      </select>
    </div>
  );
}
