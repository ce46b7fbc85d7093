import { headers } from 'next/headers';
import { keyPageOf, Pager, type SearchParams } from '@/app/components/pager';
import { countAccessTokens, getAccessToken, hashedTokenSchema, listAccessTokens } from '@/lib/access-tokens/lifecycle';
import { tokenEvents } from '@/lib/access-tokens/activity';
import { ApiError } from '@/lib/errors';
import { formatDate } from '@/app/components/format';
import { tokenStatus } from '@/lib/access-tokens/status';
import { publicOrigin } from '@/lib/request';
import { timeCursorSchema } from '@/lib/validation';
import { isSystemAdmin } from '@/lib/auth/principal';
import { requireUser } from '@/lib/auth/session';
import type { TokenWithOwner } from '@/lib/access-tokens/lifecycle';
import { NewTokenDialog } from './new-token-dialog';
import { TokenDetails, type TokenEvent } from './token-details';
import { TokenTable, type TokenRow } from './token-table';

export const metadata = { title: 'Access Tokens · Berth' };

type Props = { params: Promise<{ username: string }>; searchParams: Promise<SearchParams> };

function tokenRow(t: TokenWithOwner): TokenRow {
  return {
    hashedToken: t.hashedToken,
    tokenLabel: t.tokenLabel,
    hint: t.hint,
    status: tokenStatus(t),
    isActive: t.isActive,
    scope: t.scope,
    createdAt: formatDate(t.createdAt),
    generatedBy: t.generatedBy,
    lastUsed: formatDate(t.lastUsed),
    lastUsedIp: t.lastUsedIp ?? '',
    expiresAt: formatDate(t.expiresAt),
  };
}

/** The tokens the script-less Delete flow asks to confirm (`?delete=…`): those of this page only. */
function toDelete(asked: string | string[] | undefined, rows: TokenWithOwner[]): string[] {
  const wanted = new Set(typeof asked === 'string' ? [asked] : (asked ?? []));
  return rows.filter((t) => wanted.has(t.hashedToken)).map((t) => t.hashedToken);
}

export default async function AccessTokensPage({ params, searchParams }: Props) {
  const principal = await requireUser();
  const { username } = await params;
  const query = await searchParams;
  const selected = typeof query.token === 'string' ? query.token : undefined;
  // Authorization lives in the data layer: a non-admin gets only their own tokens.
  const [tokens, count] = await Promise.all([
    keyPageOf(query, 'pageStart', 50, timeCursorSchema, (opts) => listAccessTokens(principal, { username, ...opts }), (t) => ({ at: t.cursorAt, id: t.id })),
    countAccessTokens(principal, username),
  ]);
  let details: TokenWithOwner | undefined;
  let events: TokenEvent[] = [];
  if (selected && hashedTokenSchema.safeParse(selected).success) {
    details = await getAccessToken(principal, selected).catch((e) => {
      if (e instanceof ApiError) return undefined;
      throw e;
    });
    if (details?.username !== username) details = undefined;
    if (details) {
      events = (await tokenEvents(principal, details.hashedToken)).map((e) => ({
        id: e.id,
        at: formatDate(e.at),
        action: e.action,
        actor: e.actor ?? 'anonymous',
        ip: e.ip ?? '',
      }));
    }
  }
  const origin = publicOrigin(await headers());
  const forOther = username !== principal.user.name;
  return (
    <div className="space-y-4">
      <div className="flex items-start justify-between gap-4">
        <p className="max-w-2xl text-sm text-slate-600">
          {forOther
            ? `Access tokens of ${username}. A token you create here carries ${username}'s permissions; tick “Temporary password for a locked-out user” to let them set a new password with it.`
            : 'Use an access token wherever your password works: docker login, the API, and this sign-in page. It carries your permissions at the moment of use.'}
        </p>
        <NewTokenDialog username={username} origin={origin} offerTemporary={forOther && isSystemAdmin(principal)} initiallyOpen={query.new === '1'} />
      </div>
      <TokenTable username={username} tokens={tokens.rows.map(tokenRow)} confirmDelete={toDelete(query.delete, tokens.rows)} />
      <Pager label="tokens" path={`/users/${username}/profile/access-tokens`} params={query} next={tokens.next} first={tokens.first} count={count} />
      {details && <TokenDetails username={username} token={tokenRow(details)} events={events} />}
    </div>
  );
}
