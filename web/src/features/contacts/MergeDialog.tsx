import { useEffect, useId, useRef, useState } from 'react';
import { getContactProfile, mergeContact, searchContacts } from '../../api/contacts';
import type { Channel, Contact } from '../../api/routing';
import type { Subject, SubjectSearch } from '../../api/types';
import { formatDateTime } from '../../format';
import { ActionError } from '../configurator/common/ActionStatus';
import { Modal } from '../configurator/common/Modal';
import { TypedConfirmForm } from '../configurator/common/TypedConfirmForm';
import { useAction, type ActionState } from '../configurator/common/useAction';
import { resultSummary } from '../privacy/subjectSearch';
import { channelName } from '../privacy/subjectText';
import { contactTitle } from './contactText';
import { ContactSearchForm } from './ContactSearchForm';
import { mergePreview, previewText } from './mergePreview';

/** What to type before a merge runs. */
export const MERGE_WORD = 'merge';
export const isMergeConfirmed = (typed: string): boolean => typed.trim().toLowerCase() === MERGE_WORD;

interface MergeDialogProps {
  /** The contact that stays, and gets everything of the other. */
  kept: Subject;
  channels: readonly Channel[] | null;
  /** The merge is done: `contact` is the kept contact as it is now, `other` the one merged into it. */
  onMerged: (contact: Contact, other: Subject) => void;
  onClose: () => void;
}

interface Found {
  search: SubjectSearch;
  items: Contact[];
}

/**
 * "Merge another contact into this one": find the other contact, see what would move and change, type the word,
 * merge. Escape, Cancel and × close it; focus goes back to the button that opened it.
 */
export function MergeDialog({ kept, channels, onMerged, onClose }: MergeDialogProps) {
  const [found, setFound] = useState<Found | null>(null);
  const [other, setOther] = useState<Subject | null>(null);
  const [typed, setTyped] = useState('');
  const search = useAction();
  const choose = useAction();
  const merge = useAction();
  const body = useRef<HTMLDivElement>(null);
  /** Set when going back from the preview: focus returns to the search. */
  const [backToSearch, setBackToSearch] = useState(false);
  const keptTitle = contactTitle(kept.contact);
  const nameOf = (id: string) => channelName(id, channels);

  useEffect(() => {
    if (backToSearch) {
      body.current?.querySelector<HTMLElement>('select, input')?.focus();
      setBackToSearch(false);
    }
  }, [backToSearch]);

  async function find(wanted: SubjectSearch) {
    const items = await search.run('Searching…', () => searchContacts(wanted), '');
    if (items) {
      setFound({ search: wanted, items });
    }
  }

  async function pick(contact: Contact) {
    const subject = await choose.run(`Reading ${contactTitle(contact)}…`, () => getContactProfile(contact.id), '');
    if (subject) {
      merge.reset();
      setTyped('');
      setOther(subject);
    }
  }

  async function confirm() {
    if (!other) {
      return;
    }
    const contact = await merge.run('Merging…', () => mergeContact(kept.contact.id, other.contact.id), 'Merged.');
    if (contact) {
      onMerged(contact, other);
    }
  }

  return (
    <Modal title="Merge another contact into this one" onClose={onClose}>
      <div ref={body} className="contacts-merge">
        {other ? (
          <MergePreviewStep
            kept={kept}
            other={other}
            nameOf={nameOf}
            typed={typed}
            onTyped={setTyped}
            state={merge}
            onConfirm={() => void confirm()}
            onBack={() => {
              setOther(null);
              choose.reset();
              setBackToSearch(true);
            }}
            onCancel={onClose}
          />
        ) : (
          <>
            <p className="cfg-modal-lead">
              Find the contact to merge into <strong>{keptTitle}</strong>. {keptTitle} keeps its details; the other
              contact’s channel ids, conversations, messages and notes move to it.
            </p>
            <ContactSearchForm
              label="Find the contact to merge"
              action={search}
              channels={channels}
              initial={found ? { by: found.search.by, value: found.search.value, channel: found.search.channel ?? '' } : undefined}
              onSearch={(wanted) => void find(wanted)}
              className="contacts-merge-search"
            />
            <p className="privacy-summary" role="status">
              {search.pending ?? choose.pending ?? (found ? resultSummary(found.search, found.items.length, nameOf) : '')}
            </p>
            {found && found.items.length > 0 && (
              <ul className="contacts-merge-results" aria-label="Contacts found">
                {found.items.map((contact) => (
                  <Candidate
                    key={contact.id}
                    contact={contact}
                    isKept={contact.id === kept.contact.id}
                    disabled={choose.pending !== null}
                    onChoose={() => void pick(contact)}
                  />
                ))}
              </ul>
            )}
            <ActionError action={choose} />
            <div className="form-actions cfg-modal-actions">
              <button className="button" type="button" onClick={onClose}>
                Cancel
              </button>
            </div>
          </>
        )}
      </div>
    </Modal>
  );
}

interface CandidateProps {
  contact: Contact;
  isKept: boolean;
  disabled: boolean;
  onChoose: () => void;
}

/** One contact found, and the button that chooses it (not this contact itself, nor one merged already). */
function Candidate({ contact, isKept, disabled, onChoose }: CandidateProps) {
  const title = contactTitle(contact);
  const details = [contact.email, contact.phone].filter(Boolean).join(' · ');
  const refusal = isKept ? 'This contact' : contact.mergedInto ? 'Merged already' : null;
  return (
    <li className="contacts-merge-candidate">
      <div>
        <span className="contacts-merge-name">{title}</span>
        {details && <span className="contacts-merge-details">{details}</span>}
        <span className="field-hint">Added {formatDateTime(contact.createdAt)}</span>
      </div>
      {refusal ? (
        <span className="badge">{refusal}</span>
      ) : (
        <button className="button button-small" type="button" disabled={disabled} onClick={onChoose}>
          Choose<span className="visually-hidden"> {title}</span>
        </button>
      )}
    </li>
  );
}

interface MergePreviewStepProps {
  kept: Subject;
  other: Subject;
  nameOf: (channel: string) => string;
  typed: string;
  onTyped: (typed: string) => void;
  state: ActionState;
  onConfirm: () => void;
  onBack: () => void;
  onCancel: () => void;
}

/** What the merge would do, worked out from both profiles, and the typed confirmation (or why it cannot be). */
export function MergePreviewStep({ kept, other, nameOf, typed, onTyped, state, onConfirm, onBack, onCancel }: MergePreviewStepProps) {
  const base = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const preview = mergePreview(kept, other);
  const text = previewText(preview, nameOf);
  const keptTitle = contactTitle(kept.contact);
  const otherTitle = contactTitle(other.contact);

  useEffect(() => {
    heading.current?.focus();
  }, []);

  const explanation = (
    <div className="contacts-merge-preview">
      <div className="contacts-merge-head">
        <h3 tabIndex={-1} ref={heading}>
          Merge {otherTitle} into {keptTitle}
        </h3>
        <button className="button button-small" type="button" onClick={onBack} disabled={state.pending !== null}>
          Choose another contact
        </button>
      </div>
      <p className="muted contacts-merge-ids">
        <code>{other.contact.id}</code> into <code>{kept.contact.id}</code>
      </p>
      <PreviewList id={`${base}-moves`} title={`Moves to ${keptTitle}`} lines={text.moves} />
      <PreviewList
        id={`${base}-changes`}
        title={`Changes on ${keptTitle}`}
        lines={text.changes}
        empty="Nothing: it has every detail the other contact has."
      />
      {text.stays.length > 0 && <PreviewList id={`${base}-stays`} title="Stays as it is" lines={text.stays} />}
      {preview.mayConflictOn.length > 0 && !preview.blocked && (
        <p className="contacts-warning">
          Both have open conversations, and both have written on {preview.mayConflictOn.map(nameOf).join(', ')}. If both
          are open on one channel, the merge is refused until one of them is closed.
        </p>
      )}
    </div>
  );

  if (preview.blocked) {
    return (
      <>
        {explanation}
        <p className="form-error" role="alert">
          {preview.blocked}
        </p>
        <div className="form-actions cfg-modal-actions">
          <button className="button" type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </>
    );
  }
  return (
    <TypedConfirmForm
      className="contacts-merge-confirm"
      word={MERGE_WORD}
      confirmed={isMergeConfirmed(typed)}
      typed={typed}
      onTyped={onTyped}
      confirmLabel="Merge contacts"
      state={state}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      {explanation}
      <p>
        {otherTitle} stays on record as merged into {keptTitle}, and leaves the directory.{' '}
        <strong>Merging cannot be undone.</strong>
      </p>
    </TypedConfirmForm>
  );
}

function PreviewList({ id, title, lines, empty }: { id: string; title: string; lines: string[]; empty?: string }) {
  return (
    <div className="contacts-merge-part">
      <p className="privacy-confirm-reach" id={id}>
        {title}
      </p>
      {lines.length > 0 ? (
        <ul className="privacy-list" aria-labelledby={id}>
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">{empty}</p>
      )}
    </div>
  );
}
