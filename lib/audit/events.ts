import { z } from 'zod';
import type { AuditEvent } from '@/db/schema';
import { requireSystemAdmin } from '@/lib/auth/principal';
import { AUDIT_ACTIONS } from '@/lib/audit/record';
import type { AuditEventJson } from '@/lib/audit/shapes';
import type { Principal } from '@/lib/auth/principal';
import { countAuditEvents, listAuditEvents, type AuditFilter } from '@/lib/audit/queries';
import { momentSchema, type TimeCursor } from '@/lib/validation';

export const auditFilterSchema = z.object({
  actor: z.string().max(64).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  target: z.string().max(255).optional(),
  since: momentSchema.optional(),
  until: momentSchema.optional(),
});

/** The API's event JSON (SPEC 8). */
export function auditEventJson(e: AuditEvent): AuditEventJson {
  return {
    id: e.id,
    at: e.at.toISOString(),
    action: e.action as AuditEventJson['action'],
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

/** The newest events about one token; the caller decides who may read them (access-tokens/activity.ts). */
export function eventsOfToken(tokenId: string, limit: number) {
  return listAuditEvents({ tokenId }, { limit });
}
