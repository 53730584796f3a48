// What a channel's settings form does, whatever the channel type: keep the form and its field errors, check
// it before sending (focusing the summary of what to correct), send it, show an error the server ties to a
// field next to that field, and take the saved channel back into the form. Used by the SMS and web chat
// editors, which differ only in their fields and in the conversions given here.
import { useRef, useState, type FormEvent } from 'react';
import { isApiError } from '../../../api/client';
import type { Channel } from '../../../api/routing';
import { useAction } from '../common/useAction';

export interface FieldError<Field extends string> {
  field: Field;
  message: string;
}

export interface ChannelEditorConversions<Form, Field extends string, Input> {
  /** The form as the request body, or what to correct first. */
  toInput: (form: Form) => { ok: true; input: Input } | { ok: false; errors: FieldError<Field>[] };
  /** The form field behind the server's error field ("settings.host"), if any. */
  serverError: (serverField: string | null, message: string) => FieldError<Field> | null;
  toForm: (channel: Channel) => Form;
}

export interface ChannelEditorWrite<Input> {
  /** Shown while saving, e.g. "Saving channel…". */
  progress: string;
  /** The write (create or update); it answers with the saved channel. */
  write: (input: Input) => Promise<Channel>;
  success: (channel: Channel) => string;
  onSaved: (channel: Channel) => void;
}

export function useChannelEditor<Form extends object, Field extends string, Input>(
  initial: Form,
  conversions: ChannelEditorConversions<Form, Field, Input>,
  { progress, write, success, onSaved }: ChannelEditorWrite<Input>,
) {
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FieldError<Field>[]>([]);
  const summaryRef = useRef<HTMLDivElement>(null);
  const save = useAction();

  const update = (patch: Partial<Form>) => {
    setForm((current) => ({ ...current, ...patch }));
    setErrors((current) => current.filter((error) => !(error.field in patch)));
    save.reset();
  };
  const errorOf = (field: Field) => errors.find((error) => error.field === field)?.message;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const converted = conversions.toInput(form);
    if (!converted.ok) {
      setErrors(converted.errors);
      // Let the summary render before moving focus to it.
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setErrors([]);
    const saved = await save.run(
      progress,
      () =>
        write(converted.input).catch((error: unknown) => {
          const fieldError = isApiError(error) ? conversions.serverError(error.field, error.message) : null;
          if (fieldError) {
            setErrors([fieldError]);
          }
          throw error;
        }),
      success,
    );
    if (saved) {
      setForm(conversions.toForm(saved));
      onSaved(saved);
    }
  }

  return { form, errors, errorOf, update, submit, summaryRef, save };
}
