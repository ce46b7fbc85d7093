// The loopback OIDC issuer of oidc-issuer-server.ts, started and stopped around a vitest file.
import { afterAll, beforeAll } from 'vitest';
import { startTestIssuer, type TestIssuer } from './oidc-issuer-server';

export { now } from './oidc-issuer-server';

/** Starts an issuer for the file's tests; its fields are filled in before the first test. */
export function useTestIssuer(): TestIssuer {
  let started: Awaited<ReturnType<typeof startTestIssuer>> | undefined;
  const issuer: TestIssuer = {
    url: '',
    requests: [],
    sign: (claims, opts) => started!.sign(claims, opts),
    unpublishedKey: (kid) => started!.unpublishedKey(kid),
  };
  beforeAll(async () => {
    started = await startTestIssuer();
    issuer.url = started.url;
    issuer.requests = started.requests;
  });
  afterAll(() => started?.close());
  return issuer;
}
