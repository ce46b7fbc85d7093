'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useState } from 'react';
import { Field } from '@/app/components/field';
import { FormMessage } from '@/app/components/form-message';
import { CancelLink, GetButton } from '@/app/components/get-button';
import { Modal } from '@/app/components/modal';
import { SubmitButton } from '@/app/components/submit-button';
import { createToken, type CreateTokenState } from './actions';

type Props = { username: string; origin: string; offerTemporary?: boolean };

/** The tab's address: where Cancel and Done go without JavaScript. */
const tabOf = (username: string) => `/users/${username}/profile/access-tokens`;

/**
 * The New access token flow. With JavaScript, a modal dialog; without, the button asks for the tab
 * with `?new=1`, whose server-rendered page has the dialog open, and the form posts to that page.
 */
export function NewTokenDialog({ username, origin, offerTemporary, initiallyOpen = false }: Props & { initiallyOpen?: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  // A new key on every opening remounts the form: the last token leaves the client state.
  const [generation, setGeneration] = useState(0);
  const router = useRouter();
  const close = () => {
    setOpen(false);
    setGeneration((g) => g + 1);
    if (initiallyOpen) router.replace(tabOf(username));
    else router.refresh();
  };
  return (
    <>
      <GetButton href={tabOf(username)} params={{ new: '1' }} className="btn-primary shrink-0" onClick={() => setOpen(true)}>
        New access token
      </GetButton>
      <Modal open={open} title="New access token" onClose={close}>
        <NewTokenForm key={generation} username={username} origin={origin} offerTemporary={offerTemporary} onDone={close} />
      </Modal>
    </>
  );
}

function NewTokenForm({ username, origin, offerTemporary, onDone }: Props & { onDone: () => void }) {
  const [state, action] = useActionState<CreateTokenState, FormData>(createToken, {});
  const [expires, setExpires] = useState(state.values?.expires ?? 'never');
  if (state.token) return <CreatedToken token={state.token} username={username} origin={origin} onDone={onDone} />;
  const errors = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="username" value={username} />
      <Field label="Description" name="tokenLabel" maxLength={100} defaultValue={state.values?.tokenLabel} errors={errors.tokenLabel} hint="What the token is for, such as the CI job that uses it." autoFocus />
      <div className="grid grid-cols-2 gap-4">
        <div>
          <label htmlFor="token-expires" className="label">
            Expires
          </label>
          <select id="token-expires" name="expires" className="input" value={expires} onChange={(e) => setExpires(e.target.value)}>
            <option value="never">Never</option>
            <option value="30">In 30 days</option>
            <option value="90">In 90 days</option>
            <option value="date">On a date</option>
          </select>
        </div>
        <div>
          <label htmlFor="token-scope" className="label">
            Scope
          </label>
          <select id="token-scope" name="scope" className="input" defaultValue={state.values?.scope ?? 'admin'}>
            <option value="admin">Full access (admin)</option>
            <option value="read-write">Read and write</option>
            <option value="read-only">Read only</option>
          </select>
        </div>
      </div>
      {expires === 'date' && <Field label="Expiry date" name="expiresOn" type="date" defaultValue={state.values?.expiresOn} errors={errors.expiresOn} />}
      {offerTemporary && (
        <div className="flex items-start gap-2">
          <input id="token-temporary" type="checkbox" name="temporary" className="mt-1 h-5 w-5" defaultChecked={state.values?.temporary === 'on'} aria-describedby="token-temporary-hint" />
          <div>
            <label htmlFor="token-temporary" className="text-sm font-medium">
              Temporary password for a locked-out user
            </label>
            <p id="token-temporary-hint" className="text-xs text-slate-600">
              Expires within 24 hours (in 24 hours unless you choose sooner). With it the user may set a new password without the old one, once.
            </p>
          </div>
        </div>
      )}
      <div className="flex justify-end gap-2">
        <CancelLink href={tabOf(username)} onCancel={onDone} />
        <SubmitButton pendingText="Creating…">Create</SubmitButton>
      </div>
    </form>
  );
}

function CreatedToken({ token, username, origin, onDone }: Props & { token: string; onDone: () => void }) {
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
        <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">{`echo '${token}' | docker login ${host} --username ${username} --password-stdin`}</pre>
        <p className="font-medium">Or with curl:</p>
        <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">{`curl -u ${username}:${token} ${origin}/api/v0/repositories`}</pre>
      </div>
      <div className="flex justify-end">
        <GetButton href={tabOf(username)} className="btn-primary" onClick={onDone}>
          Done
        </GetButton>
      </div>
    </div>
  );
}
