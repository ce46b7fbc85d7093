// Leak response (SPEC 12): the endpoint a secret-scanning partner program posts found tokens to.
import { leakAnswerSchema, leakReportSchema } from '@/lib/access-tokens/leaks';
import { operation } from '@/lib/api/openapi/operation';

export const secretScanningReport = operation({
  method: 'post',
  path: '/api/v0/secret-scanning/report',
  operationId: 'reportLeakedTokens',
  tag: 'Secret scanning',
  summary: 'Report tokens found in public (a secret-scanning partner)',
  description:
    "The code host's partner format, signed: ECDSA P-256 SHA-256 over the raw body, the key id in `GITHUB-PUBLIC-KEY-IDENTIFIER` and the base64 DER signature in `GITHUB-PUBLIC-KEY-SIGNATURE`, with a key from `SECRET_SCANNING_KEYS_URL` or `SECRET_SCANNING_KEYS_FILE`. Each active `brt_` token named is deactivated and audited as `token.leaked`. An unsigned or badly signed report answers 401 and changes nothing.",
  access: 'public',
  body: leakReportSchema,
  responses: { 200: { description: 'Each reported string by its SHA-256: `true_positive` when it is a token Berth issued', json: leakAnswerSchema } },
  errors: [400, 401, 413, 500, 503],
});

export const secretScanningOperations = [secretScanningReport];
