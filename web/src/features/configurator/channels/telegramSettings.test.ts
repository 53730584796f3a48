import { describe, expect, it } from 'vitest';
import { isBotToken, newTelegramForm, telegramServerError, telegramToForm, toTelegramInput } from './telegramSettings';

describe('Telegram channel form', () => {
  it('needs a token when creating and sends the settings with it', () => {
    const form = { ...newTelegramForm(), name: ' Support bot ' };
    const missing = toTelegramInput(form, true);
    expect(missing).toEqual({
      ok: false,
      errors: [{ field: 'botToken', message: 'Paste the token BotFather gave you for the bot.' }],
    });
    const made = toTelegramInput({ ...form, botToken: ' 123456789:AAE-x_y ', mode: 'polling' }, true);
    expect(made).toEqual({
      ok: true,
      input: {
        name: 'Support bot',
        enabled: true,
        settings: { mode: 'polling', apiBaseUrl: 'https://api.telegram.org' },
        botToken: '123456789:AAE-x_y',
      },
    });
  });

  it('keeps the saved token when editing with the field empty', () => {
    const form = telegramToForm({
      name: 'Bot',
      enabled: false,
      settings: { mode: 'webhook', apiBaseUrl: 'http://127.0.0.1:8081' },
    });
    expect(form.botToken).toBe('');
    const input = toTelegramInput({ ...form, apiBaseUrl: 'http://127.0.0.1:8081/' }, false);
    expect(input).toEqual({
      ok: true,
      input: { name: 'Bot', enabled: false, settings: { mode: 'webhook', apiBaseUrl: 'http://127.0.0.1:8081' } },
    });
  });

  it('refuses what the server would refuse', () => {
    expect(isBotToken('123:abc')).toBe(true);
    expect(isBotToken('abc:123')).toBe(false);
    expect(isBotToken('123456789')).toBe(false);
    const bad = toTelegramInput({ ...newTelegramForm(), name: '', botToken: 'nope', apiBaseUrl: 'ftp://x' }, true);
    expect(bad.ok).toBe(false);
    expect(bad.ok ? [] : bad.errors.map((error) => error.field)).toEqual(['name', 'botToken', 'apiBaseUrl']);
  });

  it("puts the server's field errors next to their fields", () => {
    expect(telegramServerError(null, 'botToken: the token BotFather gave, like 123456789:AAE…')).toEqual({
      field: 'botToken',
      message: 'The token BotFather gave, like 123456789:AAE….',
    });
    expect(telegramServerError(null, 'settings.mode: webhook or polling')).toEqual({
      field: 'mode',
      message: 'Webhook or polling.',
    });
    expect(telegramServerError(null, 'the channel is switched off')).toBeNull();
  });
});
