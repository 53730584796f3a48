import { describe, expect, it } from 'vitest';
import type { Channel } from '../../../api/routing';
import {
  contrastRatio,
  contrastWarning,
  embedSnippet,
  isOrigin,
  newWebchatForm,
  normalizeOrigin,
  parseOrigins,
  toWebchatInput,
  webchatFieldOf,
  webchatServerError,
  webchatToForm,
  type WebchatForm,
} from './webchatSettings';

const valid = (patch: Partial<WebchatForm> = {}): WebchatForm => ({
  ...newWebchatForm(),
  name: 'Web chat',
  origins: 'https://shop.example',
  ...patch,
});

const errorsOf = (form: WebchatForm) => {
  const converted = toWebchatInput(form);
  return converted.ok ? {} : Object.fromEntries(converted.errors.map((error) => [error.field, error.message]));
};

describe('a new web chat channel', () => {
  it("starts with the server's title, greeting and colours, on, with no sites", () => {
    expect(newWebchatForm()).toEqual({
      name: 'Web chat',
      origins: '',
      title: 'Chat with us',
      greeting: 'Hi! How can we help?',
      primary: '#2563eb',
      onPrimary: '#ffffff',
      enabled: true,
    });
  });

  it('becomes the create request', () => {
    expect(toWebchatInput(valid({ name: ' Shop chat ', title: ' Chat with us ', primary: '#2563EB' }))).toEqual({
      ok: true,
      input: {
        name: 'Shop chat',
        enabled: true,
        settings: {
          allowedOrigins: ['https://shop.example'],
          title: 'Chat with us',
          greeting: 'Hi! How can we help?',
          colors: { primary: '#2563eb', onPrimary: '#ffffff' },
        },
      },
    });
  });

  it('may list no sites (the demo page is always allowed) and have no greeting', () => {
    const converted = toWebchatInput(valid({ origins: '  \n ', greeting: '  ' }));
    expect(converted.ok && converted.input.settings).toMatchObject({ allowedOrigins: [], greeting: '' });
  });

  it('reports every problem at once', () => {
    expect(
      Object.keys(errorsOf(valid({ name: ' ', origins: 'shop.example', title: '', primary: 'blue', onPrimary: '#fff' }))),
    ).toEqual(['name', 'origins', 'title', 'primary', 'onPrimary']);
  });

  it('counts title and greeting as the server does (UTF-8 bytes)', () => {
    expect(errorsOf(valid({ title: 'x'.repeat(60) }))).toEqual({});
    expect(errorsOf(valid({ title: 'x'.repeat(61) }))).toEqual({ title: 'Title has at most 60 characters.' });
    expect(errorsOf(valid({ title: 'é'.repeat(31) }))).toEqual({ title: 'Title has at most 60 characters.' });
    expect(errorsOf(valid({ greeting: 'x'.repeat(500) }))).toEqual({});
    expect(errorsOf(valid({ greeting: 'x'.repeat(501) }))).toEqual({
      greeting: 'Greeting has at most 500 characters.',
    });
  });
});

describe('allowed origins', () => {
  it('are normalised: trimmed, lower-case, no trailing slash', () => {
    expect(normalizeOrigin('  HTTPS://Shop.Example/ ')).toBe('https://shop.example');
    expect(normalizeOrigin('http://localhost:3000//')).toBe('http://localhost:3000');
  });

  it('are http(s)://host with an optional port and nothing else', () => {
    for (const origin of [
      'https://shop.example',
      'http://localhost:3000',
      'https://127.0.0.1:8443',
      'https://[::1]:8443',
      'https://xn--bcher-kva.example',
    ]) {
      expect(isOrigin(origin), origin).toBe(true);
    }
    for (const origin of [
      'shop.example',
      'ftp://shop.example',
      'https://',
      'https://shop.example/path',
      'https://shop.example?x=1',
      'https://user@shop.example',
      'https://shop.example:0',
      'https://shop.example:70000',
      'https://shop.example:',
      'https://-shop.example',
      `https://${'a'.repeat(300)}.example`,
    ]) {
      expect(isOrigin(origin), origin).toBe(false);
    }
  });

  it('are read one per line, empty lines skipped and duplicates removed', () => {
    expect(parseOrigins('https://shop.example\n\n  HTTPS://SHOP.example/ \r\nhttp://localhost:3000\n')).toEqual({
      origins: ['https://shop.example', 'http://localhost:3000'],
      invalid: [],
    });
    expect(parseOrigins('https://a.example, https://b.example https://a.example').origins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });

  it('names the lines that are not origins, and what to keep of a page address', () => {
    expect(parseOrigins('https://shop.example\nshop.example\nhttps://shop.example/cart').invalid).toEqual([
      'shop.example',
      'https://shop.example/cart',
    ]);
    expect(errorsOf(valid({ origins: 'https://Shop.example/cart?id=1' }))).toEqual({
      origins:
        'Not an origin: https://Shop.example/cart?id=1. Each line is http(s)://host with an optional :port and no path, like https://shop.example. For https://Shop.example/cart?id=1, that is https://shop.example.',
    });
    expect(errorsOf(valid({ origins: 'a\nb\nc\nd\ne' })).origins).toMatch(/^Not origins: a, b, c and 2 more\. /);
  });

  it('are at most 50, counted after duplicates are removed', () => {
    const sites = (count: number) => Array.from({ length: count }, (_, index) => `https://s${index}.example`);
    expect(errorsOf(valid({ origins: [...sites(50), ...sites(50)].join('\n') }))).toEqual({});
    expect(errorsOf(valid({ origins: sites(51).join('\n') }))).toEqual({
      origins: 'At most 50 sites (you listed 51).',
    });
  });
});

describe('colours', () => {
  it('measures contrast as WCAG does', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    expect(contrastRatio('#2563eb', '#ffffff')).toBeCloseTo(5.17, 1);
    expect(contrastRatio('blue', '#ffffff')).toBeNull();
  });

  it('warns only when text is hard to read on the primary colour', () => {
    expect(contrastWarning('#2563eb', '#ffffff')).toBeNull();
    expect(contrastWarning('#ffff00', '#ffffff')).toMatch(/^The text colour is hard to read .*\(contrast 1\.1:1;/);
    expect(contrastWarning('nope', '#ffffff')).toBeNull();
  });
});

describe('an existing web chat channel', () => {
  const channel: Pick<Channel, 'name' | 'enabled' | 'settings'> = {
    name: 'Shop chat',
    enabled: false,
    settings: {
      allowedOrigins: ['https://shop.example', 'http://localhost:3000'],
      title: 'Talk to us',
      greeting: '',
      colors: { primary: '#AA0000', onPrimary: '#ffffff' },
    },
  };

  it('fills the form, one origin per line', () => {
    expect(webchatToForm(channel)).toEqual({
      name: 'Shop chat',
      enabled: false,
      origins: 'https://shop.example\nhttp://localhost:3000',
      title: 'Talk to us',
      greeting: '',
      primary: '#aa0000',
      onPrimary: '#ffffff',
    });
  });

  it('falls back to the defaults when the settings are not shown', () => {
    expect(webchatToForm({ name: 'Chat', enabled: true, settings: null })).toMatchObject({
      origins: '',
      title: 'Chat with us',
      primary: '#2563eb',
    });
  });
});

describe("the server's validation errors", () => {
  it('land on their field', () => {
    expect(webchatFieldOf('settings.allowedOrigins')).toBe('origins');
    expect(webchatFieldOf('settings.colors.onPrimary')).toBe('onPrimary');
    expect(webchatFieldOf('name')).toBe('name');
    expect(webchatFieldOf('settings.host')).toBeNull();
    expect(webchatFieldOf(null)).toBeNull();
  });

  it('are read from the message when the error names no field', () => {
    expect(
      webchatServerError(
        null,
        'settings.allowedOrigins: each origin is http(s)://host with an optional :port and no path, like https://shop.example',
      ),
    ).toEqual({
      field: 'origins',
      message: 'Each origin is http(s)://host with an optional :port and no path, like https://shop.example.',
    });
    expect(webchatServerError(null, 'settings.title: the title is 1 to 60 characters')).toEqual({
      field: 'title',
      message: 'The title is 1 to 60 characters.',
    });
    expect(webchatServerError(null, 'settings.colors.primary: a colour is #rrggbb')).toEqual({
      field: 'primary',
      message: 'Primary colour: a colour is #rrggbb.',
    });
    expect(webchatServerError('settings.greeting', 'settings.greeting is at most 500 characters')).toEqual({
      field: 'greeting',
      message: 'Greeting is at most 500 characters.',
    });
    expect(webchatServerError(null, 'something else went wrong')).toBeNull();
  });
});

describe('the embed code', () => {
  it('loads the widget script from this server, async', () => {
    expect(embedSnippet('https://parley.example', '/widget.js?channel=chn_01J')).toBe(
      '<script src="https://parley.example/widget.js?channel=chn_01J" async></script>',
    );
  });
});
