// The exchange of keyless CI (SPEC 12, decision 047): an OIDC ID token, verified against its issuer's
// discovery document and keys (signature, iss, aud, exp, nbf, iat, and a trust's claim conditions),
// for a `brt_` token of the trust's account, valid 15 minutes, confined to its repositories and scope.
import { decodeJwt, errors, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import { db } from '@/db';
import { mintToken } from '@/lib/access-tokens/minted';
import type { TokenScope } from '@/lib/access-tokens/format';
import { audit } from '@/lib/audit/record';
import { claimMatches, ExchangeRefusal, issuerKeys } from '@/lib/oidc/issuer';
import { trustsOfIssuer } from '@/lib/oidc/queries';
import type { RequestInfo } from '@/lib/request';

export const MINTED_TOKEN_MS = 15 * 60_000;
const CLOCK_TOLERANCE_S = 30;
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];

export const exchangeSchema = z.object({ token: z.string().min(1).max(16 * 1024) }).strict();

const short = (value: unknown) => (typeof value === 'string' ? value.slice(0, 256) : undefined);

function verificationFailure(error: unknown): ExchangeRefusal {
  if (error instanceof ExchangeRefusal) return error;
  if (error instanceof errors.JWTExpired) return new ExchangeRefusal('The ID token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) return new ExchangeRefusal(`The ID token's ${error.claim} claim is not valid (${error.reason})`);
  if (error instanceof errors.JWKSNoMatchingKey) return new ExchangeRefusal('The ID token is signed with a key the issuer does not publish');
  if (error instanceof errors.JWSSignatureVerificationFailed) return new ExchangeRefusal("The ID token's signature does not verify");
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC') return new ExchangeRefusal("The issuer's keys could not be fetched", 'temporarily_unavailable');
  if (error instanceof errors.JOSEError) return new ExchangeRefusal(`The ID token does not verify (${error.code})`);
  if (error instanceof TypeError) return new ExchangeRefusal("The issuer's keys could not be fetched", 'temporarily_unavailable');
  throw error;
}

/** The first trust the verified claims meet, or the reason none does. */
function matchTrust<T extends { trust: { audience: string; conditions: Record<string, string> } }>(trusts: T[], claims: JWTPayload): T | string {
  const audiences = Array.isArray(claims.aud) ? claims.aud : claims.aud ? [claims.aud] : [];
  let reason = 'The ID token\'s audience matches no trust of this issuer';
  for (const candidate of trusts) {
    if (!audiences.includes(candidate.trust.audience)) continue;
    const failed = Object.entries(candidate.trust.conditions).find(([claim, condition]) => !claimMatches(condition, claims[claim]));
    if (!failed) return candidate;
    reason = `The ID token's ${failed[0]} claim does not meet the trust's condition`;
  }
  return reason;
}

export async function exchangeIdToken(idToken: string, request: RequestInfo) {
  let issuer: string | undefined;
  let subject: string | undefined;
  try {
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(idToken);
    } catch {
      throw new ExchangeRefusal('The token is not a JWT', 'invalid_request');
    }
    issuer = short(unverified.iss)?.replace(/\/+$/, '');
    subject = short(unverified.sub);
    const trusts = issuer ? await trustsOfIssuer(issuer) : [];
    if (!issuer || !trusts.length) throw new ExchangeRefusal('No trust is registered for the ID token\'s issuer');
    const keys = await issuerKeys(issuer);
    const { payload } = await jwtVerify(idToken, keys, { issuer: unverified.iss as string, algorithms: ALGORITHMS, clockTolerance: CLOCK_TOLERANCE_S, requiredClaims: ['exp', 'aud'] }).catch((e) => {
      throw verificationFailure(e);
    });
    if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + CLOCK_TOLERANCE_S) throw new ExchangeRefusal('The ID token was issued in the future');
    const match = matchTrust(trusts, payload);
    if (typeof match === 'string') throw new ExchangeRefusal(match);
    if (!match.accountActive) throw new ExchangeRefusal(`The trust's account ${match.username} is not active`);
    const { trust, username } = match;
    const expiresAt = new Date(Date.now() + MINTED_TOKEN_MS);
    const token = await db.transaction(async (tx) => {
      const minted = await mintToken(
        { ownerId: trust.accountId, scope: trust.scope as TokenScope, repositories: trust.repositories, tokenLabel: `OIDC: ${issuer} ${subject ?? ''}`.trim(), generatedBy: trust.createdBy, userAgent: request.userAgent, expiresAt },
        tx,
      );
      await audit(tx, { name: username, credential: 'oidc', request }, {
        action: 'oidc.exchanged',
        targetType: 'token',
        target: minted.row.hint,
        details: { issuer, subject, trustId: trust.id, tokenId: minted.row.id, repositories: trust.repositories, scope: trust.scope, expiresAt: expiresAt.toISOString() },
      });
      return minted.token;
    });
    return { token, username, expiresAt: expiresAt.toISOString() };
  } catch (error) {
    if (!(error instanceof ExchangeRefusal)) throw error;
    await audit(db, { name: null, credential: 'oidc', request }, { action: 'oidc.refused', targetType: 'trust', target: issuer ?? '', details: { issuer, subject, reason: error.message } });
    throw error;
  }
}
