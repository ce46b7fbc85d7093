// What the account API answers (eNZi's shapes, SPEC 5): accountJson(), teamJson() and memberJson()
// build these, and the OpenAPI document (lib/api/openapi/) describes the same schemas.
import { z } from 'zod';

/** eNZi's Account JSON; a user has no members or teams of its own. */
export const accountSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  fullName: z.string(),
  isOrg: z.boolean(),
  isAdmin: z.boolean(),
  isActive: z.boolean(),
  membersCount: z.int().min(0),
  teamsCount: z.int().min(0),
});
export type AccountJson = z.infer<typeof accountSchema>;

/** eNZi's lists carry the cursor of the next page in the body: '' on the last page. */
const nextPageStart = z.string();

export const accountListSchema = z.object({ accounts: z.array(accountSchema), nextPageStart });

/** eNZi's Team JSON. */
export const teamSchema = z.object({
  id: z.uuid(),
  orgID: z.uuid(),
  name: z.string(),
  description: z.string(),
  membersCount: z.int().min(0),
});
export type TeamJson = z.infer<typeof teamSchema>;

export const teamListSchema = z.object({ teams: z.array(teamSchema), nextPageStart });

/** A member of an organization or a team; Berth keeps no admin flag per team (always false there). */
export const memberSchema = z.object({ member: accountSchema, isAdmin: z.boolean() });
export type MemberJson = z.infer<typeof memberSchema>;

export const memberListSchema = z.object({ members: z.array(memberSchema), nextPageStart });
