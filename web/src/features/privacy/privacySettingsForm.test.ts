import { describe, expect, it } from 'vitest';
import {
  checkSettings,
  cleanRegion,
  describeDays,
  parseDays,
  RETENTION_EXPLANATION,
  retentionHint,
  settingsProblems,
  settingsServerError,
  settingsToForm,
} from './privacySettingsForm';

const form = { phoneRegion: 'GB', anonymiseAfterDays: '90', deleteAfterDays: '365', auditKeepDays: '365' };

describe('the privacy settings form', () => {
  it('reads the settings into the form and writes them back unchanged', () => {
    const settings = { phoneRegion: 'GB', anonymiseAfterDays: 90, deleteAfterDays: 365, auditKeepDays: 365 };
    expect(settingsToForm(settings)).toEqual(form);
    expect(checkSettings(settingsToForm(settings))).toEqual({ ok: true, settings });
  });

  it('takes a region as typed: letters, upper case, two at most; empty for none', () => {
    expect(cleanRegion('gb')).toBe('GB');
    expect(cleanRegion(' u-s a')).toBe('US');
    expect(checkSettings({ ...form, phoneRegion: '' })).toMatchObject({ ok: true, settings: { phoneRegion: '' } });
    expect(checkSettings({ ...form, phoneRegion: 'de' })).toMatchObject({ ok: true, settings: { phoneRegion: 'DE' } });
    expect(checkSettings({ ...form, phoneRegion: 'G' })).toMatchObject({ ok: false, errors: { phoneRegion: expect.any(String) } });
  });

  it('takes whole days from 1 to 36500', () => {
    expect(parseDays(' 30 ')).toBe(30);
    expect(parseDays('1')).toBe(1);
    expect(parseDays('36500')).toBe(36500);
    for (const text of ['0', '36501', '1.5', '-3', '', 'ninety']) {
      expect(parseDays(text), text).toBeNull();
    }
    expect(checkSettings({ ...form, auditKeepDays: '0' })).toEqual({
      ok: false,
      errors: { auditKeepDays: 'A whole number of days from 1 to 36500.' },
    });
  });

  it('refuses deleting before anonymising, next to the deletion', () => {
    expect(checkSettings({ ...form, anonymiseAfterDays: '400', deleteAfterDays: '365' })).toEqual({
      ok: false,
      errors: { deleteAfterDays: 'Conversations cannot be deleted before they are anonymised: at least 400 days.' },
    });
    expect(checkSettings({ ...form, anonymiseAfterDays: '365', deleteAfterDays: '365' }).ok).toBe(true);
  });

  it('puts every problem into the alert, in the form’s order', () => {
    expect(settingsProblems({ auditKeepDays: 'A.', phoneRegion: 'B.' })).toBe('Phone region: B. Keep audit entries: A.');
  });

  it('describes days in months and years too', () => {
    expect(describeDays(1)).toBe('1 day');
    expect(describeDays(30)).toBe('30 days');
    expect(describeDays(90)).toBe('90 days (about 3 months)');
    expect(describeDays(365)).toBe('365 days (1 year)');
    expect(describeDays(730)).toBe('730 days (2 years)');
    expect(describeDays(400)).toBe('400 days (about 1 year)');
  });
});

describe('what the retention settings say they do', () => {
  it('counts from a conversation’s close and applies a change at once, to what is stored too', () => {
    expect(RETENTION_EXPLANATION).toContain('Counted from when a conversation closed.');
    expect(RETENTION_EXPLANATION).toContain('applies within seconds, also to what is already stored');
  });

  it('says anonymised conversations keep their statistics and deleted ones do not', () => {
    expect(retentionHint('anonymiseAfterDays', 90)).toBe(
      'Conversations closed more than 90 days (about 3 months) ago are anonymised: the text of their messages and ' +
        'notes and their files are removed; their statistics stay.',
    );
    expect(retentionHint('deleteAfterDays', 365)).toBe(
      'Conversations closed more than 365 days (1 year) ago are deleted, statistics and all.',
    );
  });

  it('says old audit entries are pruned and the log stays verifiable', () => {
    expect(retentionHint('auditKeepDays', 1)).toBe('Audit entries older than 1 day are pruned; the log stays verifiable.');
  });

  it('gives the range while a number cannot be read', () => {
    expect(retentionHint('anonymiseAfterDays', null)).toContain('1 to 36500 days');
    expect(retentionHint('deleteAfterDays', null)).toContain('not before they are anonymised');
    expect(retentionHint('auditKeepDays', null)).toContain('1 to 36500 days');
  });
});

describe('the server’s answer to a refused save', () => {
  it('is put next to the field it is about', () => {
    expect(settingsServerError('phoneRegion must be a two-letter region code such as GB or US')).toEqual({
      field: 'phoneRegion',
      message: 'Parley does not know this region. Use a two-letter country code such as GB or US, or leave it empty.',
    });
    expect(settingsServerError('conversations cannot be deleted before they are anonymised').field).toBe('deleteAfterDays');
    expect(settingsServerError('auditKeepDays must be between 1 and 36500').field).toBe('auditKeepDays');
  });

  it('stays a sentence above the buttons otherwise', () => {
    expect(settingsServerError('retention is between 1 and 36500 days')).toEqual({
      field: null,
      message: 'Retention is between 1 and 36500 days.',
    });
  });
});
