'use client';

import { ActionForm } from '@/app/components/action-form';
import { Field } from '@/app/components/field';
import { SubmitButton } from '@/app/components/submit-button';
import type { FormState } from '@/lib/api/form-action';
import {
  addMemberToTeam,
  addOrgMember,
  addTeam,
  changeOrgMember,
  createOrganization,
  removeMemberFromTeam,
  removeTeam,
} from './actions';

const kept = (state: FormState, name: string) => (state.ok ? undefined : state.values?.[name]);

export function CreateOrganizationForm() {
  return (
    <ActionForm action={createOrganization} label="New organization" className="flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white p-4">
      {(state) => (
        <>
          <Field key={`n${state.ok}`} label="Organization name" name="name" defaultValue={kept(state, 'name')} errors={state.fieldErrors?.name} />
          <Field key={`f${state.ok}`} label="Full name" name="fullName" defaultValue={kept(state, 'fullName')} errors={state.fieldErrors?.fullName} />
          <SubmitButton pendingText="Creating…">Create organization</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

export function AddOrgMemberForm({ org }: { org: string }) {
  return (
    <ActionForm action={addOrgMember} hidden={{ org }} label="Add member" className="flex flex-wrap items-end gap-4">
      {(state) => (
        <>
          <Field key={`u${state.ok}`} label="Username" name="username" defaultValue={kept(state, 'username')} errors={state.fieldErrors?.username} />
          <label className="flex items-center gap-2 pb-2 text-sm">
            <input type="checkbox" name="isAdmin" /> Organization admin
          </label>
          <SubmitButton pendingText="Adding…">Add member</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

export function OrgMemberActions({ org, username, isAdmin }: { org: string; username: string; isAdmin: boolean }) {
  return (
    <ActionForm action={changeOrgMember} hidden={{ org, username }} className="flex items-center gap-2">
      {() => (
        <>
          <SubmitButton name="change" value={isAdmin ? 'remove-admin' : 'make-admin'} className="btn-secondary" aria-label={`${isAdmin ? 'Remove admin' : 'Make admin'} ${username}`}>
            {isAdmin ? 'Remove admin' : 'Make admin'}
          </SubmitButton>
          <SubmitButton name="change" value="remove" className="btn-secondary" aria-label={`Remove ${username}`}>
            Remove
          </SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

export function CreateTeamForm({ org }: { org: string }) {
  return (
    <ActionForm action={addTeam} hidden={{ org }} label="New team" className="flex flex-wrap items-end gap-4">
      {(state) => (
        <>
          <Field key={`t${state.ok}`} label="Team name" name="name" defaultValue={kept(state, 'name')} errors={state.fieldErrors?.name} />
          <Field key={`d${state.ok}`} label="Description" name="description" defaultValue={kept(state, 'description')} errors={state.fieldErrors?.description} />
          <SubmitButton pendingText="Creating…">Create team</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

export function DeleteTeamButton({ org, team }: { org: string; team: string }) {
  return (
    <ActionForm action={removeTeam} hidden={{ org, team }}>
      {() => (
        <SubmitButton className="btn-secondary" aria-label={`Delete team ${team}`}>
          Delete
        </SubmitButton>
      )}
    </ActionForm>
  );
}

export function AddTeamMemberForm({ org, team }: { org: string; team: string }) {
  return (
    <ActionForm action={addMemberToTeam} hidden={{ org, team }} label="Add team member" className="flex flex-wrap items-end gap-4">
      {(state) => (
        <>
          <Field key={`u${state.ok}`} label="Username" name="username" defaultValue={kept(state, 'username')} errors={state.fieldErrors?.username} />
          <SubmitButton pendingText="Adding…">Add to team</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

export function RemoveTeamMemberButton({ org, team, username }: { org: string; team: string; username: string }) {
  return (
    <ActionForm action={removeMemberFromTeam} hidden={{ org, team, username }}>
      {() => (
        <SubmitButton className="btn-secondary" aria-label={`Remove ${username} from ${team}`}>
          Remove
        </SubmitButton>
      )}
    </ActionForm>
  );
}
