'use client';

import { useEffect, useState } from 'react';

type Props = {
  text: string;
  /** The button's text. */
  label?: string;
  /** Its accessible name where the text alone would not say what is copied (one button per table row). */
  name?: string;
  /** The small variant, for table cells. */
  compact?: boolean;
  onCopied?: () => void;
};

/**
 * Copies `text` to the clipboard; says "Copied" for two seconds, and a screen reader hears it
 * through the live region beside the button.
 */
export function CopyButton({ text, label = 'Copy', name, compact = false, onCopied }: Props) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <>
      <button
        type="button"
        className={compact ? 'min-h-6 rounded border border-slate-300 px-1.5 py-0.5 text-xs text-slate-700 hover:bg-slate-100' : 'btn-secondary shrink-0'}
        aria-label={name}
        onClick={async () => {
          await navigator.clipboard.writeText(text);
          setCopied(true);
          onCopied?.();
        }}
      >
        {copied ? 'Copied' : label}
      </button>
      <span role="status" className="sr-only">
        {copied ? 'Copied to the clipboard' : ''}
      </span>
    </>
  );
}
