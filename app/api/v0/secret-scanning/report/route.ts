import { handleLeakReport } from '@/lib/access-tokens/leaks';
import { verifyReportSignature } from '@/lib/access-tokens/leak-signature';
import { parseJson, parseOrThrow, readBody } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { secretScanningReport } from '@/lib/api/openapi/secret-scanning';
import { notAuthenticated } from '@/lib/errors';
import { clientIp, userAgent } from '@/lib/request';

/** `POST /api/v0/secret-scanning/report` (SPEC 12, leak response): a signed partner report. */
export const POST = route(async (request) => {
  const body = await readBody(request);
  const signed = await verifyReportSignature(body, request.headers.get('github-public-key-identifier'), request.headers.get('github-public-key-signature'));
  // Nothing is read from a report before its signature holds.
  if (!signed) throw notAuthenticated('The report is unsigned, or its signature does not verify with a known key');
  const report = parseOrThrow(secretScanningReport.body, parseJson(body));
  const answer = await handleLeakReport(report, { ip: clientIp(request.headers), userAgent: userAgent(request.headers) });
  return Response.json(answer);
});
