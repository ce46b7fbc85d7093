'use client';

import { useActionState, useState } from 'react';
import { FormMessage } from '@/app/components/form-message';
import { Modal } from '@/app/components/modal';
import { SubmitButton } from '@/app/components/submit-button';
import type { FormState } from '@/lib/api/form-action';
import { deleteTags } from './actions';
import { CopyButton } from './copy-button';

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

type Props = { namespace: string; name: string; tags: TagRow[]; canDelete: boolean };

export function TagTable({ namespace, name, tags, canDelete }: Props) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const [state, action] = useActionState(async (prev: FormState, formData: FormData) => {
    const result = await deleteTags(prev, formData);
    if (result.ok) {
      setSelected(new Set());
      setConfirming(false);
      setTyped('');
    }
    return result;
  }, {});
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
        <div>
          <button type="button" className="btn-secondary" disabled={checked.length === 0} onClick={() => setConfirming(true)}>
            Delete
          </button>
        </div>
      )}
      <table className="data-table rounded-lg bg-white">
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
                  <input type="checkbox" aria-label={`Select tag ${t.name}`} checked={selected.has(t.name)} onChange={() => toggle(t.name)} />
                </td>
              )}
              <td className="font-medium">{t.name}</td>
              <td>
                <span className="flex items-center gap-2">
                  <code className="text-xs" title={t.digest}>
                    {t.shortDigest}
                  </code>
                  <CopyButton text={t.digest} label={`Copy the digest of ${t.name}`} />
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
                  <CopyButton text={t.pullByTag} label={`Copy the pull command of ${t.name}`} />
                </span>
                <span className="flex items-center gap-2">
                  <code className="text-xs">{t.pullByDigest.replace(/@sha256:(.{12}).*/, '@sha256:$1…')}</code>
                  <CopyButton text={t.pullByDigest} label={`Copy the pull command of ${t.name} by digest`} />
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Modal open={confirming} title="Delete tags" onClose={() => setConfirming(false)}>
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
          <div>
            <label htmlFor="confirm-delete-tags" className="label">
              Type delete to confirm
            </label>
            <input id="confirm-delete-tags" name="confirm" className="input" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />
          </div>
          <div className="flex justify-end gap-2">
            <button type="button" className="btn-secondary" onClick={() => setConfirming(false)}>
              Cancel
            </button>
            <SubmitButton className="btn-danger" disabled={typed !== 'delete'} pendingText="Deleting…">
              OK
            </SubmitButton>
          </div>
        </form>
      </Modal>
    </div>
  );
}
