import Link from 'next/link';
import type { Principal } from '@/lib/auth/principal';
import { ownTokensNeedingAttention } from '@/lib/access-tokens/attention';

/** Warns before a token silently expires, and about tokens nobody uses (GitLab's and Harbor's lesson). */
export async function TokenBanner({ principal }: { principal: Principal }) {
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
