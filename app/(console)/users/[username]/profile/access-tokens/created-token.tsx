'use client';

import { useState } from 'react';
import { GetButton } from '@/app/components/get-button';

type Props = { username: string; origin: string };

/**
 * A new secret, shown once: at creation and after a rotation. It lives only in this component's
 * state; Done closes it and the secret is gone from the page.
 */
export function CreatedToken({ token, username, origin, onDone, note }: Props & { token: string; onDone: () => void; note?: string }) {
  const [copied, setCopied] = useState(false);
  const host = origin.replace(/^https?:\/\//, '');
  const copy = async () => {
    await navigator.clipboard.writeText(token);
    setCopied(true);
  };
  return (
    <div className="space-y-4">
      <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        Copy this token now. It will not be shown again.
      </p>
      {note && <p className="text-sm text-slate-700">{note}</p>}
      <div>
        <label htmlFor="new-token" className="label">
          Access token
        </label>
        <div className="flex gap-2">
          <input id="new-token" readOnly value={token} className="input font-mono" onFocus={(e) => e.currentTarget.select()} />
          <button type="button" className="btn-secondary" onClick={copy}>
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
      </div>
      <div className="space-y-2 text-sm">
        <p className="font-medium">Use it with docker:</p>
        <pre tabIndex={0} className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">{`echo '${token}' | docker login ${host} --username ${username} --password-stdin`}</pre>
        <p className="font-medium">Or with curl:</p>
        <pre tabIndex={0} className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">{`curl -u ${username}:${token} ${origin}/api/v0/repositories`}</pre>
      </div>
      <div className="flex justify-end">
        <GetButton href={`/users/${username}/profile/access-tokens`} className="btn-primary" onClick={onDone}>
          Done
        </GetButton>
      </div>
    </div>
  );
}
