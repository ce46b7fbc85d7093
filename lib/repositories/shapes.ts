// What the repository API answers (SPEC 5): repositoryJson() and team access build these, and the
// OpenAPI document (lib/api/openapi/) describes the same schemas.
import { z } from 'zod';
import { teamSchema } from '@/lib/accounts/shapes';
import { ACCESS_LEVELS } from '@/lib/repositories/access-levels';

/** MSR's Repository JSON. */
export const repositorySchema = z.object({
  id: z.uuid(),
  namespace: z.string(),
  namespaceType: z.enum(['user', 'organization']),
  name: z.string(),
  shortDescription: z.string(),
  longDescription: z.string(),
  visibility: z.enum(['public', 'private']),
  scanOnPush: z.literal(false),
  immutableTags: z.boolean(),
  enableManifestLists: z.literal(false),
  pulls: z.int().min(0),
  pushes: z.int().min(0),
  tagLimit: z.int().min(0),
});
export type RepositoryJson = z.infer<typeof repositorySchema>;

export const repositoryListSchema = z.object({ repositories: z.array(repositorySchema) });

export const accessLevelSchema = z.enum(ACCESS_LEVELS);

/** One team's grant on a repository, as PUT answers it. */
export const teamAccessGrantSchema = z.object({ accessLevel: accessLevelSchema, team: teamSchema, repository: repositorySchema });

export const teamAccessListSchema = z.object({
  repository: repositorySchema,
  teamAccessList: z.array(z.object({ accessLevel: accessLevelSchema, team: teamSchema })),
});

/** DTR's Tag JSON (SPEC 11): lib/registry/tags.ts builds it. */
export const tagJsonSchema = z.object({
  name: z.string(),
  digest: z.string(),
  author: z.string().describe('The Berth user whose push set the tag, when Berth saw it; empty otherwise'),
  createdAt: z.iso.datetime().nullable(),
  updatedAt: z.iso.datetime().nullable(),
  manifest: z.object({ digest: z.string(), mediaType: z.string(), size: z.int().min(0), os: z.string(), architecture: z.string() }),
  platforms: z.array(z.object({ os: z.string(), architecture: z.string(), variant: z.string(), digest: z.string(), size: z.int().min(0) })),
});

export const tagListSchema = z.array(tagJsonSchema);
