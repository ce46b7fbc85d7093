import { redirect } from 'next/navigation';
import { DEFAULT_AFTER_SIGN_IN, safeNextPath } from '@/lib/auth/redirect';
import { currentPrincipal } from '@/lib/auth/session';
import { LoginForm } from './login-form';

export const metadata = { title: 'Sign in · Berth' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  // `next` may be anything a link put there: only a path of this site is kept, even in the form.
  const { next } = await searchParams;
  const target = next === undefined ? undefined : safeNextPath(next);
  if (await currentPrincipal()) redirect(target ?? DEFAULT_AFTER_SIGN_IN);
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="mb-1 text-2xl font-semibold">Sign in to Berth</h1>
        <p className="mb-6 text-sm text-slate-600">Use your password, or an access token in its place.</p>
        <LoginForm next={target} />
      </div>
    </main>
  );
}
