import { useEffect, useId, useRef, type ReactNode } from 'react';

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
  testId?: string;
}

/** A modal on the native <dialog>: focus is trapped, Esc closes, the page behind is inert. */
export function Dialog({ title, onClose, children, wide, testId }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return undefined;
    if (!dialog.open) dialog.showModal();
    // Start on the first field (or the confirm button), not on the close button.
    dialog.querySelector<HTMLElement>('.dialog-body input:not([type="hidden"]), .dialog-body select, .dialog-body textarea, .dialog-body button[type="submit"]')?.focus();
    const cancel = (event: Event) => {
      event.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', cancel);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      if (dialog.open) dialog.close();
    };
  }, []);

  return (
    <dialog ref={ref} className={`dialog${wide ? ' dialog-wide' : ''}`} aria-labelledby={headingId} aria-modal="true" data-testid={testId}>
      <div className="dialog-head">
        <h2 id={headingId}>{title}</h2>
        <button type="button" className="btn-icon" aria-label="关闭" onClick={onClose}>×</button>
      </div>
      <div className="dialog-body">{children}</div>
    </dialog>
  );
}
