'use client';

import Link from 'next/link';

type Props = {
  /** Where the button goes without JavaScript: a plain GET form to this path and these parameters. */
  href: string;
  params?: Record<string, string>;
  /** What it does with JavaScript instead (the navigation is then skipped). */
  onClick?: () => void;
  className?: string;
  children: React.ReactNode;
} & Omit<React.ButtonHTMLAttributes<HTMLButtonElement>, 'onClick' | 'type'>;

/**
 * A button that works without script: a GET form to `href` (closing a dialog, opening one), and with
 * script the client-side `onClick` instead, so the flows keep their dialogs when JavaScript is on.
 */
export function GetButton({ href, params = {}, onClick, className = 'btn-secondary', children, ...rest }: Props) {
  return (
    <form method="get" action={href} className="contents">
      {Object.entries(params).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button
        type="submit"
        className={className}
        onClick={
          onClick &&
          ((event) => {
            event.preventDefault();
            onClick();
          })
        }
        {...rest}
      >
        {children}
      </button>
    </form>
  );
}

/** Cancel inside a dialog's form (where no second form may be): a link back, or `onCancel` with script. */
export function CancelLink({ href, onCancel }: { href: string; onCancel: () => void }) {
  return (
    <Link
      href={href}
      className="btn-secondary"
      onClick={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      Cancel
    </Link>
  );
}
