import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { isApiError } from '../../api/client';
import { getContactProfile, type ContactPatch } from '../../api/contacts';
import { getContact, type Channel, type Contact } from '../../api/routing';
import type { Subject, User } from '../../api/types';
import { channelLabel, formatDateTime } from '../../format';
import { Link } from '../../Link';
import { LoadError } from '../configurator/common/ActionStatus';
import { describeError } from '../configurator/common/errors';
import { channelName, consentText, conversationsText, plural, subjectBadges } from '../privacy/subjectText';
import { PageHeading } from '../shell/PageHeading';
import { None } from './ContactDirectory';
import { ContactConversations } from './ContactConversations';
import { ContactEditForm } from './ContactEditForm';
import { savedText } from './contactEdit';
import {
  auditPath,
  canReadAudit,
  channelStatuses,
  contactTitle,
  profilePath,
  reachLabel,
} from './contactText';
import { forgetMerged, rememberContact } from './directoryMemory';
import { MergeDialog } from './MergeDialog';
import { useContactSaved } from './useWorkspaceLookups';

type Loaded =
  | { status: 'loading' }
  | { status: 'failed'; message: string; notFound: boolean }
  | { status: 'ready'; subject: Subject };

interface ContactProfileProps {
  user: User;
  contactId: string;
  channels: readonly Channel[] | null;
}

/** /contacts/<id>: who the contact is, where they write from and whether it reaches them, their conversations. */
export function ContactProfile({ user, contactId, channels }: ContactProfileProps) {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const started = useRef(false);

  const load = useCallback(async (): Promise<Subject | null> => {
    try {
      const subject = await getContactProfile(contactId);
      setLoaded({ status: 'ready', subject });
      return subject;
    } catch (error) {
      const notFound = isApiError(error) && error.status === 404;
      setLoaded({ status: 'failed', message: describeError(error), notFound });
      return null;
    }
  }, [contactId]);

  useEffect(() => {
    // Once, also under StrictMode's second mount (each read of a profile is on the audit log).
    if (!started.current) {
      started.current = true;
      void load();
    }
  }, [load]);

  if (loaded.status === 'loading') {
    return (
      <section className="page contacts">
        <BackLink />
        <PageHeading title="Contact" />
        <p className="muted" role="status">
          Loading the contact…
        </p>
      </section>
    );
  }
  if (loaded.status === 'failed') {
    return (
      <section className="page contacts">
        <BackLink />
        <PageHeading title={loaded.notFound ? 'Contact not found' : 'Contact'} />
        {loaded.notFound ? (
          <p>There is no contact at this address: it may have been erased. Find it in the directory.</p>
        ) : (
          <LoadError what="The contact" message={loaded.message} onRetry={() => void load()} />
        )}
      </section>
    );
  }
  return (
    <Profile
      subject={loaded.subject}
      user={user}
      channels={channels}
      onChanged={(subject) => setLoaded({ status: 'ready', subject })}
      onReload={load}
    />
  );
}

function BackLink() {
  return (
    <p className="contacts-back">
      <Link to="/contacts">
        <span aria-hidden="true">← </span>All contacts
      </Link>
    </p>
  );
}

interface ProfileProps {
  subject: Subject;
  user: User;
  channels: readonly Channel[] | null;
  onChanged: (subject: Subject) => void;
  onReload: () => Promise<Subject | null>;
}

function Profile({ subject, user, channels, onChanged, onReload }: ProfileProps) {
  const base = useId();
  const { contact } = subject;
  const [editing, setEditing] = useState(false);
  const [merging, setMerging] = useState(false);
  const [notice, setNotice] = useState('');
  /** Counts up after a merge: the conversations list loads again. */
  const [conversationsVersion, setConversationsVersion] = useState(0);
  const [focusEdit, setFocusEdit] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const mergedNotice = useRef<HTMLParagraphElement>(null);
  const contactSaved = useContactSaved();
  const nameOf = (id: string) => channelName(id, channels);
  const title = contactTitle(contact);
  const changeable = !contact.mergedInto && !subject.erasedAt;

  useEffect(() => {
    // Read again after a refusal, the contact turned out merged into another (or erased): nothing to edit here.
    if (editing && !changeable) {
      setEditing(false);
      mergedNotice.current?.focus();
    }
  }, [editing, changeable]);

  useEffect(() => {
    if (focusEdit) {
      editButton.current?.focus();
      setFocusEdit(false);
    }
  }, [focusEdit]);

  function saved(next: Contact, patch: ContactPatch) {
    onChanged({ ...subject, contact: next });
    rememberContact(next);
    contactSaved(next);
    setEditing(false);
    setNotice(savedText(patch));
    setFocusEdit(true);
  }

  async function merged(next: Contact, other: Subject) {
    setMerging(false);
    forgetMerged(other.contact.id, next.id);
    rememberContact(next);
    contactSaved(next);
    setConversationsVersion((version) => version + 1);
    setNotice(`Merged ${contactTitle(other.contact)} into this contact.`);
    // Counts, channel ids and "merged from" come with the profile.
    if (!(await onReload())) {
      onChanged({ ...subject, contact: next });
    }
  }

  return (
    <section className="page contacts contacts-profile">
      <BackLink />
      <div className="contacts-profile-head">
        <PageHeading title={title}>
          <span className={contact.name?.trim() ? undefined : 'contacts-unnamed'}>{title}</span>
        </PageHeading>
        {contact.mergedInto && <span className="badge contacts-badge-merged">merged</span>}
        {subjectBadges(subject).map((badge) => (
          <span key={badge.kind} className={`badge privacy-badge privacy-badge-${badge.kind}`}>
            {badge.text}
          </span>
        ))}
      </div>
      <p className="field-hint contacts-meta">
        Contact <code>{contact.id}</code>, added {formatDateTime(contact.createdAt)}.
      </p>
      {contact.mergedInto && (
        <p className="contacts-notice" tabIndex={-1} ref={mergedNotice}>
          This contact was merged into <Link to={profilePath(contact.mergedInto)}>another contact</Link>: its channel
          ids, conversations, messages and notes are there now. Change that one.
        </p>
      )}
      {subject.erasedAt && (
        <p className="contacts-notice" tabIndex={-1} ref={contact.mergedInto ? undefined : mergedNotice}>
          Erased: nothing about this contact can be read any more.
        </p>
      )}

      <div className="form-actions contacts-actions">
        {changeable && (
          <button
            className="button"
            type="button"
            ref={editButton}
            disabled={editing}
            onClick={() => {
              setNotice('');
              setEditing(true);
            }}
          >
            Edit details
          </button>
        )}
        {changeable && (
          <button
            className="button"
            type="button"
            onClick={() => {
              setNotice('');
              setMerging(true);
            }}
          >
            Merge another contact into this one…
          </button>
        )}
        {canReadAudit(user.role) && (
          <Link to={auditPath(contact.id)} className="button">
            Audit trail
          </Link>
        )}
        <span className="config-status" role="status">
          {notice}
        </span>
      </div>

      <Card id={`${base}-details`} title="Details">
        {editing && changeable ? (
          <ContactEditForm
            contact={contact}
            labelledBy={`${base}-details`}
            onSaved={saved}
            onCancel={() => {
              setEditing(false);
              setFocusEdit(true);
            }}
            onReload={async () => (await onReload())?.contact ?? null}
          />
        ) : (
          <Details contact={contact} />
        )}
      </Card>

      <Card id={`${base}-channels`} title="Channels">
        <ChannelList subject={subject} nameOf={nameOf} channels={channels} />
      </Card>

      <Card id={`${base}-activity`} title="Activity">
        <dl className="privacy-facts">
          <Fact term="Conversations">{conversationsText(subject)}</Fact>
          <Fact term="Messages">{subject.messages}</Fact>
          <Fact term="Notes">{subject.notes}</Fact>
          <Fact term="Files">{subject.media}</Fact>
        </dl>
        <h3 className="contacts-subheading">Conversations</h3>
        <ContactConversations
          contactId={contact.id}
          role={user.role}
          channels={channels}
          version={conversationsVersion}
        />
      </Card>

      {subject.mergedFrom.length > 0 && (
        <Card id={`${base}-merged`} title="Merged from">
          <p className="field-hint">
            {plural(subject.mergedFrom.length, 'contact was', 'contacts were')} merged into this one; each keeps its own
            audit trail.
          </p>
          <MergedFrom ids={subject.mergedFrom} />
        </Card>
      )}

      {merging && (
        <MergeDialog kept={subject} channels={channels} onMerged={(next, other) => void merged(next, other)} onClose={() => setMerging(false)} />
      )}
    </section>
  );
}

function Card({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="config-card contacts-card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function Fact({ term, wide, children }: { term: string; wide?: boolean; children: ReactNode }) {
  return (
    <div className={wide ? 'privacy-fact-wide' : undefined}>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Details({ contact }: { contact: Contact }) {
  const attributes = Object.keys(contact.attributes).sort((a, b) => a.localeCompare(b));
  return (
    <dl className="privacy-facts contacts-details">
      <Fact term="Name">{contact.name?.trim() ? contact.name : <None />}</Fact>
      <Fact term="Email">{contact.email || <None />}</Fact>
      <Fact term="Phone">{contact.phone || <None />}</Fact>
      <Fact term="Attributes" wide>
        {attributes.length === 0 ? (
          <span className="muted">None</span>
        ) : (
          <ul className="contacts-attribute-list">
            {attributes.map((key) => (
              <li key={key}>
                <span className="contacts-attribute-key">{key}</span>
                <span className="contacts-attribute-value">{contact.attributes[key]}</span>
              </li>
            ))}
          </ul>
        )}
      </Fact>
    </dl>
  );
}

interface ChannelListProps {
  subject: Subject;
  nameOf: (channel: string) => string;
  channels: readonly Channel[] | null;
}

/** Each channel the contact has an id or a consent on: the ids, and whether messages reach them there. */
function ChannelList({ subject, nameOf, channels }: ChannelListProps) {
  const statuses = channelStatuses(subject);
  if (statuses.length === 0) {
    return <p className="muted">No channel ids: this contact has not written on any channel yet.</p>;
  }
  return (
    <ul className="contacts-channels">
      {statuses.map((status) => {
        const reach = reachLabel(status);
        const name = nameOf(status.channel);
        const type = channelLabel(status.channel, channels);
        return (
          <li key={status.channel} className="contacts-channel">
            <div className="contacts-channel-head">
              <span className="contacts-channel-name">{name}</span>
              {type !== name && <span className="muted">{type}</span>}
              <span className={`badge contacts-reach contacts-reach-${reach.kind}`}>{reach.text}</span>
            </div>
            {status.identities.length > 0 && (
              <ul className="contacts-identities">
                {status.identities.map((identity) => (
                  <li key={identity.identity}>
                    <span className="privacy-identity">{identity.identity}</span>
                    {identity.unreachable && <span className="muted"> (unreachable: {identity.unreachable})</span>}
                  </li>
                ))}
              </ul>
            )}
            {status.consent && <p className="field-hint">{consentText(status.consent, name)}</p>}
          </li>
        );
      })}
    </ul>
  );
}

/** The contacts merged into this one, by name once read (each read is on the audit log, as any profile's). */
function MergedFrom({ ids }: { ids: string[] }) {
  const [names, setNames] = useState<Record<string, string>>({});
  const key = ids.join(',');

  useEffect(() => {
    let live = true;
    void Promise.all(
      ids.slice(0, 20).map((id) =>
        getContact(id).then(
          (contact) => [id, contactTitle(contact)] as const,
          () => [id, ''] as const,
        ),
      ),
    ).then((entries) => {
      if (live) {
        setNames(Object.fromEntries(entries.filter(([, name]) => name !== '')));
      }
    });
    return () => {
      live = false;
    };
    // `key` stands for the ids.
  }, [key]);

  return (
    <ul className="privacy-list contacts-merged-from">
      {ids.map((id) => (
        <li key={id}>
          {names[id] ? (
            <>
              <Link to={profilePath(id)}>{names[id]}</Link> <code className="muted">{id}</code>
            </>
          ) : (
            <Link to={profilePath(id)}>
              <code>{id}</code>
            </Link>
          )}
        </li>
      ))}
    </ul>
  );
}
