import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { actOnSubject, subjectExportUrl } from '../../api/endpoints';
import type { Channel } from '../../api/routing';
import type { Subject, SubjectAction, SubjectActionResult } from '../../api/types';
import { formatDateTime } from '../../format';
import { ActionLive } from '../configurator/common/ActionStatus';
import { useAction } from '../configurator/common/useAction';
import { SubjectActionDialog } from './SubjectActionDialog';
import {
  ACTION_LABELS,
  actionsFor,
  channelName,
  consentText,
  conversationsText,
  mergedText,
  outcomeText,
  subjectBadges,
  subjectTitle,
} from './subjectText';

interface SubjectCardProps {
  subject: Subject;
  /** For channel names; null when they could not be listed (ids are shown). */
  channels: readonly Channel[] | null;
  /** An action succeeded; `result.subject` is the customer as it is now. */
  onActed: (result: SubjectActionResult) => void;
}

/** One customer found: what is held about them, and the buttons to anonymise or erase it. */
export function SubjectCard({ subject, channels, onActed }: SubjectCardProps) {
  const base = useId();
  const titleId = `${base}-title`;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [acting, setActing] = useState<SubjectAction | null>(null);
  const [focusHeading, setFocusHeading] = useState(false);
  const act = useAction();
  const { contact } = subject;
  const nameOf = (id: string) => channelName(id, channels);
  const merged = mergedText(subject);

  useEffect(() => {
    // Runs after the dialog has handed focus back: the button that opened it is gone (erased), so land here.
    if (focusHeading) {
      headingRef.current?.focus();
      setFocusHeading(false);
    }
  }, [focusHeading]);

  async function confirm(action: SubjectAction) {
    const result = await act.run(
      ACTION_LABELS[action].pending,
      () => actOnSubject(contact.id, action),
      (answer) => outcomeText(action, answer),
    );
    if (result) {
      setActing(null);
      setFocusHeading(!actionsFor(result.subject).includes(action));
      onActed(result);
    }
  }

  return (
    <article className="config-card privacy-subject" aria-labelledby={titleId}>
      <div className="privacy-subject-head">
        <h3 id={titleId} tabIndex={-1} ref={headingRef} className={contact.name?.trim() ? undefined : 'privacy-no-name'}>
          {subjectTitle(subject)}
        </h3>
        {subjectBadges(subject).map((badge) => (
          <span key={badge.kind} className={`badge privacy-badge privacy-badge-${badge.kind}`}>
            {badge.text}
          </span>
        ))}
      </div>
      <p className="field-hint">
        Contact <code>{contact.id}</code>, known since {formatDateTime(contact.createdAt)}.
        {merged && ` ${merged}.`}
        {contact.mergedInto && (
          <>
            {' '}
            Merged into <code>{contact.mergedInto}</code>.
          </>
        )}
      </p>
      {subject.erasedAt && (
        <p className="privacy-erased-note">Erased: nothing about this customer can be read any more.</p>
      )}
      <dl className="privacy-facts">
        {contact.email && <Fact term="Email" wide>{contact.email}</Fact>}
        {contact.phone && <Fact term="Phone" wide>{contact.phone}</Fact>}
        {subject.identities.length > 0 && (
          <Fact term="Channel ids" wide>
            <ul className="privacy-list">
              {subject.identities.map((identity) => (
                <li key={`${identity.channel}:${identity.identity}`}>
                  {nameOf(identity.channel)}: <span className="privacy-identity">{identity.identity}</span>
                  {identity.unreachable && <span className="muted"> (unreachable: {identity.unreachable})</span>}
                </li>
              ))}
            </ul>
          </Fact>
        )}
        <Fact term="Conversations">{conversationsText(subject)}</Fact>
        <Fact term="Messages">{subject.messages}</Fact>
        <Fact term="Notes">{subject.notes}</Fact>
        <Fact term="Files">{subject.media}</Fact>
        {subject.channels.length > 0 && <Fact term="Conversations on" wide>{subject.channels.map(nameOf).join(', ')}</Fact>}
        {subject.consents.length > 0 && (
          <Fact term="Consent" wide>
            <ul className="privacy-list">
              {subject.consents.map((consent) => (
                <li key={`${consent.channel}:${consent.changedAt}`}>{consentText(consent, nameOf(consent.channel))}</li>
              ))}
            </ul>
          </Fact>
        )}
      </dl>
      <div className="form-actions privacy-subject-actions">
        <a className="button" href={subjectExportUrl(subject.contact.id, 'json')} download>
          Download data (JSON)
        </a>
        <a className="button" href={subjectExportUrl(subject.contact.id, 'csv')} download>
          Download data (CSV)
        </a>
      </div>
      {actionsFor(subject).length > 0 && (
        <div className="form-actions privacy-subject-actions">
          {actionsFor(subject).map((action) => (
            <button
              key={action}
              className="button"
              type="button"
              aria-describedby={titleId}
              onClick={() => {
                act.reset();
                setActing(action);
              }}
            >
              {ACTION_LABELS[action].button}
            </button>
          ))}
        </div>
      )}
      <p className="config-live">
        <ActionLive action={act} />
      </p>
      {acting && (
        <SubjectActionDialog
          subject={subject}
          action={acting}
          state={act}
          onConfirm={() => void confirm(acting)}
          onCancel={() => {
            act.reset();
            setActing(null);
          }}
        />
      )}
    </article>
  );
}

/** One term and its value; `wide` ones (addresses, lists) take the whole row. */
function Fact({ term, wide, children }: { term: string; wide?: boolean; children: ReactNode }) {
  return (
    <div className={wide ? 'privacy-fact-wide' : undefined}>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
