import { NextRequest } from 'next/server';
import NextAuth from 'next-auth';
import { parseJson, readBody } from '@/lib/api/body';
import { errorResponse, route } from '@/lib/api/handler';
import { authOptions } from '@/lib/auth/next-auth';
import { ApiError, invalidParameters, notAuthenticated, notAuthorized } from '@/lib/errors';
import { withFaults } from '@/lib/faults';

type Context = { params: Promise<{ nextauth: string[] }> };

/**
 * next-auth answers a refusal in forms of its own: plain text, an empty JSON object, `{url}`, or a
 * 500 for a `callbackUrl` it will not take. Every one becomes MSR's envelope (SPEC 10); its
 * redirects, pages and successful JSON pass as they are.
 */
function envelopeOf(response: Response): Response {
  if (response.status < 400) return response;
  let error: ApiError;
  if (response.status === 401) error = notAuthenticated('Incorrect username, password or access token');
  else if (response.status === 403) error = notAuthorized('This sign-in request is refused');
  // Its 500s answer input (a callbackUrl that is no URL of ours, an unknown provider), not a fault.
  else error = invalidParameters('This sign-in request is not one Berth can answer');
  const answer = error.toResponse();
  for (const cookie of response.headers.getSetCookie()) answer.headers.append('Set-Cookie', cookie);
  return answer;
}

async function handler(incoming: Request, context: Context) {
  const request = incoming instanceof NextRequest ? incoming : new NextRequest(incoming);
  const options = await authOptions();
  // A fault inside next-auth (the credential check found no database) is noted, not swallowed.
  const { result, faults } = await withFaults(() => NextAuth(request, context, options) as Promise<Response>);
  if (faults.error !== undefined) return errorResponse(faults.error, request);
  return envelopeOf(result);
}

/**
 * next-auth reads a POST body whole and throws on malformed JSON (a 500): the body is read here
 * within the API's limit and checked first, then handed on.
 */
async function post(request: Request, context: Context) {
  const body = await readBody(request);
  if (request.headers.get('content-type')?.includes('application/json')) parseJson(body);
  return handler(new NextRequest(request.url, { method: 'POST', headers: request.headers, body }), context);
}

export const GET = route(handler);
export const POST = route(post);
