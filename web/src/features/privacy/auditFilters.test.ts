import { describe, expect, it } from 'vitest';
import {
  auditFormFromQuery,
  auditProblems,
  auditServerError,
  auditSummary,
  checkAuditForm,
  EMPTY_AUDIT_FORM,
  firstInvalid,
  isDay,
  isFiltered,
  nextDay,
} from './auditFilters';

const form = (overrides: Partial<typeof EMPTY_AUDIT_FORM>) => ({ ...EMPTY_AUDIT_FORM, ...overrides });

describe('the audit log’s filters', () => {
  it('sends no filter for an empty form', () => {
    expect(checkAuditForm(EMPTY_AUDIT_FORM)).toEqual({ ok: true, filter: {} });
    expect(checkAuditForm(form({ entityId: '  ', attribute: ' ' }))).toEqual({ ok: true, filter: {} });
  });

  it('trims what was typed and sends what is set', () => {
    expect(
      checkAuditForm(
        form({ entity: 'contact', entityId: ' con_1 ', attribute: ' email ', actorKind: 'user', actorId: ' usr_1 ' }),
      ),
    ).toEqual({
      ok: true,
      filter: { entity: 'contact', entityId: 'con_1', attribute: 'email', actorKind: 'user', actorId: 'usr_1' },
    });
  });

  it('includes both days, so Until goes out as the day after', () => {
    expect(checkAuditForm(form({ from: '2026-12-01', until: '2026-12-07' }))).toEqual({
      ok: true,
      filter: { from: '2026-12-01', until: '2026-12-08' },
    });
    expect(checkAuditForm(form({ from: '2026-12-01', until: '2026-12-01' }))).toEqual({
      ok: true,
      filter: { from: '2026-12-01', until: '2026-12-02' },
    });
    expect(checkAuditForm(form({ until: '2026-12-31' }))).toEqual({ ok: true, filter: { until: '2027-01-01' } });
  });

  it('wants an entity for an entity id', () => {
    expect(checkAuditForm(form({ entityId: 'con_1' }))).toEqual({
      ok: false,
      errors: { entity: 'Choose the kind of entity the id belongs to.' },
    });
  });

  it('refuses days that are not days, and an Until before From', () => {
    expect(checkAuditForm(form({ from: '2026-13-01' }))).toEqual({ ok: false, errors: { from: 'A day like 2026-12-01.' } });
    expect(checkAuditForm(form({ until: 'yesterday' }))).toEqual({ ok: false, errors: { until: 'A day like 2026-12-01.' } });
    expect(checkAuditForm(form({ from: '2026-12-07', until: '2026-12-01' }))).toEqual({
      ok: false,
      errors: { until: 'Until cannot be before From.' },
    });
  });

  it('refuses filters longer than the server takes, counted in bytes', () => {
    expect(checkAuditForm(form({ attribute: 'a'.repeat(200) })).ok).toBe(true);
    expect(checkAuditForm(form({ attribute: 'a'.repeat(201) }))).toEqual({ ok: false, errors: { attribute: 'At most 200 bytes.' } });
    expect(checkAuditForm(form({ actorId: 'é'.repeat(101) })).ok).toBe(false);
  });

  it('puts every problem into the alert, in the form’s order, and focuses the first', () => {
    const errors = { until: 'Until cannot be before From.', entity: 'Choose the kind of entity the id belongs to.' };
    expect(auditProblems(errors)).toBe(
      'Entity: Choose the kind of entity the id belongs to. Until: Until cannot be before From.',
    );
    expect(firstInvalid(errors)).toBe('entity');
    expect(firstInvalid({})).toBeUndefined();
  });

  it('says the server’s refusal as a sentence', () => {
    expect(auditServerError('entityId needs an entity')).toBe('The server refused the filters: entityId needs an entity.');
    expect(auditServerError('limit is 1 to 1000.')).toBe('The server refused the filters: limit is 1 to 1000.');
  });
});

describe('days', () => {
  it('knows real days from 1970 on', () => {
    for (const day of ['1970-01-01', '2026-12-01', '2028-02-29']) {
      expect(isDay(day), day).toBe(true);
    }
    for (const day of ['1969-12-31', '2026-02-29', '2026-12-32', '2026-1-01', '2026-12-01T00:00:00Z', '']) {
      expect(isDay(day), day).toBe(false);
    }
  });

  it('counts to the next day across months, years and leap days', () => {
    expect(nextDay('2026-12-07')).toBe('2026-12-08');
    expect(nextDay('2026-11-30')).toBe('2026-12-01');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
    expect(nextDay('2026-03-28')).toBe('2026-03-29');
  });
});

describe('auditSummary', () => {
  it('says plainly that nothing matches', () => {
    expect(auditSummary(0, false, true)).toBe('No audit entries match these filters.');
    expect(auditSummary(0, false, false)).toBe('No audit entries yet.');
  });

  it('counts what is shown and says whether older entries can be loaded', () => {
    expect(auditSummary(100, true, false)).toBe('Showing 100 entries; older ones can be loaded.');
    expect(auditSummary(200, true, true)).toBe('Showing 200 matching entries; older ones can be loaded.');
    expect(auditSummary(3, false, true)).toBe('Showing 3 matching entries, all there are.');
    expect(auditSummary(1, false, false)).toBe('Showing 1 entry, the only one.');
  });

  it('knows a filtered search from the whole log', () => {
    expect(isFiltered({})).toBe(false);
    expect(isFiltered({ attribute: '' })).toBe(false);
    expect(isFiltered({ actorKind: 'system' })).toBe(true);
  });
});

describe('the audit log opened from a link', () => {
  it('takes the filters the link gives', () => {
    expect(auditFormFromQuery('?entity=contact&entityId=con_1')).toEqual(
      form({ entity: 'contact', entityId: 'con_1' }),
    );
    expect(auditFormFromQuery('')).toEqual(EMPTY_AUDIT_FORM);
    expect(auditFormFromQuery('?entity=spaceship&actorKind=robot&attribute=%20email%20')).toEqual(
      form({ attribute: 'email' }),
    );
  });
});
