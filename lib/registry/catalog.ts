// `/v2/_catalog`, answered from Berth's own repository table: only what the caller may see, in the
// registry's byte order, with `n` and `last` paging and a `Link` to the next page.
import type { OutgoingHttpHeaders } from 'node:http';
import { listCatalog } from '@/lib/queries/registry';
import type { Caller, RegistryContext } from '@/lib/registry/context';
import { bearerChallenge, unauthorized } from '@/lib/registry/errors';
import { sendJson } from '@/lib/registry/respond';
import { grants, type ResourceAccess } from '@/lib/registry/scopes';

export async function serveCatalog(ctx: RegistryContext, caller: Caller) {
  const scope: ResourceAccess = { type: 'registry', name: 'catalog', actions: ['*'] };
  if (!caller.principal || (caller.jwtAccess && !grants(caller.jwtAccess, 'registry', 'catalog', '*'))) {
    const error = caller.presented === 'bearer' ? 'insufficient_scope' : undefined;
    throw unauthorized(bearerChallenge(ctx.origin, ctx.service, scope, error));
  }
  const params = ctx.query;
  const n = Math.min(Math.max(Number.parseInt(params.get('n') ?? '100', 10) || 100, 1), 1000);
  const last = params.get('last') ?? undefined;
  const names = await listCatalog(caller.principal, { last, limit: n + 1 });
  const page = names.slice(0, n);
  const headers: OutgoingHttpHeaders = {};
  if (names.length > n) {
    headers.Link = `</v2/_catalog?last=${encodeURIComponent(page[page.length - 1])}&n=${n}>; rel="next"`;
  }
  sendJson(ctx.res, 200, { repositories: page }, headers);
}
