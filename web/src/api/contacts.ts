// The contacts directory's calls (docs/api.md, /api/v1/contacts): the directory page by page, a search, a
// contact's profile, changing its details and merging another contact into it.
import { api, subjectSearchQuery } from './endpoints';
import type { Contact, Page } from './routing';
import type { Subject, SubjectSearch } from './types';

/** Contacts the directory asks for at a time (the server's default; it takes at most 200). */
export const DIRECTORY_PAGE_SIZE = 50;

/**
 * A change to a contact's details: what is given is set, `""` clears a field or removes an attribute, what is
 * left out stays as it is.
 */
export interface ContactPatch {
  name?: string;
  email?: string;
  phone?: string;
  attributes?: Record<string, string>;
}

/** `?limit=50` for the first page, `?after=<cursor>&limit=50` for the next. */
export function directoryQuery(after: string | null, limit = DIRECTORY_PAGE_SIZE): string {
  // encodeURIComponent, not URLSearchParams, as for the searches: the server reads '+' as '+'.
  return after ? `?after=${encodeURIComponent(after)}&limit=${limit}` : `?limit=${limit}`;
}

/** One page of the directory (contacts neither erased nor merged into another, about oldest first). */
export const listDirectory = (after: string | null, limit = DIRECTORY_PAGE_SIZE) =>
  api.request<Page<Contact>>('GET', `/contacts${directoryQuery(after, limit)}`);

/** Exact matches through the blind indexes (a name in any case), at most 50; 422 for a search it refuses. */
export const searchContacts = (search: SubjectSearch) =>
  api.request<{ items: Contact[] }>('GET', `/contacts${subjectSearchQuery(search)}`).then((answer) => answer.items);

/** The contact with its identities per channel, consents, counts and the contacts merged into it; 404 unknown. */
export const getContactProfile = (contactId: string) =>
  api
    .request<{ subject: Subject }>('GET', `/contacts/${encodeURIComponent(contactId)}/profile`)
    .then((answer) => answer.subject);

/** Each change is audited; 409 when the contact was merged into another, or changed or erased meanwhile. */
export const updateContact = (contactId: string, patch: ContactPatch) =>
  api
    .request<{ contact: Contact }>('PATCH', `/contacts/${encodeURIComponent(contactId)}`, patch)
    .then((answer) => answer.contact);

/**
 * Moves `fromId`'s identities, conversations, messages and notes to `intoId` and fills its empty fields; answers
 * with the kept contact. 409 when both have an open conversation on one channel, or `fromId` was merged already.
 */
export const mergeContact = (intoId: string, fromId: string) =>
  api
    .request<{ contact: Contact }>('POST', `/contacts/${encodeURIComponent(intoId)}/merge`, { from: fromId })
    .then((answer) => answer.contact);
