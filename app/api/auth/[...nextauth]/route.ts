import { NextRequest } from 'next/server';
import NextAuth from 'next-auth';
import { parseJson, readBody } from '@/lib/api/body';
import { route } from '@/lib/api/handler';
import { authOptions } from '@/lib/auth/next-auth';

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: NextRequest, context: Context) {
  return NextAuth(request, context, await authOptions());
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

export const GET = handler;
export const POST = route(post);
