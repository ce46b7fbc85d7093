'use client';

import Link from 'next/link';
import { useActionState, useState } from 'react';
import { ConfirmWordField } from '@/app/components/confirm-word';
import { FormMessage } from '@/app/components/form-message';
import { Modal } from '@/app/components/modal';
import { SubmitButton } from '@/app/components/submit-button';
import type { FormState } from '@/lib/api/form-action';
import { deactivateCredentials } from './actions';
import { DataTable } from '@/app/components/data-table';

export type CredentialRow = {
  hashedToken: string;
  username: string;
  tokenLabel: string;
  hint: string;
  status: 'Active' | 'Inactive' | 'Expired';
  scope: string;
  temporary: boolean;
  generatedBy: string;
  createdAt: string;
  lastUsed: string;
  expiresAt: string;
};

/** Every listed token with a checkbox, and bulk Deactivate behind a typed confirmation. */
export function CredentialsTable({ rows }: { rows: CredentialRow[] }) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const [state, action] = useActionState(async (prev: FormState, formData: FormData) => {
    const result = await deactivateCredentials(prev, formData);
    if (result.ok) {
      setSelected(new Set());
      setConfirming(false);
      setTyped('');
    }
    return result;
  }, {});
  const checked = rows.map((r) => r.hashedToken).filter((h) => selected.has(h));
  const toggle = (hash: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(hash)) next.add(hash);
      return next;
    });

  return (
    <div className="space-y-3">
      {!confirming && <FormMessage state={state} />}
      <button type="button" className="btn-secondary" disabled={checked.length === 0} onClick={() => setConfirming(true)}>
        Deactivate
      </button>
      {rows.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">No access tokens match.</p>
      ) : (
        <DataTable caption="Access tokens of every user">
          <thead>
            <tr>
              <th scope="col">
                <span className="sr-only">Select</span>
              </th>
              <th scope="col">User</th>
              <th scope="col">Description</th>
              <th scope="col">Status</th>
              <th scope="col">Token</th>
              <th scope="col">Scope</th>
              <th scope="col">Created by</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.hashedToken}>
                <td>
                  <input type="checkbox" aria-label={`Select ${r.username}'s ${r.tokenLabel || r.hint}`} checked={selected.has(r.hashedToken)} onChange={() => toggle(r.hashedToken)} />
                </td>
                <td>
                  <Link href={`/users/${r.username}/profile/access-tokens?token=${r.hashedToken}`} className="text-sky-700 underline-offset-2 hover:underline">
                    {r.username}
                  </Link>
                </td>
                <td className="font-medium">{r.tokenLabel || <span className="text-slate-500">(no description)</span>}</td>
                <td>{r.status}</td>
                <td className="font-mono text-xs">{r.hint}</td>
                <td>
                  {r.scope}
                  {r.temporary && ' (temporary password)'}
                </td>
                <td>{r.generatedBy}</td>
                <td>{r.createdAt}</td>
                <td>{r.lastUsed}</td>
                <td>{r.expiresAt}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      <Modal open={confirming} title="Deactivate access tokens" onClose={() => setConfirming(false)}>
        <form action={action} className="space-y-4">
          {checked.map((h) => (
            <input key={h} type="hidden" name="hashedToken" value={h} />
          ))}
          <p className="text-sm text-slate-700">
            {checked.length === 1 ? 'This token stops working' : `These ${checked.length} tokens stop working`} at once, with the sessions and registry tokens
            started with them. Their owners see them as Inactive and can turn them on again in View details.
          </p>
          <FormMessage state={state} />
          <ConfirmWordField id="confirm-deactivate" word="deactivate" value={typed} onChange={setTyped} invalid={!!state.fieldErrors?.confirm} />
          <div className="flex justify-end gap-2">
            <button type="button" className="btn-secondary" onClick={() => setConfirming(false)}>
              Cancel
            </button>
            <SubmitButton className="btn-danger" disabled={typed !== 'deactivate'}>
              Deactivate {checked.length === 1 ? 'token' : `${checked.length} tokens`}
            </SubmitButton>
          </div>
        </form>
      </Modal>
    </div>
  );
}
