import { describe, expect, it } from 'vitest';
import type { Channel } from '../../../api/routing';
import {
  newSmppForm,
  normalizeSourceAddress,
  smppFieldOf,
  smppServerError,
  smppToForm,
  sourceAddressProblem,
  toSmppInput,
  type SmppForm,
} from './smppSettings';

/** A form that passes every check. */
const valid = (patch: Partial<SmppForm> = {}): SmppForm => ({
  ...newSmppForm(),
  name: 'Twilio SMPP',
  host: 'smsc.example.com',
  systemId: 'parley',
  password: 'secret',
  sourceAddress: '+15550001111',
  ...patch,
});

const errorsOf = (form: SmppForm, mode: 'create' | 'edit' = 'create') => {
  const converted = toSmppInput(form, mode);
  return converted.ok ? {} : Object.fromEntries(converted.errors.map((error) => [error.field, error.message]));
};

describe('a new SMPP channel', () => {
  it('starts with port 2775, one bind, a window of 10, no rate limit, at least once, enabled', () => {
    expect(newSmppForm()).toEqual({
      name: '',
      host: '',
      port: '2775',
      tls: false,
      systemId: '',
      password: '',
      systemType: '',
      sourceAddress: '',
      binds: '1',
      window: '10',
      submitsPerSecond: '0',
      deliveryGuarantee: 'at-least-once',
      enabled: true,
    });
  });

  it('becomes the create request', () => {
    expect(toSmppInput(valid({ name: '  Twilio SMPP ', host: ' smsc.example.com ' }), 'create')).toEqual({
      ok: true,
      input: {
        name: 'Twilio SMPP',
        enabled: true,
        settings: {
          host: 'smsc.example.com',
          port: 2775,
          tls: false,
          systemId: 'parley',
          systemType: '',
          sourceAddress: '+15550001111',
          binds: 1,
          window: 10,
          submitsPerSecond: 0,
          deliveryGuarantee: 'at-least-once',
        },
        password: 'secret',
      },
    });
  });

  it('needs a password', () => {
    expect(errorsOf(valid({ password: '' }))).toEqual({ password: 'Password is required.' });
  });

  it('reports every missing field at once', () => {
    expect(Object.keys(errorsOf(newSmppForm()))).toEqual(['name', 'host', 'systemId', 'password', 'sourceAddress']);
  });
});

describe('editing an SMPP channel', () => {
  const channel: Pick<Channel, 'name' | 'enabled' | 'settings'> = {
    name: 'Twilio SMPP',
    enabled: false,
    settings: {
      host: 'smsc.example.com',
      port: 3550,
      tls: true,
      systemId: 'parley',
      systemType: 'VMA',
      sourceAddress: 'ACME',
      binds: 2,
      window: 20,
      submitsPerSecond: 12.5,
      deliveryGuarantee: 'at-most-once',
    },
  };

  it('fills the form from the channel, with an empty password', () => {
    const form = smppToForm(channel);
    expect(form).toMatchObject({ port: '3550', tls: true, binds: '2', window: '20', submitsPerSecond: '12.5' });
    expect(form.password).toBe('');
    expect(form.enabled).toBe(false);
  });

  it('keeps the stored password when the field is left empty', () => {
    const converted = toSmppInput(smppToForm(channel), 'edit');
    expect(converted.ok).toBe(true);
    expect(converted.ok && 'password' in converted.input).toBe(false);
    expect(converted.ok && converted.input.settings).toEqual(channel.settings);
  });

  it('sends a new password', () => {
    const converted = toSmppInput({ ...smppToForm(channel), password: 'n3w' }, 'edit');
    expect(converted.ok && converted.input.password).toBe('n3w');
  });

  it('falls back to the defaults for settings the server left out', () => {
    expect(smppToForm({ name: 'x', enabled: true }).port).toBe('2775');
    expect(smppToForm({ name: 'x', enabled: true, settings: null }).binds).toBe('1');
  });
});

describe('SMPP checks', () => {
  it('host: required, one name without spaces or path', () => {
    expect(errorsOf(valid({ host: ' ' })).host).toBe('Host is required.');
    expect(errorsOf(valid({ host: 'smsc example.com' })).host).toMatch(/without spaces/);
    expect(errorsOf(valid({ host: 'smpp://smsc.example.com/' })).host).toMatch(/without spaces, scheme or path/);
    expect(errorsOf(valid({ host: '10.0.0.7' }))).toEqual({});
  });

  it('port: 1 to 65535', () => {
    expect(errorsOf(valid({ port: '0' })).port).toBe('Port must be between 1 and 65535.');
    expect(errorsOf(valid({ port: '65536' })).port).toBe('Port must be between 1 and 65535.');
    expect(errorsOf(valid({ port: '27.5' })).port).toBe('Port must be a whole number.');
    expect(errorsOf(valid({ port: '' })).port).toBe('Port must be a whole number.');
    expect(errorsOf(valid({ port: '65535' }))).toEqual({});
  });

  it('system id: 1 to 15 characters', () => {
    expect(errorsOf(valid({ systemId: '' })).systemId).toBe('System id is required.');
    expect(errorsOf(valid({ systemId: 'a'.repeat(15) }))).toEqual({});
    expect(errorsOf(valid({ systemId: 'a'.repeat(16) })).systemId).toMatch(/at most 15/);
  });

  it('password: at most 8 characters, counted as the server counts them (bytes)', () => {
    expect(errorsOf(valid({ password: '12345678' }))).toEqual({});
    expect(errorsOf(valid({ password: '123456789' })).password).toMatch(/at most 8/);
    expect(errorsOf(valid({ password: 'ééééé' })).password).toMatch(/at most 8/);
    expect(errorsOf(valid({ password: '123456789' }), 'edit').password).toMatch(/at most 8/);
  });

  it('system type: at most 12 characters, may be empty', () => {
    expect(errorsOf(valid({ systemType: '' }))).toEqual({});
    expect(errorsOf(valid({ systemType: 'a'.repeat(12) }))).toEqual({});
    expect(errorsOf(valid({ systemType: 'a'.repeat(13) })).systemType).toMatch(/at most 12/);
  });

  it('binds 1–10, window 1–100', () => {
    expect(errorsOf(valid({ binds: '0' })).binds).toBe('Binds must be between 1 and 10.');
    expect(errorsOf(valid({ binds: '11' })).binds).toBe('Binds must be between 1 and 10.');
    expect(errorsOf(valid({ binds: '10', window: '100' }))).toEqual({});
    expect(errorsOf(valid({ window: '0' })).window).toBe('Window must be between 1 and 100.');
    expect(errorsOf(valid({ window: '101' })).window).toBe('Window must be between 1 and 100.');
  });

  it('messages per second: 0 or more, fractions allowed', () => {
    expect(errorsOf(valid({ submitsPerSecond: '0' }))).toEqual({});
    expect(errorsOf(valid({ submitsPerSecond: '0.5' }))).toEqual({});
    expect(errorsOf(valid({ submitsPerSecond: '100000' }))).toEqual({});
    const message = 'Messages per second must be a number from 0 (no limit) to 100000.';
    expect(errorsOf(valid({ submitsPerSecond: '100001' })).submitsPerSecond).toBe(message);
    expect(errorsOf(valid({ submitsPerSecond: '-1' })).submitsPerSecond).toBe(message);
    expect(errorsOf(valid({ submitsPerSecond: '' })).submitsPerSecond).toBe(message);
    expect(errorsOf(valid({ submitsPerSecond: 'fast' })).submitsPerSecond).toBe(message);
  });

  it('delivery guarantee: one of the two', () => {
    expect(errorsOf(valid({ deliveryGuarantee: 'at-most-once' }))).toEqual({});
    expect(
      errorsOf(valid({ deliveryGuarantee: 'exactly-once' as SmppForm['deliveryGuarantee'] })).deliveryGuarantee,
    ).toBe('Choose a delivery guarantee.');
  });

  it('name: required, at most 100 characters', () => {
    expect(errorsOf(valid({ name: '  ' })).name).toBe('Name is required.');
    expect(errorsOf(valid({ name: 'x'.repeat(101) })).name).toMatch(/at most 100/);
  });
});

describe('sender ids', () => {
  it('take phone numbers of up to 20 digits, with an optional leading +', () => {
    expect(sourceAddressProblem('+15550001111')).toBeNull();
    expect(sourceAddressProblem('15550001111')).toBeNull();
    expect(sourceAddressProblem('12345')).toBeNull();
    expect(sourceAddressProblem(`+${'1'.repeat(20)}`)).toBeNull();
    expect(sourceAddressProblem('1'.repeat(21))).toMatch(/at most 20 digits/);
  });

  it('take names of up to 11 letters, digits and spaces', () => {
    expect(sourceAddressProblem('ACME')).toBeNull();
    expect(sourceAddressProblem('Parley2026X')).toBeNull();
    expect(sourceAddressProblem('ACME Ltd')).toBeNull();
    expect(sourceAddressProblem('ParleyCenter')).toMatch(/at most 11 characters/);
    expect(sourceAddressProblem('Café')).toMatch(/no accents or symbols/);
    expect(sourceAddressProblem('ACME-Ltd')).toMatch(/no accents or symbols/);
    expect(sourceAddressProblem('+ACME')).toMatch(/no accents or symbols/);
    expect(sourceAddressProblem('')).toBe('Sender id is required.');
  });

  it('drop the separators people type in phone numbers', () => {
    expect(normalizeSourceAddress(' +1 (555) 000-11.11 ')).toBe('+15550001111');
    expect(normalizeSourceAddress('ACME')).toBe('ACME');
    expect(normalizeSourceAddress('ACME Ltd')).toBe('ACME Ltd');
    expect(normalizeSourceAddress(' - ')).toBe('-');
    expect(toSmppInput(valid({ sourceAddress: '+1 555 000 1111' }), 'create')).toMatchObject({
      ok: true,
      input: { settings: { sourceAddress: '+15550001111' } },
    });
  });
});

describe('server errors', () => {
  it('point at the form field they name', () => {
    expect(smppFieldOf('settings.host')).toBe('host');
    expect(smppFieldOf('settings.submitsPerSecond')).toBe('submitsPerSecond');
    expect(smppFieldOf('password')).toBe('password');
    expect(smppFieldOf('name')).toBe('name');
    expect(smppFieldOf('settings.tls')).toBe('tls');
  });

  it('read as sentences next to their field', () => {
    expect(smppServerError('settings.port', 'the port must be between 1 and 65535')).toEqual({
      field: 'port',
      message: 'The port must be between 1 and 65535.',
    });
    // Without a field, the message's first word names it.
    expect(smppServerError(null, 'settings.tls: TLS to the SMS center is not supported yet')).toEqual({
      field: 'tls',
      message: 'TLS to the SMS center is not supported yet.',
    });
    expect(smppServerError(null, 'settings.window must be between 1 and 100')).toEqual({
      field: 'window',
      message: 'Window must be between 1 and 100.',
    });
    expect(smppServerError(null, 'password: SMPP 3.4 passwords are at most 8 characters')).toEqual({
      field: 'password',
      message: 'SMPP 3.4 passwords are at most 8 characters.',
    });
    expect(smppServerError('name', 'name must not be empty')).toEqual({ field: 'name', message: 'Name must not be empty.' });
  });

  it('stay general when they name no field of the form', () => {
    expect(smppServerError(null, 'the channel was deleted')).toBeNull();
    expect(smppServerError(null, 'settings must be an object')).toBeNull();
    expect(smppServerError('type', 'type must be smpp')).toBeNull();
    expect(smppServerError(null, 'names are hard')).toBeNull();
  });

  it('point nowhere for other fields', () => {
    expect(smppFieldOf('settings')).toBeNull();
    expect(smppFieldOf('settings.password')).toBeNull();
    expect(smppFieldOf('type')).toBeNull();
    expect(smppFieldOf(null)).toBeNull();
    expect(smppFieldOf(undefined)).toBeNull();
  });
});
