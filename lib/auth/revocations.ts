// Revocation across instances (SPEC 9; docs/decisions/026-revocation-notify.md). On PostgreSQL every
// audited change that can end a credential (a token deactivated, deleted or rotated; a user deactivated,
// changed or deleted; a password changed; a session revoked) is announced on a LISTEN/NOTIFY channel in
// the change's own transaction, so it goes out when the change commits; every instance listens and
// empties its credential caches when it hears one. A notice lost with a connection is covered twice:
// the listener empties the caches each time it (re)connects, and nothing is remembered over a second.
// PGlite is one process: its own change empties its caches at once (cache.ts), nothing to announce.
import { client } from '@/db';
import { onAuditEvent, type AuditAction } from '@/lib/audit/record';
import { forgetCredentials } from '@/lib/auth/cache';
import { announceCredentialChange, CREDENTIALS_CHANNEL } from '@/lib/auth/queries';

/**
 * Events that end no credential, and that come with ordinary traffic or from anyone (a failure, a
 * sign-in): announcing them would flush every instance's caches at a stranger's will. Any other
 * action, one added later included, is announced.
 */
const ENDS_NOTHING = new Set<string>(['signin.succeeded', 'signin.failed', 'auth.failed', 'token.first_used', 'token.created', 'account.created', 'user.locked', 'oidc.trust_created', 'oidc.exchanged', 'oidc.refused']);

export const endsCredentials = (action: AuditAction | string) => !ENDS_NOTHING.has(action);

onAuditEvent('credential-announcement', async (action, executor) => {
  if (client().kind === 'postgres' && endsCredentials(action)) await announceCredentialChange(action, executor);
});

export type RevocationListener = { stop(): Promise<void> };

/**
 * Starts this process's listening (the server does, once); `onHeard` is told of each notice after
 * the caches were emptied (tests). On PGlite there is nothing to listen to.
 */
export async function listenForRevocations(onHeard?: (action: string) => void): Promise<RevocationListener> {
  const { listen } = client();
  if (!listen) return { stop: async () => {} };
  const unlisten = await listen(
    CREDENTIALS_CHANNEL,
    (action) => {
      forgetCredentials();
      onHeard?.(action);
    },
    forgetCredentials,
  );
  return { stop: unlisten };
}
