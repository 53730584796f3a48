import { describe, expect, it } from 'vitest';
import { memoryStore, openStorage, storageKey, type KeyValueStore } from './storage';

const state = { token: 'vt_1', outbox: [{ clientId: 'c_1', text: 'hi', createdAt: '2025-01-01T10:00:00.000Z' }] };

function browser() {
  return { localStorage: memoryStore(), sessionStorage: memoryStore() };
}

describe('openStorage', () => {
  it('uses sessionStorage only, under parley.widget.<channel>, without consent', () => {
    const host = browser();
    openStorage('chn_1', false, host).save(state);
    expect(JSON.parse(host.sessionStorage.getItem(storageKey('chn_1')) ?? 'null')).toEqual(state);
    expect(host.localStorage.getItem('parley.widget.chn_1')).toBeNull();
  });

  it('uses localStorage when the site says the visitor consented', () => {
    const host = browser();
    openStorage('chn_1', true, host).save(state);
    expect(host.localStorage.getItem('parley.widget.chn_1')).not.toBeNull();
    expect(host.sessionStorage.getItem('parley.widget.chn_1')).toBeNull();
  });

  it('reads back what it saved', () => {
    const host = browser();
    openStorage('chn_1', true, host).save(state);
    expect(openStorage('chn_1', true, host).load()).toEqual(state);
  });

  it('moves a session state into localStorage once consent is given', () => {
    const host = browser();
    openStorage('chn_1', false, host).save(state);
    expect(openStorage('chn_1', true, host).load()).toEqual(state);
    expect(host.localStorage.getItem('parley.widget.chn_1')).not.toBeNull();
    expect(host.sessionStorage.getItem('parley.widget.chn_1')).toBeNull();
  });

  it('moves a state out of localStorage when consent is withdrawn', () => {
    const host = browser();
    openStorage('chn_1', true, host).save(state);
    expect(openStorage('chn_1', false, host).load()).toEqual(state);
    expect(host.localStorage.getItem('parley.widget.chn_1')).toBeNull();
    expect(host.sessionStorage.getItem('parley.widget.chn_1')).not.toBeNull();
  });

  it('keeps channels apart', () => {
    const host = browser();
    openStorage('chn_1', false, host).save(state);
    expect(openStorage('chn_2', false, host).load()).toEqual({ token: null, outbox: [] });
  });

  it('removes its key when there is nothing to keep', () => {
    const host = browser();
    const storage = openStorage('chn_1', false, host);
    storage.save(state);
    storage.save({ token: null, outbox: [] });
    expect(host.sessionStorage.getItem('parley.widget.chn_1')).toBeNull();
  });

  it('falls back to memory when the browser refuses storage', () => {
    const host = {
      get localStorage(): KeyValueStore {
        throw new Error('SecurityError');
      },
      get sessionStorage(): KeyValueStore {
        throw new Error('SecurityError');
      },
    };
    const storage = openStorage('chn_1', true, host);
    storage.save(state);
    expect(storage.load()).toEqual(state);
  });

  it('keeps the token and texts when images do not fit the quota', () => {
    const items = new Map<string, string>();
    const small: KeyValueStore = {
      getItem: (key) => items.get(key) ?? null,
      setItem: (key, value) => {
        if (value.length > 200) {
          throw new Error('QuotaExceededError');
        }
        items.set(key, value);
      },
      removeItem: (key) => void items.delete(key),
    };
    const image = { name: 'a.png', type: 'image/png', data: 'A'.repeat(500) };
    const storage = openStorage('chn_1', false, { sessionStorage: small });
    storage.save({ ...state, outbox: [...state.outbox, { clientId: 'c_2', image, createdAt: '' }] });
    expect(storage.load()).toEqual(state);
  });

  it('treats unreadable contents as empty', () => {
    const host = browser();
    host.sessionStorage.setItem('parley.widget.chn_1', '{not json');
    expect(openStorage('chn_1', false, host).load()).toEqual({ token: null, outbox: [] });
  });
});
