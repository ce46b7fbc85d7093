'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

export function ProfileTabs({ username }: { username: string }) {
  const pathname = usePathname();
  const base = `/users/${username}/profile`;
  const tabs = [
    { href: base, label: 'Account' },
    { href: `${base}/access-tokens`, label: 'Access Tokens' },
  ];
  return (
    <nav aria-label="Profile" className="flex gap-1 border-b border-slate-200">
      {tabs.map((tab) => {
        const current = pathname === tab.href;
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={current ? 'page' : undefined}
            className={`-mb-px border-b-2 px-4 py-2 text-sm font-medium ${current ? 'border-sky-700 text-sky-800' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
