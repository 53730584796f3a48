// The internal note box: a note only the team sees, on the agent's composer and on a conversation a supervisor
// watches (W7), where the agent sees it at once. The text is the caller's (the composer keeps it in its draft).
import { forwardRef, useId, useState } from 'react';
import { describeError, useWorkspace } from './WorkspaceProvider';

interface NoteFormProps {
  conversationId: string;
  label: string;
  text: string;
  onText(text: string): void;
  placeholder?: string;
  /** aria-keyshortcuts of the box, when the page has a shortcut to it. */
  keyShortcut?: string;
}

export const NoteForm = forwardRef<HTMLTextAreaElement, NoteFormProps>(function NoteForm(
  { conversationId, label, text, onText, placeholder = 'Only your team sees notes', keyShortcut },
  ref,
) {
  const workspace = useWorkspace();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit() {
    const note = text.trim();
    if (!note || busy) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await workspace.addNote(conversationId, note);
      onText('');
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="ws-note"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label htmlFor={id} className="ws-field-label">
        {label}
      </label>
      <div className="ws-reply-row">
        <textarea
          ref={ref}
          id={id}
          className="ws-textarea ws-note-box"
          rows={1}
          value={text}
          placeholder={placeholder}
          aria-keyshortcuts={keyShortcut}
          onChange={(event) => onText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              void submit();
            }
          }}
        />
        <button className="button" type="submit" disabled={busy || text.trim() === ''}>
          {busy ? 'Adding…' : 'Add note'}
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          Note not added: {error}
        </p>
      )}
    </form>
  );
});
