// What the trusted-publishing API answers (SPEC 12): a trust, and the exchange's answer.
import { z } from 'zod';
import { TOKEN_SCOPES } from '@/lib/access-tokens/format';

export const trustSchema = z.object({
  id: z.uuid(),
  issuer: z.string(),
  audience: z.string(),
  conditions: z.record(z.string(), z.string()),
  repositories: z.array(z.string()),
  scope: z.enum(TOKEN_SCOPES),
  username: z.string(),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
});
export type TrustJson = z.infer<typeof trustSchema>;

export const exchangeAnswerSchema = z.object({
  token: z.string().regex(/^brt_[0-9A-Za-z]{42}$/),
  username: z.string(),
  expiresAt: z.iso.datetime(),
});
