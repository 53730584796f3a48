// A server validation error as an error next to a form field: the field is the error's `field`, else the one its
// message starts with ("botToken: …", "settings.senderName: …"); that prefix is dropped and the rest written as
// a sentence. Null when the error names none of the form's fields.
export interface FieldErrorOf<Field extends string> {
  field: Field;
  message: string;
}

export function serverFieldError<Field extends string>(
  serverField: string | null,
  message: string,
  fields: Readonly<Record<string, Field>>,
): FieldErrorOf<Field> | null {
  const named = serverField ?? /^(\w+(?:\.\w+)*)(?=[:\s])/.exec(message)?.[1] ?? null;
  const field = named ? fields[named] : undefined;
  if (!field || !named) {
    return null;
  }
  let text = message.trim();
  if (text.startsWith(`${named}:`)) {
    text = text.slice(named.length + 1).trim();
  }
  text = `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
  return { field, message: /[.!?)]$/.test(text) ? text : `${text}.` };
}
