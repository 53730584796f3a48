import { describe, expect, it } from 'vitest';
import type { Category, Channel, Contact, Conversation } from '../../api/routing';
import type { User } from '../../api/types';
import { channelOption, describeRow, listSummary, listTime, rowChannel, rowState, type RowContext } from './rows';

const now = new Date(2026, 11, 7, 15, 0);

const conversation: Conversation = {
  id: 'cnv_1',
  contactId: 'ctc_1',
  channel: 'chn_sms',
  categoryId: 'cat_billing',
  state: 'assigned',
  agentId: 'usr_bob',
  manual: false,
  enqueuedAt: new Date(2026, 11, 7, 9, 0).toISOString(),
  assignedAt: new Date(2026, 11, 7, 9, 1).toISOString(),
  offerDeadline: null,
  firstResponseAt: null,
  closedAt: null,
  createdAt: new Date(2026, 11, 7, 9, 0).toISOString(),
  lastMessageAt: new Date(2026, 11, 7, 14, 5).toISOString(),
};

const contact: Contact = {
  id: 'ctc_1',
  name: 'Carla Customer',
  email: null,
  phone: '+447911123456',
  attributes: {},
  mergedInto: null,
  createdAt: conversation.createdAt,
};

const channel = (id: string, type: string, name: string) => ({ id, type, name }) as Channel;
const channels = [channel('api', 'api', 'API'), channel('chn_sms', 'smpp', 'Support line')];
const categories = [{ id: 'cat_billing', name: 'Billing' } as Category];
const users = [
  { id: 'usr_bob', email: 'bob@example.test', displayName: 'Bob Agent' } as User,
  { id: 'usr_sue', email: 'sue@example.test', displayName: '' } as User,
];

const context: RowContext = { contact, users, me: 'usr_sue', channels, categories, now };

describe('a row of All conversations', () => {
  it('names the customer, channel, state, agent and category', () => {
    const row = describeRow(conversation, context);
    expect(row.name).toBe('Carla Customer');
    expect(row.channel).toBe('SMS');
    expect(row.state).toEqual({ kind: 'assigned', label: 'Assigned' });
    expect(row.agent).toBe('Bob Agent');
    expect(row.category).toBe('Billing');
  });

  it('falls back to the phone or email, and waits for a contact not loaded', () => {
    expect(describeRow(conversation, { ...context, contact: { ...contact, name: null } }).name).toBe('+447911123456');
    expect(describeRow(conversation, { ...context, contact: { ...contact, name: null, phone: null, email: 'c@x.test' } }).name).toBe(
      'c@x.test',
    );
    expect(describeRow(conversation, { ...context, contact: { ...contact, name: null, phone: null } }).name).toBe('Unknown contact');
    expect(describeRow(conversation, { ...context, contact: undefined }).name).toBeNull();
  });

  it('says You for the signed-in person’s own, and nobody for a waiting one', () => {
    expect(describeRow({ ...conversation, agentId: 'usr_sue' }, context).agent).toBe('You');
    expect(describeRow({ ...conversation, state: 'queued', agentId: null }, context).agent).toBeNull();
  });

  it('says Uncategorised, or that the category is gone', () => {
    expect(describeRow({ ...conversation, categoryId: null }, context).category).toBe('Uncategorised');
    expect(describeRow({ ...conversation, categoryId: 'cat_gone' }, context).category).toBe('Deleted category');
  });

  it('shows the times short, with the full date for a tooltip', () => {
    const row = describeRow(conversation, context);
    expect(row.created.iso).toBe(conversation.createdAt);
    expect(row.lastMessage.text).toBe(
      new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }).format(new Date(2026, 11, 7, 14, 5)),
    );
    expect(row.lastMessage.full).not.toBe(row.lastMessage.text);
  });
});

describe('times in the list', () => {
  it('are the time of day today, the day and time this year, the day and year before', () => {
    const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
    const day = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
    const dayAndYear = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
    const today = new Date(2026, 11, 7, 8, 30);
    const thisYear = new Date(2026, 2, 3, 8, 30);
    const lastYear = new Date(2025, 2, 3, 8, 30);
    expect(listTime(today.toISOString(), now).text).toBe(time.format(today));
    expect(listTime(thisYear.toISOString(), now).text).toBe(`${day.format(thisYear)}, ${time.format(thisYear)}`);
    expect(listTime(lastYear.toISOString(), now).text).toBe(dayAndYear.format(lastYear));
  });

  it('pass anything unreadable through', () => {
    expect(listTime('soon', now)).toEqual({ iso: 'soon', text: 'soon', full: 'soon' });
  });
});

describe('states', () => {
  it('are Waiting, Offered, Assigned and Closed', () => {
    expect(rowState({ ...conversation, state: 'queued', agentId: null }).label).toBe('Waiting');
    expect(rowState({ ...conversation, offerDeadline: '2026-12-07T15:01:00Z' })).toEqual({ kind: 'offered', label: 'Offered' });
    expect(rowState(conversation).label).toBe('Assigned');
    expect(rowState({ ...conversation, state: 'closed' }).label).toBe('Closed');
  });
});

describe('channels', () => {
  it('are named by kind, with the account when there are several of that kind', () => {
    expect(rowChannel('chn_sms', channels)).toBe('SMS');
    const two = [...channels, channel('chn_sms2', 'smpp', 'Sales line')];
    expect(rowChannel('chn_sms', two)).toBe('SMS · Support line');
    expect(rowChannel('api', two)).toBe('API');
    expect(rowChannel('chn_gone', null)).toBe('chn_gone');
  });

  it('are offered in the filter by name and kind', () => {
    expect(channelOption(channels[0], channels)).toBe('API');
    expect(channelOption(channels[1], channels)).toBe('Support line (SMS)');
  });
});

describe('the summary above the list', () => {
  it('counts what is listed and says when more will load', () => {
    expect(listSummary(0, false, true)).toBe('No conversation matches these filters.');
    expect(listSummary(0, false, false)).toBe('There are no conversations yet.');
    expect(listSummary(1, false, true)).toBe('1 conversation matches the filters.');
    expect(listSummary(3, false, false)).toBe('3 conversations.');
    expect(listSummary(3, false, true)).toBe('3 conversations match the filters.');
    expect(listSummary(50, true, true)).toBe('The newest 50 conversations matching the filters; more load as you scroll.');
  });
});
