'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useState } from 'react';
import { FormMessage } from '@/app/components/form-message';
import { CancelLink } from '@/app/components/get-button';
import { useHydrated } from '@/app/components/hydrated';
import { Modal } from '@/app/components/modal';
import { SubmitButton } from '@/app/components/submit-button';
import { deleteTokens } from './actions';

export type TokenRow = {
  hashedToken: string;
  tokenLabel: string;
  hint: string;
  status: 'Active' | 'Inactive' | 'Expired';
  isActive: boolean;
  scope: string;
  createdAt: string;
  generatedBy: string;
  lastUsed: string;
  lastUsedIp: string;
  expiresAt: string;
};

const STATUS_STYLE = {
  Active: 'bg-emerald-100 text-emerald-800',
  Inactive: 'bg-slate-200 text-slate-700',
  Expired: 'bg-amber-100 text-amber-900',
};

/**
 * The token list and its Delete flow. With JavaScript, checkboxes and a modal confirmation; without,
 * the checkboxes are a GET form that asks for the tab with `?delete=…`, whose server-rendered page
 * has the confirmation open (`confirmDelete`), and the confirmation posts to that page.
 */
export function TokenTable({ username, tokens, confirmDelete = [] }: { username: string; tokens: TokenRow[]; confirmDelete?: string[] }) {
  const hydrated = useHydrated();
  const [selected, setSelected] = useState<Set<string>>(() => new Set(confirmDelete));
  const [confirming, setConfirming] = useState(confirmDelete.length > 0);
  const [typed, setTyped] = useState('');
  const [state, action] = useActionState(deleteTokens, {});
  const router = useRouter();
  const tab = `/users/${username}/profile/access-tokens`;
  useEffect(() => {
    if (!state.ok) return;
    setSelected(new Set());
    setConfirming(false);
    setTyped('');
    // The address may still name what was deleted (`?delete=…` of the script-less flow).
    if (confirmDelete.length > 0) router.replace(tab);
    // Only a new answer of the action resets the list.
  }, [state]);
  const present = new Set(tokens.map((t) => t.hashedToken));
  const checked = [...selected].filter((h) => present.has(h));
  const cancel = () => {
    setConfirming(false);
    if (confirmDelete.length > 0) router.replace(tab);
  };

  const toggle = (hash: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(hash)) next.add(hash);
      return next;
    });

  return (
    <div className="space-y-3">
      {!confirming && <FormMessage state={state} />}
      <form id="select-tokens" method="get" action={tab}>
        <button
          type="submit"
          className="btn-secondary"
          disabled={hydrated && checked.length === 0}
          onClick={(e) => {
            e.preventDefault();
            setConfirming(true);
          }}
        >
          Delete
        </button>
      </form>
      {tokens.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">No access tokens yet.</p>
      ) : (
        <table className="data-table rounded-lg bg-white">
          <thead>
            <tr>
              <th scope="col">
                <span className="sr-only">Select</span>
              </th>
              <th scope="col">Description</th>
              <th scope="col">Status</th>
              <th scope="col">Token</th>
              <th scope="col">Created</th>
              <th scope="col">Created by</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="sr-only">Details</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.hashedToken}>
                <td>
                  <input
                    type="checkbox"
                    form="select-tokens"
                    name="delete"
                    value={t.hashedToken}
                    aria-label={`Select ${t.tokenLabel || t.hint}`}
                    checked={selected.has(t.hashedToken)}
                    onChange={() => toggle(t.hashedToken)}
                  />
                </td>
                <td className="font-medium">{t.tokenLabel || <span className="text-slate-400">(no description)</span>}</td>
                <td>
                  <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[t.status]}`}>{t.status}</span>
                </td>
                <td className="font-mono text-xs">{t.hint}</td>
                <td>{t.createdAt}</td>
                <td>{t.generatedBy}</td>
                <td>{t.lastUsed}</td>
                <td>
                  <Link
                    href={`/users/${username}/profile/access-tokens?token=${t.hashedToken}`}
                    className="text-sky-700 underline-offset-2 hover:underline"
                    aria-label={`View details of ${t.tokenLabel || t.hint}`}
                  >
                    View details
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Modal open={confirming && checked.length > 0} title="Delete access tokens" onClose={cancel}>
        <form action={action} className="space-y-4">
          <input type="hidden" name="username" value={username} />
          {checked.map((h) => (
            <input key={h} type="hidden" name="hashedToken" value={h} />
          ))}
          <p className="text-sm text-slate-700">
            {checked.length === 1 ? 'This token stops working' : `These ${checked.length} tokens stop working`} at once, everywhere it is used. This cannot be
            undone.
          </p>
          <FormMessage state={state} />
          <div>
            <label htmlFor="confirm-delete" className="label">
              Type delete to confirm
            </label>
            <input
              id="confirm-delete"
              name="confirm"
              className="input"
              autoComplete="off"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              aria-invalid={state.fieldErrors?.confirm ? true : undefined}
              aria-describedby={state.fieldErrors?.confirm ? 'confirm-delete-error' : undefined}
            />
            {state.fieldErrors?.confirm && (
              <p id="confirm-delete-error" role="alert" className="field-error">
                Type delete, in lowercase, to confirm.
              </p>
            )}
          </div>
          <div className="flex justify-end gap-2">
            <CancelLink href={tab} onCancel={cancel} />
            <SubmitButton className="btn-danger" disabled={hydrated && typed !== 'delete'}>
              OK
            </SubmitButton>
          </div>
        </form>
      </Modal>
    </div>
  );
}
