// Calling server actions as Next does: with a FormData, in a request whose session cookie and
// headers are `request` of ./next-request (see there for the mocks a test file declares).
import { beforeEach, expect } from 'vitest';
import type { FormState } from '@/lib/api/form-action';
import { useWorld, type World } from './bad-input';
import { request } from './next-request';
import { sessionCookieValue, signIn, type TestUser } from './users';

export type Action = (prev: never, formData: FormData) => Promise<FormState>;
export type Fields = Record<string, string | string[] | Blob | undefined>;
/** What an action did: the form state it answered, or where it redirected. */
export type Outcome = { state?: FormState; redirect?: string };

function formData(fields: Fields): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
  }
  return form;
}

/** Runs an action; a redirect is an answer, anything else thrown is the 500 the bad-input suite is about. */
export async function run(action: Action, fields: Fields): Promise<Outcome> {
  try {
    return { state: await action(undefined as never, formData(fields)) };
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === 'string' && digest.startsWith('NEXT_REDIRECT;')) return { redirect: digest.split(';').slice(2, -2).join(';') };
    throw error;
  }
}

/** Refused: form state that names the field (or says what went wrong), nothing thrown, no redirect. */
export async function expectRefusal(action: Action, fields: Fields, field?: string) {
  const outcome = await run(action, fields);
  expect(outcome.redirect, JSON.stringify(fields).slice(0, 200)).toBeUndefined();
  const state = outcome.state ?? {};
  expect(state.ok, JSON.stringify(state)).toBeFalsy();
  if (field) expect(state.fieldErrors?.[field], `${field} in ${JSON.stringify(state).slice(0, 300)}`).toBeDefined();
  else expect(state.error ?? state.fieldErrors).toBeDefined();
  return state;
}

/** Starts a password session of `user` in the request. */
export async function sessionOf(user: Pick<TestUser, 'name' | 'password'>) {
  request.session = await sessionCookieValue(await signIn(user));
}

/** The file's world (see useWorld); each test starts in a new browser request with its system admin's session. */
export function useWorldSignedIn(): World {
  const world = useWorld();
  beforeEach(async () => {
    request.headers = new Headers({ 'user-agent': 'vitest' });
    await sessionOf(world.admin);
  });
  return world;
}
