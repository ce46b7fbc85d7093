'use client';

import { FormMessage } from '@/app/components/form-message';
import { SubmitButton } from '@/app/components/submit-button';
import type { RotateTokenState } from './rotate-actions';

/** Rotate in View details: the grace period to choose, then the new secret (shown by TokenDetails). */
export function RotateForm({ hashedToken, state, action }: { hashedToken: string; state: RotateTokenState; action: (formData: FormData) => void }) {
  return (
    <form action={action} className="space-y-2 border-t border-slate-200 pt-4" aria-label="Rotate">
      <FormMessage state={state} />
      <input type="hidden" name="hashedToken" value={hashedToken} />
      <div className="flex items-end gap-3">
        <div className="grow">
          <label htmlFor="rotate-grace" className="label">
            Grace period
          </label>
          <select id="rotate-grace" name="gracePeriodHours" className="input" defaultValue={state.values?.gracePeriodHours ?? '24'} aria-describedby="rotate-grace-hint">
            <option value="0">None</option>
            <option value="1">1 hour</option>
            <option value="24">24 hours</option>
            <option value="168">7 days</option>
          </select>
        </div>
        <SubmitButton className="btn-secondary" pendingText="Rotating…">
          Rotate
        </SubmitButton>
      </div>
      <p id="rotate-grace-hint" className="text-xs text-slate-600">
        Rotate gives the token a new secret. The old secret keeps working until the grace period ends, so the jobs that use it can move over; rotating again ends an earlier grace period at once.
      </p>
    </form>
  );
}
