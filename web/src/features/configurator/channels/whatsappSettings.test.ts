import { describe, expect, it } from 'vitest';
import {
  isAccessToken,
  isAppSecret,
  isSecretSet,
  newWhatsAppForm,
  toWhatsAppInput,
  whatsappServerError,
  whatsappToForm,
} from './whatsappSettings';

const TOKEN = 'EAAGm0PX4ZCpsBAKZBZC1234567890abcdefghijklmnop';
const SECRET = '0123456789abcdef0123456789abcdef';

describe('WhatsApp channel form', () => {
  it('needs the phone number id and both secrets when creating, and sends the settings with them', () => {
    const form = { ...newWhatsAppForm(), name: ' Shop number ' };
    const missing = toWhatsAppInput(form, true);
    expect(missing.ok ? [] : missing.errors.map((error) => error.field)).toEqual(['accessToken', 'appSecret', 'phoneNumberId']);

    expect(
      toWhatsAppInput(
        { ...form, accessToken: ` ${TOKEN} `, appSecret: SECRET, phoneNumberId: ' 106540352242922 ', businessAccountId: '102290129340398' },
        true,
      ),
    ).toEqual({
      ok: true,
      input: {
        name: 'Shop number',
        enabled: true,
        settings: {
          phoneNumberId: '106540352242922',
          businessAccountId: '102290129340398',
          graphApiUrl: 'https://graph.facebook.com',
          graphApiVersion: 'v24.0',
        },
        accessToken: TOKEN,
        appSecret: SECRET,
      },
    });
  });

  it('keeps the saved secrets when editing with the fields empty, and sends only the one typed', () => {
    const form = whatsappToForm({
      name: 'Shop',
      enabled: false,
      settings: { phoneNumberId: '106540352242922', businessAccountId: '', graphApiUrl: 'http://127.0.0.1:9/graph/', graphApiVersion: 'v23.0' },
    });
    expect(form).toMatchObject({ accessToken: '', appSecret: '', graphApiUrl: 'http://127.0.0.1:9/graph/', graphApiVersion: 'v23.0' });
    const kept = toWhatsAppInput(form, false);
    expect(kept.ok).toBe(true);
    expect(kept.ok && 'accessToken' in kept.input).toBe(false);
    expect(kept.ok && 'appSecret' in kept.input).toBe(false);
    // Trailing slashes go, as on the server.
    expect(kept.ok && kept.input.settings.graphApiUrl).toBe('http://127.0.0.1:9/graph');

    const newSecret = toWhatsAppInput({ ...form, appSecret: SECRET }, false);
    expect(newSecret.ok && newSecret.input.appSecret).toBe(SECRET);
    expect(newSecret.ok && 'accessToken' in newSecret.input).toBe(false);
  });

  it('refuses what the server would refuse', () => {
    expect(isAccessToken(TOKEN)).toBe(true);
    expect(isAccessToken('EAA-short')).toBe(false);
    expect(isAccessToken(`${TOKEN} with spaces`)).toBe(false);
    expect(isAppSecret(SECRET)).toBe(true);
    expect(isAppSecret('abc')).toBe(false);
    const bad = toWhatsAppInput(
      {
        ...newWhatsAppForm(),
        name: '',
        accessToken: 'not a token!',
        appSecret: 'short',
        phoneNumberId: '+1 555 0100',
        businessAccountId: 'WABA-1',
        graphApiUrl: 'https://graph.facebook.com?x=1',
        graphApiVersion: '24',
      },
      true,
    );
    expect(bad.ok ? [] : bad.errors.map((error) => error.field)).toEqual([
      'name',
      'accessToken',
      'appSecret',
      'phoneNumberId',
      'businessAccountId',
      'graphApiUrl',
      'graphApiVersion',
    ]);
  });

  it('puts the server validation errors next to their fields', () => {
    expect(
      whatsappServerError(
        null,
        "settings.phoneNumberId: the number's id from WhatsApp Manager (digits, e.g. 106540352242922), not the phone number",
      ),
    ).toEqual({
      field: 'phoneNumberId',
      message: "The number's id from WhatsApp Manager (digits, e.g. 106540352242922), not the phone number.",
    });
    expect(whatsappServerError(null, 'appSecret: the app secret from the Meta app’s Settings → Basic (32 hex digits)')?.field).toBe(
      'appSecret',
    );
    expect(whatsappServerError(null, 'settings.graphApiVersion: like v24.0')?.field).toBe('graphApiVersion');
    expect(whatsappServerError(null, 'something else entirely')).toBeNull();
  });

  it('reads which secrets are set from secretsSet', () => {
    const channel = { secretsSet: { accessToken: true, appSecret: false } };
    expect(isSecretSet(channel, 'accessToken')).toBe(true);
    expect(isSecretSet(channel, 'appSecret')).toBe(false);
    expect(isSecretSet({}, 'accessToken')).toBe(false);
  });
});
