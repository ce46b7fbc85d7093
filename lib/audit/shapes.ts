// What the audit API answers (SPEC 8): auditEventJson() builds it, and the OpenAPI document
// (lib/api/openapi/) describes the same schema.
import { z } from 'zod';
import { AUDIT_ACTIONS } from '@/lib/audit/record';

export const auditEventSchema = z.object({
  id: z.uuid(),
  at: z.iso.datetime(),
  action: z.enum(AUDIT_ACTIONS),
  actor: z.string().nullable(),
  /** `password`, or the token's `brt_…XXXX` hint; null when no credential was used. */
  credential: z.string().nullable(),
  targetType: z.string(),
  target: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEventJson = z.infer<typeof auditEventSchema>;

export const auditListSchema = z.object({ events: z.array(auditEventSchema) });
