import { beforeEach, describe, expect, it } from 'vitest';
import { fakeFetch, type FakeAnswer, type FetchCall } from '../test/fakeFetch';
import {
  deactivateUser,
  deleteUser,
  reactivateUser,
  renameSkill,
  rotateWebhookSecret,
  updateRoutingSettings,
} from './routing';
import type { User } from './types';

describe('the user lifecycle and skill rename calls', () => {
  let calls: FetchCall[] = [];
  let answer: unknown = {};
  let status = 200;

  beforeEach(() => {
    status = 200;
    ({ calls } = fakeFetch({ csrf: 'tok1', answer: () => ({ status, body: answer }) }));
  });

  const user: User = {
    id: 'usr_1',
    tenantId: 'ten_1',
    email: 'al@example.test',
    displayName: 'Al Agent',
    role: 'agent',
    status: 'deactivated',
    deactivatedAt: '2026-12-07T10:00:00Z',
    createdAt: '2026-12-01T09:00:00Z',
  };

  it('deactivates, reactivates and deletes a user, the deletion confirmed in its body', async () => {
    answer = { user };
    expect(await deactivateUser('usr/1')).toEqual(user);
    expect(await reactivateUser('usr_1')).toEqual(user);
    expect(await deleteUser('usr_1')).toEqual(user);
    expect(calls).toEqual([
      { method: 'POST', url: '/api/v1/users/usr%2F1/deactivate', body: undefined, csrf: 'tok1' },
      { method: 'POST', url: '/api/v1/users/usr_1/reactivate', body: undefined, csrf: 'tok1' },
      { method: 'DELETE', url: '/api/v1/users/usr_1', body: { confirm: 'delete' }, csrf: 'tok1' },
    ]);
  });

  it('renames a skill', async () => {
    const skill = { id: 'skl_1', name: 'Invoices', createdAt: '2026-12-01T09:00:00Z' };
    answer = { skill };
    expect(await renameSkill('skl_1', 'Invoices')).toEqual(skill);
    expect(calls).toEqual([{ method: 'PATCH', url: '/api/v1/skills/skl_1', body: { name: 'Invoices' }, csrf: 'tok1' }]);
  });

  it('hands on the server’s refusal', async () => {
    status = 409;
    answer = { error: { code: 'conflict', message: 'the tenant would be left without an admin' } };
    await expect(deactivateUser('usr_1')).rejects.toMatchObject({
      code: 'conflict',
      message: 'the tenant would be left without an admin',
      status: 409,
    });
  });
});

describe('the routing settings and the webhook signing secret', () => {
  let calls: FetchCall[] = [];
  let answers: FakeAnswer[] = [];

  beforeEach(() => {
    ({ calls, answers } = fakeFetch({ csrf: 'tok1' }));
  });

  const settings = {
    reopenWindowSeconds: 3600,
    offlineGraceSeconds: 60,
    apiWebhookUrl: 'https://hooks.example/parley',
    apiWebhookSecretSet: true,
  };

  it('PATCHes the settings and hands on the secret only when the answer carries one', async () => {
    answers.push({ status: 200, body: { settings, apiWebhookSecret: 'whsec_first' } }, { status: 200, body: { settings } });
    expect(await updateRoutingSettings({ apiWebhookUrl: 'https://hooks.example/parley' })).toEqual({
      settings,
      apiWebhookSecret: 'whsec_first',
    });
    const again = await updateRoutingSettings({ reopenWindowSeconds: 3600 });
    expect(again).toEqual({ settings });
    expect('apiWebhookSecret' in again).toBe(false);
    expect(calls).toEqual([
      {
        method: 'PATCH',
        url: '/api/v1/settings/routing',
        body: { apiWebhookUrl: 'https://hooks.example/parley' },
        csrf: 'tok1',
      },
      { method: 'PATCH', url: '/api/v1/settings/routing', body: { reopenWindowSeconds: 3600 }, csrf: 'tok1' },
    ]);
  });

  it('POSTs for a new secret, without a body, and answers it', async () => {
    answers.push({ status: 200, body: { settings, apiWebhookSecret: 'whsec_new' } });
    expect(await rotateWebhookSecret()).toEqual({ settings, apiWebhookSecret: 'whsec_new' });
    expect(calls).toEqual([
      { method: 'POST', url: '/api/v1/settings/routing/webhook-secret', body: undefined, csrf: 'tok1' },
    ]);
  });

  it('hands on the server’s refusal of a URL', async () => {
    answers.push({
      status: 422,
      body: { error: { code: 'validation_failed', message: 'apiWebhookUrl must be an https:// URL', field: 'apiWebhookUrl' } },
    });
    await expect(updateRoutingSettings({ apiWebhookUrl: 'http://hooks.example/parley' })).rejects.toMatchObject({
      code: 'validation_failed',
      message: 'apiWebhookUrl must be an https:// URL',
      status: 422,
    });
  });
});
