import { describe, expect, it } from 'vitest';
import { closedWindowText, movesReplyWindow, replyWindowOf, roughDuration, windowName } from './replyWindow';
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
