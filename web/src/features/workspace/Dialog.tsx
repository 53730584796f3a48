// A modal <dialog>: the browser keeps focus inside it and makes the page behind inert; Escape closes it, and
// focus goes back to whatever opened it.
import { useEffect, useId, useLayoutEffect, useRef, type ReactNode } from 'react';

interface DialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
}

export function Dialog({ open, title, onClose, children, className }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const titleId = useId();

  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) {
      return;
    }
    if (open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  useEffect(
    () => () => {
      // Unmounted while open (e.g. the page changed): the browser drops the modal state with the element.
      opener.current = null;
    },
    [],
  );

  return (
    <dialog
      ref={ref}
      className={`ws-dialog ${className ?? ''}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClose={() => {
        const target = opener.current;
        opener.current = null;
        if (target?.isConnected) {
          target.focus();
        }
      }}
    >
      {open && (
        <>
          <h2 className="ws-dialog-title" id={titleId}>
            {title}
          </h2>
          {children}
        </>
      )}
    </dialog>
  );
}
