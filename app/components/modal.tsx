'use client';

import { useEffect, useRef } from 'react';

type Props = { open: boolean; title: string; onClose: () => void; children: React.ReactNode };

/**
 * A native modal dialog: takes focus, traps it, closes with Escape. The server's HTML has it open
 * (a plain dialog, so the page works without JavaScript); once script runs it becomes modal.
 */
export function Modal({ open, title, onClose, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  // Closing the server's open dialog to reopen it as a modal fires a close event that is no closing.
  const upgrading = useRef(false);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.matches(':modal')) {
      if (dialog.open) {
        upgrading.current = true;
        dialog.close();
      }
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);
  const id = `${title}-title`.replace(/\s+/g, '-');
  return (
    <dialog
      ref={ref}
      // Only in the server's HTML: React leaves the attribute to showModal() and close() afterwards.
      open={typeof window === 'undefined' && open ? true : undefined}
      suppressHydrationWarning
      aria-labelledby={id}
      onClose={() => {
        if (upgrading.current) upgrading.current = false;
        else onClose();
      }}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      className="m-auto max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-xl overflow-y-auto rounded-lg bg-white p-0 shadow-xl"
    >
      {open && (
        <div className="p-6">
          <h2 id={id} className="mb-4 text-lg font-semibold">
            {title}
          </h2>
          {children}
        </div>
      )}
    </dialog>
  );
}
