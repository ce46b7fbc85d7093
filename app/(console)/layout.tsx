import Link from 'next/link';
import { signOut } from '@/app/(auth)/login/actions';
import { isSystemAdmin } from '@/lib/auth/principal';
import { requireUser } from '@/lib/auth/session';
import { NavLink } from './nav-link';
import { TokenBanner } from './token-banner';
import { UserMenu } from './user-menu';

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const principal = await requireUser();
  const { user } = principal;
  return (
    <div className="flex min-h-screen">
      <nav aria-label="Main" className="flex w-56 shrink-0 flex-col border-r border-slate-200 bg-slate-900 text-slate-100">
        <Link href="/repositories" className="px-5 py-4 text-lg font-semibold tracking-tight">
          Berth
        </Link>
        <ul className="flex-1 space-y-1 px-2">
          <li>
            <NavLink href="/repositories">Repositories</NavLink>
          </li>
          <li>
            <NavLink href="/organizations">Organizations</NavLink>
          </li>
          {isSystemAdmin(principal) && (
            <li>
              <NavLink href="/users">Users</NavLink>
            </li>
          )}
          {isSystemAdmin(principal) && (
            <li>
              <NavLink href="/credentials">Credentials</NavLink>
            </li>
          )}
          {isSystemAdmin(principal) && (
            <li>
              <NavLink href="/audit">Audit log</NavLink>
            </li>
          )}
        </ul>
        <UserMenu
          label={
            <>
              {user.name}
              {principal.credential.kind === 'token' && <span className="ml-2 text-xs text-slate-400">(token {principal.credential.hint})</span>}
            </>
          }
        >
          <ul className="absolute bottom-full left-2 right-2 mb-1 rounded-md bg-white py-1 text-slate-800 shadow-lg">
            <li>
              <Link href={`/users/${user.name}/profile`} className="block px-4 py-2 text-sm hover:bg-slate-100">
                Profile
              </Link>
            </li>
            <li>
              <form action={signOut}>
                <button type="submit" className="block w-full px-4 py-2 text-left text-sm hover:bg-slate-100">
                  Sign out
                </button>
              </form>
            </li>
          </ul>
        </UserMenu>
      </nav>
      <main className="min-w-0 flex-1 p-8">
        <TokenBanner principal={principal} />
        {children}
      </main>
    </div>
  );
}
