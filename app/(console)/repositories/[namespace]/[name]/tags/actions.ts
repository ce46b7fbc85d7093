'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { validatedAction, type FormState } from '@/lib/api/form-action';
import { requireUser } from '@/lib/auth/session';
import { deleteTag, tagNameSchema } from '@/lib/registry/tags';
import { accountNameSchema, repositoryNameSchema } from '@/lib/validation';

const deleteSchema = z.object({ namespace: accountNameSchema, name: repositoryNameSchema, confirm: z.literal('delete', 'Type delete to confirm') });

/** Deletes the ticked tags (read-write needed, checked per tag by deleteTag). */
export const deleteTags = validatedAction(deleteSchema, async ({ namespace, name }, formData): Promise<FormState> => {
  const tags = z.array(tagNameSchema).min(1).max(100).safeParse(formData.getAll('tag'));
  if (!tags.success) return { error: 'Select the tags to delete.' };
  const principal = await requireUser();
  for (const tag of tags.data) await deleteTag(principal, namespace, name, tag);
  revalidatePath(`/repositories/${namespace}/${name}/tags`);
  const n = tags.data.length;
  return { ok: true, message: `Deleted ${n} tag${n === 1 ? '' : 's'}.` };
});
