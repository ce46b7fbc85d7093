import Link from 'next/link';
import { signOut } from '@/app/(auth)/login/actions';
import { isSystemAdmin, type Principal } from '@/lib/auth/principal';
import { requireUser } from '@/lib/auth/session';
import { NavLink } from './nav-link';
import { TokenBanner } from './token-banner';
import { MobileMenu, UserMenu } from './user-menu';

/** The navigation's entries, shown in the sidebar on wide screens and in the menu on phones. */
function NavEntries({ principal }: { principal: Principal }) {
  const admin = isSystemAdmin(principal);
  return (
    <ul className="space-y-1 px-2">
      <li>
        <NavLink href="/repositories">Repositories</NavLink>
      </li>
      <li>
        <NavLink href="/organizations">Organizations</NavLink>
      </li>
      {admin && (
        <li>
          <NavLink href="/users">Users</NavLink>
        </li>
      )}
      {admin && (
        <li>
          <NavLink href="/credentials">Credentials</NavLink>
        </li>
      )}
      {admin && (
        <li>
          <NavLink href="/audit">Audit log</NavLink>
        </li>
      )}
      <li>
        <NavLink href="/trusted-publishers">Trusted publishers</NavLink>
      </li>
      <li>
        <NavLink href="/api-reference">API</NavLink>
      </li>
    </ul>
  );
}

/** Profile and Sign out: the user's own entries. */
function UserEntries({ name }: { name: string }) {
  return (
    <>
      <li>
        <Link href={`/users/${name}/profile`} className="block px-4 py-2 text-sm hover:bg-slate-100">
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
    </>
  );
}

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const principal = await requireUser();
  const { user } = principal;
  const label = (
    <>
      {user.name}
      {principal.credential.kind === 'token' && <span className="ml-2 text-xs text-slate-400">(token {principal.credential.hint})</span>}
    </>
  );
  return (
    <div className="min-h-screen md:flex">
      <a href="#content" className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-sky-800 focus:not-sr-only focus:absolute focus:left-2 focus:top-2">
        Skip to content
      </a>
      {/* Wide screens: a sidebar that stays in view, the user menu at its foot. */}
      <nav aria-label="Main" className="sticky top-0 hidden h-screen w-56 shrink-0 flex-col border-r border-slate-200 bg-slate-900 text-slate-100 md:flex">
        <Link href="/repositories" className="px-5 py-4 text-lg font-semibold tracking-tight">
          Berth
        </Link>
        <div className="flex-1 overflow-y-auto">
          <NavEntries principal={principal} />
        </div>
        <UserMenu label={label}>
          <ul className="absolute bottom-full left-2 right-2 mb-1 rounded-md bg-white py-1 text-slate-800 shadow-lg">
            <UserEntries name={user.name} />
          </ul>
        </UserMenu>
      </nav>
      {/* Phones: a bar at the top whose Menu button opens the same entries. */}
      <nav aria-label="Main" className="sticky top-0 z-20 flex items-center justify-between bg-slate-900 px-4 py-2 text-slate-100 md:hidden">
        <Link href="/repositories" className="text-lg font-semibold tracking-tight">
          Berth
        </Link>
        <MobileMenu>
          <div className="absolute right-2 top-full mt-1 w-64 rounded-md bg-slate-900 py-2 shadow-lg">
            <NavEntries principal={principal} />
            <p className="mt-2 border-t border-slate-700 px-5 pb-1 pt-3 text-sm font-medium">{label}</p>
            <ul className="mx-2 rounded-md bg-white py-1 text-slate-800">
              <UserEntries name={user.name} />
            </ul>
          </div>
        </MobileMenu>
      </nav>
      <main id="content" tabIndex={-1} className="min-w-0 flex-1 p-4 md:p-8">
        <TokenBanner principal={principal} />
        {children}
      </main>
    </div>
  );
}
