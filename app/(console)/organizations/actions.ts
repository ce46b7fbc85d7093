'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { createAccount } from '@/lib/accounts/accounts';
import { validatedAction, type FormState } from '@/lib/api/form-action';
import { removeOrgMember, setOrgMember } from '@/lib/accounts/organizations';
import { addTeamMember, createTeam, deleteTeam, removeTeamMember } from '@/lib/accounts/teams';
import { requireUser } from '@/lib/auth/session';
import { accountNameSchema, fullNameSchema, teamDescriptionSchema } from '@/lib/validation';

const checkbox = z.literal('on').optional().transform((v) => v === 'on');

export const createOrganization = validatedAction(
  z.object({ name: accountNameSchema, fullName: fullNameSchema.default('') }),
  async ({ name, fullName }): Promise<FormState> => {
    const principal = await requireUser();
    await createAccount(principal, { name, fullName, isOrg: true, isAdmin: false, isActive: true });
    revalidatePath('/organizations');
    return { ok: true, message: `Created organization ${name}.` };
  },
);

export const addOrgMember = validatedAction(
  z.object({ org: accountNameSchema, username: accountNameSchema, isAdmin: checkbox }),
  async ({ org, username, isAdmin }): Promise<FormState> => {
    await setOrgMember(await requireUser(), org, username, isAdmin);
    revalidatePath(`/organizations/${org}`);
    return { ok: true, message: `${username} is now ${isAdmin ? 'an admin' : 'a member'} of ${org}.` };
  },
);

const memberChange = z.object({
  org: accountNameSchema,
  username: accountNameSchema,
  change: z.enum(['make-admin', 'remove-admin', 'remove']),
});

export const changeOrgMember = validatedAction(memberChange, async ({ org, username, change }): Promise<FormState> => {
  const principal = await requireUser();
  if (change === 'remove') await removeOrgMember(principal, org, username);
  else await setOrgMember(principal, org, username, change === 'make-admin');
  revalidatePath(`/organizations/${org}`);
  return { ok: true };
});

export const addTeam = validatedAction(
  z.object({ org: accountNameSchema, name: accountNameSchema, description: teamDescriptionSchema.default('') }),
  async ({ org, name, description }): Promise<FormState> => {
    await createTeam(await requireUser(), org, { name, description });
    revalidatePath(`/organizations/${org}`);
    return { ok: true, message: `Created team ${name}.` };
  },
);

export const removeTeam = validatedAction(
  z.object({ org: accountNameSchema, team: accountNameSchema }),
  async ({ org, team }): Promise<FormState> => {
    await deleteTeam(await requireUser(), org, team);
    revalidatePath(`/organizations/${org}`);
    return { ok: true };
  },
);

export const addMemberToTeam = validatedAction(
  z.object({ org: accountNameSchema, team: accountNameSchema, username: accountNameSchema }),
  async ({ org, team, username }): Promise<FormState> => {
    await addTeamMember(await requireUser(), org, team, username);
    revalidatePath(`/organizations/${org}/teams/${team}`);
    return { ok: true, message: `Added ${username} to ${team}.` };
  },
);

export const removeMemberFromTeam = validatedAction(
  z.object({ org: accountNameSchema, team: accountNameSchema, username: accountNameSchema }),
  async ({ org, team, username }): Promise<FormState> => {
    await removeTeamMember(await requireUser(), org, team, username);
    revalidatePath(`/organizations/${org}/teams/${team}`);
    return { ok: true };
  },
);
