import { z } from 'zod';
import { isDatabaseUnavailable, knownFault } from '@/lib/errors';
import { log } from '@/lib/log';
import { accountNameSchema } from '@/lib/validation';

/** What every form action returns: a message, errors per field, and the input to show again. */
export type FormState = {
  ok?: boolean;
  message?: string;
  error?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  values?: Record<string, string>;
};

/** Secrets are never echoed back into a form. */
const SECRET_FIELDS = new Set(['password', 'currentPassword', 'newPassword', 'confirmPassword', 'secret']);

/** Text holding what may be an access token, whatever field it was typed into. */
const TOKEN_LIKE = /brt_[0-9A-Za-z]{8,}/;

/**
 * The input to show again: never a secret field, never anything holding a token, and a username only
 * when it is an account name (anything else may be a password typed into the wrong field).
 */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value !== 'string' || key.startsWith('$') || SECRET_FIELDS.has(key) || TOKEN_LIKE.test(value)) continue;
    if (key === 'username' && !accountNameSchema.safeParse(value).success) continue;
    values[key] = value;
  }
  return values;
}

/**
 * Runs `safeParse` on the form, then `fn`; field errors, ApiErrors and the data layer's known faults
 * come back as form state with the user's input kept. An exported server action is a public
 * endpoint: `fn` checks who is asking.
 */
export function validatedAction<S extends z.ZodType, R extends FormState = FormState>(
  schema: S,
  fn: (data: z.infer<S>, formData: FormData) => Promise<R>,
) {
  // R only adds optional fields to FormState, so an error state is a valid R.
  return async (_prev: R, formData: FormData): Promise<R> => {
    const values = formValues(formData);
    const parsed = schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      return { fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>, values } as R;
    }
    try {
      return await fn(parsed.data, formData);
    } catch (error) {
      // The database away, a write that lost a race: the form says so, as the API does, never a 500 page.
      const known = knownFault(error);
      if (!known) throw error;
      if (isDatabaseUnavailable(error)) log.warn({ err: error }, 'database unreachable in a form action');
      return { error: known.message, values } as R;
    }
  };
}
