import { asc, eq } from 'drizzle-orm';
import { db, type Executor } from '@/db';
import { accounts } from '@/db/schema';
import { oidcTrusts, type OidcTrust } from '@/db/schema-oidc';

export type TrustWithAccount = OidcTrust & { username: string };

const withAccount = { trust: oidcTrusts, username: accounts.name };
const flat = (rows: { trust: OidcTrust; username: string }[]): TrustWithAccount[] => rows.map((r) => ({ ...r.trust, username: r.username }));

export async function insertTrust(values: typeof oidcTrusts.$inferInsert, executor: Executor): Promise<OidcTrust> {
  const [row] = await executor.insert(oidcTrusts).values(values).returning();
  return row;
}

/** Every trust, oldest first (a registry has a handful). */
export async function allTrusts(): Promise<TrustWithAccount[]> {
  return flat(await db.select(withAccount).from(oidcTrusts).innerJoin(accounts, eq(accounts.id, oidcTrusts.accountId)).orderBy(asc(oidcTrusts.createdAt), asc(oidcTrusts.id)));
}

export async function trustById(id: string): Promise<TrustWithAccount | undefined> {
  return flat(await db.select(withAccount).from(oidcTrusts).innerJoin(accounts, eq(accounts.id, oidcTrusts.accountId)).where(eq(oidcTrusts.id, id)))[0];
}

/** The trusts of one issuer, with their accounts' state, for the exchange. */
export async function trustsOfIssuer(issuer: string) {
  return db
    .select({ trust: oidcTrusts, username: accounts.name, accountActive: accounts.isActive })
    .from(oidcTrusts)
    .innerJoin(accounts, eq(accounts.id, oidcTrusts.accountId))
    .where(eq(oidcTrusts.issuer, issuer))
    .orderBy(asc(oidcTrusts.createdAt), asc(oidcTrusts.id));
}

export async function deleteTrust(id: string, executor: Executor): Promise<boolean> {
  return (await executor.delete(oidcTrusts).where(eq(oidcTrusts.id, id)).returning({ id: oidcTrusts.id })).length > 0;
}
