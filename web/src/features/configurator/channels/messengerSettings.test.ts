import { describe, expect, it } from 'vitest';
import { isMessengerType, messengerServerError, messengerToForm, newMessengerForm, toMessengerInput } from './messengerSettings';

const TOKEN = 'EAAGm0PX4ZCpsBAKZBZC1234567890abcdefghijklmnop';
const SECRET = '0123456789abcdef0123456789abcdef';

describe('Messenger and Instagram channel forms', () => {
  it('need the page id and both secrets when creating; Instagram needs its account id too', () => {
    const messenger = toMessengerInput(newMessengerForm('messenger'), 'messenger', true);
    expect(messenger.ok ? [] : messenger.errors.map((error) => error.field)).toEqual(['accessToken', 'appSecret', 'pageId']);
    const instagram = toMessengerInput(newMessengerForm('instagram'), 'instagram', true);
    expect(instagram.ok ? [] : instagram.errors.map((error) => error.field)).toEqual([
      'accessToken',
      'appSecret',
      'pageId',
      'instagramAccountId',
    ]);
  });

  it('trims, sends no Instagram id for a Messenger page, and keeps the saved secrets when editing with the fields empty', () => {
    const form = {
      ...newMessengerForm('messenger'),
      name: ' Shop ',
      pageId: ' 1111111111 ',
      instagramAccountId: '17840000000000001',
      accessToken: ` ${TOKEN} `,
      appSecret: SECRET,
      graphApiUrl: 'http://127.0.0.1:9/graph/',
    };
    expect(toMessengerInput(form, 'messenger', true)).toEqual({
      ok: true,
      input: {
        name: 'Shop',
        enabled: true,
        settings: { pageId: '1111111111', humanAgentTag: false, graphApiUrl: 'http://127.0.0.1:9/graph', graphApiVersion: 'v24.0' },
        accessToken: TOKEN,
        appSecret: SECRET,
      },
    });

    const edit = messengerToForm({
      name: 'Shop',
      enabled: false,
      settings: { pageId: '1111111111', instagramAccountId: '17840000000000001', humanAgentTag: true, graphApiUrl: '', graphApiVersion: '' },
    });
    expect(edit).toMatchObject({ accessToken: '', appSecret: '', humanAgentTag: true, graphApiUrl: 'https://graph.facebook.com', graphApiVersion: 'v24.0' });
    const kept = toMessengerInput(edit, 'instagram', false);
    expect(kept.ok && kept.input).toEqual({
      name: 'Shop',
      enabled: false,
      settings: {
        pageId: '1111111111',
        instagramAccountId: '17840000000000001',
        humanAgentTag: true,
        graphApiUrl: 'https://graph.facebook.com',
        graphApiVersion: 'v24.0',
      },
    });
  });

  it('refuses what the server would refuse', () => {
    const bad = toMessengerInput(
      {
        ...newMessengerForm('instagram'),
        name: '',
        accessToken: 'not a token!',
        appSecret: 'short',
        pageId: 'shop-page',
        instagramAccountId: '@shop',
        graphApiUrl: 'ftp://graph',
        graphApiVersion: '24',
      },
      'instagram',
      false,
    );
    expect(bad.ok ? [] : bad.errors.map((error) => error.field)).toEqual([
      'name',
      'accessToken',
      'appSecret',
      'pageId',
      'instagramAccountId',
      'graphApiUrl',
      'graphApiVersion',
    ]);
  });

  it('puts the server validation errors (422) next to their fields', () => {
    expect(messengerServerError(null, "settings.pageId: the Facebook page's id (digits, from the page's About)")).toEqual({
      field: 'pageId',
      message: "The Facebook page's id (digits, from the page's About)",
    });
    expect(messengerServerError(null, "settings.instagramAccountId: the Instagram professional account's id (digits)")?.field).toBe(
      'instagramAccountId',
    );
    expect(messengerServerError(null, "accessToken: the page's access token from the Meta app (starts with EAA…)")?.field).toBe('accessToken');
    expect(messengerServerError(null, "appSecret: the app secret from the Meta app's Settings → Basic (32 hex digits)")?.field).toBe('appSecret');
    expect(messengerServerError('settings.graphApiVersion', 'settings.graphApiVersion: like v24.0')?.field).toBe('graphApiVersion');
    expect(messengerServerError(null, 'something else')).toBeNull();
  });

  it('knows its types', () => {
    expect(isMessengerType('messenger')).toBe(true);
    expect(isMessengerType('instagram')).toBe(true);
    expect(isMessengerType('whatsapp')).toBe(false);
  });
});
