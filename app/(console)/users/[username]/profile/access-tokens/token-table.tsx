'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useRef, useState } from 'react';
import { DataTable } from '@/app/components/data-table';
import { FormMessage } from '@/app/components/form-message';
import { useHydrated } from '@/app/components/hydrated';
import { RelativeTime } from '@/app/components/relative-time';
import { SelectionDelete } from '@/app/components/selection-delete';
import { SortHeader } from '@/app/components/sort-header';
import { TOKEN_SORT_FIRST_ORDER, type TokenSort, type TokenSortKey } from '@/lib/access-tokens/sort';
import { deleteTokens } from './actions';
import { queryOf } from './list-href';
import { DeleteDialog } from './delete-dialog';
import type { TokenRow } from './token-row';

export type { TokenRow };

const STATUS_STYLE = {
  Active: 'bg-emerald-100 text-emerald-800',
  Inactive: 'bg-slate-200 text-slate-700',
  Expired: 'bg-amber-100 text-amber-900',
};

type Props = {
  username: string;
  tokens: TokenRow[];
  /** The list's order: the server's, from the address (`?sort=…&order=…`). */
  sort: TokenSort;
  /** The description search, which the headers' links keep. */
  search?: string;
  /** The list as it is shown (its search, order and page): where View details and the script-less Delete come back to. */
  list: string;
  /** The server's clock, so relative times read the same in both renders. */
  now: string;
  /** The script-less Delete flow's `?delete=…`: the tokens whose confirmation is open. */
  confirmDelete?: string[];
  /** A row whose View details takes focus (after Save or Cancel in its dialog). */
  focusToken?: string;
};

/**
 * The token list and its Delete flow. With JavaScript, checkboxes and a modal confirmation; without,
 * the checkboxes are a GET form that asks for the tab with `?delete=…`, whose server-rendered page
 * has the confirmation open (`confirmDelete`), and the confirmation posts to that page.
 */
export function TokenTable({ username, tokens, sort, search, list, now, confirmDelete = [], focusToken }: Props) {
  const hydrated = useHydrated();
  const [selected, setSelected] = useState<Set<string>>(() => new Set(confirmDelete));
  const [confirming, setConfirming] = useState(confirmDelete.length > 0);
  const [state, action] = useActionState(deleteTokens, {});
  const message = useRef<HTMLDivElement>(null);
  const router = useRouter();
  const tab = `/users/${username}/profile/access-tokens`;
  useEffect(() => {
    if (!state.ok) return;
    setSelected(new Set());
    setConfirming(false);
    message.current?.focus();
    // The address may still name what was deleted (`?delete=…` of the script-less flow).
    if (confirmDelete.length > 0) router.replace(list);
    // Only a new answer of the action resets the list.
  }, [state]);
  useEffect(() => {
    if (focusToken) document.getElementById(`details-${focusToken}`)?.focus();
  }, [focusToken]);
  const present = new Set(tokens.map((t) => t.hashedToken));
  const checked = tokens.filter((t) => selected.has(t.hashedToken));
  const cancel = () => {
    setConfirming(false);
    if (confirmDelete.length > 0) router.replace(list);
  };
  const toggle = (hash: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(hash)) next.add(hash);
      return next;
    });
  const allChecked = tokens.length > 0 && checked.length === tokens.length;
  const sortHeader = (column: TokenSortKey, label: string) => (
    <SortHeader label={label} column={column} sort={sort} firstOrder={TOKEN_SORT_FIRST_ORDER[column]} path={tab} keep={{ q: search }} />
  );

  return (
    <div className="space-y-3">
      <div ref={message} tabIndex={-1} className="outline-none">
        {!confirming && <FormMessage state={state} />}
      </div>
      <SelectionDelete formId="select-tokens" action={tab} disabled={hydrated && checked.length === 0} onOpen={() => setConfirming(true)}>
        {[...queryOf(list)].map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
      </SelectionDelete>
      {tokens.length === 0 ? (
        <div className="rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-700">
          <p className="font-medium">No access tokens yet.</p>
          <p>An access token works wherever your password does (docker login, CI pipelines, the API) and can be turned off on its own.</p>
          <Link href={`${tab}?new=1`} className="btn-primary mt-3">
            New access token
          </Link>
        </div>
      ) : (
        <DataTable caption="Access tokens">
          <thead>
            <tr>
              <th scope="col">
                {hydrated ? (
                  <input
                    type="checkbox"
                    className="h-6 w-6"
                    aria-label="Select all tokens on this page"
                    checked={allChecked}
                    ref={(box) => {
                      if (box) box.indeterminate = checked.length > 0 && !allChecked;
                    }}
                    onChange={() => setSelected(allChecked ? new Set() : new Set(present))}
                  />
                ) : (
                  <span className="sr-only">Select</span>
                )}
              </th>
              <th scope="col">Description</th>
              <th scope="col">Status</th>
              <th scope="col">Scope</th>
              {sortHeader('expires', 'Expires')}
              {sortHeader('lastUsed', 'Last used')}
              {sortHeader('created', 'Created')}
              <th scope="col">Token</th>
              <th scope="col">Repositories</th>
              <th scope="col">
                <span className="sr-only">Details</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.hashedToken}>
                <td>
                  <input
                    type="checkbox"
                    className="h-6 w-6"
                    form="select-tokens"
                    name="delete"
                    value={t.hashedToken}
                    aria-label={`Select ${t.tokenLabel || t.hint}`}
                    checked={selected.has(t.hashedToken)}
                    onChange={() => toggle(t.hashedToken)}
                  />
                </td>
                <td className="font-medium">{t.tokenLabel || <span className="font-normal text-slate-600">No description</span>}</td>
                <td>
                  <span className={`whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[t.status]}`}>{t.status}</span>
                  {t.rotatingUntil && <p className="mt-1 text-xs text-amber-900">Rotating: old secret works until {t.rotatingUntil}</p>}
                </td>
                <td>
                  <span className="whitespace-nowrap rounded-full bg-sky-50 px-2 py-0.5 text-xs font-medium text-sky-900 ring-1 ring-sky-200">{t.scope}</span>
                </td>
                <td>{expiry(t, now)}</td>
                <td>
                  {t.times.lastUsed ? <RelativeTime iso={t.times.lastUsed} now={now} /> : 'Never'}
                  {t.lastUsedIp && <span className="block text-xs text-slate-600">from {t.lastUsedIp}</span>}
                </td>
                <td>
                  <RelativeTime iso={t.times.created} now={now} />
                  {t.generatedBy !== username && <span className="block text-xs text-slate-600">by {t.generatedBy}</span>}
                </td>
                <td className="whitespace-nowrap font-mono text-xs">{t.hint}</td>
                <td className="text-xs">{t.repositories}</td>
                <td>
                  <Link
                    id={`details-${t.hashedToken}`}
                    href={`${list}&token=${t.hashedToken}`}
                    className="whitespace-nowrap text-sky-700 underline-offset-2 hover:underline"
                    aria-label={`View details of ${t.tokenLabel || t.hint}`}
                  >
                    View details
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      <DeleteDialog open={confirming && checked.length > 0} username={username} listHref={list} tokens={checked} state={state} action={action} onCancel={cancel} />
    </div>
  );
}

function expiry(t: TokenRow, now: string) {
  if (!t.times.expires) return 'Never';
  const past = t.times.expires < now;
  return <RelativeTime iso={t.times.expires} now={now} prefix={past ? 'expired ' : ''} />;
}
