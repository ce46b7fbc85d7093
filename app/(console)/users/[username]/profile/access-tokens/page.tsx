import { headers } from 'next/headers';
import { keyPageOf, Pager, type SearchParams } from '@/app/components/pager';
import { countAccessTokens, getAccessToken, hashedTokenSchema, listAccessTokens } from '@/lib/access-tokens/lifecycle';
import { tokenEvents } from '@/lib/access-tokens/activity';
import { tokenUsage, type TokenUsage } from '@/lib/access-tokens/usage';
import { ApiError } from '@/lib/errors';
import { formatDate } from '@/app/components/format';
import { tokenStatus } from '@/lib/access-tokens/status';
import { publicOrigin } from '@/lib/request';
import { SearchForm, searchIn } from '@/app/components/search-form';
import { sortFrom } from '@/app/components/sort-header';
import { DEFAULT_TOKEN_SORT, TOKEN_SORT_FIRST_ORDER, tokenCursorFor } from '@/lib/access-tokens/sort';
import { isRestricted, isSystemAdmin } from '@/lib/auth/principal';
import { requireUser } from '@/lib/auth/session';
import type { TokenWithOwner } from '@/lib/access-tokens/lifecycle';
import { NewTokenDialog } from './new-token-dialog';
import { TokenDetails, type TokenEvent } from './token-details';
import { TokenTable, type TokenRow } from './token-table';
import { tokenListHref, TOKEN_SEARCH_MAX } from './list-href';
import { UsageChart } from './usage-chart';

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
    times: { created: t.createdAt.toISOString(), lastUsed: t.lastUsed?.toISOString() ?? null, expires: t.expiresAt?.toISOString() ?? null },
    repositories: t.repositories.length ? t.repositories.join(', ') : 'All',
    rotatingUntil: t.rotatingUntil && t.rotatingUntil > new Date() ? formatDate(t.rotatingUntil) : '',
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
  if (isRestricted(principal)) {
    return <p className="text-sm text-slate-700">This session was signed in with a token restricted to some repositories: it cannot see or manage access tokens.</p>;
  }
  // Authorization lives in the data layer: a non-admin gets only their own tokens.
  // The search narrows this one user's tokens (the owner's index bounds what it reads).
  const search = searchIn(query, TOKEN_SEARCH_MAX);
  const filters = { labelContains: search };
  // The order is the server's (the SQL's), so it holds across pages; a cursor of another order means the first page.
  const sort = sortFrom(query, TOKEN_SORT_FIRST_ORDER, DEFAULT_TOKEN_SORT.by);
  const [tokens, count] = await Promise.all([
    keyPageOf(
      query,
      'pageStart',
      50,
      tokenCursorFor(sort),
      (opts) => listAccessTokens(principal, { username, after: opts.after, limit: opts.limit, filters, sort }),
      (t) => ({ sort: sort.by, order: sort.order, at: t.cursorAt, id: t.id }),
    ),
    countAccessTokens(principal, username, filters),
  ]);
  let details: TokenWithOwner | undefined;
  let events: TokenEvent[] = [];
  let usage: TokenUsage | undefined;
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
      usage = await tokenUsage(principal, details.hashedToken, 30);
    }
  }
  const origin = publicOrigin(await headers());
  const saved = tokens.rows.find((t) => t.hashedToken === query.saved);
  const forOther = username !== principal.user.name;
  // The list as shown (search, order, page): where the details and the script-less Delete come back to.
  const list = tokenListHref(username, query);
  return (
    <section aria-labelledby="tokens-heading" className="space-y-4">
      <h2 id="tokens-heading" className="text-lg font-semibold">
        Access tokens
      </h2>
      <div className="flex flex-col items-start justify-between gap-4 sm:flex-row">
        <p className="max-w-2xl text-sm text-slate-600">
          {forOther
            ? `Access tokens of ${username}. A token you create here carries ${username}'s permissions; tick “Temporary password for a locked-out user” to let them set a new password with it.`
            : 'Use an access token wherever your password works: docker login, the API, and this sign-in page. It carries your permissions at the moment of use.'}
        </p>
        <NewTokenDialog key={query.new === '1' ? 'new' : 'tab'} username={username} origin={origin} offerTemporary={forOther && isSystemAdmin(principal)} initiallyOpen={query.new === '1'} />
      </div>
      {saved && (
        <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Saved the changes to {saved.tokenLabel || saved.hint}.
        </p>
      )}
      <SearchForm label="Search tokens" fieldLabel="Search descriptions" id="token-search" value={search} maxLength={TOKEN_SEARCH_MAX} sort={sort} />
      {search && tokens.rows.length === 0 && tokens.first ? (
        <p className="text-sm text-slate-700">No token&apos;s description holds “{search}”.</p>
      ) : (
        <TokenTable
          username={username}
          tokens={tokens.rows.map(tokenRow)}
          sort={sort}
          search={search}
          list={list}
          now={new Date().toISOString()}
          confirmDelete={toDelete(query.delete, tokens.rows)}
          focusToken={saved?.hashedToken ?? tokens.rows.find((t) => t.hashedToken === query.focus)?.hashedToken}
        />
      )}
      <Pager label="tokens" path={`/users/${username}/profile/access-tokens`} params={query} next={tokens.next} first={tokens.first} count={count} shown={tokens.rows.length} />
      {details && <TokenDetails username={username} list={list} origin={origin} token={tokenRow(details)} events={events} usage={usage && <UsageChart usage={usage} />} />}
    </section>
  );
}
