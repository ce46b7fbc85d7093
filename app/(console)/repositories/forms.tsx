'use client';

import { ActionForm } from '@/app/components/action-form';
import { Field } from '@/app/components/field';
import { SubmitButton } from '@/app/components/submit-button';
import { grantTeam, newRepository, revokeTeam, saveRepositorySettings, saveTagSettings } from './actions';

type Repo = { namespace: string; name: string };

export function NewRepositoryForm({ namespace }: { namespace: string }) {
  return (
    <ActionForm action={newRepository} label="New repository" className="flex flex-wrap items-end gap-4">
      {(state) => (
        <>
          <Field label="Namespace" name="namespace" defaultValue={state.values?.namespace ?? namespace} errors={state.fieldErrors?.namespace} />
          <Field label="Repository name" name="name" defaultValue={state.values?.name} errors={state.fieldErrors?.name} />
          <div>
            <label htmlFor="new-repo-visibility" className="label">
              Visibility
            </label>
            <select id="new-repo-visibility" name="visibility" className="input" defaultValue={state.values?.visibility ?? 'private'}>
              <option value="private">Private</option>
              <option value="public">Public</option>
            </select>
          </div>
          <SubmitButton pendingText="Creating…">Create repository</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

export function RepositorySettingsForm({ repo, shortDescription, longDescription, visibility }: { repo: Repo; shortDescription: string; longDescription: string; visibility: string }) {
  return (
    <ActionForm action={saveRepositorySettings} hidden={{ ...repo }} label="Repository settings" className="max-w-2xl space-y-4">
      {(state) => (
        <>
          <Field label="Short description" name="shortDescription" maxLength={140} defaultValue={state.values?.shortDescription ?? shortDescription} errors={state.fieldErrors?.shortDescription} />
          <div>
            <label htmlFor="repo-long-description" className="label">
              Long description
            </label>
            <textarea id="repo-long-description" name="longDescription" rows={5} className="input" defaultValue={state.values?.longDescription ?? longDescription} />
            {state.fieldErrors?.longDescription && <p className="field-error">{state.fieldErrors.longDescription.join(' ')}</p>}
          </div>
          <div>
            <label htmlFor="repo-visibility" className="label">
              Visibility
            </label>
            <select id="repo-visibility" name="visibility" className="input" defaultValue={state.values?.visibility ?? visibility}>
              <option value="private">Private</option>
              <option value="public">Public</option>
            </select>
          </div>
          <SubmitButton pendingText="Saving…">Save</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

export function TagSettingsForm({ repo, immutableTags, tagLimit }: { repo: Repo; immutableTags: boolean; tagLimit: number }) {
  return (
    <ActionForm action={saveTagSettings} hidden={{ ...repo }} label="Tag settings" className="max-w-2xl space-y-4">
      {(state) => (
        <>
          <h2 className="text-lg font-semibold">Tags</h2>
          <div className="flex items-center gap-2">
            <input id="repo-immutable-tags" name="immutableTags" type="checkbox" defaultChecked={state.values ? state.values.immutableTags === 'on' : immutableTags} />
            <label htmlFor="repo-immutable-tags" className="text-sm">
              Immutable tags: a push that would move an existing tag is refused
            </label>
          </div>
          <Field
            label="Tag limit"
            hint="0 for none; beyond it the oldest tags are deleted after a push"
            name="tagLimit"
            type="number"
            min={0}
            defaultValue={state.values?.tagLimit ?? String(tagLimit)}
            errors={state.fieldErrors?.tagLimit}
          />
          <SubmitButton pendingText="Saving…">Save tag settings</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

export function GrantTeamForm({ repo, teams }: { repo: Repo; teams: string[] }) {
  return (
    <ActionForm action={grantTeam} hidden={{ ...repo }} label="Grant team access" className="flex flex-wrap items-end gap-4">
      {(state) => (
        <>
          <div>
            <label htmlFor="grant-team" className="label">
              Team
            </label>
            <select id="grant-team" name="team" className="input" defaultValue={state.values?.team}>
              {teams.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="grant-level" className="label">
              Access level
            </label>
            <select id="grant-level" name="accessLevel" className="input" defaultValue={state.values?.accessLevel ?? 'read-only'}>
              <option value="read-only">read-only</option>
              <option value="read-write">read-write</option>
              <option value="admin">admin</option>
            </select>
          </div>
          <SubmitButton pendingText="Granting…">Grant access</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

export function RevokeTeamButton({ repo, team }: { repo: Repo; team: string }) {
  return (
    <ActionForm action={revokeTeam} hidden={{ ...repo, team }}>
      {() => (
        <SubmitButton className="btn-secondary" aria-label={`Remove access of team ${team}`}>
          Remove
        </SubmitButton>
      )}
    </ActionForm>
  );
}
