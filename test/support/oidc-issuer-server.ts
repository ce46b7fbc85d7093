// A real OIDC issuer on loopback for the trusted-publishing tests (vitest and e2e): a discovery document and a JWKS
// over HTTP, keys generated per run with jose, ID tokens shaped like GitHub Actions'.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

type Key = { kid: string; privateKey: CryptoKey; jwk: JWK };

async function newKey(kid: string): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

export type TestIssuer = {
  url: string;
  /** Signs claims (GitHub-Actions-shaped defaults) with the current key, or with `key`. */
  sign(claims?: JWTPayload, opts?: { key?: Key; header?: Record<string, unknown> }): Promise<string>;
  /** A key this issuer does not publish. */
  unpublishedKey(kid?: string): Promise<Key>;
  requests: string[];
};

export const now = () => Math.floor(Date.now() / 1000);

/** Starts an issuer on a free loopback port (the vitest files use useTestIssuer in oidc-issuer.ts; e2e specs this). */
export async function startTestIssuer(): Promise<TestIssuer & { close(): Promise<void> }> {
  const key = await newKey('key-1');
  const issuer: TestIssuer & { close(): Promise<void> } = {
    url: '',
    requests: [],
    async sign(claims = {}, opts = {}) {
      const signing = opts.key ?? key;
      const t = now();
      const payload: JWTPayload = {
        iss: issuer.url,
        aud: 'berth',
        sub: 'repo:acme/app:ref:refs/heads/main',
        repository: 'acme/app',
        repository_owner: 'acme',
        ref: 'refs/heads/main',
        workflow: 'release',
        event_name: 'push',
        iat: t,
        nbf: t,
        exp: t + 300,
        ...claims,
      };
      return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: signing.kid, typ: 'JWT', ...opts.header }).sign(signing.privateKey);
    },
    unpublishedKey: (kid = 'unpublished') => newKey(kid),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    issuer.requests.push(req.url ?? '');
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') return res.end(JSON.stringify({ issuer: issuer.url, jwks_uri: `${issuer.url}/.well-known/jwks`, id_token_signing_alg_values_supported: ['RS256'] }));
    if (req.url === '/.well-known/jwks') return res.end(JSON.stringify({ keys: [key.jwk] }));
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return issuer;
}
