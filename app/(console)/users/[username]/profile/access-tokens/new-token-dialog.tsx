'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useState } from 'react';
import { Field } from '@/app/components/field';
import { FormMessage } from '@/app/components/form-message';
import { CancelLink, GetButton } from '@/app/components/get-button';
import { Modal } from '@/app/components/modal';
import { SubmitButton } from '@/app/components/submit-button';
import { createToken, type CreateTokenState } from './actions';
import { CreatedToken, useCopyGuard } from './created-token';

type Props = { username: string; origin: string; offerTemporary?: boolean };

/** The tab's address: where Cancel and Done go without JavaScript. */
const tabOf = (username: string) => `/users/${username}/profile/access-tokens`;

/**
 * The New access token flow. With JavaScript, a modal dialog; without, the button asks for the tab
 * with `?new=1`, whose server-rendered page has the dialog open, and the form posts to that page.
 */
export function NewTokenDialog({ username, origin, offerTemporary, initiallyOpen = false }: Props & { initiallyOpen?: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  // A new key on every opening remounts the flow: the last token leaves the client state.
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
      <NewTokenFlow key={generation} open={open} username={username} origin={origin} offerTemporary={offerTemporary} onDone={close} />
    </>
  );
}

/** The dialog through both of its steps: the form, then the new token under its own title. */
function NewTokenFlow({ open, username, origin, offerTemporary, onDone }: Props & { open: boolean; onDone: () => void }) {
  const [state, action] = useActionState<CreateTokenState, FormData>(createToken, {});
  const guard = useCopyGuard(onDone);
  return (
    <Modal open={open} title={state.token ? 'Copy your new access token' : 'New access token'} onClose={state.token ? guard.close : onDone}>
      {state.token ? (
        <CreatedToken token={state.token} username={username} origin={origin} guard={guard} />
      ) : (
        <NewTokenForm state={state} action={action} username={username} offerTemporary={offerTemporary} onDone={onDone} />
      )}
    </Modal>
  );
}

type FormProps = { state: CreateTokenState; action: (formData: FormData) => void; username: string; offerTemporary?: boolean; onDone: () => void };

function NewTokenForm({ state, action, username, offerTemporary, onDone }: FormProps) {
  const [expires, setExpires] = useState(state.values?.expires ?? 'never');
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
      <Field
        label="Repositories"
        name="repositories"
        defaultValue={state.values?.repositories}
        errors={errors.repositories}
        placeholder="acme/app, acme/*"
        hint="Optional: limit the token to these repositories (namespace/name) or namespaces (namespace/*), separated by commas. Empty: every repository its owner can reach."
      />
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
