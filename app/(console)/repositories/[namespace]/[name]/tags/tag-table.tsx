'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useState } from 'react';
import { FormMessage } from '@/app/components/form-message';
import { DataTable } from '@/app/components/data-table';
import { ConfirmWordField } from '@/app/components/confirm-word';
import { CopyButton } from '@/app/components/copy-button';
import { CancelLink } from '@/app/components/get-button';
import { useHydrated } from '@/app/components/hydrated';
import { Modal } from '@/app/components/modal';
import { SelectionDelete } from '@/app/components/selection-delete';
import { SubmitButton } from '@/app/components/submit-button';
import { deleteTags } from './actions';

export type TagRow = {
  name: string;
  digest: string;
  shortDigest: string;
  size: string;
  platforms: string;
  pushed: string;
  pushedBy: string;
  pullByTag: string;
  pullByDigest: string;
};

type Props = { namespace: string; name: string; tags: TagRow[]; canDelete: boolean; confirmDelete?: string[] };

/**
 * The tag list and its Delete flow, as the token list's: with JavaScript, checkboxes and a modal
 * confirmation; without, the checkboxes are a GET form asking for the tab with `?delete=…`, whose
 * server-rendered page has the confirmation open, and the confirmation posts to that page.
 */
export function TagTable({ namespace, name, tags, canDelete, confirmDelete = [] }: Props) {
  const hydrated = useHydrated();
  const [selected, setSelected] = useState<Set<string>>(() => new Set(confirmDelete));
  const [confirming, setConfirming] = useState(confirmDelete.length > 0);
  const [typed, setTyped] = useState('');
  const [state, action] = useActionState(deleteTags, {});
  const router = useRouter();
  const tab = `/repositories/${namespace}/${name}/tags`;
  useEffect(() => {
    if (!state.ok) return;
    setSelected(new Set());
    setConfirming(false);
    setTyped('');
    if (confirmDelete.length > 0) router.replace(tab);
    // Only a new answer of the action resets the list.
  }, [state]);
  const cancel = () => {
    setConfirming(false);
    if (confirmDelete.length > 0) router.replace(tab);
  };
  const present = new Set(tags.map((t) => t.name));
  const checked = [...selected].filter((t) => present.has(t));
  const toggle = (tag: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(tag)) next.add(tag);
      return next;
    });

  return (
    <div className="space-y-3">
      {!confirming && <FormMessage state={state} />}
      {canDelete && (
        <SelectionDelete formId="select-tags" action={tab} disabled={hydrated && checked.length === 0} onOpen={() => setConfirming(true)} />
      )}
      <DataTable caption={`Tags of ${namespace}/${name}`}>
        <thead>
          <tr>
            {canDelete && (
              <th scope="col">
                <span className="sr-only">Select</span>
              </th>
            )}
            <th scope="col">Tag</th>
            <th scope="col">Digest</th>
            <th scope="col">Size</th>
            <th scope="col">Platforms</th>
            <th scope="col">Last pushed</th>
            <th scope="col">Pull</th>
          </tr>
        </thead>
        <tbody>
          {tags.map((t) => (
            <tr key={t.name}>
              {canDelete && (
                <td>
                  <input
                    type="checkbox"
                    form="select-tags"
                    name="delete"
                    value={t.name}
                    aria-label={`Select tag ${t.name}`}
                    checked={selected.has(t.name)}
                    onChange={() => toggle(t.name)}
                  />
                </td>
              )}
              <td className="font-medium">{t.name}</td>
              <td>
                <span className="flex items-center gap-2">
                  <code className="text-xs" title={t.digest}>
                    {t.shortDigest}
                  </code>
                  <CopyButton text={t.digest} compact name={`Copy the digest of ${t.name}`} />
                </span>
              </td>
              <td className="whitespace-nowrap">{t.size}</td>
              <td>{t.platforms}</td>
              <td>
                {t.pushed}
                {t.pushedBy && <span className="block text-xs text-slate-600">by {t.pushedBy}</span>}
              </td>
              <td className="space-y-1">
                <span className="flex items-center gap-2">
                  <code className="text-xs">{t.pullByTag}</code>
                  <CopyButton text={t.pullByTag} compact name={`Copy the pull command of ${t.name}`} />
                </span>
                <span className="flex items-center gap-2">
                  <code className="text-xs">{t.pullByDigest.replace(/@sha256:(.{12}).*/, '@sha256:$1…')}</code>
                  <CopyButton text={t.pullByDigest} compact name={`Copy the pull command of ${t.name} by digest`} />
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      <Modal open={confirming && checked.length > 0} title="Delete tags" onClose={cancel}>
        <form action={action} className="space-y-4">
          <input type="hidden" name="namespace" value={namespace} />
          <input type="hidden" name="name" value={name} />
          {checked.map((t) => (
            <input key={t} type="hidden" name="tag" value={t} />
          ))}
          <p className="text-sm text-slate-700">
            {checked.length === 1 ? `The tag ${checked[0]} is deleted` : `These ${checked.length} tags are deleted`} from the registry; pulls of{' '}
            {checked.length === 1 ? 'it' : 'them'} stop working. Other tags of the same image stay. This cannot be undone.
          </p>
          <FormMessage state={state} />
          <ConfirmWordField id="confirm-delete-tags" word="delete" value={typed} onChange={setTyped} invalid={!!state.fieldErrors?.confirm} />
          <div className="flex justify-end gap-2">
            <CancelLink href={tab} onCancel={cancel} />
            <SubmitButton className="btn-danger" disabled={hydrated && typed !== 'delete'} pendingText="Deleting…">
              Delete {checked.length === 1 ? 'tag' : `${checked.length} tags`}
            </SubmitButton>
          </div>
        </form>
      </Modal>
    </div>
  );
}
