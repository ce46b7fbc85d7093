// Trusts for keyless CI (SPEC 12, decision 047): who may register one, and its rules. System admins
// manage any trust and may name any account; a namespace admin manages trusts whose every repository
// pattern lies in a namespace they administer, for their own account.
import { z } from 'zod';
import { db } from '@/db';
import { audit } from '@/lib/audit/record';
import { findAccount, userByName } from '@/lib/accounts/accounts';
import { repositoriesSchema } from '@/lib/access-tokens/restriction';
import { requireAdminScope } from '@/lib/access-tokens/lifecycle';
import { TOKEN_SCOPES } from '@/lib/access-tokens/format';
import { isSystemAdmin, type Principal } from '@/lib/auth/principal';
import { ApiError, invalidParameters, notAuthorized } from '@/lib/errors';
import { adminOfNamespace } from '@/lib/repositories/permissions';
import { deleteTrust, insertTrust, trustById, allTrusts, type TrustWithAccount } from '@/lib/oidc/queries';
import type { TrustJson } from '@/lib/oidc/shapes';
import { accountNameSchema } from '@/lib/validation';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An issuer URL: https with a host and no query, credentials or fragment; plain http only on loopback. */
export const issuerSchema = z
  .string()
  .max(512)
  .transform((v) => v.trim().replace(/\/+$/, ''))
  .refine((value) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return false;
    }
    if (url.search || url.hash || url.username || url.password || !url.hostname) return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  }, 'The issuer must be an https:// URL with a host and no query (http:// only on loopback), such as https://token.actions.githubusercontent.com');

const claimName = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'A claim name is 1 to 64 letters, digits and _ . : -');

export const newTrustSchema = z
  .object({
    issuer: issuerSchema,
    audience: z.string().trim().min(1, 'An audience is required').max(256),
    conditions: z
      .record(claimName, z.string().min(1).max(256))
      .refine((c) => Object.keys(c).length <= 20, 'At most 20 conditions')
      .default({}),
    repositories: repositoriesSchema.refine((list) => list.length > 0, 'Name at least one repository or namespace/* pattern'),
    scope: z.enum(TOKEN_SCOPES).default('read-write'),
    username: accountNameSchema.optional(),
  })
  .strict();
export type NewTrust = z.infer<typeof newTrustSchema>;

export const trustIdSchema = z.uuid();

export function trustJson(row: TrustWithAccount): TrustJson {
  return {
    id: row.id,
    issuer: row.issuer,
    audience: row.audience,
    conditions: row.conditions,
    repositories: row.repositories,
    // The column's check constraint holds it to TOKEN_SCOPES.
    scope: row.scope as TrustJson['scope'],
    username: row.username,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Whether the principal administers the namespace of every pattern. */
async function administersAll(principal: Principal, patterns: string[]): Promise<boolean> {
  for (const pattern of patterns) {
    const [namespace, name] = pattern.split('/');
    const account = await findAccount(namespace);
    if (!account || !(await adminOfNamespace(principal, account, name))) return false;
  }
  return true;
}

const mayManage = async (principal: Principal, trust: Pick<TrustWithAccount, 'repositories' | 'accountId'>) =>
  isSystemAdmin(principal) || (trust.accountId === principal.user.id && (await administersAll(principal, trust.repositories)));

export async function createTrust(principal: Principal, input: NewTrust): Promise<TrustJson> {
  requireAdminScope(principal);
  const account = input.username && input.username !== principal.user.name ? await userByName(input.username) : principal.user;
  if (account.id !== principal.user.id && !isSystemAdmin(principal)) throw notAuthorized('Only an administrator can make a trust for another account');
  if (!(await mayManage(principal, { repositories: input.repositories, accountId: account.id }))) {
    throw notAuthorized('You can register a trust only for repositories in namespaces you administer');
  }
  if (!account.isActive) throw invalidParameters(`${account.name} is not active`);
  const row = await db.transaction(async (tx) => {
    const inserted = await insertTrust(
      { issuer: input.issuer, audience: input.audience, conditions: input.conditions, repositories: input.repositories, scope: input.scope, accountId: account.id, createdBy: principal.user.name },
      tx,
    );
    await audit(tx, principal, {
      action: 'oidc.trust_created',
      targetType: 'trust',
      target: inserted.id,
      details: { issuer: inserted.issuer, audience: inserted.audience, conditions: inserted.conditions, repositories: inserted.repositories, scope: inserted.scope, account: account.name },
    });
    return inserted;
  });
  return trustJson({ ...row, username: account.name });
}

export async function listTrusts(principal: Principal): Promise<TrustJson[]> {
  requireAdminScope(principal);
  const rows = await allTrusts();
  const visible: TrustWithAccount[] = [];
  for (const row of rows) if (await mayManage(principal, row)) visible.push(row);
  return visible.map(trustJson);
}

export const noSuchTrust = () => new ApiError('NO_SUCH_TRUST', 404, 'No such trust');

export async function getTrust(principal: Principal, id: string): Promise<TrustJson> {
  requireAdminScope(principal);
  const row = trustIdSchema.safeParse(id).success ? await trustById(id) : undefined;
  // One the principal may not manage answers as if it did not exist.
  if (!row || !(await mayManage(principal, row))) throw noSuchTrust();
  return trustJson(row);
}

export async function removeTrust(principal: Principal, id: string): Promise<void> {
  const trust = await getTrust(principal, id);
  await db.transaction(async (tx) => {
    if (!(await deleteTrust(id, tx))) throw noSuchTrust();
    await audit(tx, principal, { action: 'oidc.trust_deleted', targetType: 'trust', target: id, details: { issuer: trust.issuer, repositories: trust.repositories, account: trust.username } });
  });
}
