import { authenticate } from '@/lib/api/authenticate';
import { parseOrThrow, queryOf } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { auditEvents } from '@/lib/api/openapi/service';
import { decodeCursor, page, pageHeaders } from '@/lib/api/pagination';
import { timeCursorSchema } from '@/lib/validation';
import { auditEventJson, countAudit, listAudit } from '@/lib/audit/events';

export const GET = route(async (request) => {
  const principal = await authenticate(request);
  const { pageSize, pageStart, count, ...filter } = parseOrThrow(auditEvents.query, queryOf(request));
  const after = decodeCursor(pageStart, timeCursorSchema);
  const { rows, next } = await page(pageSize, (limit) => listAudit(principal, filter, { after, limit }), (e) => ({ at: e.cursorAt, id: e.id }));
  const total = count ? await countAudit(principal, filter) : undefined;
  return Response.json({ events: rows.map(auditEventJson) }, { headers: pageHeaders(next, total) });
});
