// `/v2/_catalog`, answered from Berth's own repository table: only what the caller may see, in the
// registry's byte order, with `n` and `last` paging and a `Link` to the next page.
import type { OutgoingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { listCatalog } from '@/lib/repositories/registry-access';
import type { Caller, RegistryContext } from '@/lib/registry/context';
import { bearerChallenge, RegistryError, unauthorized } from '@/lib/registry/errors';
import { sendJson } from '@/lib/registry/respond';
import { REPOSITORY_NAME } from '@/lib/registry/routes';
import { grants, type ResourceAccess } from '@/lib/registry/scopes';

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

// An empty value means the parameter was left out, as the registry reads it.
const absentIfEmpty = (v: unknown) => (v === '' ? undefined : v);

const catalogQuery = z.object({
  // A page of 1 to 1000 names; more is served as 1000, as the registry caps it.
  n: z.preprocess(
    absentIfEmpty,
    z
      .string()
      .regex(/^\d{1,12}$/)
      .transform(Number)
      .refine((n) => n >= 1)
      .transform((n) => Math.min(n, MAX_PAGE))
      .optional(),
  ),
  // The last name of the previous page: a repository name, never text the database has to reject.
  last: z.preprocess(absentIfEmpty, z.string().max(255).regex(REPOSITORY_NAME).optional()),
});

function parsePaging(query: URLSearchParams): { n: number; last?: string } {
  const parsed = catalogQuery.safeParse({ n: query.get('n') ?? undefined, last: query.get('last') ?? undefined });
  if (parsed.success) return { n: parsed.data.n ?? DEFAULT_PAGE, last: parsed.data.last };
  if (parsed.error.issues.some((issue) => issue.path[0] === 'n')) {
    throw new RegistryError('PAGINATION_NUMBER_INVALID', 400, `n must be a whole number from 1 to ${MAX_PAGE}`);
  }
  throw new RegistryError('NAME_INVALID', 400, 'last must be a repository name of at most 255 characters');
}

export async function serveCatalog(ctx: RegistryContext, caller: Caller) {
  const scope: ResourceAccess = { type: 'registry', name: 'catalog', actions: ['*'] };
  if (!caller.principal || (caller.jwtAccess && !grants(caller.jwtAccess, 'registry', 'catalog', '*'))) {
    const error = caller.presented === 'bearer' ? 'insufficient_scope' : undefined;
    throw unauthorized(bearerChallenge(ctx.origin, ctx.service, scope, error));
  }
  const { n, last } = parsePaging(ctx.query);
  const names = await listCatalog(caller.principal, { last, limit: n + 1 });
  const page = names.slice(0, n);
  const headers: OutgoingHttpHeaders = {};
  if (names.length > n) {
    headers.Link = `</v2/_catalog?last=${encodeURIComponent(page[page.length - 1])}&n=${n}>; rel="next"`;
  }
  sendJson(ctx.res, 200, { repositories: page }, headers);
}
