import { describe, expect, it } from 'vitest';
import {
  absoluteUrl,
  capabilitiesText,
  channelStateText,
  channelStateTone,
  channelStatusDetail,
  connectionTestText,
  isWebhookUrlAcceptable,
  replyWindowText,
  testResultText,
  webchatTestText,
} from './channelText';

describe('channel words', () => {
  it('describes test results', () => {
    expect(testResultText({ ok: true, status: 204, error: null })).toBe('Test sent: the webhook answered HTTP 204.');
    expect(testResultText({ ok: false, status: 500, error: null })).toBe('Test failed: the webhook answered HTTP 500.');
    expect(testResultText({ ok: false, status: null, error: 'no webhook URL configured' })).toBe(
      'Test failed: no webhook URL configured.',
    );
    expect(testResultText({ ok: false, status: null, error: 'timed out.' })).toBe('Test failed: timed out.');
  });

  it('lists capabilities and the reply window', () => {
    const none = { text: false, media: false, choices: false, maxChoices: 0, location: false, typing: false, readReceipts: false };
    expect(capabilitiesText({ ...none, text: true, media: true, choices: true, maxChoices: 10 })).toBe(
      'text, media, buttons and choices',
    );
    expect(capabilitiesText({ ...none, text: true, typing: true, readReceipts: true })).toBe(
      'text, typing indicators, read receipts',
    );
    expect(capabilitiesText(none)).toBe('nothing yet');
    expect(replyWindowText(null)).toBe('Agents can reply at any time.');
    expect(replyWindowText(86400)).toBe("Free-form replies within 1 day of the customer's last message.");
  });

  it('builds the inbound endpoint from the origin', () => {
    expect(absoluteUrl('https://parley.example', '/api/v1/channels/api/messages')).toBe(
      'https://parley.example/api/v1/channels/api/messages',
    );
    expect(absoluteUrl('https://parley.example', 'https://other/x')).toBe('https://other/x');
  });

  it('accepts http(s) webhook URLs or none', () => {
    expect(isWebhookUrlAcceptable('')).toBe(true);
    expect(isWebhookUrlAcceptable('https://example.com/hook')).toBe(true);
    expect(isWebhookUrlAcceptable('ftp://example.com')).toBe(false);
    expect(isWebhookUrlAcceptable('example.com')).toBe(false);
  });
});

describe('connection words', () => {
  const time = (iso: string) => `<${iso}>`;

  it('names every state', () => {
    expect(channelStateText('bound')).toBe('Connected');
    expect(channelStateText('connecting')).toBe('Connecting');
    expect(channelStateText('disconnected')).toBe('Disconnected');
    expect(channelStateText('refused')).toBe('Credentials refused');
    expect(channelStateText('disabled')).toBe('Disabled');
    expect(channelStateText('ready')).toBe('Ready');
    expect(channelStateText('paused')).toBe('paused');
  });

  it('colours states by what they need', () => {
    expect(channelStateTone('bound')).toBe('ok');
    expect(channelStateTone('connecting')).toBe('pending');
    expect(channelStateTone('disconnected')).toBe('problem');
    expect(channelStateTone('refused')).toBe('problem');
    expect(channelStateTone('disabled')).toBe('off');
    expect(channelStateTone('ready')).toBe('ok');
    expect(channelStateTone('paused')).toBe('problem');
  });

  it("writes the server's detail and since when", () => {
    expect(
      channelStatusDetail({ state: 'bound', detail: 'bound to SMSC1', since: '2026-12-05T07:01:02.000Z' }, time),
    ).toBe('Bound to SMSC1. Since <2026-12-05T07:01:02.000Z>.');
    expect(channelStatusDetail({ state: 'refused', detail: 'ESME_RINVPASWD.', since: null }, time)).toBe(
      'ESME_RINVPASWD.',
    );
    expect(channelStatusDetail({ state: 'disabled', detail: ' ', since: '2026-12-05T07:01:02.000Z' }, time)).toBe(
      'Since <2026-12-05T07:01:02.000Z>.',
    );
    expect(channelStatusDetail({ state: 'disabled', detail: '', since: null }, time)).toBe('');
  });

  it('describes connection tests', () => {
    expect(connectionTestText({ ok: true, status: null, error: null })).toBe(
      'Connected: the SMS center accepted the saved settings.',
    );
    expect(
      connectionTestText({ ok: false, status: null, error: 'the SMS center refused the credentials (ESME_RINVPASWD)' }),
    ).toBe('Connection failed: the SMS center refused the credentials (ESME_RINVPASWD).');
    expect(connectionTestText({ ok: false, status: null, error: 'timed out.' })).toBe('Connection failed: timed out.');
    expect(connectionTestText({ ok: false, status: null, error: null })).toBe('Connection failed: no answer.');
  });

  it('describes web chat tests', () => {
    expect(webchatTestText({ ok: true, status: null, error: null })).toMatch(/^Ready: /);
    expect(webchatTestText({ ok: false, status: null, error: 'the channel is switched off' })).toBe(
      'Not ready: the channel is switched off.',
    );
  });
});
