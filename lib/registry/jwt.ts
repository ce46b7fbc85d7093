import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, jwtVerify, SignJWT } from 'jose';
import type { SessionClaims } from '@/lib/auth/principal';
import type { ResourceAccess } from '@/lib/registry/scopes';
import { storedSecret } from '@/lib/auth/secrets';

export const TOKEN_TTL_SECONDS = 300;
const ISSUER = 'berth';
const ALG = 'ES256';

type SigningKey = { privateKey: KeyObject; publicKey: KeyObject; kid: string };

let signingKey: Promise<SigningKey> | undefined;

/** The ES256 key, generated on first use and kept in the database so every instance signs alike. */
function getSigningKey(): Promise<SigningKey> {
  signingKey ??= (async () => {
    const pem = await storedSecret('registry_signing_key', () =>
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
    const privateKey = createPrivateKey(pem);
    const publicKey = createPublicKey(privateKey);
    const kid = await calculateJwkThumbprint(await exportJWK(publicKey));
    return { privateKey, publicKey, kid };
  })().catch((error) => {
    signingKey = undefined;
    throw error;
  });
  return signingKey;
}

/** What a registry JWT carries: who, which credential (re-checked at every request), and what it may do. */
export type RegistryClaims = {
  sub: string;
  access: ResourceAccess[];
  /** The credential behind the token; absent for an anonymous token. */
  credential?: SessionClaims;
};

export async function signRegistryToken(claims: RegistryClaims, audience: string, now = new Date()) {
  const { privateKey, kid } = await getSigningKey();
  const iat = Math.floor(now.getTime() / 1000);
  const payload: Record<string, unknown> = { access: claims.access };
  if (claims.credential) {
    const { uid, cred, cv, at, gen } = claims.credential;
    Object.assign(payload, { uid, cred, cv, at }, gen === undefined ? {} : { gen });
  }
  const token = await new SignJWT(payload)
    .setProtectedHeader({ alg: ALG, typ: 'JWT', kid })
    .setIssuer(ISSUER)
    .setSubject(claims.sub)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + TOKEN_TTL_SECONDS)
    .setJti(randomUUID())
    .sign(privateKey);
  return { token, expiresIn: TOKEN_TTL_SECONDS, issuedAt: new Date(iat * 1000).toISOString() };
}

function isAccessList(value: unknown): value is ResourceAccess[] {
  return (
    Array.isArray(value) &&
    value.every(
      (a) =>
        a &&
        typeof a.type === 'string' &&
        typeof a.name === 'string' &&
        Array.isArray(a.actions) &&
        a.actions.every((x: unknown) => typeof x === 'string'),
    )
  );
}

/** Verifies signature, issuer, audience and lifetime; null for any token that is not one of ours now. */
export async function verifyRegistryToken(jwt: string, audience: string): Promise<RegistryClaims | null> {
  const { publicKey } = await getSigningKey();
  try {
    const { payload } = await jwtVerify(jwt, publicKey, { issuer: ISSUER, audience, algorithms: [ALG], clockTolerance: 5 });
    if (!isAccessList(payload.access) || typeof payload.sub !== 'string') return null;
    const { uid, cred, cv, at, gen } = payload;
    const credential =
      typeof uid === 'string' && typeof cred === 'string' && typeof cv === 'number'
        ? { uid, cred, cv, at: typeof at === 'number' ? at : 0, gen: typeof gen === 'number' ? gen : undefined }
        : undefined;
    return { sub: payload.sub, access: payload.access, credential };
  } catch {
    return null;
  }
}
