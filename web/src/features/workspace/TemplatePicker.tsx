// "Send a template" (WhatsApp): the channel's approved message templates, loaded when the picker opens; the chosen
// one's body as a preview, its {{n}} filled live with what the agent types (empty ones stand out); one input per
// parameter, checked as the server checks them; and Send, which goes through the composer's send (its
// Idempotency-Key handling included). Templates are what still reaches the customer once the reply window closed.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { listTemplates, type MessageTemplate, type TemplateReply } from '../../api/routing';
import { Dialog } from './Dialog';
import {
  approvedTemplates,
  chosenTemplate,
  parameterProblem,
  previewParts,
  templateKey,
  templateLabel,
  templateReply,
  valuesFor,
  type TemplateDraft,
} from './state/templates';
import { describeError } from './WorkspaceProvider';

export const NO_APPROVED_TEMPLATES = 'No approved templates: an admin can sync them in the Configurator.';

/** The composer's send of a template, while it runs or once it failed. */
export interface TemplateSend {
  status: 'sending' | 'failed';
  error: string | null;
}

export type TemplatesResource =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; items: MessageTemplate[] };

interface TemplatePickerProps {
  open: boolean;
  channelId: string;
  draft: TemplateDraft;
  onDraft: (change: (draft: TemplateDraft) => TemplateDraft) => void;
  /** The composer's send of a template in flight or failed; null otherwise. */
  send: TemplateSend | null;
  onSend: (content: TemplateReply) => void;
  onClose: () => void;
}

/** A modal dialog: focus stays in it, Escape closes it, and focus goes back to the button that opened it. */
export function TemplatePicker(props: TemplatePickerProps) {
  return (
    <Dialog open={props.open} title="Send a template" onClose={props.onClose} className="ws-template-dialog">
      <TemplateLoader {...props} />
    </Dialog>
  );
}

/** Mounted while the dialog is open: asks for the templates each time it opens (an admin may have synced). */
function TemplateLoader(props: TemplatePickerProps) {
  const { channelId } = props;
  const [resource, setResource] = useState<TemplatesResource>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setResource({ status: 'loading' });
    listTemplates(channelId).then(
      (items) => current && setResource({ status: 'ready', items }),
      (error: unknown) => current && setResource({ status: 'failed', message: describeError(error) }),
    );
    return () => {
      current = false;
    };
  }, [channelId, attempt]);

  return <TemplateChooser {...props} resource={resource} onRetry={() => setAttempt((count) => count + 1)} />;
}

interface TemplateChooserProps extends Omit<TemplatePickerProps, 'open' | 'channelId'> {
  resource: TemplatesResource;
  onRetry: () => void;
}

/** The picker's content for each state of the list: loading, failed, no approved template, or the form. */
export function TemplateChooser({ resource, onRetry, onClose, ...form }: TemplateChooserProps) {
  const closeOnly = (
    <div className="ws-dialog-actions">
      <button className="button" type="button" onClick={onClose}>
        Close
      </button>
    </div>
  );
  if (resource.status === 'loading') {
    return (
      <p className="muted" role="status">
        Loading templates…
      </p>
    );
  }
  if (resource.status === 'failed') {
    return (
      <>
        <div className="form-error" role="alert">
          Templates could not be loaded: {resource.message}{' '}
          <button className="button button-small" type="button" onClick={onRetry}>
            Try again
          </button>
        </div>
        {closeOnly}
      </>
    );
  }
  const approved = approvedTemplates(resource.items);
  if (approved.length === 0) {
    return (
      <>
        <p className="ws-template-empty" role="status">
          {NO_APPROVED_TEMPLATES}
        </p>
        {closeOnly}
      </>
    );
  }
  return <TemplateForm {...form} approved={approved} onClose={onClose} />;
}

interface TemplateFormProps {
  /** The approved templates (approvedTemplates()), at least one. */
  approved: MessageTemplate[];
  draft: TemplateDraft;
  onDraft: (change: (draft: TemplateDraft) => TemplateDraft) => void;
  send: TemplateSend | null;
  onSend: (content: TemplateReply) => void;
  onClose: () => void;
}

export function TemplateForm({ approved, draft, onDraft, send, onSend, onClose }: TemplateFormProps) {
  const base = useId();
  const ids = { choice: `${base}-choice`, parameter: (index: number) => `${base}-p${index + 1}` };
  const chosen = chosenTemplate(approved, draft);
  if (!chosen) {
    return null;
  }
  const values = valuesFor(chosen, draft.values);
  const sending = send?.status === 'sending';
  // What was typed is checked as it is typed; an empty parameter is pointed out once a send was tried.
  const problems = values.map((value) => (draft.tried || value !== '' ? parameterProblem(value) : null));

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!chosen || sending) {
      return;
    }
    const check = templateReply(chosen, values);
    if (!check.ok) {
      onDraft((current) => ({ ...current, tried: true }));
      const first = check.problems.findIndex((problem) => problem !== null);
      document.getElementById(ids.parameter(first))?.focus();
      return;
    }
    onSend(check.content);
  }

  return (
    <form className="form ws-template-form" onSubmit={submit} noValidate>
      <fieldset className="ws-fieldset">
        <legend>Template</legend>
        {approved.map((template) => {
          const key = templateKey(template);
          return (
            <label className="ws-radio ws-template-option" key={key}>
              <input
                type="radio"
                name={ids.choice}
                value={key}
                checked={key === templateKey(chosen)}
                onChange={() => onDraft(() => ({ key, values: [], tried: false }))}
              />{' '}
              {templateLabel(template)}
            </label>
          );
        })}
      </fieldset>
      <figure className="ws-template-preview-box">
        <figcaption className="ws-field-label">Preview</figcaption>
        <p className="ws-template-preview">
          {previewParts(chosen.body, values).map((part, index) =>
            part.kind === 'text' ? (
              part.text
            ) : part.kind === 'value' ? (
              <span className="ws-template-value" key={index}>
                {part.text}
              </span>
            ) : (
              <mark className="ws-template-slot" key={index}>
                {part.text}
              </mark>
            ),
          )}
        </p>
      </figure>
      {values.length === 0 ? (
        <p className="field-hint">This template has no parameters: it goes as it is.</p>
      ) : (
        values.map((value, index) => {
          const id = ids.parameter(index);
          const problem = problems[index];
          return (
            <div className="field ws-template-parameter" key={`${templateKey(chosen)}-${index}`}>
              <label htmlFor={id}>
                Parameter {index + 1}{' '}
                <code className="ws-template-tag" aria-hidden="true">
                  {`{{${index + 1}}}`}
                </code>
              </label>
              <input
                id={id}
                type="text"
                className="ws-input"
                value={value}
                autoComplete="off"
                placeholder={`{{${index + 1}}}`}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? `${id}-problem` : undefined}
                onChange={(event) => {
                  const typed = event.target.value;
                  onDraft((current) => {
                    const next = valuesFor(chosen, current.values);
                    next[index] = typed;
                    return { ...current, key: templateKey(chosen), values: next };
                  });
                }}
              />
              {problem && (
                <p className="ws-template-problem" id={`${id}-problem`}>
                  {problem}
                </p>
              )}
            </div>
          );
        })
      )}
      {send?.status === 'failed' && (
        <p className="form-error" role="alert">
          Not sent: {send.error}
        </p>
      )}
      <div className="ws-dialog-actions">
        <button className="button button-primary" type="submit" disabled={sending}>
          {sending ? 'Sending…' : 'Send template'}
        </button>
        <button className="button" type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
