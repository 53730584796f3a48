// A skill's name as the Skills tab checks it before sending: the server takes 1–100 bytes of UTF-8, trimmed.

export const MAX_SKILL_NAME_BYTES = 100;

/** What is wrong with `name` (as it will be sent: trimmed), or null when the server would take it. */
export function skillNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) {
    return 'Enter a name for the skill.';
  }
  if (new TextEncoder().encode(trimmed).length > MAX_SKILL_NAME_BYTES) {
    return (
      `The name is too long: at most ${MAX_SKILL_NAME_BYTES} bytes, and accented letters, other scripts and emoji ` +
      'take 2 to 4 bytes each.'
    );
  }
  return null;
}

/** Whether a rename changes anything: the same name (spaces around it aside) needs no request. */
export const isRenamed = (current: string, typed: string): boolean => typed.trim() !== current;
