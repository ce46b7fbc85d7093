// Token rotation and restriction as clients meet them: the rotate endpoint, the moment a grace period
// ends (written straight into the row: tests never wait on the clock), and the registry's answers.
import http from 'node:http';
import { eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { db } from '@/db';
import { accessTokens } from '@/db/schema';
import { POST as rotateRoute } from '@/app/api/v0/api_tokens/[hashedToken]/rotate/route';
import { GET as tokenService } from '@/app/auth/token/route';
import { GET as auditRoute } from '@/app/api/v0/audit/route';
import { SESSION_COOKIE } from '@/lib/auth/session-cookie';
import { basic, bearer, call, expectJson } from './http';
import type { NewApiToken } from './tokens-api';
import { tokenApi } from './tokens-api';
import { sessionCookieValue, signIn, type TestUser } from './users';

export const rotate = (authorization: string, hashedToken: string, body?: unknown) =>
  call(rotateRoute, 'POST', `/api/v0/api_tokens/${hashedToken}/rotate`, { auth: authorization, body, params: { hashedToken } });

/** A rotation that must succeed: the token as it is now, with its new secret. */
export async function rotated(authorization: string, hashedToken: string, gracePeriodHours?: number): Promise<NewApiToken> {
  return expectJson<NewApiToken>(await rotate(authorization, hashedToken, gracePeriodHours === undefined ? undefined : { gracePeriodHours }));
}

/** The grace period of the token's last rotation is over now (as if its hours had passed). */
export async function endGrace(tokenId: string) {
  await db.update(accessTokens).set({ rotatingUntil: sql`now() - interval '1 second'` }).where(eq(accessTokens.id, tokenId));
}

/** The status of the token list with Basic auth of a secret. */
export const apiStatus = async (user: TestUser, secret: string) => (await tokenApi.list(basic(user.name, secret))).status;

/** The cookie of a web session begun with `secret`. */
export async function sessionCookie(user: TestUser, secret: string) {
  const principal = await signIn({ name: user.name, password: secret });
  return `${SESSION_COOKIE}=${await sessionCookieValue(principal)}`;
}

/** The status of the token list for a web session cookie. */
export const cookieStatus = async (cookie: string) => (await tokenApi.list(undefined, '', { cookie })).status;

/** The token service's answer for Basic `secret` and some scopes: status and the access it granted. */
export async function tokenServiceFor(user: TestUser, secret: string, scopes: string[] = []) {
  const query = new URLSearchParams({ service: 'berth' });
  for (const scope of scopes) query.append('scope', scope);
  const response = await call(tokenService, 'GET', `/auth/token?${query}`, { auth: basic(user.name, secret), headers: { host: 'berth' } });
  const body = await response.json();
  return { status: response.status, token: body.token as string | undefined, access: (body.access ?? null) as unknown };
}

/** A registry JWT for `secret`, which must be granted. */
export async function registryJwt(user: TestUser, secret: string, scopes: string[] = []) {
  const answer = await tokenServiceFor(user, secret, scopes);
  expect(answer.status).toBe(200);
  return answer.token as string;
}

export type RegistryAnswer = { status: number; body: string };

/** One request to the /v2 proxy at `base` (node:http, so the Host header is ours). */
export function v2(base: string, method: string, path: string, authorization?: string): Promise<RegistryAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: 'berth' };
    if (authorization) headers.authorization = authorization;
    if (method === 'POST' || method === 'PUT') headers['content-length'] = '0';
    const request = http.request(`${base}${path}`, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c) => chunks.push(c)).on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    request.on('error', reject);
    request.end();
  });
}

export const withJwt = async (base: string, jwt: string) => (await v2(base, 'GET', '/v2/', bearer(jwt))).status;

export type AuditEventJson = { action: string; actor: string | null; credential: string | null; targetType: string; target: string; details: Record<string, unknown> };

/** The audit log's events for an admin's query (`?action=…`). */
export async function auditEvents(adminAuthorization: string, query: string): Promise<AuditEventJson[]> {
  return (await expectJson<{ events: AuditEventJson[] }>(await call(auditRoute, 'GET', `/api/v0/audit${query}`, { auth: adminAuthorization }))).events;
}
