// The category form's state and its conversion to and from CategoryInput (docs/api.md). The form keeps
// what the user typed as text; `toCategoryInput` checks what is obvious and the server has the last word.
import type { Category, CategoryInput, WindowBoost } from '../../../api/routing';
import { serverFieldError } from '../channels/serverFieldError';

export interface StepForm {
  /** Stable React key; not sent. */
  key: string;
  afterSeconds: string;
  /** "then anyone": the step drops every skill requirement. */
  anyone: boolean;
  /** Alternative skill sets (skill ids), any one of which is enough. */
  sets: string[][];
}

export interface CategoryForm {
  name: string;
  priority: string;
  position: string;
  skills: string[];
  offerTimeoutSeconds: string;
  steps: StepForm[];
  channels: string;
  keywords: string;
  entryPoints: string;
  /** "Raise priority when the reply window is about to close" (windowBoost). */
  boost: boolean;
  /** By how much, 1–100. */
  boostPriority: string;
  /** When less than this many hours of the window remain (decimals allowed), from 1 minute to 24 hours. */
  boostHours: string;
}

export type CategoryField =
  | 'name'
  | 'priority'
  | 'position'
  | 'offerTimeoutSeconds'
  | 'channels'
  | 'keywords'
  | 'entryPoints'
  | 'boostPriority'
  | 'boostHours'
  | `step-${number}`;

export interface FieldError {
  field: CategoryField;
  message: string;
}

export type Conversion = { ok: true; input: CategoryInput } | { ok: false; errors: FieldError[] };

let nextKey = 0;
export const newStepKey = (): string => `step-${++nextKey}`;

export function emptyStep(afterSeconds = ''): StepForm {
  return { key: newStepKey(), afterSeconds, anyone: true, sets: [[]] };
}

/** The form for a new category (at `position`) or for editing `category`. */
export function categoryToForm(category: Category | null, position = 0): CategoryForm {
  if (!category) {
    return {
      name: '',
      priority: '0',
      position: String(position),
      skills: [],
      offerTimeoutSeconds: '0',
      steps: [],
      channels: '',
      keywords: '',
      entryPoints: '',
      ...boostToForm(null),
    };
  }
  return {
    name: category.name,
    priority: String(category.priority),
    position: String(category.position),
    skills: [...category.skills],
    offerTimeoutSeconds: String(category.offerTimeoutSeconds),
    steps: category.relaxation.map((step) => {
      const anyone = step.anyOf.length === 0 || step.anyOf.some((set) => set.length === 0);
      return {
        key: newStepKey(),
        afterSeconds: String(step.afterSeconds),
        anyone,
        sets: anyone ? [[]] : step.anyOf.map((set) => [...set]),
      };
    }),
    channels: category.rules.channels.join(', '),
    keywords: category.rules.keywords.join('\n'),
    entryPoints: category.rules.entryPoints.join('\n'),
    ...boostToForm(category.windowBoost ?? null),
  };
}

/** The window boost's defaults, shown (disabled) while it is off: +5 when less than 2 hours remain. */
export const DEFAULT_BOOST: WindowBoost = { withinSeconds: 2 * 3600, priority: 5 };

/** 7200 → "2", 5400 → "1.5", 60 → "0.0167" (enough digits that whole seconds come back unchanged). */
export const secondsToHoursText = (seconds: number): string => String(Number((seconds / 3600).toFixed(4)));

export function boostToForm(boost: WindowBoost | null): Pick<CategoryForm, 'boost' | 'boostPriority' | 'boostHours'> {
  const shown = boost ?? DEFAULT_BOOST;
  return { boost: boost !== null, boostPriority: String(shown.priority), boostHours: secondsToHoursText(shown.withinSeconds) };
}

export const MIN_BOOST_SECONDS = 60;
export const MAX_BOOST_SECONDS = 86400;

/** Hours as typed ("2", "1.5", "0,5") as whole seconds, or what is wrong. */
export function hoursTextToSeconds(text: string): number | string {
  const trimmed = text.trim().replace(',', '.');
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(trimmed)) {
    return 'The hours before the window closes must be a number, e.g. 2 or 1.5.';
  }
  const seconds = Math.round(Number(trimmed) * 3600);
  if (seconds < MIN_BOOST_SECONDS || seconds > MAX_BOOST_SECONDS) {
    return 'The hours before the window closes must be between 1 minute (0.0167) and 24.';
  }
  return seconds;
}

/** "a, b\nc" → ["a", "b", "c"]: commas or line breaks separate; blanks and repeats are dropped. */
export function splitList(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(/[,\n]/)) {
    const item = part.trim();
    if (item) {
      seen.add(item);
    }
  }
  return [...seen];
}

/** An integer from a text field within [min, max], or an error message about `label`. */
export function parseInteger(text: string, label: string, min: number, max: number): number | string {
  const trimmed = text.trim();
  if (!/^-?\d+$/.test(trimmed)) {
    return `${label} must be a whole number.`;
  }
  const value = Number(trimmed);
  if (value < min || value > max) {
    return `${label} must be between ${min} and ${max}.`;
  }
  return value;
}

const MAX_AFTER_SECONDS = 7 * 86400;

export function toCategoryInput(form: CategoryForm): Conversion {
  const errors: FieldError[] = [];
  const name = form.name.trim();
  if (!name) {
    errors.push({ field: 'name', message: 'Name is required.' });
  }
  const number = (field: CategoryField, text: string, label: string, min: number, max: number): number => {
    const parsed = parseInteger(text, label, min, max);
    if (typeof parsed === 'string') {
      errors.push({ field, message: parsed });
      return 0;
    }
    return parsed;
  };
  const priority = number('priority', form.priority, 'Priority', -100, 100);
  const position = number('position', form.position, 'Position', 0, 100000);
  const offerTimeoutSeconds = number('offerTimeoutSeconds', form.offerTimeoutSeconds, 'Offer timeout', 0, 86400);

  let previous = 0;
  const relaxation = form.steps.map((step, index) => {
    const field = `step-${index}` as const;
    const label = `Step ${index + 1}`;
    const parsed = parseInteger(step.afterSeconds, `${label}: the time`, 1, MAX_AFTER_SECONDS);
    let afterSeconds = 0;
    if (typeof parsed === 'string') {
      errors.push({ field, message: parsed });
    } else if (parsed <= previous) {
      errors.push({ field, message: `${label} must start later than the step before it (after ${previous} seconds).` });
    } else {
      afterSeconds = parsed;
      previous = parsed;
    }
    if (step.anyone) {
      return { afterSeconds, anyOf: [] };
    }
    const sets = step.sets.filter((set) => set.length > 0);
    if (sets.length === 0 || sets.length !== step.sets.length) {
      errors.push({ field, message: `${label}: choose at least one skill in every skill set, or choose “anyone”.` });
    }
    return { afterSeconds, anyOf: sets.map((set) => [...set]) };
  });

  const rules = {
    channels: splitList(form.channels),
    keywords: splitList(form.keywords),
    entryPoints: splitList(form.entryPoints),
  };
  if (rules.channels.length > 20) {
    errors.push({ field: 'channels', message: 'At most 20 channels.' });
  }
  if (rules.keywords.length > 100) {
    errors.push({ field: 'keywords', message: 'At most 100 keywords.' });
  }
  if (rules.entryPoints.length > 100) {
    errors.push({ field: 'entryPoints', message: 'At most 100 entry points.' });
  }

  let windowBoost: WindowBoost | null = null;
  if (form.boost) {
    const raise = number('boostPriority', form.boostPriority, 'The priority raise', 1, 100);
    const within = hoursTextToSeconds(form.boostHours);
    if (typeof within === 'string') {
      errors.push({ field: 'boostHours', message: within });
    } else {
      windowBoost = { withinSeconds: within, priority: raise };
    }
  }

  if (errors.length > 0) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    input: { name, priority, position, skills: [...form.skills], offerTimeoutSeconds, relaxation, rules, windowBoost },
  };
}

/** Categories in the order their rules are tried: position, then name. */
export function inPositionOrder<T extends { position: number; name: string }>(categories: readonly T[]): T[] {
  return [...categories].sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
}

/** Where a new category goes by default: after the last one, in steps of 10. */
export function nextPosition(categories: readonly { position: number }[]): number {
  const last = Math.max(-10, ...categories.map((category) => category.position));
  return Math.min(100000, Math.floor(last / 10) * 10 + 10);
}

/** "after 60 s: Billing or (French + Billing)"; `skillName` maps an id to a name. */
export function describeRelaxation(category: Pick<Category, 'relaxation'>, skillName: (id: string) => string): string[] {
  return category.relaxation.map((step) => {
    const anyone = step.anyOf.length === 0 || step.anyOf.some((set) => set.length === 0);
    const what = anyone
      ? 'anyone'
      : step.anyOf
          .map((set) => (set.length > 1 ? `(${set.map(skillName).join(' + ')})` : skillName(set[0])))
          .join(' or ');
    return `after ${step.afterSeconds} s: ${what}`;
  });
}

/** "2 h", "1 h 30 min", "45 min", "1 min 30 s": a window boost's time, short. */
export function shortDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const parts = [hours > 0 ? `${hours} h` : null, minutes > 0 ? `${minutes} min` : null, rest > 0 ? `${rest} s` : null];
  return parts.filter(Boolean).join(' ') || '0 s';
}

/** "+5 priority when < 2 h of window remain"; null for none. */
export function describeWindowBoost(boost: WindowBoost | null | undefined): string | null {
  return boost ? `+${boost.priority} priority when < ${shortDuration(boost.withinSeconds)} of window remain` : null;
}

const SERVER_FIELDS: Readonly<Record<string, CategoryField>> = {
  'windowBoost.withinSeconds': 'boostHours',
  'windowBoost.priority': 'boostPriority',
};

/** A server validation error (422, "windowBoost.priority: 1 to 100 …") next to the field it names, or null. */
export const categoryServerError = (serverField: string | null, message: string): FieldError | null =>
  serverFieldError(serverField, message, SERVER_FIELDS);
