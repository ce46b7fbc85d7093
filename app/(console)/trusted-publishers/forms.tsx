'use client';

import { ActionForm } from '@/app/components/action-form';
import { Field } from '@/app/components/field';
import { SubmitButton } from '@/app/components/submit-button';
import type { FormState } from '@/lib/api/form-action';
import { addTrust, deleteTrustAction } from './actions';

const kept = (state: FormState, name: string) => (state.ok ? undefined : state.values?.[name]);

export function NewTrustForm({ admin }: { admin: boolean }) {
  return (
    <ActionForm action={addTrust} label="New trust" className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-2">
      {(state) => (
        <>
          <Field key={`i${state.ok}`} label="Issuer URL" name="issuer" placeholder="https://token.actions.githubusercontent.com" defaultValue={kept(state, 'issuer')} errors={state.fieldErrors?.issuer} />
          <Field key={`a${state.ok}`} label="Audience" name="audience" placeholder="berth" defaultValue={kept(state, 'audience')} errors={state.fieldErrors?.audience} />
          <div>
            <label htmlFor="trust-conditions" className="label">
              Claim conditions
            </label>
            <textarea id="trust-conditions" key={`c${state.ok}`} name="conditions" rows={3} className="input" aria-describedby="trust-conditions-hint" defaultValue={kept(state, 'conditions')} placeholder={'repository=acme/app\nref=refs/heads/*'} />
            <p id="trust-conditions-hint" className="mt-1 text-xs text-slate-500">
              One claim=value a line; * matches anything.
            </p>
          </div>
          <div>
            <label htmlFor="trust-repositories" className="label">
              Repositories
            </label>
            <textarea id="trust-repositories" key={`r${state.ok}`} name="repositories" rows={3} className="input" aria-describedby="trust-repositories-hint" defaultValue={kept(state, 'repositories')} placeholder="acme/app" />
            <p id="trust-repositories-hint" className="mt-1 text-xs text-slate-500">
              namespace/name or namespace/*, one a line.
            </p>
          </div>
          <div>
            <label htmlFor="trust-scope" className="label">
              Scope
            </label>
            <select id="trust-scope" name="scope" className="input" defaultValue={kept(state, 'scope') ?? 'read-write'}>
              <option value="read-write">Read and write</option>
              <option value="read-only">Read only</option>
              <option value="admin">Admin</option>
            </select>
          </div>
          {admin ? (
            <Field key={`u${state.ok}`} label="Account (default: you)" name="username" defaultValue={kept(state, 'username')} errors={state.fieldErrors?.username} />
          ) : (
            <div />
          )}
          <div>
            <SubmitButton pendingText="Adding…">Add trust</SubmitButton>
          </div>
        </>
      )}
    </ActionForm>
  );
}

export function DeleteTrustButton({ id, issuer }: { id: string; issuer: string }) {
  return (
    <ActionForm action={deleteTrustAction} hidden={{ id }}>
      {() => (
        <SubmitButton className="btn-secondary" aria-label={`Delete the trust of ${issuer}`} pendingText="Deleting…">
          Delete
        </SubmitButton>
      )}
    </ActionForm>
  );
}
