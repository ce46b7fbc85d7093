'use client';

import { useEffect, useRef } from 'react';

type Props = { open: boolean; title: string; onClose: () => void; children: React.ReactNode };

/** A native modal dialog: takes focus, traps it, closes with Escape. */
export function Modal({ open, title, onClose, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={`${title}-title`.replace(/\s+/g, '-')}
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      className="m-auto w-full max-w-xl rounded-lg bg-white p-0 shadow-xl"
    >
      {open && (
        <div className="p-6">
          <h2 id={`${title}-title`.replace(/\s+/g, '-')} className="mb-4 text-lg font-semibold">
            {title}
          </h2>
          {children}
        </div>
      )}
    </dialog>
  );
}
