import type { AuthOptions } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { authenticateSecret } from '@/lib/auth/authenticate';
import { noteFault } from '@/lib/faults';
import { clientIp, userAgent } from '@/lib/request';
import { safeCallbackUrl } from '@/lib/auth/redirect';
import { getAuthSecret } from '@/lib/auth/secrets';
import { SESSION_MAX_AGE, type CookieClaims } from '@/lib/auth/session-cookie';
import { startWebSession } from '@/lib/auth/web-sessions';

/**
 * next-auth's configuration: JWT sessions and a credentials provider that defers to the one
 * verification path. The sign-in form uses a server action with the same function and writes the
 * same session cookie (docs/decisions/002-sessions.md).
 */
export async function authOptions(): Promise<AuthOptions> {
  return {
    secret: await getAuthSecret(),
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE },
    // Its error pages too lead to the sign-in page: next-auth renders none of its own HTML (SPEC 10).
    pages: { signIn: '/login', error: '/login' },
    providers: [
      Credentials({
        credentials: { username: { label: 'Username' }, password: { label: 'Password or access token', type: 'password' } },
        async authorize(credentials, req) {
          if (!credentials?.username || !credentials.password) return null;
          const headers = new Headers(req.headers as Record<string, string>);
          const request = { ip: clientIp(headers), userAgent: userAgent(headers) };
          try {
            const result = await authenticateSecret({ username: credentials.username, secret: credentials.password }, request, 'web');
            if (!result.ok) return null;
            // A session row, as for the sign-in form: the cookie names it (SPEC 10).
            const claims: CookieClaims = { sid: await startWebSession(result.principal), uid: result.principal.user.id };
            return { id: result.principal.user.id, name: result.principal.user.name, claims };
          } catch (error) {
            // next-auth would put the message in a redirect URL; the route answers the fault instead (503 without the database).
            noteFault(error);
            throw new Error('Unavailable');
          }
        },
      }),
    ],
    callbacks: {
      // Its callbackUrl obeys the sign-in form's rule: a path of this site only (lib/auth/redirect.ts).
      redirect: ({ url, baseUrl }) => safeCallbackUrl(url, baseUrl),
      jwt({ token, user }) {
        const claims = (user as { claims?: CookieClaims } | undefined)?.claims;
        return claims ? { ...token, ...claims } : token;
      },
    },
  };
}
