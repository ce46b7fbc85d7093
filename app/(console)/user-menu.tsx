'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useRef } from 'react';

/**
 * The user-name menu: a native <details>, so it opens without JavaScript; with it, the menu also
 * closes on Escape (focus back on its toggle), on a click elsewhere, and after navigating.
 */
export function UserMenu({ label, children }: { label: React.ReactNode; children: React.ReactNode }) {
  const ref = useClosingMenu();
  return (
    <details ref={ref} className="group relative border-t border-slate-700 px-2 py-3">
      <summary className="cursor-pointer list-none rounded-md px-3 py-2 text-sm font-medium hover:bg-slate-800 focus-visible:outline-2 focus-visible:outline-sky-400">
        {label}
      </summary>
      {children}
    </details>
  );
}

/** The phone's navigation menu: the same <details> behaviour behind a Menu button. */
export function MobileMenu({ children }: { children: React.ReactNode }) {
  const ref = useClosingMenu();
  return (
    <details ref={ref} className="relative">
      <summary className="flex min-h-11 min-w-11 cursor-pointer list-none items-center justify-center rounded-md px-3 text-sm font-medium hover:bg-slate-800 focus-visible:outline-2 focus-visible:outline-sky-400">
        Menu
      </summary>
      {children}
    </details>
  );
}

function useClosingMenu() {
  const ref = useRef<HTMLDetailsElement>(null);
  const pathname = usePathname();
  useEffect(() => {
    if (ref.current) ref.current.open = false;
  }, [pathname]);
  useEffect(() => {
    const close = (event: Event) => {
      const menu = ref.current;
      if (!menu?.open) return;
      if (event instanceof KeyboardEvent && event.key === 'Escape') {
        menu.open = false;
        menu.querySelector('summary')?.focus();
      } else if (event.type === 'click' && !menu.contains(event.target as Node)) {
        menu.open = false;
      }
    };
    document.addEventListener('keydown', close);
    document.addEventListener('click', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('click', close);
    };
  }, []);
  return ref;
}
