import { describe, expect, it } from 'vitest';
import type { Channel } from '../api/routing';
import { applyChannelUpdate, updatedChannelOf } from './channelEvents';

const channel = (id: string, name = id): Channel => ({
  id,
  type: id === 'api' ? 'api' : 'smpp',
  name,
  enabled: true,
  inboundPath: '',
  webhookUrl: '',
  webhookSecretSet: false,
  capabilities: { text: true, media: false, choices: true, maxChoices: 10, location: false, typing: false, readReceipts: false },
  replyWindowSeconds: null,
});

describe('channel.updated frames', () => {
  it('carry a channel', () => {
    const sms = channel('chn_1');
    expect(updatedChannelOf({ type: 'channel.updated', channel: sms })).toEqual(sms);
  });

  it('ignore other frames and malformed channels', () => {
    expect(updatedChannelOf({ type: 'queue.changed', channel: channel('chn_1') })).toBeNull();
    expect(updatedChannelOf({ type: 'channel.updated' })).toBeNull();
    expect(updatedChannelOf({ type: 'channel.updated', channel: { id: 'chn_1' } })).toBeNull();
    expect(updatedChannelOf({ type: 'channel.updated', channel: null })).toBeNull();
  });

  it('replace the channel with the same id, in place', () => {
    const list = [channel('api'), channel('chn_1', 'Old'), channel('chn_2')];
    const updated = applyChannelUpdate(list, channel('chn_1', 'New'), false);
    expect(updated.map((item) => item.name)).toEqual(['api', 'New', 'chn_2']);
    expect(list[1].name).toBe('Old');
  });

  it('add an unknown channel only when asked', () => {
    const list = [channel('api')];
    expect(applyChannelUpdate(list, channel('chn_9'), false).map((item) => item.id)).toEqual(['api']);
    expect(applyChannelUpdate(list, channel('chn_9'), true).map((item) => item.id)).toEqual(['api', 'chn_9']);
  });
});
