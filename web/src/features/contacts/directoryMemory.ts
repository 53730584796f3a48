// What the directory showed, kept while the person opens a profile and comes back (in memory only: searches hold
// personal data, so they stay out of the address and out of storage). Edits and merges on a profile update it.
import type { Contact } from '../../api/routing';
import type { SubjectSearch } from '../../api/types';
import type { SearchForm } from '../privacy/subjectSearch';

export type DirectoryView =
  | { kind: 'directory'; items: Contact[]; nextCursor: string | null }
  | { kind: 'search'; search: SubjectSearch; items: Contact[] };

export interface DirectoryMemory {
  /** Whose it is: another person signing in on this tab starts afresh. */
  userId: string;
  form: SearchForm;
  view: DirectoryView;
}

let memory: DirectoryMemory | null = null;

export const recall = (userId: string): DirectoryMemory | null => (memory?.userId === userId ? memory : null);

export function remember(next: DirectoryMemory): void {
  memory = next;
}

/** A contact as it is now (saved on its profile). */
export function rememberContact(contact: Contact): void {
  if (!memory) {
    return;
  }
  const items = memory.view.items.map((item) => (item.id === contact.id ? contact : item));
  memory = { ...memory, view: { ...memory.view, items } };
}

/** Forgets a contact that went into another one (a merge): the directory no longer lists it. */
export function forgetMerged(contactId: string, into: string): void {
  if (!memory) {
    return;
  }
  const view = memory.view;
  const items =
    view.kind === 'directory'
      ? view.items.filter((item) => item.id !== contactId)
      : view.items.map((item) => (item.id === contactId ? { ...item, mergedInto: into } : item));
  memory = { ...memory, view: { ...view, items } };
}
