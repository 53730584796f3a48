import { describe, expect, it } from 'vitest';
import { isAuthToken, newViberForm, toViberInput, viberServerError, viberToForm } from './viberSettings';

const TOKEN = '445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9';

describe('Viber channel form', () => {
  it('needs a token when creating and sends the settings with it', () => {
    const form = { ...newViberForm(), name: 'Shop bot', welcomeMessage: '  Hi! Ask us anything. ' };
    expect(toViberInput(form, true)).toEqual({
      ok: false,
      errors: [{ field: 'authToken', message: "Paste the bot's token from the Viber admin panel." }],
    });
    expect(toViberInput({ ...form, authToken: ` ${TOKEN} ` }, true)).toEqual({
      ok: true,
      input: {
        name: 'Shop bot',
        enabled: true,
        settings: {
          senderName: 'Support',
          avatarUrl: null,
          welcomeMessage: 'Hi! Ask us anything.',
          apiBaseUrl: 'https://chatapi.viber.com/pa',
        },
        authToken: TOKEN,
      },
    });
  });

  it('keeps the saved token when editing with the field empty', () => {
    const form = viberToForm({
      name: 'Bot',
      enabled: true,
      settings: { senderName: 'Ana', avatarUrl: 'https://cdn.example/a.png', welcomeMessage: null, apiBaseUrl: 'http://127.0.0.1:9/pa' },
    });
    const input = toViberInput(form, false);
    expect(input.ok).toBe(true);
    expect(input.ok && 'authToken' in input.input).toBe(false);
    expect(input.ok && input.input.settings.avatarUrl).toBe('https://cdn.example/a.png');
  });

  it('refuses what the server would refuse', () => {
    expect(isAuthToken(TOKEN)).toBe(true);
    expect(isAuthToken('short')).toBe(false);
    const bad = toViberInput({ ...newViberForm(), senderName: 'x'.repeat(29), avatarUrl: 'ftp://x', authToken: 'no spaces!' }, true);
    expect(bad.ok ? [] : bad.errors.map((error) => error.field)).toEqual(['authToken', 'senderName', 'avatarUrl']);
    expect(viberServerError(null, 'settings.senderName: 1 to 28 characters, shown as the sender of every message')).toEqual({
      field: 'senderName',
      message: '1 to 28 characters, shown as the sender of every message.',
    });
  });
});
