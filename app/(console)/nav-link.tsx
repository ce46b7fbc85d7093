'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

export function NavLink({ href, children }: { href: string; children: React.ReactNode }) {
  // With a pages/ directory (the registry proxy) Next.js types usePathname() as string | null.
  const current = (usePathname() ?? '').startsWith(href);
  return (
    <Link
      href={href}
      aria-current={current ? 'page' : undefined}
      className={`block rounded-md px-3 py-2 text-sm font-medium hover:bg-slate-800 ${current ? 'bg-slate-800 text-white' : 'text-slate-300'}`}
    >
      {children}
    </Link>
  );
}
