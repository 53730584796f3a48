// The "Find a customer" form: the ways to search, the checks the server also makes, and the result in words.
import type { SubjectSearch, SubjectSearchBy } from '../../api/types';
import { plural } from './subjectText';

/** The server refuses longer searches. */
const MAX_SEARCH_BYTES = 320;
/** The server answers at most this many customers. */
export const MAX_SUBJECTS = 50;

export interface SearchKind {
  by: SubjectSearchBy;
  /** In the "Search by" choice. */
  option: string;
  /** The text field's label. */
  label: string;
  /** In sentences: "No customer matches the phone number “…”". */
  noun: string;
  inputType: 'text' | 'tel' | 'email';
  inputMode: 'text' | 'tel' | 'email';
}

export const SEARCH_KINDS: readonly SearchKind[] = [
  { by: 'phone', option: 'Phone', label: 'Phone number', noun: 'phone number', inputType: 'tel', inputMode: 'tel' },
  { by: 'email', option: 'Email', label: 'Email address', noun: 'email address', inputType: 'email', inputMode: 'email' },
  { by: 'name', option: 'Name', label: 'Name', noun: 'name', inputType: 'text', inputMode: 'text' },
  { by: 'identity', option: 'Channel id', label: 'Id on the channel', noun: 'channel id', inputType: 'text', inputMode: 'text' },
];

export const searchKind = (by: SubjectSearchBy): SearchKind =>
  SEARCH_KINDS.find((kind) => kind.by === by) ?? SEARCH_KINDS[0];

/** The text field's hint; `phoneRegion` is the tenant's (undefined while unknown). */
export function searchHint(by: SubjectSearchBy, phoneRegion: string | undefined): string {
  switch (by) {
    case 'phone':
      if (phoneRegion === undefined) {
        return 'Any format, with the country code, e.g. +44 7911 123456. Also finds the number as an SMS or WhatsApp sender.';
      }
      return phoneRegion
        ? `Any format; a number without a country code is read as a ${phoneRegion} number. Also finds the number as an SMS or WhatsApp sender.`
        : 'Any format, with the country code, e.g. +44 7911 123456 (no phone region is set). Also finds the number as an SMS or WhatsApp sender.';
    case 'email':
      return 'The whole address; letter case does not matter.';
    case 'name':
      return 'Finds customers whose name has every word you type, whatever the letter case and accents.';
    case 'identity':
      return 'The customer’s id as the channel gives it: a phone number for SMS or WhatsApp, a Telegram or Messenger id, a web chat visitor id.';
  }
}

export interface SearchForm {
  by: SubjectSearchBy;
  value: string;
  /** Channel id for `identity`; "" for any channel. */
  channel: string;
}

/** The search to send, or what is wrong with it in words. */
export function toSubjectSearch(form: SearchForm): { ok: true; search: SubjectSearch } | { ok: false; message: string } {
  const value = form.value.trim();
  const kind = searchKind(form.by);
  if (value === '') {
    return { ok: false, message: `Enter the ${kind.noun} to search for.` };
  }
  if (new TextEncoder().encode(value).length > MAX_SEARCH_BYTES) {
    return { ok: false, message: `The search is too long (at most ${MAX_SEARCH_BYTES} bytes).` };
  }
  if (form.by === 'phone' && !/\d/.test(value)) {
    return { ok: false, message: 'A phone number needs digits.' };
  }
  const channel = form.channel.trim();
  return { ok: true, search: form.by === 'identity' && channel ? { by: form.by, value, channel } : { by: form.by, value } };
}

/**
 * The result in one sentence, e.g. "2 customers match the phone number “+44 7911 123456”." or "No customer
 * matches …"; `channelName` names the channel an identity search was limited to.
 */
export function resultSummary(search: SubjectSearch, count: number, channelName: (id: string) => string): string {
  const on = search.by === 'identity' && search.channel ? ` on ${channelName(search.channel)}` : '';
  const what = `the ${searchKind(search.by).noun} “${search.value}”${on}`;
  if (count === 0) {
    return `No customer matches ${what}.`;
  }
  if (count >= MAX_SUBJECTS) {
    return `The first ${MAX_SUBJECTS} customers matching ${what} are shown; narrow the search to find others.`;
  }
  return count === 1 ? `1 customer matches ${what}.` : `${plural(count, 'customer')} match ${what}.`;
}
