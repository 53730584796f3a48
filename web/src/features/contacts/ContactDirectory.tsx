import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { listDirectory, searchContacts } from '../../api/contacts';
import type { Channel, Contact } from '../../api/routing';
import type { SubjectSearch, User } from '../../api/types';
import { formatDateTime } from '../../format';
import { Link } from '../../Link';
import { ActionError, LoadError } from '../configurator/common/ActionStatus';
import { useAction } from '../configurator/common/useAction';
import { resultSummary, type SearchForm } from '../privacy/subjectSearch';
import { channelName } from '../privacy/subjectText';
import { PageHeading } from '../shell/PageHeading';
import { contactTitle, directorySummary, profilePath } from './contactText';
import { ContactSearchForm, EMPTY_SEARCH_FORM } from './ContactSearchForm';
import { recall, remember, type DirectoryView } from './directoryMemory';

interface ContactDirectoryProps {
  user: User;
  channels: readonly Channel[] | null;
}

/** /contacts: every contact page by page (about oldest first), or those a search finds. */
export function ContactDirectory({ user, channels }: ContactDirectoryProps) {
  const base = useId();
  const [remembered] = useState(() => recall(user.id));
  const [form, setForm] = useState<SearchForm>(remembered?.form ?? EMPTY_SEARCH_FORM);
  const [view, setView] = useState<DirectoryView | null>(remembered?.view ?? null);
  /** The row to focus once shown: the first of the contacts "Load more" brought. */
  const [focusId, setFocusId] = useState<string | null>(null);
  const list = useAction();
  const more = useAction();
  const search = useAction();
  // Each search or reload counts up, so an answer that arrives after a newer request is dropped.
  const generation = useRef(0);
  const started = useRef(false);
  const { run: runList } = list;
  const { reset: resetMore } = more;

  const rowId = useCallback((contactId: string) => `${base}-row-${contactId}`, [base]);

  const loadDirectory = useCallback(async () => {
    const asked = (generation.current += 1);
    resetMore();
    const page = await runList('Loading contacts…', () => listDirectory(null), '');
    if (page && asked === generation.current) {
      setView({ kind: 'directory', items: page.items, nextCursor: page.nextCursor });
    }
  }, [runList, resetMore]);

  useEffect(() => {
    // Once, also under StrictMode's second mount; coming back from a profile shows what was there.
    if (!started.current && !remembered) {
      started.current = true;
      void loadDirectory();
    }
  }, [loadDirectory, remembered]);

  useEffect(() => {
    if (view) {
      remember({ userId: user.id, form, view });
    }
  }, [user.id, form, view]);

  useEffect(() => {
    if (focusId !== null) {
      document.getElementById(rowId(focusId))?.focus();
      setFocusId(null);
    }
  }, [focusId, rowId]);

  async function find(wanted: SubjectSearch, fields: SearchForm) {
    const asked = (generation.current += 1);
    more.reset();
    const items = await search.run('Searching…', () => searchContacts(wanted), '');
    if (items && asked === generation.current) {
      setForm(fields);
      setView({ kind: 'search', search: wanted, items });
    }
  }

  function showAll() {
    search.reset();
    setForm((current) => ({ ...current, value: '', channel: '' }));
    void loadDirectory();
  }

  async function loadMore() {
    if (view?.kind !== 'directory' || view.nextCursor === null) {
      return;
    }
    const asked = generation.current;
    const page = await more.run('Loading more contacts…', () => listDirectory(view.nextCursor), '');
    if (!page || asked !== generation.current) {
      return;
    }
    setView((current) => {
      if (current?.kind !== 'directory') {
        return current;
      }
      const known = new Set(current.items.map((item) => item.id));
      return {
        kind: 'directory',
        items: [...current.items, ...page.items.filter((item) => !known.has(item.id))],
        nextCursor: page.nextCursor,
      };
    });
    // The button is gone when nothing more is left: focus goes to the new contacts, or to the last one.
    setFocusId(page.items[0]?.id ?? view.items.at(-1)?.id ?? null);
  }

  const nameOf = (id: string) => channelName(id, channels);
  const summary =
    view === null
      ? ''
      : view.kind === 'search'
        ? resultSummary(view.search, view.items.length, nameOf)
        : directorySummary(view.items.length, view.nextCursor !== null);
  const pending = search.pending ?? list.pending ?? more.pending;

  return (
    <section className="page contacts">
      <PageHeading title="Contacts" />
      <p className="page-lead">
        Everyone your team talks to, on every channel. Find a contact by phone, email, name or channel id, or browse
        them all, oldest first.
      </p>
      <ContactSearchForm
        label="Find a contact"
        action={search}
        channels={channels}
        initial={form}
        onSearch={(wanted, fields) => void find(wanted, fields)}
        onClear={view?.kind === 'search' ? showAll : undefined}
      />

      <p className="privacy-summary" role="status">
        {pending ?? summary}
      </p>
      {list.error && <LoadError what="The contacts" message={list.error} onRetry={() => void loadDirectory()} />}
      {view?.kind === 'directory' && view.items.length === 0 && (
        <div className="empty-state">
          <p className="empty-title">No contacts yet</p>
          <p>
            A contact appears here when a customer first writes on one of your channels, or when an admin imports
            contacts in the Configurator.
          </p>
        </div>
      )}
      {view && view.items.length > 0 && (
        <div className="cfg-table-scroll">
          <table className="table contacts-table">
            <caption className="visually-hidden">{view.kind === 'search' ? 'Contacts found' : 'Contacts'}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Phone</th>
                <th scope="col">Added</th>
              </tr>
            </thead>
            <tbody>
              {view.items.map((contact) => (
                <DirectoryRow key={contact.id} contact={contact} linkId={rowId(contact.id)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {view?.kind === 'directory' && view.nextCursor !== null && (
        <div className="form-actions contacts-more">
          <button className="button" type="button" disabled={more.pending !== null} onClick={() => void loadMore()}>
            {more.pending ?? 'Load more contacts'}
          </button>
        </div>
      )}
      <ActionError action={more} />
    </section>
  );
}

function DirectoryRow({ contact, linkId }: { contact: Contact; linkId: string }) {
  const named = Boolean(contact.name?.trim());
  return (
    <tr>
      <th scope="row">
        <Link to={profilePath(contact.id)} id={linkId} className={named ? undefined : 'contacts-unnamed'}>
          {contactTitle(contact)}
        </Link>
        {contact.mergedInto && <span className="badge contacts-badge-merged">merged</span>}
      </th>
      <td className="contacts-cell-text">{contact.email ?? <None />}</td>
      <td className="contacts-cell-text">{contact.phone ?? <None />}</td>
      <td className="contacts-cell-date">{formatDateTime(contact.createdAt)}</td>
    </tr>
  );
}

/** An empty cell: a dash to see, "none" to hear. */
export function None() {
  return (
    <>
      <span className="muted" aria-hidden="true">
        —
      </span>
      <span className="visually-hidden">none</span>
    </>
  );
}
