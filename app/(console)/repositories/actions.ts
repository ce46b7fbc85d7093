'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { validatedAction, type FormState } from '@/lib/api/form-action';
import { ACCESS_LEVELS } from '@/lib/repositories/permissions';
import { createRepository, tagLimitSchema, updateRepository } from '@/lib/repositories/repositories';
import { removeTeamAccess, setTeamAccess } from '@/lib/repositories/team-access';
import { requireUser } from '@/lib/auth/session';
import { accountNameSchema, longDescriptionSchema, repositoryNameSchema, shortDescriptionSchema } from '@/lib/validation';

const visibility = z.enum(['public', 'private']);

export const newRepository = validatedAction(
  z.object({ namespace: accountNameSchema, name: repositoryNameSchema, visibility: visibility.default('private') }),
  async ({ namespace, name, visibility }): Promise<FormState> => {
    const principal = await requireUser();
    await createRepository(principal, namespace, { name, visibility, shortDescription: '', longDescription: '' });
    redirect(`/repositories/${namespace}/${name}`);
  },
);

export const saveRepositorySettings = validatedAction(
  z.object({
    namespace: accountNameSchema,
    name: repositoryNameSchema,
    shortDescription: shortDescriptionSchema,
    longDescription: longDescriptionSchema,
    visibility,
  }),
  async ({ namespace, name, ...patch }): Promise<FormState> => {
    await updateRepository(await requireUser(), namespace, name, patch);
    revalidatePath(`/repositories/${namespace}/${name}`, 'layout');
    return { ok: true, message: 'Settings saved.' };
  },
);

export const saveTagSettings = validatedAction(
  z.object({
    namespace: accountNameSchema,
    name: repositoryNameSchema,
    immutableTags: z.literal('on').optional(),
    tagLimit: z.coerce.number('Enter a whole number').pipe(tagLimitSchema),
  }),
  async ({ namespace, name, immutableTags, tagLimit }): Promise<FormState> => {
    await updateRepository(await requireUser(), namespace, name, { immutableTags: immutableTags === 'on', tagLimit });
    revalidatePath(`/repositories/${namespace}/${name}`, 'layout');
    return { ok: true, message: 'Tag settings saved.' };
  },
);

export const grantTeam = validatedAction(
  z.object({ namespace: accountNameSchema, name: repositoryNameSchema, team: accountNameSchema, accessLevel: z.enum(ACCESS_LEVELS) }),
  async ({ namespace, name, team, accessLevel }): Promise<FormState> => {
    await setTeamAccess(await requireUser(), namespace, name, team, accessLevel);
    revalidatePath(`/repositories/${namespace}/${name}/settings`);
    return { ok: true, message: `Team ${team} now has ${accessLevel} access.` };
  },
);

export const revokeTeam = validatedAction(
  z.object({ namespace: accountNameSchema, name: repositoryNameSchema, team: accountNameSchema }),
  async ({ namespace, name, team }): Promise<FormState> => {
    await removeTeamAccess(await requireUser(), namespace, name, team);
    revalidatePath(`/repositories/${namespace}/${name}/settings`);
    return { ok: true };
  },
);
