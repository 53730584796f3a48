// A preview and an import as the contract's examples have them, for the tests.
import type { ContactImport, ImportPreview } from '../../../api/types';

export const preview: ImportPreview = {
  rows: 1200,
  create: 1000,
  update: 150,
  unchanged: 40,
  failed: 10,
  columns: [
    { header: 'Name', field: 'name' },
    { header: 'plan', field: 'attributes.plan' },
    { header: 'identity.ch_123', field: 'identity', channelId: 'ch_123', channelName: 'Support SMS' },
  ],
  sample: [
    { line: 2, action: 'create', name: 'Ada Lovelace', email: 'ada@example.com', phone: '+447911123456' },
    {
      line: 3,
      action: 'update',
      contactId: 'ct_01GRACE',
      changes: ['name', 'attributes.plan'],
      name: 'Grace Hopper',
      email: 'grace@example.com',
      phone: null,
    },
    { line: 9, action: 'error', error: 'email "ada@" is not an address' },
  ],
  errors: [{ line: 9, error: 'email "ada@" is not an address' }],
};

export const running: ContactImport = {
  id: 'imp_01',
  state: 'running',
  rows: 1200,
  processed: 400,
  created: 350,
  updated: 40,
  unchanged: 10,
  failed: 1,
  errors: [{ line: 9, error: 'email "ada@" is not an address' }],
  startedAt: '2026-12-07T06:00:00Z',
  finishedAt: null,
  by: 'usr_01ADMIN',
};

export const done: ContactImport = {
  ...running,
  state: 'done',
  processed: 1200,
  created: 1000,
  updated: 150,
  unchanged: 40,
  failed: 10,
  finishedAt: '2026-12-07T06:01:00Z',
};
