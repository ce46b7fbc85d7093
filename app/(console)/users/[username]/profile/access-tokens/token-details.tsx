'use client';

import { useRouter } from 'next/navigation';
import { useActionState } from 'react';
import { Field } from '@/app/components/field';
import { FormMessage } from '@/app/components/form-message';
import { CancelLink } from '@/app/components/get-button';
import { Modal } from '@/app/components/modal';
import { SubmitButton } from '@/app/components/submit-button';
import { formatDate } from '@/app/components/format';
import { updateToken } from './actions';
import { CreatedToken, useCopyGuard } from './created-token';
import { rotateToken, type RotateTokenState } from './rotate-actions';
import { RotateForm } from './rotate-token';
import type { TokenRow } from './token-table';

export type TokenEvent = { id: string; at: string; action: string; actor: string; ip: string };

type Props = {
  username: string;
  /** The list the details were opened from (its search, order and page): where Cancel and Save come back to. */
  list: string;
  origin: string;
  token: TokenRow;
  events: TokenEvent[];
  usage?: React.ReactNode;
};

export function TokenDetails({ username, list, origin, token, events, usage }: Props) {
  const router = useRouter();
  const [state, action] = useActionState(updateToken, {});
  const [rotation, rotate] = useActionState<RotateTokenState, FormData>(rotateToken, {});
  const close = () => {
    router.push(`${list}&focus=${token.hashedToken}`);
    if (rotation.token) router.refresh();
  };
  const guard = useCopyGuard(close);
  const expired = token.status === 'Expired';
  if (rotation.token) {
    const note = rotation.rotatingUntil
      ? `Rotating: the old secret works until ${formatDate(new Date(rotation.rotatingUntil))}.`
      : 'The old secret no longer works.';
    return (
      <Modal open title="Token rotated" onClose={guard.close}>
        <CreatedToken token={rotation.token} username={username} origin={origin} guard={guard} note={note} />
      </Modal>
    );
  }
  const facts: [string, string][] = [
    ['Token', token.hint],
    ['Status', token.status],
    ['Scope', token.scope],
    ['Created', token.createdAt],
    ['Created by', token.generatedBy],
    ['Last used', token.lastUsed + (token.lastUsedIp ? ` from ${token.lastUsedIp}` : '')],
    ['Expires', token.expiresAt],
    ['Repositories', token.repositories],
    ...(token.rotatingUntil ? ([['Rotating', `the old secret works until ${token.rotatingUntil}`]] as [string, string][]) : []),
  ];
  return (
    <Modal open title="Access token details" onClose={close}>
      <form action={action} className="space-y-4" noValidate>
        <FormMessage state={state} />
        <input type="hidden" name="username" value={username} />
        <input type="hidden" name="hashedToken" value={token.hashedToken} />
        <input type="hidden" name="list" value={list} />
        <Field label="Description" name="tokenLabel" maxLength={100} defaultValue={state.values?.tokenLabel ?? token.tokenLabel} errors={state.fieldErrors?.tokenLabel} />
        <div className="flex items-center gap-3">
          <input
            id="token-active"
            type="checkbox"
            role="switch"
            name="isActive"
            defaultChecked={state.values ? state.values.isActive === 'on' : token.isActive}
            disabled={expired}
            aria-describedby={expired ? 'token-expired-hint' : undefined}
            className="h-5 w-9 cursor-pointer appearance-none rounded-full bg-slate-300 transition before:block before:h-4 before:w-4 before:translate-x-0.5 before:rounded-full before:bg-white before:transition checked:bg-sky-700 checked:before:translate-x-4 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600"
          />
          <label htmlFor="token-active" className="text-sm font-medium">
            Is active
          </label>
          {/* A disabled switch sends nothing: the token's own state goes with Save unchanged. */}
          {expired && token.isActive && <input type="hidden" name="isActive" value="on" />}
        </div>
        {expired && (
          <p id="token-expired-hint" className="text-sm text-amber-900">
            Expired on {token.expiresAt}: it cannot be turned on again. Create a new token to replace it.
          </p>
        )}
        <dl className="grid grid-cols-[7rem_1fr] gap-y-1 text-sm">
          {facts.map(([term, value]) => (
            <div key={term} className="contents">
              <dt className="text-slate-500">{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        {usage}
        {events.length > 0 && (
          <details className="text-sm">
            <summary className="cursor-pointer font-medium">Activity ({events.length})</summary>
            <ul className="mt-2 max-h-48 space-y-1 overflow-y-auto">
              {events.map((e) => (
                <li key={e.id} className="flex gap-2">
                  <span className="whitespace-nowrap text-slate-500">{e.at}</span>
                  <span className="font-mono text-xs">{e.action}</span>
                  <span>
                    by {e.actor}
                    {e.ip && ` from ${e.ip}`}
                  </span>
                </li>
              ))}
            </ul>
          </details>
        )}
        <div className="flex justify-end gap-2">
          <CancelLink href={list} onCancel={close} />
          <SubmitButton pendingText="Saving…">Save</SubmitButton>
        </div>
      </form>
      {token.status === 'Active' && <RotateForm hashedToken={token.hashedToken} state={rotation} action={rotate} />}
    </Modal>
  );
}
