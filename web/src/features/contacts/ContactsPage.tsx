// W8: the contacts directory (/contacts) and a contact's profile (/contacts/<id>). Loaded on demand (Shell.tsx's
// LazyPage): nothing of it is in the first page load.
import type { User } from '../../api/types';
import { NotFound } from '../shell/NotFound';
import { ContactDirectory } from './ContactDirectory';
import { ContactProfile } from './ContactProfile';
import { useChannels } from './useWorkspaceLookups';
// Cards, dialogs, the search's layout and the typed confirmation look as in the privacy console and the
// Configurator, whose classes these pages use.
import '../configurator/configurator.css';
import '../privacy/privacy.css';
import './contacts.css';

export interface ContactsPageProps {
  user: User;
  /** The path part after /contacts/: "" for the directory, a contact id for its profile. */
  rest: string;
}

export default function ContactsPage({ user, rest }: ContactsPageProps) {
  const channels = useChannels();
  const contactId = decodeSegment(rest.replace(/\/+$/, ''));
  if (contactId === null) {
    return <NotFound />;
  }
  return contactId === '' ? (
    <ContactDirectory user={user} channels={channels} />
  ) : (
    <ContactProfile key={contactId} user={user} contactId={contactId} channels={channels} />
  );
}

/** One path segment, decoded; null for a path with more segments or a broken escape. */
function decodeSegment(segment: string): string | null {
  if (segment.includes('/')) {
    return null;
  }
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
