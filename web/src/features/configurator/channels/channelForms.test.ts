import { describe, expect, it } from 'vitest';
import { channelStateAdvice, enabledHint } from './channelForms';

describe('channel types in the Configurator', () => {
  it('advises only where something can be done', () => {
    expect(channelStateAdvice('refused', 'smpp')).toMatch(/system id, password and system type/);
    expect(channelStateAdvice('disconnected', 'smpp')).toMatch(/host, port and TLS/);
    expect(channelStateAdvice('refused', 'telegram')).toMatch(/@BotFather/);
    expect(channelStateAdvice('bound', 'smpp')).toBeNull();
    expect(channelStateAdvice('disabled', 'smpp')).toBeNull();
    expect(channelStateAdvice('refused', 'webchat')).toBeNull();
  });

  it('explains the enabled switch per channel type', () => {
    expect(enabledHint('api', false)).toMatch(/replies in existing conversations are still sent/);
    expect(enabledHint('smpp', true)).toMatch(/stays connected to the SMS center/);
    expect(enabledHint('smpp', false)).toMatch(/does not connect/);
    expect(enabledHint('webchat', true)).toMatch(/shows on the pages of the allowed sites/);
    expect(enabledHint('webchat', false)).toMatch(/does not show on any site/);
    expect(enabledHint('telegram', true)).toMatch(/bot is connected/);
    expect(enabledHint('viber', false)).toMatch(/removes the bot’s webhook/);
    expect(enabledHint('fax', false)).toBe(enabledHint('api', false));
  });
});
