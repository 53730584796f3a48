import { describe, expect, it } from 'vitest';
import { humanAgentWindowOf, type Channel } from '../../../api/routing';
import { closedWindowText, movesReplyWindow, replyWindowOf, roughDuration, taggedWindowText, windowName } from './replyWindow';
import { replyWindowLeft } from './timeline';

const DAY = 86400;
const NOW = Date.parse('2026-12-06T12:00:00.000Z');
const at = (offsetSeconds: number) => new Date(NOW + offsetSeconds * 1000).toISOString();

describe('the reply window from the server', () => {
  it('counts down to replyWindowClosesAt while it is in the future', () => {
    const closesAt = at(3 * 3600 + 12 * 60 + 30);
    // The last inbound message would say otherwise: the server's end (the provider's clock) wins.
    const window = replyWindowOf({ windowSeconds: DAY, closesAt, lastInbound: at(-23 * 3600), nowMs: NOW });
    expect(window).toEqual({ state: 'open', secondsLeft: 3 * 3600 + 12 * 60 + 30, warning: false });
    expect(roughDuration(window.state === 'open' ? window.secondsLeft : 0)).toBe('3 h 12 min');
    expect(replyWindowLeft(DAY, null, NOW, closesAt)).toBe(11550);
  });

  it('warns in the last hour and ticks down with the clock', () => {
    const closesAt = at(3600);
    expect(replyWindowOf({ windowSeconds: DAY, closesAt, lastInbound: null, nowMs: NOW })).toMatchObject({ warning: false });
    expect(replyWindowOf({ windowSeconds: DAY, closesAt, lastInbound: null, nowMs: NOW + 1000 })).toEqual({
      state: 'open',
      secondsLeft: 3599,
      warning: true,
    });
    expect(replyWindowOf({ windowSeconds: DAY, closesAt, lastInbound: null, nowMs: NOW + 3599_000 })).toEqual({
      state: 'open',
      secondsLeft: 1,
      warning: true,
    });
    // The second it closes, without anything else changing.
    expect(replyWindowOf({ windowSeconds: DAY, closesAt, lastInbound: null, nowMs: NOW + 3600_000 })).toEqual({
      state: 'closed',
      secondsAgo: 0,
    });
  });

  it('is closed, saying how long ago, once replyWindowClosesAt is past', () => {
    const window = replyWindowOf({ windowSeconds: DAY, closesAt: at(-2 * 3600 - 59), lastInbound: at(-26 * 3600), nowMs: NOW });
    expect(window).toEqual({ state: 'closed', secondsAgo: 2 * 3600 + 59 });
    expect(window.state === 'closed' && closedWindowText(window, DAY, 'WhatsApp', 'whatsapp')).toBe(
      'The 24-hour reply window closed 2 h ago. WhatsApp only delivers approved templates now; free-form replies work again once the contact writes.',
    );
  });

  it('uses the server value even when the channel is not known (no channels list)', () => {
    expect(replyWindowOf({ windowSeconds: null, closesAt: at(600), lastInbound: null, nowMs: NOW })).toEqual({
      state: 'open',
      secondsLeft: 600,
      warning: true,
    });
  });
});

describe('the reply window without the server value (fallback)', () => {
  it('counts from the last inbound message when replyWindowClosesAt is absent or null', () => {
    const lastInbound = at(-20 * 60);
    expect(replyWindowOf({ windowSeconds: 3600, lastInbound, nowMs: NOW })).toEqual({
      state: 'open',
      secondsLeft: 40 * 60,
      warning: true,
    });
    expect(replyWindowOf({ windowSeconds: 3600, closesAt: null, lastInbound, nowMs: NOW })).toEqual({
      state: 'open',
      secondsLeft: 40 * 60,
      warning: true,
    });
    expect(replyWindowOf({ windowSeconds: 600, closesAt: undefined, lastInbound, nowMs: NOW })).toEqual({
      state: 'closed',
      secondsAgo: 600,
    });
    // Unreadable: as if absent.
    expect(replyWindowLeft(3600, lastInbound, NOW, 'soon')).toBe(40 * 60);
  });

  it('is closed, never opened, on a windowed channel where the contact has not written', () => {
    const window = replyWindowOf({ windowSeconds: DAY, closesAt: null, lastInbound: null, nowMs: NOW });
    expect(window).toEqual({ state: 'closed', secondsAgo: null });
    expect(window.state === 'closed' && closedWindowText(window, DAY, 'WhatsApp', 'whatsapp')).toBe(
      'The 24-hour reply window is not open: the contact has not written on WhatsApp yet. WhatsApp only delivers approved templates until they do.',
    );
    expect(window.state === 'closed' && closedWindowText(window, DAY, 'Messenger', 'messenger')).toBe(
      'The 24-hour reply window is not open: the contact has not written on Messenger yet. Messenger allows replies only after the contact has written.',
    );
  });

  it('has no window where the channel has none', () => {
    expect(replyWindowOf({ windowSeconds: null, closesAt: null, lastInbound: null, nowMs: NOW })).toEqual({ state: 'none' });
    expect(replyWindowOf({ windowSeconds: null, lastInbound: at(-DAY * 3), nowMs: NOW })).toEqual({ state: 'none' });
  });
});

describe('reply window words', () => {
  it('rounds durations down as the server does', () => {
    expect(roughDuration(0)).toBe('less than a minute');
    expect(roughDuration(59)).toBe('less than a minute');
    expect(roughDuration(60)).toBe('1 min');
    expect(roughDuration(59 * 60 + 59)).toBe('59 min');
    expect(roughDuration(2 * 3600)).toBe('2 h');
    expect(roughDuration(47 * 3600 + 5 * 60)).toBe('47 h 5 min');
    expect(roughDuration(3 * DAY + 4 * 3600 + 59 * 60)).toBe('3 d 4 h');
    expect(roughDuration(2 * DAY)).toBe('2 d');
  });

  it('names the window by its length in hours', () => {
    expect(windowName(DAY)).toBe('24-hour reply window');
    expect(windowName(7 * DAY)).toBe('168-hour reply window');
    expect(windowName(90)).toBe('reply window');
    expect(windowName(null)).toBe('reply window');
  });

  it('says what a channel without known templates allows', () => {
    expect(closedWindowText({ state: 'closed', secondsAgo: 30 }, 3600, 'SMS', 'smpp')).toBe(
      'The 1-hour reply window closed less than a minute ago. You can reply again once the contact writes.',
    );
  });
});

describe('refreshing the window when the contact writes', () => {
  const channels = [
    { id: 'chn_wa', replyWindowSeconds: DAY },
    { id: 'chn_tg', replyWindowSeconds: null },
  ];

  it('fetches the conversation again for an inbound message on a windowed channel only', () => {
    expect(movesReplyWindow({ channel: 'chn_wa', replyWindowClosesAt: null }, { direction: 'inbound' }, channels)).toBe(true);
    expect(movesReplyWindow({ channel: 'chn_wa', replyWindowClosesAt: null }, { direction: 'outbound' }, channels)).toBe(false);
    expect(movesReplyWindow({ channel: 'chn_tg', replyWindowClosesAt: null }, { direction: 'inbound' }, channels)).toBe(false);
    expect(movesReplyWindow({ channel: 'chn_tg' }, { direction: 'inbound' }, null)).toBe(false);
    // The conversation itself says it has a window, even before the channels are listed.
    expect(movesReplyWindow({ channel: 'chn_x', replyWindowClosesAt: at(-60) }, { direction: 'inbound' }, null)).toBe(true);
  });
});

describe('Messenger and Instagram: replies tagged as a human agent\'s after the window', () => {
  const WEEK = 7 * DAY;
  /** The customer wrote `ago` seconds before NOW; the server's window closes 24 hours after that. */
  const wrote = (ago: number) => ({ windowSeconds: DAY, closesAt: at(DAY - ago), customerLastMessageAt: at(-ago), lastInbound: null });
  const utc = (ms: number) => new Date(ms).toISOString();

  it('is open as usual within the 24 hours, tag or not', () => {
    expect(replyWindowOf({ ...wrote(3600), humanAgentSeconds: WEEK, nowMs: NOW })).toEqual({
      state: 'open',
      secondsLeft: 23 * 3600,
      warning: false,
    });
  });

  it('goes on tagged once the window closed, until the customer\'s last message + humanAgentWindowSeconds', () => {
    const window = replyWindowOf({ ...wrote(DAY + 3 * 3600), humanAgentSeconds: WEEK, nowMs: NOW });
    expect(window).toEqual({
      state: 'tagged',
      closedSecondsAgo: 3 * 3600,
      secondsLeft: WEEK - DAY - 3 * 3600,
      endsAtMs: NOW - (DAY + 3 * 3600) * 1000 + WEEK * 1000,
      warning: false,
    });
    expect(window.state === 'tagged' && taggedWindowText(window, DAY, utc)).toBe(
      "The 24-hour window closed 3 h ago. Replies go tagged as a human agent's until 2026-12-12T09:00:00.000Z (Meta's Human Agent policy: written by a person, no automated messages).",
    );
  });

  it('counts down in the last hour of the tagged time, then closes', () => {
    const lastHour = replyWindowOf({ ...wrote(WEEK - 40 * 60), humanAgentSeconds: WEEK, nowMs: NOW });
    expect(lastHour).toMatchObject({ state: 'tagged', secondsLeft: 40 * 60, warning: true });
    const justOver = replyWindowOf({ ...wrote(WEEK), humanAgentSeconds: WEEK, nowMs: NOW });
    expect(justOver).toEqual({ state: 'closed', secondsAgo: WEEK - DAY, humanAgentEndedSecondsAgo: 0 });
    const later = replyWindowOf({ ...wrote(WEEK + 2 * 3600), humanAgentSeconds: WEEK, nowMs: NOW });
    expect(later).toEqual({ state: 'closed', secondsAgo: WEEK - DAY + 2 * 3600, humanAgentEndedSecondsAgo: 2 * 3600 });
    expect(later.state === 'closed' && closedWindowText(later, DAY, 'Messenger', 'messenger')).toBe(
      "The 24-hour reply window closed 6 d 2 h ago, and the time for replies tagged as a human agent's ended 2 h ago. Messenger delivers replies again once the contact writes.",
    );
  });

  it('is closed after 24 hours where the page may not tag replies, and says an admin can allow it', () => {
    const window = replyWindowOf({ ...wrote(DAY + 2 * 3600), humanAgentSeconds: null, nowMs: NOW });
    expect(window).toEqual({ state: 'closed', secondsAgo: 2 * 3600 });
    expect(window.state === 'closed' && closedWindowText(window, DAY, 'Messenger', 'messenger')).toBe(
      "The 24-hour reply window closed 2 h ago. Messenger only delivers replies tagged as a human agent's, which this page may not send (an admin can enable it in the Configurator).",
    );
    expect(window.state === 'closed' && closedWindowText(window, DAY, 'Instagram', 'instagram')).toBe(
      "The 24-hour reply window closed 2 h ago. Instagram only delivers replies tagged as a human agent's, which this page may not send (an admin can enable it in the Configurator).",
    );
    // WhatsApp keeps its own words.
    expect(window.state === 'closed' && closedWindowText(window, DAY, 'WhatsApp', 'whatsapp')).toMatch(/only delivers approved templates now/);
  });

  it('counts the tagged time from the window when the server gives no customerLastMessageAt, else from the last inbound message', () => {
    const noCustomerTime = { windowSeconds: DAY, closesAt: at(-3 * 3600), lastInbound: null, humanAgentSeconds: WEEK, nowMs: NOW };
    expect(replyWindowOf(noCustomerTime)).toMatchObject({ state: 'tagged', endsAtMs: NOW - 27 * 3600 * 1000 + WEEK * 1000 });
    const fallback = { windowSeconds: DAY, lastInbound: at(-2 * DAY), humanAgentSeconds: WEEK, nowMs: NOW };
    expect(replyWindowOf(fallback)).toMatchObject({ state: 'tagged', closedSecondsAgo: DAY, secondsLeft: 5 * DAY });
  });

  it('never opened stays closed, tag or not: the contact has to write first', () => {
    expect(replyWindowOf({ windowSeconds: DAY, closesAt: null, lastInbound: null, humanAgentSeconds: WEEK, nowMs: NOW })).toEqual({
      state: 'closed',
      secondsAgo: null,
    });
  });

  it('reads the channel\'s humanAgentWindowSeconds beside replyWindowSeconds, or among the capabilities', () => {
    const capabilities: Channel['capabilities'] = {
      text: true,
      media: true,
      choices: true,
      maxChoices: 13,
      location: false,
      typing: false,
      readReceipts: false,
    };
    expect(humanAgentWindowOf({ capabilities, humanAgentWindowSeconds: WEEK })).toBe(WEEK);
    expect(humanAgentWindowOf({ capabilities: { ...capabilities, humanAgentWindowSeconds: WEEK } })).toBe(WEEK);
    expect(humanAgentWindowOf({ capabilities, humanAgentWindowSeconds: null })).toBeNull();
    expect(humanAgentWindowOf({ capabilities })).toBeNull();
    expect(humanAgentWindowOf(null)).toBeNull();
  });
});
