'use client';

import { useFormStatus } from 'react-dom';

type Props = React.ButtonHTMLAttributes<HTMLButtonElement> & { pendingText?: string };

/** The one submit button: disabled and relabelled while its form is pending. */
export function SubmitButton({ children, pendingText, className = 'btn-primary', disabled, ...rest }: Props) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={className} disabled={pending || disabled} aria-disabled={pending || disabled} {...rest}>
      {pending && pendingText ? pendingText : children}
    </button>
  );
}
