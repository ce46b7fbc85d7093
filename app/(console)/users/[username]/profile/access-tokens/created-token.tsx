'use client';

import { useEffect, useRef, useState } from 'react';
import { CopyButton } from '@/app/components/copy-button';
import { GetButton } from '@/app/components/get-button';

/**
 * Closing a new secret before copying it asks once: the first Done (or Escape) says so, the second
 * closes. Kept by the dialog around CreatedToken, which owns its Escape.
 */
export function useCopyGuard(close: () => void) {
  const [copied, setCopied] = useState(false);
  const [warned, setWarned] = useState(false);
  return {
    copied,
    warned,
    markCopied: () => setCopied(true),
    close: () => (copied || warned ? close() : setWarned(true)),
  };
}

type Props = {
  token: string;
  username: string;
  origin: string;
  guard: ReturnType<typeof useCopyGuard>;
  note?: string;
};

/**
 * A new secret, shown once: at creation and after a rotation. It lives only in this component's
 * state; Done closes it and the secret is gone from the page.
 */
export function CreatedToken({ token, username, origin, guard, note }: Props) {
  const field = useRef<HTMLInputElement>(null);
  const warning = useRef<HTMLParagraphElement>(null);
  const host = origin.replace(/^https?:\/\//, '');
  // Focus moves to the secret, selected, as soon as it is shown; to the warning when one appears.
  useEffect(() => field.current?.select(), []);
  useEffect(() => {
    if (guard.warned) warning.current?.focus();
  }, [guard.warned]);
  const docker = `docker login ${host} -u ${username}`;
  const dockerCi = `printf '%s' "$BERTH_TOKEN" | docker login ${host} -u ${username} --password-stdin`;
  const curl = `curl -u ${username}:${token} ${origin}/api/v0/repositories`;
  return (
    <div className="space-y-4">
      <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        Copy this token now. It will not be shown again.
      </p>
      {note && <p className="text-sm text-slate-700">{note}</p>}
      <div>
        <label htmlFor="new-token" className="label">
          Access token
        </label>
        <div className="flex gap-2">
          <input ref={field} id="new-token" readOnly value={token} className="input min-w-0 font-mono" onFocus={(e) => e.currentTarget.select()} />
          <CopyButton text={token} onCopied={guard.markCopied} />
        </div>
      </div>
      <Snippet title="Sign in with docker (paste the token at the Password prompt):" text={docker} copyLabel="Copy docker command" />
      <Snippet title="In CI, from a secret variable, so the token stays out of shell history:" text={dockerCi} copyLabel="Copy CI command" />
      <Snippet title="Or call the API with curl:" text={curl} copyLabel="Copy curl command" onCopied={guard.markCopied} />
      {guard.warned && (
        <p ref={warning} tabIndex={-1} role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          You have not copied the token. Close anyway? It cannot be shown again.
        </p>
      )}
      <div className="flex justify-end">
        <GetButton href={`/users/${username}/profile/access-tokens`} className="btn-primary" onClick={guard.close}>
          {guard.warned ? 'Close anyway' : 'Done'}
        </GetButton>
      </div>
    </div>
  );
}

function Snippet({ title, text, copyLabel, onCopied }: { title: string; text: string; copyLabel: string; onCopied?: () => void }) {
  return (
    <div className="space-y-1 text-sm">
      <p className="font-medium">{title}</p>
      <div className="flex items-start gap-2">
        <pre tabIndex={0} className="min-w-0 flex-1 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
          {text}
        </pre>
        <CopyButton text={text} label={copyLabel} onCopied={onCopied} />
      </div>
    </div>
  );
}
