import { parseOrThrow, queryOf } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { openApiDocument } from '@/lib/api/openapi/document';
import { getOpenApiDocument } from '@/lib/api/openapi/service';

/** The OpenAPI 3.1 document of the API, for anyone: it describes the API, and holds no data. */
export const GET = route(async (request) => {
  parseOrThrow(getOpenApiDocument.query, queryOf(request));
  return Response.json(openApiDocument());
});
