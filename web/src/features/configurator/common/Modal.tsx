import { useEffect, useId, useRef, type ReactNode, type RefObject } from 'react';

interface ModalProps {
  title: string;
  /** Escape, the close button or a cancel: the caller unmounts the modal. */
  onClose: () => void;
  children: ReactNode;
  /** Optional id of the element describing the dialog (a confirm's question). */
  describedBy?: string;
  /** Element to focus first; defaults to the dialog's first field or button. */
  initialFocus?: RefObject<HTMLElement | null>;
  /** `alertdialog` for confirmations. */
  role?: 'dialog' | 'alertdialog';
}

/**
 * A modal <dialog>: the browser keeps focus inside and makes the page behind inert; Escape closes it.
 * Focus returns to whatever had it before (the button that opened it).
 */
export function Modal({ title, onClose, children, describedBy, initialFocus, role }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) {
      return;
    }
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) {
      dialog.showModal();
    }
    const first =
      initialFocus?.current ??
      dialog.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea, button:not(.cfg-modal-close)');
    first?.focus();
    const cancel = (event: Event) => {
      event.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', cancel);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      if (dialog.open) {
        dialog.close();
      }
      if (opener && opener.isConnected) {
        opener.focus();
      } else {
        // The opener went away with what it acted on (a deleted row): land on the tab's heading.
        document.querySelector<HTMLElement>('.config-panel h2[tabindex]')?.focus();
      }
    };
    // Opened once per mount; initialFocus is read at that moment.
  }, []);

  return (
    <dialog
      className="cfg-modal"
      ref={ref}
      role={role}
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={describedBy}
    >
      <div className="cfg-modal-header">
        <h2 className="cfg-modal-title" id={titleId}>
          {title}
        </h2>
        <button className="button button-small cfg-modal-close" type="button" onClick={onClose} aria-label="Close">
          ×
        </button>
      </div>
      {children}
    </dialog>
  );
}
