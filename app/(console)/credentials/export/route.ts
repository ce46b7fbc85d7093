import { inventoryCsv, inventoryFilterSchema } from '@/lib/access-tokens/inventory';
import { authenticate } from '@/lib/api/authenticate';
import { parseOrThrow, queryOf } from '@/lib/api/body';
import { route } from '@/lib/api/handler';

/** The Credentials page's filtered list as CSV (system admins; the session cookie, Basic or Bearer). */
export const GET = route(async (request) => {
  const principal = await authenticate(request);
  const filters = parseOrThrow(inventoryFilterSchema.strict(), queryOf(request));
  return new Response(inventoryCsv(principal, filters), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="berth-credentials.csv"',
      'Cache-Control': 'no-store',
    },
  });
});
