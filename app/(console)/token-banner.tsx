import Link from 'next/link';
import type { Principal } from '@/lib/auth/principal';
import { ownTokensNeedingAttention } from '@/lib/access-tokens/attention';
import { ownLeakedTokens } from '@/lib/access-tokens/leaks';

/** Warns before a token silently expires, and about tokens nobody uses (GitLab's and Harbor's lesson). */
export async function TokenBanner({ principal }: { principal: Principal }) {
  const [leaked, attention] = await Promise.all([LeakBanner({ principal }), AttentionBanner({ principal })]);
  return (
    <>
      {leaked}
      {attention}
    </>
  );
}

/** A token a secret-scanning partner found in public (SPEC 12): named by its hint, with where it was found. */
async function LeakBanner({ principal }: { principal: Principal }) {
  const leaked = await ownLeakedTokens(principal);
  if (!leaked.length) return null;
  return (
    <div role="alert" className="mb-6 rounded-md border border-red-200 bg-red-50 px-4 py-2 text-sm text-red-900">
      <ul className="space-y-1">
        {leaked.map((token) => (
          <li key={`${token.hint}-${token.leakedAt?.toISOString()}`}>
            Your access token <code>{token.hint}</code>
            {token.tokenLabel ? ` (${token.tokenLabel})` : ''} was found in public
            {token.leakUrl ? (
              <>
                {' '}at <span className="break-all">{token.leakUrl}</span>
              </>
            ) : null}{' '}
            and was deactivated.
          </li>
        ))}
      </ul>
      <Link href={`/users/${principal.user.name}/profile/access-tokens`} className="font-medium underline">
        Replace it in your access tokens
      </Link>
    </div>
  );
}

async function AttentionBanner({ principal }: { principal: Principal }) {
  const { expiring, unused } = await ownTokensNeedingAttention(principal, 7, 90);
  if (!expiring && !unused) return null;
  const parts = [
    expiring ? `${expiring} access token${expiring === 1 ? ' expires' : 's expire'} within 7 days` : '',
    unused ? `${unused} active token${unused === 1 ? ' has' : 's have'} not been used for 90 days` : '',
  ].filter(Boolean);
  return (
    <div role="status" className="mb-6 flex flex-wrap items-center justify-between gap-2 rounded-md border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900">
      <span>{parts.join('; ')}.</span>
      <Link href={`/users/${principal.user.name}/profile/access-tokens`} className="font-medium underline">
        Review your access tokens
      </Link>
    </div>
  );
}
