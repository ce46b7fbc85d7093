import { z } from 'zod';
import type { AuditEvent } from '@/db/schema';
import { getAccessToken } from '@/lib/access-tokens';
import { requireSystemAdmin } from '@/lib/accounts';
import { AUDIT_ACTIONS } from '@/lib/audit';
import type { Principal } from '@/lib/credentials';
import { countAuditEvents, listAuditEvents, type AuditFilter } from '@/lib/queries/audit';
import type { TimeCursor } from '@/lib/queries/tokens';
import { momentSchema } from '@/lib/validation';

export const auditFilterSchema = z.object({
  actor: z.string().max(64).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  target: z.string().max(255).optional(),
  since: momentSchema.optional(),
  until: momentSchema.optional(),
});

/** The API's event JSON (SPEC 8). */
export function auditEventJson(e: AuditEvent) {
  return {
    id: e.id,
    at: e.at.toISOString(),
    action: e.action,
    actor: e.actor,
    credential: e.credential,
    targetType: e.targetType,
    target: e.target,
    ip: e.ip,
    userAgent: e.userAgent,
    details: e.details,
  };
}

/** The whole log, for system admins. */
export function listAudit(principal: Principal, filter: AuditFilter, page: { after?: TimeCursor; limit: number }) {
  requireSystemAdmin(principal);
  return listAuditEvents(filter, page);
}

export function countAudit(principal: Principal, filter: AuditFilter) {
  requireSystemAdmin(principal);
  return countAuditEvents(filter);
}

/** The events of one token, for whoever may see the token (its owner, or a system admin). */
export async function tokenEvents(principal: Principal, hashedToken: string, limit = 50) {
  const token = await getAccessToken(principal, hashedToken);
  return listAuditEvents({ tokenId: token.id }, { limit });
}
