import { authenticate } from '@/lib/api/authenticate';
import { parseOrThrow, queryOf } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { decodeCursor, page, pageHeaders, pagingSchema } from '@/lib/api/pagination';
import { timeCursorSchema } from '@/lib/validation';
import { auditEventJson, auditFilterSchema, countAudit, listAudit } from '@/lib/audit/events';

const querySchema = pagingSchema.extend(auditFilterSchema.shape);

export const GET = route(async (request) => {
  const principal = await authenticate(request);
  const { pageSize, pageStart, count, ...filter } = parseOrThrow(querySchema, queryOf(request));
  const after = decodeCursor(pageStart, timeCursorSchema);
  const { rows, next } = await page(pageSize, (limit) => listAudit(principal, filter, { after, limit }), (e) => ({ at: e.cursorAt, id: e.id }));
  const total = count ? await countAudit(principal, filter) : undefined;
  return Response.json({ events: rows.map(auditEventJson) }, { headers: pageHeaders(next, total) });
});
