import { describe, expect, it } from 'vitest';
import { absoluteUrl, capabilitiesText, isWebhookUrlAcceptable, replyWindowText, testResultText } from './channelText';

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
    expect(capabilitiesText({ text: true, media: true, choices: true, location: false })).toBe(
      'text, media, buttons and choices',
    );
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
