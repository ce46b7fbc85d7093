// Stand-ins for next/headers and next/cache, which work only inside a Next request, for tests that
// call server actions:
//   vi.mock('next/headers', () => import('../support/next-request'));
//   vi.mock('next/cache', () => import('../support/next-request'));
// `request` is the request an action runs in: its session cookie and its headers.
export const request = { session: undefined as string | undefined, headers: new Headers() };

export const cookies = async () => ({
  get: (name: string) => (request.session && name === 'next-auth.session-token' ? { name, value: request.session } : undefined),
  getAll: () => [],
  set: (_name: string, value: string) => {
    request.session = value;
  },
  delete: () => {
    request.session = undefined;
  },
});

export const headers = async () => request.headers;

// Outside a request there is no cache to revalidate.
export const revalidatePath = () => {};
export const revalidateTag = () => {};
