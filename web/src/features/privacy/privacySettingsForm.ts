// The privacy settings as typed in the form, checked as the server checks them (it has the last word: only it
// knows which regions libphonenumber reads), and its answers' errors placed next to the right field.
import type { PrivacySettings } from '../../api/types';

export const MIN_DAYS = 1;
export const MAX_DAYS = 36500;

export interface SettingsForm {
  phoneRegion: string;
  anonymiseAfterDays: string;
  deleteAfterDays: string;
  auditKeepDays: string;
}

export type SettingsField = keyof SettingsForm;
export type SettingsErrors = Partial<Record<SettingsField, string>>;

export const settingsToForm = (settings: PrivacySettings): SettingsForm => ({
  phoneRegion: settings.phoneRegion,
  anonymiseAfterDays: String(settings.anonymiseAfterDays),
  deleteAfterDays: String(settings.deleteAfterDays),
  auditKeepDays: String(settings.auditKeepDays),
});

/** A region as it is typed: letters only, upper case, at most two ("gb" → "GB"). */
export const cleanRegion = (text: string): string =>
  text
    .replace(/[^A-Za-z]/g, '')
    .toUpperCase()
    .slice(0, 2);

/** Whole days within 1–36500, or null. */
export function parseDays(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) {
    return null;
  }
  const days = Number(trimmed);
  return days >= MIN_DAYS && days <= MAX_DAYS ? days : null;
}

/** 90 → "90 days (about 3 months)", 365 → "365 days (1 year)", 1 → "1 day". */
export function describeDays(days: number): string {
  const base = days === 1 ? '1 day' : `${days} days`;
  if (days >= 365 && days % 365 === 0) {
    const years = days / 365;
    return `${base} (${years === 1 ? '1 year' : `${years} years`})`;
  }
  if (days >= 365) {
    const years = Math.round(days / 365);
    return `${base} (about ${years === 1 ? '1 year' : `${years} years`})`;
  }
  if (days >= 60) {
    return `${base} (about ${Math.round(days / 30.4375)} months)`;
  }
  return base;
}

/** What the retention fieldset says above its fields: how the days are counted and when a change takes effect. */
export const RETENTION_EXPLANATION =
  'Counted from when a conversation closed. A saved change applies within seconds, also to what is already ' +
  'stored; what is anonymised or deleted cannot be restored.';

export type RetentionField = Exclude<SettingsField, 'phoneRegion'>;

/** A retention field's hint: what its number does, or its range while the number cannot be read (null). */
export function retentionHint(field: RetentionField, days: number | null): string {
  switch (field) {
    case 'anonymiseAfterDays':
      return days === null
        ? `Conversations closed longer ago than this are anonymised: ${MIN_DAYS} to ${MAX_DAYS} days.`
        : `Conversations closed more than ${describeDays(days)} ago are anonymised: the text of their messages and ` +
            'notes and their files are removed; their statistics stay.';
    case 'deleteAfterDays':
      return days === null
        ? 'Conversations closed longer ago than this are deleted; not before they are anonymised.'
        : `Conversations closed more than ${describeDays(days)} ago are deleted, statistics and all.`;
    case 'auditKeepDays':
      return days === null
        ? `Audit entries older than this are pruned: ${MIN_DAYS} to ${MAX_DAYS} days.`
        : `Audit entries older than ${describeDays(days)} are pruned; the log stays verifiable.`;
  }
}

const DAYS_PROBLEM = `A whole number of days from ${MIN_DAYS} to ${MAX_DAYS}.`;

/** The settings to save, or the problem with each field that has one. */
export function checkSettings(form: SettingsForm): { ok: true; settings: PrivacySettings } | { ok: false; errors: SettingsErrors } {
  const errors: SettingsErrors = {};
  const region = form.phoneRegion.trim().toUpperCase();
  if (region !== '' && !/^[A-Z]{2}$/.test(region)) {
    errors.phoneRegion = 'Two letters, such as GB or US, or empty for none.';
  }
  const anonymise = parseDays(form.anonymiseAfterDays);
  const remove = parseDays(form.deleteAfterDays);
  const audit = parseDays(form.auditKeepDays);
  if (anonymise === null) {
    errors.anonymiseAfterDays = DAYS_PROBLEM;
  }
  if (remove === null) {
    errors.deleteAfterDays = DAYS_PROBLEM;
  } else if (anonymise !== null && remove < anonymise) {
    errors.deleteAfterDays = `Conversations cannot be deleted before they are anonymised: at least ${anonymise} days.`;
  }
  if (audit === null) {
    errors.auditKeepDays = DAYS_PROBLEM;
  }
  if (anonymise === null || remove === null || audit === null || Object.keys(errors).length > 0) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    settings: { phoneRegion: region, anonymiseAfterDays: anonymise, deleteAfterDays: remove, auditKeepDays: audit },
  };
}

export const FIELD_LABELS: Record<SettingsField, string> = {
  phoneRegion: 'Phone region',
  anonymiseAfterDays: 'Anonymise after',
  deleteAfterDays: 'Delete after',
  auditKeepDays: 'Keep audit entries',
};

/** Every problem in one message for the form's alert, in the form's order: "Delete after: …". */
export function settingsProblems(errors: SettingsErrors): string {
  return (Object.keys(FIELD_LABELS) as SettingsField[])
    .filter((field) => errors[field])
    .map((field) => `${FIELD_LABELS[field]}: ${errors[field]}`)
    .join(' ');
}

/** The server's 422 in words, and the field it is about when it names one. */
export function settingsServerError(message: string): { field: SettingsField | null; message: string } {
  if (/^phoneRegion\b/.test(message)) {
    return {
      field: 'phoneRegion',
      message: 'Parley does not know this region. Use a two-letter country code such as GB or US, or leave it empty.',
    };
  }
  if (/deleted before they are anonymised/.test(message)) {
    return { field: 'deleteAfterDays', message: 'Conversations cannot be deleted before they are anonymised.' };
  }
  const named = /^(anonymiseAfterDays|deleteAfterDays|auditKeepDays)\b/.exec(message)?.[1] as SettingsField | undefined;
  if (named) {
    return { field: named, message: DAYS_PROBLEM };
  }
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return { field: null, message: /[.!?]$/.test(text) ? text : `${text}.` };
}
